"""Throughput, latency and memory of `summarizer serve` (issue 12), against a real uvicorn process on loopback.

For the extractive engine and the fake LLM backend: 200 POST /v1/brief requests at 20 concurrent (errors, p50/p95
latency, requests/s), and the server's resident memory after 100 and after 1,000 requests (target: no growth
beyond 10%). The articles are the 16 real ones in ../shared/realtext/articles (read, never copied), sent in turn.
Run: .venv/bin/python bench/serve_bench.py [--requests 200] [--concurrency 20] [--memory-requests 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server.sites import Served, demo_text, start_server  # noqa: E402

REALTEXT = ROOT.parent / "shared" / "realtext" / "articles"


def articles() -> list[str]:
    """The real articles when the shared corpus is there, else our own demo article."""
    found = sorted(REALTEXT.glob("*.txt")) if REALTEXT.is_dir() else []
    return [p.read_text(encoding="utf-8") for p in found] or [demo_text()]


def rss_kib(pid: int) -> int:
    """Resident set size of ``pid`` in KiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc status")


def fire(served: Served, texts: list[str], n: int, concurrency: int, start: int = 0) -> tuple[list[float], dict]:
    """``n`` briefs from ``concurrency`` threads; latencies of the successful ones and a count per status."""
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    counter = iter(range(start, start + n))

    def worker() -> None:
        with httpx.Client(base_url=served.base, timeout=300) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                try:
                    resp = client.post("/v1/brief", json={"text": texts[i % len(texts)]})
                    key = str(resp.status_code)
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                elapsed = time.perf_counter() - t0
                with lock:
                    statuses[key] = statuses.get(key, 0) + 1
                    if key == "200":
                        latencies.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def bench(backend: str, args: argparse.Namespace, texts: list[str], tmp: Path) -> None:
    """One engine: warm-up to 100 requests, the timed run, then on to the memory total."""
    served = start_server(
        tmp, settings={"backend": backend}, options={"max_concurrent": args.concurrency, "request_timeout": 300}
    )
    try:
        _, warm = fire(served, texts, 100, args.concurrency)
        rss_100 = rss_kib(served.proc.pid)
        t0 = time.perf_counter()
        lat, statuses = fire(served, texts, args.requests, args.concurrency, start=100)
        wall = time.perf_counter() - t0
        errors = sum(v for k, v in statuses.items() if k != "200")
        print(
            f"{backend:10s} {args.requests} requests at {args.concurrency} concurrent: errors {errors} "
            f"({statuses}), p50 {pct(lat, 50):.0f} ms, p95 {pct(lat, 95):.0f} ms, "
            f"{args.requests / wall:.1f} req/s, mean {statistics.mean(lat) * 1000:.0f} ms"
        )
        rest = args.memory_requests - 100 - args.requests
        _, more = fire(served, texts, max(0, rest), args.concurrency, start=100 + args.requests)
        rss_end = rss_kib(served.proc.pid)
        bad = sum(v for k, v in {**warm, **more}.items() if k != "200")
        growth = 100 * (rss_end - rss_100) / rss_100
        print(
            f"{backend:10s} RSS after 100 requests {rss_100 / 1024:.1f} MiB, after {args.memory_requests} "
            f"{rss_end / 1024:.1f} MiB: {growth:+.1f}% (target <= +10%); errors outside the timed run: {bad}"
        )
    finally:
        served.stop()


def main() -> None:
    """Run the benchmark for both engines and print the figures."""
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--memory-requests", type=int, default=1000)
    parser.add_argument("--backends", default="extractive,fake")
    args = parser.parse_args()
    texts = articles()
    sizes = [len(t) for t in texts]
    print(f"articles: {len(texts)} ({min(sizes):,}-{max(sizes):,} characters, mean {statistics.mean(sizes):,.0f})")
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            bench(backend, args, texts, Path(tmp))


if __name__ == "__main__":
    main()
