"""Act on a check report: remove (or mark) items with errors, list them with the reason, rebuild a failed headline
or summary from the verified key points. Nothing with an error reaches the reader unmarked."""

from __future__ import annotations

import re
from typing import Any

from summarizer.schemas import Article, Brief, CheckReport, ClaimList, Finding, RemovedItem, Rewrite

Output = Brief | ClaimList | Rewrite
_ITEM_PATH = re.compile(r"^(claims|key_points|paragraphs)\[(\d+)\]")
HEADLINE_WORDS = 18


def _reasons(report: CheckReport) -> dict[str, list[Finding]]:
    """Error findings by the item they concern: ``claims[3]``, ``headline``, ``summary``."""
    out: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.severity != "error" or f.kind == "internal":  # nothing to remove or re-ask: the checks failed
            continue
        m = _ITEM_PATH.match(f.path)
        key = m.group(0) if m else f.path.split(".")[0].split("[")[0]
        if key in ("key_points", "paragraphs", "claims"):
            continue  # "brief has no key points": nothing to remove
        out.setdefault(key, []).append(f)
    return out


def _reason(findings: list[Finding]) -> str:
    return "; ".join(dict.fromkeys(f"{f.kind}: {f.message}" for f in findings))


def _item_text(item: Any) -> str:
    return str(getattr(item, "text", item))


def apply_findings(
    output: Output, report: CheckReport, *, keep_unverified: bool, max_words: int | None = None
) -> Output:
    """Remove (or mark) every item with an error finding, list it in ``report.removed``; rebuild headline/summary."""
    reasons = _reasons(report)
    updates: dict[str, Any] = {}
    removed: list[RemovedItem] = []
    kept_marked = 0
    moved: dict[str, str] = {}  # "claims[4]" -> "claims[3]" once claims[2] is gone; removed ones -> "removed/..."
    for name in ("key_points", "claims", "paragraphs"):
        items = getattr(output, name, None)
        if not items:
            continue
        kept: list[Any] = []
        for i, item in enumerate(items):
            why = reasons.get(f"{name}[{i}]")
            if not why:
                moved[f"{name}[{i}]"] = f"{name}[{len(kept)}]"
                kept.append(item)
                continue
            moved[f"{name}[{i}]"] = f"{name}[{len(kept)}]" if keep_unverified else f"removed/{name}[{i}]"
            kinds = sorted({f.kind for f in why})
            entry = RemovedItem(path=f"{name}[{i}]", text=_item_text(item), kinds=kinds, reason=_reason(why))
            if keep_unverified:
                kept.append(item.model_copy(update={"verified": False}))
                kept_marked += 1
                entry = entry.model_copy(update={"action": "kept_unverified"})
            removed.append(entry)
        updates[name] = kept
    verified_points = [kp.text for kp in updates.get("key_points", getattr(output, "key_points", [])) if kp.verified]
    for part in ("headline", "summary"):
        why = reasons.get(part)
        if not why or not hasattr(output, part):
            continue
        original = str(getattr(output, part))
        rebuilt = _rebuild(part, output, verified_points, max_words)
        removed.append(
            RemovedItem(
                path=part, text=original, kinds=sorted({f.kind for f in why}), reason=_reason(why), action="rebuilt"
            )
        )
        updates[part] = rebuilt
    findings = [f.model_copy(update={"path": _moved(f.path, moved)}) for f in report.findings]
    report = report.model_copy(update={"removed": removed, "ok": not removed and report.ok, "findings": findings})
    updates["checks"] = report
    return output.model_copy(update=updates)


def _moved(path: str, moved: dict[str, str]) -> str:
    """A finding's path in the output as printed: later items move up when an earlier one is removed."""
    m = _ITEM_PATH.match(path)
    return moved.get(m.group(0), m.group(0)) + path[m.end() :] if m else path


def _rebuild(part: str, output: Output, points: list[str], max_words: int | None) -> str:
    """A headline or summary made only of verified text: the key points (a rewrite: its first paragraph)."""
    if not points and isinstance(output, Rewrite):
        points = [_first_sentence(p.text) for p in output.paragraphs if p.verified][:3]
    if not points:
        return ""
    if part == "headline":
        short = [p for p in points if len(p.split()) <= HEADLINE_WORDS]
        return (short or points)[0].rstrip(".")
    limit = max_words or 120
    out: list[str] = []
    for p in points:
        if out and len(" ".join([*out, p]).split()) > limit:
            break
        out.append(p)
    return " ".join(out)


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return m.group(1) if m else text


ITEM_CHARS = 200
SENTENCE_CHARS = 240


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def reask_lines(report: CheckReport, output: Output, article: Article, *, only: tuple[str, ...] = ()) -> list[str]:
    """One block per item with errors, for the re-ask: the item, the sentences it cites, what does not match."""
    blocks: list[str] = []
    for key, findings in _reasons(report).items():
        if only and not key.startswith(only):
            continue
        m = _ITEM_PATH.match(key)
        item: Any = getattr(output, key, "") if not m else (getattr(output, m.group(1), None) or [])[int(m.group(2))]
        lines = [f'- {key}: "{_clip(_item_text(item), ITEM_CHARS)}"']
        cited = list(
            getattr(item, "sentence_ids", None) or dict.fromkeys(sid for f in findings for sid in f.sentence_ids)
        )
        for sid in cited[:3]:
            s = article.sentence(sid)
            if s is not None:
                lines.append(f'  sentence {sid}: "{_clip(s.text, SENTENCE_CHARS)}"')
        for f in findings:
            lines.append(f"  problem: {f.message}")
        blocks.append("\n".join(lines))
    return blocks


def bad_items(report: CheckReport, *, only: tuple[str, ...] = ()) -> int:
    """How many items (a claim, a key point, the headline) have at least one error (under ``only`` paths)."""
    return sum(1 for key in _reasons(report) if not only or key.startswith(only))
