"""JSON / Markdown / plain-text / HTML renderings of the outputs and of check reports. Pure: returns strings."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence

from summarizer.errors import ConfigError
from summarizer.schemas import Article, Brief, CheckReport, Claim, ClaimList, Finding, Rewrite, RunInfo, SourceInfo

Output = Brief | ClaimList | Rewrite
FORMATS: tuple[str, ...] = ("json", "md", "text", "html")
CHECK_FORMATS: tuple[str, ...] = ("json", "text", "html")
WIDTH = 88
UNVERIFIED_MD = "**[unverified]**"
UNVERIFIED_TEXT = "[UNVERIFIED]"


def _bad_format(fmt: str, choices: Sequence[str]) -> ConfigError:
    return ConfigError(f"unknown --format {fmt!r}; choose one of: {', '.join(choices)}")


def render(output: Output, fmt: str, *, article: Article | None = None) -> str:
    """Render a Brief, ClaimList or Rewrite as json, md, text or html."""
    if fmt == "json":
        return output.model_dump_json(indent=2)
    if fmt == "md":
        return _md(output)
    if fmt == "text":
        return _text(output)
    if fmt == "html":
        from summarizer.render_html import html_page

        return html_page(output, output.checks, article, is_check=False)
    raise _bad_format(fmt, FORMATS)


def render_check(report: CheckReport, fmt: str, *, output: Output | None = None, article: Article | None = None) -> str:
    """Render a CheckReport as json, text or html (html shows the output and article beside it when given)."""
    if fmt == "json":
        return report.model_dump_json(indent=2)
    if fmt == "text":
        return "\n".join(_text_checks(report, title="CHECK REPORT")) + "\n"
    if fmt == "html":
        from summarizer.render_html import html_page

        return html_page(output, report, article, is_check=True)
    raise _bad_format(fmt, CHECK_FORMATS)


# --------------------------------------------------------------------------- shared bits


def _refs(ids: Iterable[int]) -> str:
    return ", ".join(f"s{i}" for i in ids)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def run_line(run: RunInfo) -> str:
    parts = [f"backend {run.backend}"]
    if run.model:
        parts.append(f"model {run.model}")
    parts.append(_plural(run.calls, "call"))
    if run.retries:
        parts.append(_plural(run.retries, "retry").replace("retrys", "retries"))
    parts.append(f"{run.prompt_tokens:,} prompt + {run.completion_tokens:,} completion tokens")
    parts.append(f"{run.duration_s:.1f} s")
    if run.path == "map-reduce":
        parts.append(f"map-reduce over {_plural(run.chunks, 'chunk')}")
    if run.fallback:
        parts.append(f"fallback {run.fallback}")
    return " · ".join(parts)


def source_line(src: SourceInfo) -> str:
    parts = [p for p in (src.title, src.path or src.url) if p]
    parts += [f"{src.chars:,} chars", _plural(src.sentences, "sentence")]
    if src.tokens:
        parts.append(f"{src.tokens:,} tokens")
    if src.repaired:
        parts.append("encoding repaired")
    return " · ".join(parts)


def checks_line(report: CheckReport) -> str:
    errors = sum(f.severity == "error" for f in report.findings)
    warnings = len(report.findings) - errors
    status = (
        "all checks passed" if not report.findings else f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    )
    s = report.sensationalism
    parts = [status, f"sensationalism {s.article:.1f} → {s.output:.1f} loaded terms per 100 words"]
    parts += removed_summary(report)
    return " · ".join(parts)


_ACTION_WORDS = {"removed": "removed", "kept_unverified": "kept unverified", "rebuilt": "rebuilt"}


def removed_summary(report: CheckReport) -> list[str]:
    """``["2 items removed", "headline rebuilt"]``: what the checks took out or rebuilt."""
    out = []
    for action in ("removed", "kept_unverified"):
        n = sum(1 for r in report.removed if r.action == action)
        if n:
            out.append(f"{_plural(n, 'item')} {_ACTION_WORDS[action]}")
    out += [f"{r.path} rebuilt from verified key points" for r in report.removed if r.action == "rebuilt"]
    return out


def removed_lines(report: CheckReport) -> list[tuple[str, str, str, str]]:
    """(path, what happened, the item's text, why) for every item the checks removed, marked or rebuilt."""
    return [(r.path, _ACTION_WORDS[r.action], r.text, r.reason) for r in report.removed]


def _finding_line(f: Finding) -> str:
    where = f" ({_refs(f.sentence_ids)})" if f.sentence_ids else ""
    return f"{f.severity} {f.kind} at {f.path}{where}: {f.message}"


def shaky_parts(report: CheckReport | None) -> set[str]:
    """Headline/summary with error findings: they have no ``verified`` flag, and cannot be removed, so mark them."""
    roots = {path_anchor(f.path) for f in (report.findings if report else []) if f.severity == "error"}
    roots |= {path_anchor(f.path) for f in (report.findings if report else []) if f.kind == "unverified_kept"}
    rebuilt = {r.path for r in (report.removed if report else []) if r.action == "rebuilt"}
    return (roots & {"headline", "summary"}) - rebuilt


def path_anchor(path: str) -> str:
    """``claims[3].evidence[0].quote`` -> ``claims-3``; ``summary`` -> ``summary``."""
    m = re.match(r"([A-Za-z_]+)(?:\[(\d+)\])?", path)
    if not m:
        return ""
    return f"{m.group(1)}-{m.group(2)}" if m.group(2) is not None else m.group(1)


def _title(output: Output) -> str:
    if isinstance(output, ClaimList):
        return f"Claims: {output.source.title}" if output.source.title else "Claims"
    return output.headline


# --------------------------------------------------------------------------- markdown


def _md_esc(text: str) -> str:
    # Only what could turn article text into live markup: raw HTML tags and a stray backslash.
    return text.replace("\\", "\\\\").replace("<", "\\<")


def _md(output: Output) -> str:
    shaky = shaky_parts(output.checks)
    mark = f"{UNVERIFIED_MD} " if "headline" in shaky else ""
    out = [f"# {mark}{_md_esc(_title(output))}", ""]
    if isinstance(output, Brief):
        mark = f"{UNVERIFIED_MD} " if "summary" in shaky else ""
        out += [mark + _md_esc(output.summary), "", "## Key points", ""]
        for kp in output.key_points:
            mark = f"{UNVERIFIED_MD} " if not kp.verified else ""
            out.append(f"- {mark}{_md_esc(kp.text)} [{_refs(kp.sentence_ids)}]")
        out.append("")
    if isinstance(output, Rewrite):
        for p in output.paragraphs:
            mark = f"{UNVERIFIED_MD} " if not p.verified else ""
            out += [f"{mark}{_md_esc(p.text)}", ""]
    else:
        out += ["## Claims", ""] + [line for c in output.claims for line in _md_claim(c)]
        if not output.claims:
            out += ["No claims.", ""]
    if output.checks is not None:
        out += ["## Checks", "", checks_line(output.checks), ""]
        out += [
            f"- **{f.severity}** `{f.kind}` at `{f.path}`"
            + (f" ({_refs(f.sentence_ids)})" if f.sentence_ids else "")
            + f": {_md_esc(f.message)}"
            for f in output.checks.findings
        ]
        out.append("")
        if output.checks.removed:
            out += ["## Removed by the checks", ""]
            out += [
                f"- `{path}` {action}: {_md_esc(text)}  \n  *why:* {_md_esc(why)}"
                for path, action, text, why in removed_lines(output.checks)
            ]
            out.append("")
    out += ["---", "", f"*Source:* {_md_esc(source_line(output.source))}  ", f"*Run:* {run_line(output.run)}", ""]
    return "\n".join(out)


def _md_claim(c: Claim) -> list[str]:
    mark = f"{UNVERIFIED_MD} " if not c.verified else ""
    speaker = _md_esc(c.speaker) if c.speaker else "the article itself"
    lines = [
        f"- {mark}**{_md_esc(c.id)}** {_md_esc(c.text)}",
        f"  - speaker: **{speaker}** · type: {c.type} · hedged: {'yes' if c.hedged else 'no'}"
        f" · sentences: {_refs(c.sentence_ids) or 'none'}",
    ]
    lines += [f"  > s{e.sentence_id}: {_md_esc(e.quote)}" for e in c.evidence]
    return [*lines, ""]


# --------------------------------------------------------------------------- plain text


def _wrap(text: str, first: str = "", rest: str | None = None) -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()),
        WIDTH,
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _text(output: Output) -> str:
    shaky = shaky_parts(output.checks)
    title = (f"{UNVERIFIED_TEXT} " if "headline" in shaky else "") + _title(output)
    out = _wrap(title) + ["=" * min(WIDTH, max(len(line) for line in _wrap(title))), ""]
    if isinstance(output, Brief):
        out += _wrap((f"{UNVERIFIED_TEXT} " if "summary" in shaky else "") + output.summary) + ["", "KEY POINTS"]
        for kp in output.key_points:
            mark = f"{UNVERIFIED_TEXT} " if not kp.verified else ""
            out += _wrap(f"{mark}{kp.text} [{_refs(kp.sentence_ids)}]", "  - ", "    ")
        out.append("")
    if isinstance(output, Rewrite):
        for p in output.paragraphs:
            out += [*_wrap(f"{UNVERIFIED_TEXT} {p.text}" if not p.verified else p.text), ""]
    else:
        out.append("CLAIMS")
        for c in output.claims:
            mark = f"{UNVERIFIED_TEXT} " if not c.verified else ""
            out += _wrap(f"{mark}{c.text}", f"  {c.id}. ", " " * (len(c.id) + 4))
            meta = (
                f"speaker: {c.speaker or 'the article itself'} · type: {c.type} · hedged: {'yes' if c.hedged else 'no'}"
            )
            out += _wrap(meta, "      ")
            for e in c.evidence:
                out += _wrap(f"s{e.sentence_id}: {e.quote}", "      > ", "        ")
        out += ["  (no claims)"] if not output.claims else []
        out.append("")
    if output.checks is not None:
        out += [*_text_checks(output.checks, title="CHECKS"), ""]
    out += ["-" * 40, *_wrap("source: " + source_line(output.source)), *_wrap("run: " + run_line(output.run))]
    return "\n".join(out) + "\n"


def _text_checks(report: CheckReport, *, title: str) -> list[str]:
    out = [title]
    if report.article_id:
        out.append(f"  article {report.article_id[:16]}")
    out += _wrap(checks_line(report), "  ")
    if report.counts:
        out += _wrap(", ".join(f"{k}: {n}" for k, n in sorted(report.counts.items())), "  counts: ", "    ")
    for f in report.findings:
        out += _wrap(_finding_line(f), "  - ", "    ")
    if report.removed:
        out.append("  removed by the checks:")
        for path, action, text, why in removed_lines(report):
            out += _wrap(f"{path} {action}: {text} (why: {why})", "  - ", "    ")
    return out
