"""Speed and memory of the NLP core and the offline engine (issue 9 targets); prints figures, asserts nothing.

    python bench/nlp_bench.py            # uses ../shared/realtext when present, else the fixtures

- --help: wall time of `python -m summarizer --help`, and whether importing the CLI pulls in spaCy (target <= 0.3 s,
  no NLP import)
- cold brief: `python -m summarizer brief ARTICLE --format json` on a ~1,000-word article, model load included
  (target <= 1.5 s)
- warm extractive: brief + trust checks per article in one process, caches cleared between articles so every one
  is parsed afresh (target >= 5 articles/s per core, CPU time)
- batch worker memory: peak RSS of that process (target <= 600 MB)
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALTEXT = ROOT.parent / "shared" / "realtext" / "articles"
sys.path.insert(0, str(ROOT))


def _articles() -> list[Path]:
    if REALTEXT.is_dir():
        return sorted(REALTEXT.glob("*.txt"))
    print(f"note: {REALTEXT} not found; using the fixtures (shorter articles)")
    return sorted((ROOT / "fixtures" / "articles").glob("*.txt")) + [ROOT / "fixtures" / "demo_article.txt"]


def _run(args: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True, env=env, check=False, cwd=ROOT)
    return time.perf_counter() - t0


def bench_help() -> None:
    times = [_run(["--help"]) for _ in range(5)]
    heavy = "('spacy', 'thinc', 'openai', 'tiktoken')"
    probe = f"import sys, summarizer.cli; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    print(
        f"--help: median {statistics.median(times):.2f} s of 5 (target <= 0.3 s); heavy modules after "
        f"`import summarizer.cli`: {out.stdout.strip()} (target: none)"
    )


def bench_cold(paths: list[Path]) -> None:
    words = {p: len(p.read_text(encoding="utf-8").split()) for p in paths}
    path = min(paths, key=lambda p: abs(words[p] - 1000))
    times = [_run(["brief", str(path), "--format", "json"]) for _ in range(3)]
    print(
        f"cold brief ({path.name}, {words[path]} words): median {statistics.median(times):.2f} s of 3, "
        f"min {min(times):.2f} s (target <= 1.5 s)"
    )


def bench_warm(paths: list[Path]) -> None:
    from summarizer import nlp, trust
    from summarizer.api import run_task
    from summarizer.config import Settings
    from summarizer.ingest import load_source
    from summarizer.nlp import attribution, lexicon, parser

    settings = Settings(backend="extractive")
    loaded = parser.model_name()
    articles = [load_source(str(p)) for p in paths]
    run_task("brief", articles[0], settings=settings)  # warm: model loaded, lexicon compiled

    def clear() -> None:
        parser.reset_cache()
        attribution._CACHE.clear()
        lexicon._tags.cache_clear()
        trust.clear_cache()

    rounds = 3
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        for art in articles:
            clear()
            run_task("brief", art, settings=settings)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    n = rounds * len(articles)
    words = sum(len(nlp.words(a.text)) for a in articles) / len(articles)
    print(
        f"warm extractive brief + checks ({loaded or 'no parser'}): {n / cpu:.1f} articles/s per core (CPU), "
        f"{n / wall:.1f}/s wall, {n} briefs of {words:.0f} words on average (target >= 5/s per core)"
    )
    from summarizer import extractive

    cpu0 = time.process_time()
    for _ in range(rounds):
        for art in articles:
            clear()
            extractive.brief(art)
    cpu = time.process_time() - cpu0
    print(f"warm extractive engine alone (no checks, no token count): {n / cpu:.1f} articles/s per core (CPU)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"batch worker peak RSS: {rss:.0f} MB (target <= 600 MB)")


def main() -> int:
    paths = _articles()
    bench_help()
    bench_cold(paths)
    bench_warm(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
