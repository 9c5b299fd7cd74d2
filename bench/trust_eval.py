"""Evaluate the trust checks on fixtures/trust: recall on planted errors, false alarms on clean outputs, speed.

Run: ``.venv/bin/python bench/trust_eval.py`` (``-v`` lists every miss and false alarm).

Each article NAME has NAME.article.json, a clean NAME.brief.json and NAME.variants.jsonl, one variant a line:
``{"name", "expect": [kinds], "allow": [kinds]?, "max_words": int?, "patch": [op, ...]}`` where an op is
``{"path": "claims[2].text", "replace": [old, new]}``, ``{"path", "set": value}``, ``{"path", "shift": n}`` or
``{"path": "claims", "append": {...}}`` (a claim without evidence gets it cut from the article).
``expect: []`` marks a tricky clean variant.

Scoring (tests/test_trust.py computes the same with these functions):
- recall of kind K = planted variants expecting K on which a K finding was reported / planted variants expecting K;
- a false alarm is a finding of kind K on an output that neither expects nor allows K (clean outputs: any finding).
  False-alarm rate of K = outputs with a false K finding / outputs that do not expect or allow K;
  overall = clean outputs (the clean briefs and clean variants) with any finding / clean outputs.
"""

from __future__ import annotations

import copy
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer import trust  # noqa: E402
from summarizer.schemas import Article, Brief, evidence_for  # noqa: E402

FIXTURES = ROOT / "fixtures" / "trust"
KINDS = (
    "unknown_sentence",
    "quote_mismatch",
    "unsupported_number",
    "unsupported_entity",
    "speaker_mismatch",
    "hedge_dropped",
    "certainty_upgrade",
    "loaded_language",
    "unsourced_as_fact",
    "length",
)
DEFAULT_MAX_WORDS = 120
_STEP = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


@dataclass
class Case:
    """One output to check: a clean brief or a variant of it."""

    article: str
    name: str
    brief: Brief
    expect: set[str]
    allow: set[str] = field(default_factory=set)
    max_words: int = DEFAULT_MAX_WORDS


def _walk(doc: Any, path: str) -> tuple[Any, str | int]:
    steps = [(m.group(1), m.group(2)) for m in _STEP.finditer(path)]
    node = doc
    for name, index in steps[:-1]:
        node = node[name]
        if index is not None:
            node = node[int(index)]
    name, index = steps[-1]
    if index is not None:
        return node[name], int(index)
    return node, name


def apply_patch(doc: dict[str, Any], ops: list[dict[str, Any]], article: Article) -> dict[str, Any]:
    """A patched deep copy of a brief (as a dict); an op that does not apply is an error in the fixture."""
    doc = copy.deepcopy(doc)
    for op in ops:
        parent, key = _walk(doc, op["path"])
        if "replace" in op:
            old, new = op["replace"]
            if old not in parent[key]:
                raise ValueError(f"{op['path']}: {old!r} not found")
            parent[key] = parent[key].replace(old, new, 1)
        elif "set" in op:
            parent[key] = op["set"]
        elif "shift" in op:
            parent[key] += op["shift"]
        elif "append" in op:
            item = dict(op["append"])
            if "speaker" in item and "evidence" not in item:
                item.setdefault("id", f"c{len(parent[key]) + 1}")
                item["evidence"] = [e.model_dump() for e in evidence_for(article, item["sentence_ids"])]
            parent[key].append(item)
        else:
            raise ValueError(f"unknown op {op}")
    return doc


def load_cases(fixtures: Path = FIXTURES) -> tuple[dict[str, Article], list[Case]]:
    """Every article and every case (clean brief first, then its variants)."""
    articles: dict[str, Article] = {}
    cases: list[Case] = []
    for path in sorted(fixtures.glob("*.variants.jsonl")):
        name = path.name.removesuffix(".variants.jsonl")
        article = Article.model_validate_json((fixtures / f"{name}.article.json").read_text(encoding="utf-8"))
        raw = json.loads((fixtures / f"{name}.brief.json").read_text(encoding="utf-8"))
        articles[name] = article
        cases.append(Case(name, "clean brief", Brief.model_validate(raw), set()))
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            v = json.loads(line)
            brief = Brief.model_validate(apply_patch(raw, v["patch"], article))
            cases.append(
                Case(
                    name,
                    v["name"],
                    brief,
                    set(v["expect"]),
                    set(v.get("allow", ())),
                    v.get("max_words", DEFAULT_MAX_WORDS),
                )
            )
    return articles, cases


@dataclass
class Scores:
    """What the evaluation measured."""

    recall: dict[str, tuple[int, int]]  # kind -> (found, planted)
    false_alarms: dict[str, tuple[int, int]]  # kind -> (false findings, opportunities)
    clean_flagged: tuple[int, int]  # (clean outputs with any finding, clean outputs)
    misses: list[str]
    alarms: list[str]

    def recall_rate(self, kind: str) -> float:
        found, planted = self.recall[kind]
        return found / planted if planted else 0.0

    def overall_false_alarm_rate(self) -> float:
        flagged, clean = self.clean_flagged
        return flagged / clean if clean else 0.0


def evaluate(articles: dict[str, Article], cases: list[Case]) -> Scores:
    """Check every case and score the findings."""
    recall = {k: [0, 0] for k in KINDS}
    alarms = {k: [0, 0] for k in KINDS}
    clean = [0, 0]
    miss_notes: list[str] = []
    alarm_notes: list[str] = []
    for case in cases:
        report = trust.check(case.brief, articles[case.article], max_words=case.max_words)
        found = {f.kind for f in report.findings}
        for kind in case.expect:
            recall[kind][1] += 1
            if kind in found:
                recall[kind][0] += 1
            else:
                miss_notes.append(f"{case.article}: {case.name}: {kind} not found")
        for kind in KINDS:
            if kind in case.expect or kind in case.allow:
                continue
            alarms[kind][1] += 1
            if kind in found:
                alarms[kind][0] += 1
        for f in report.findings:
            if f.kind not in case.expect and f.kind not in case.allow:
                alarm_notes.append(f"{case.article}: {case.name}: {f.kind} at {f.path}: {f.message}")
        if not case.expect:
            clean[1] += 1
            clean[0] += bool(report.findings)
    return Scores(
        recall={k: (v[0], v[1]) for k, v in recall.items()},
        false_alarms={k: (v[0], v[1]) for k, v in alarms.items()},
        clean_flagged=(clean[0], clean[1]),
        misses=miss_notes,
        alarms=alarm_notes,
    )


def long_article_case(articles: dict[str, Article]) -> tuple[Brief, Article]:
    """The politics brief against a ~5,000-word article (politics first, then the other articles repeated)."""
    from summarizer.ingest import from_text

    first = articles["politics"]
    others = [a.text for n, a in sorted(articles.items()) if n != "politics"]
    parts = [first.text]
    i = 0
    while sum(len(p.split()) for p in parts) < 5000:
        parts.append(others[i % len(others)])
        i += 1
    article = from_text("\n\n".join(parts), title=first.title)
    brief = Brief.model_validate_json((FIXTURES / "politics.brief.json").read_text(encoding="utf-8"))
    return brief, article


def extractive_findings(articles: dict[str, Article]) -> tuple[int, list[str]]:
    """Check the extractive engine's brief, claims and rewrite of every article: they should come out clean."""
    from summarizer import extractive

    notes: list[str] = []
    outputs = 0
    for name, article in sorted(articles.items()):
        for make in (extractive.brief, extractive.claims, extractive.rewrite):
            outputs += 1
            for f in trust.check(make(article), article).findings:
                notes.append(f"{name}: extractive {make.__name__}: {f.kind} at {f.path}: {f.message}")
    return outputs, notes


def main(argv: list[str]) -> int:
    """Print the evaluation figures."""
    t0 = time.perf_counter()
    articles, cases = load_cases()
    scores = evaluate(articles, cases)
    total = time.perf_counter() - t0

    brief, long_article = long_article_case(articles)
    trust.check(brief, long_article)  # first call builds the per-article index
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(30):
        trust.clear_cache()
        t = time.perf_counter()
        trust.check(brief, long_article)
        cold.append(time.perf_counter() - t)
        t = time.perf_counter()
        trust.check(brief, long_article)
        warm.append(time.perf_counter() - t)

    n_extractive, extractive_notes = extractive_findings(articles)
    planted = sum(1 for c in cases if c.expect)
    n_clean = sum(1 for c in cases if not c.expect)
    print(f"trust evaluation: {len(articles)} articles, {planted} planted-error variants, {n_clean} clean outputs")
    print(f"{'kind':<20} {'recall':>14} {'false alarms':>16}")
    for kind in KINDS:
        f, p = scores.recall[kind]
        fa, opp = scores.false_alarms[kind]
        rec = f"{f}/{p} {100 * f / p:5.1f}%" if p else "n/a"
        print(f"{kind:<20} {rec:>14} {fa:>4}/{opp:<4} {100 * fa / opp if opp else 0:5.1f}%")
    flagged, n = scores.clean_flagged
    print(f"clean outputs with any finding: {flagged}/{n} = {100 * scores.overall_false_alarm_rate():.1f}%")
    print(f"extractive outputs: {n_extractive}, findings on them: {len(extractive_notes)}")
    words = len(long_article.text.split())
    print(
        f"check a brief against a {words}-word article: median {1000 * statistics.median(cold):.1f} ms "
        f"(article index built), {1000 * statistics.median(warm):.1f} ms (index cached)"
    )
    print(f"whole set: {total:.2f} s")
    if "-v" in argv:
        for line in scores.misses + scores.alarms + extractive_notes:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
