"""Extractive engine speed: median time for a 5,000-word article, time and peak memory for a ~1 MB text.

Targets (issue 3): <= 0.3 s for 5,000 words; <= 10 s and <= 300 MB peak for 1 MB. Run: python bench/extractive_bench.py
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from summarizer import extractive
from summarizer.ingest import from_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [ROOT / "fixtures/articles" / n for n in ("sensational.txt", "wire.txt", "quotes.txt")]
FIXTURES.append(ROOT / "fixtures/demo_article.txt")


def _bodies() -> list[str]:
    return [p.read_text(encoding="utf-8").split("\n\n", 1)[1] for p in FIXTURES]


def _build(target_words: int) -> str:
    """Repeat the fixture bodies, varying numbers and names per copy so no two paragraphs are identical."""
    parts: list[str] = []
    n = k = 0
    bodies = _bodies()
    while n < target_words:
        body = (
            bodies[k % len(bodies)].replace("2019", str(1990 + k % 30)).replace("Tuesday", ("Monday", "Friday")[k % 2])
        )
        parts.append(body.replace("Holloway", f"Holloway{k % 7 or ''}"))
        n += len(body.split())
        k += 1
    return "\n\n".join(parts)


def _time(fn, article, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(article)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    art5k = from_text(_build(5000), title="Benchmark article")
    words = len(art5k.text.split())
    print(f"5,000-word article: {words} words, {len(art5k.sentences)} sentences (target <= 0.3 s each)")
    for name in ("brief", "claims", "rewrite"):
        fn = getattr(extractive, name)
        print(f"  {name:8s} median {_time(fn, art5k, 7):.3f} s")

    big_text = _build(170_000)
    big_text = big_text[:1_000_000]
    t0 = time.perf_counter()
    big = from_text(big_text, title="Benchmark 1 MB", max_chars=2_000_000)
    ingest_s = time.perf_counter() - t0
    print(f"1 MB text: {len(big.text):,} chars, {len(big.sentences):,} sentences (ingest {ingest_s:.2f} s)")
    print("  target <= 10 s and <= 300 MB peak each; peak measured in a second run under tracemalloc")
    for name in ("brief", "claims", "rewrite"):
        fn = getattr(extractive, name)
        t0 = time.perf_counter()
        fn(big)
        elapsed = time.perf_counter() - t0
        tracemalloc.start()
        fn(big)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  {name:8s} {elapsed:.2f} s, peak {peak / 1e6:.0f} MB")
    # What a user waits for: the whole pipeline (engine + token count + trust checks), as `summarizer brief` runs it.
    from summarizer.config import Settings
    from summarizer.pipeline import ExtractiveEngine, run

    settings = Settings()
    for label, art in (("5,000 words", art5k), ("1 MB", big)):
        t0 = time.perf_counter()
        out = run("brief", art, ExtractiveEngine(), settings)
        print(
            f"  full pipeline brief, {label}: {time.perf_counter() - t0:.2f} s "
            f"(checks: {sum(out.checks.counts.values()) if out.checks else 0} findings)"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS {rss:.0f} MB (interpreter, ingest and all runs included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
