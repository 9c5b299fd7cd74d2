"""Run stored replies and variants through the full pipeline over the replay server, and tally the figures.

Used by tests/replay/test_replay.py and bench/replay_eval.py. Each run goes through the real openai SDK
(``--backend openai``) to a real loopback HTTP server, exactly as a user's run against a provider would.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.replay.corpus import (
    KINDS,
    Entry,
    Variant,
    article_path,
    dropped_items,
    variant_entry,
    verdict,
)
from tests.replay.server import Call, ReplayServer, count_tokens

DUMMY_KEY = "sk-test-dummy"
MODEL = "gpt-4o"


@dataclass
class Run:
    """One pipeline run over the replay server."""

    entry: Entry
    output: dict[str, Any]
    calls: list[Call]
    served: dict[str, Any]  # the first reply served, ids as the request numbered them
    article_tokens: int
    sentence_tokens: int = 0  # the article as the prompt shows it: "id: sentence" lines

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Error findings in the output's checks."""
        findings = (self.output.get("checks") or {}).get("findings") or []
        return [f for f in findings if f.get("severity") == "error"]

    @property
    def prompt_tokens(self) -> int:
        """Prompt tokens over all calls (messages and schema, as the server counted them)."""
        return sum(c.prompt_tokens + c.schema_tokens for c in self.calls)

    @property
    def fixed_tokens(self) -> int:
        """Instructions and schema of the first call: its prompt tokens minus the article's numbered sentences."""
        if not self.calls:
            return 0
        first = self.calls[0]
        return first.prompt_tokens + first.schema_tokens - self.sentence_tokens


def run_entry(entry: Entry, root: Path | None = None, **settings: Any) -> Run:
    """Run ``entry``'s task on its article with the replay server answering ``entry``'s reply."""
    from summarizer.api import load_article, make_engine
    from summarizer.config import Settings
    from summarizer.llm.chunking import numbered
    from summarizer.pipeline import run

    path = article_path(entry.article, root)
    with ReplayServer([entry]) as srv:
        s = Settings(
            backend="openai",
            base_url=srv.base_url,
            api_key=DUMMY_KEY,
            model=MODEL,
            transport_retries=0,
            timeout=30.0,
            **settings,
        )
        article = load_article(str(path), s)
        out = run(entry.task, article, make_engine(s), s)
        calls = list(srv.calls)
    served = next((c.reply for c in calls if c.reply is not None), {})
    shown = numbered(article)
    return Run(entry, out.model_dump(mode="json"), calls, served, count_tokens(article.text), count_tokens(shown))


@dataclass
class VariantResult:
    """What became of one variant's planted error."""

    variant: Variant
    verdict: str  # kept (unflagged) | flagged | removed | failed (the run raised) | crashed (nothing served)
    calls: int
    collateral: list[str] = field(default_factory=list)  # other reply items lost
    detail: str = ""

    @property
    def unflagged(self) -> bool:
        """The error reached the output unmarked."""
        return self.verdict == "kept"


def run_variant(entry: Entry, variant: Variant, root: Path | None = None) -> VariantResult:
    """Serve ``entry`` with ``variant`` applied (every call gets the same changed reply) and judge the item."""
    from summarizer.errors import SummarizerError

    changed = variant_entry(entry, variant)
    try:
        r = run_entry(changed, root)
    except SummarizerError as exc:  # the error was not shown, but neither was anything correct
        return VariantResult(variant, "failed", -1, ["(the whole output)"], f"{type(exc).__name__}: {exc}")
    if not r.served:
        return VariantResult(variant, "crashed", len(r.calls), detail="no reply was served")
    v = verdict(r.output, r.served, variant.item)
    lost = [p for p in dropped_items(r.output, r.served) if p != variant.item]
    errs = [f"{f.get('path')}: {f.get('message')}" for f in r.errors]
    return VariantResult(variant, v, len(r.calls), lost, "; ".join(errs))


def rates(results: list[VariantResult]) -> tuple[float, dict[str, tuple[int, int]]]:
    """(overall unflagged rate, {kind: (unflagged, total)})."""
    total = Counter(r.variant.kind for r in results)
    bad = Counter(r.variant.kind for r in results if r.unflagged)
    per = {k: (bad[k], total[k]) for k in KINDS if total[k]}
    overall = sum(bad.values()) / max(1, len(results))
    return overall, per


def main(argv: list[str] | None = None) -> int:
    """Print per-reply figures and false findings, then the variants' verdicts (``python -m tests.replay.runner``)."""
    import argparse

    from tests.replay.corpus import load_entries, load_variants, realtext_dir

    ap = argparse.ArgumentParser(description="replay the corpus through the pipeline and print what happened")
    ap.add_argument("only", nargs="*", help="article numbers or stem prefixes")
    ap.add_argument("--no-variants", action="store_true")
    args = ap.parse_args(argv)
    root = realtext_dir()
    if root is None:
        print("replay: ../shared/realtext is missing (set SUMMARIZER_REALTEXT)")
        return 2
    entries = [e for e in load_entries() if not args.only or any(e.stem.startswith(o) for o in args.only)]
    for e in entries:
        r = run_entry(e, root)
        lost = dropped_items(r.output, r.served) if r.served else ["(nothing served)"]
        ratio = r.prompt_tokens / max(1, r.article_tokens)
        print(
            f"{e.stem}.{e.task}: calls {len(r.calls)} errors {len(r.errors)} dropped {len(lost)} "
            f"prompt/article {ratio:.2f} fixed {r.fixed_tokens}"
        )
        for f in r.errors:
            print(f"    ERROR {f.get('path')}: {f.get('message')}")
        for p in lost:
            print(f"    LOST {p}")
    if args.no_variants:
        return 0
    by_key = {e.key: e for e in load_entries()}
    results = [
        run_variant(by_key[v.key], v, root)
        for v in load_variants()
        if not args.only or any(v.article.startswith(o) for o in args.only)
    ]
    for res in results:
        mark = "UNFLAGGED" if res.unflagged else res.verdict
        print(f"{res.variant.id} {res.variant.item}: {mark} calls {res.calls} collateral {res.collateral}")
    overall, per = rates(results)
    print(f"unflagged {overall:.1%} overall; " + ", ".join(f"{k} {b}/{t}" for k, (b, t) in per.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
