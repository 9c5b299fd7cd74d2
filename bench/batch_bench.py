"""Benchmarks for `summarizer batch` against a loopback OpenAI-compatible simulator.

The simulator answers /v1/chat/completions after a fixed latency, enforces a requests-per-minute limit
with a token bucket (HTTP 429 + Retry-After when exceeded) and injects faults on request. Scenarios:

1. 200 articles, limit 600 rpm, 300 ms latency: achieved rpm (target >= 0.9 x limit), 429 share (<= 5%).
2. The same with 20% faults (429, 500, timeouts, malformed JSON, truncated replies): all complete, none twice.
3. Unchanged re-run: zero calls, articles/s (target >= 500).
4. SIGKILL at about half-way, then the same command again: all complete, none twice, outputs valid JSON.

Run: .venv/bin/python bench/batch_bench.py [--articles 200] [--rpm 600] [--latency 0.3]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.batch.inputs import discover  # noqa: E402
from summarizer.batch.run import BatchOptions, run_batch  # noqa: E402
from summarizer.batch.store import Store  # noqa: E402
from summarizer.config import load_settings  # noqa: E402
from tests.batch.test_batch import write_corpus  # noqa: E402
from tests.loopback import LoopbackServer, Reply, error_body  # noqa: E402
from tests.loopback_batch import grounded_responder  # noqa: E402


class Simulator(LoopbackServer):
    """Latency, a server-side RPM token bucket answering 429 with Retry-After, and optional faults."""

    def __init__(self, *, rpm: int, latency_s: float, fault_every: int = 0) -> None:
        self.lock = threading.Lock()
        self.rate = rpm / 60.0
        self.capacity = max(1.0, self.rate * 2)  # two seconds of burst, stricter than most providers
        self.level = self.capacity
        self.stamp = time.monotonic()
        self.throttled = 0
        self.answered: list[str] = []  # request bodies answered 200 with a usable reply
        self.times: list[float] = []
        self.fault_every = fault_every
        self.n = 0
        self.faults: dict[str, int] = {}
        super().__init__(responder=self._respond, latency_s=latency_s)

    def _admit(self) -> float | None:
        with self.lock:
            now = time.monotonic()
            self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.level >= 1:
                self.level -= 1
                self.times.append(now)
                return None
            self.throttled += 1
            return (1 - self.level) / self.rate

    def _respond(self, body: dict[str, Any]) -> Any:
        wait = self._admit()
        if wait is not None:
            return Reply(429, error_body("Rate limit reached", type_="requests"), {"Retry-After": f"{wait:.3f}"})
        with self.lock:
            self.n += 1
            n = self.n
        if self.fault_every and n % self.fault_every == 0:
            kind = ("429", "500", "timeout", "malformed", "truncated")[(n // self.fault_every) % 5]
            with self.lock:
                self.faults[kind] = self.faults.get(kind, 0) + 1
            if kind == "429":
                return Reply(429, error_body("Rate limit reached", type_="requests"), {"Retry-After": "0.2"})
            if kind == "500":
                return Reply(500, error_body("internal error", type_="server_error"), {"retry-after-ms": "100"})
            if kind == "timeout":
                return Reply(200, {}, delay_s=2.5)  # the client gives up at --timeout 2 and the SDK retries
            if kind == "malformed":
                return "{this is not json"
            return {"content": grounded_responder(body)[:40], "finish_reason": "length"}
        text = _clean(grounded_responder(body))
        with self.lock:
            self.answered.append(json.dumps(body, sort_keys=True))
        return text


def _clean(text: str) -> str:
    """Grounded replies without claims: the fake's claims trip the trust checks and cause re-asks."""
    data = json.loads(text)
    if "claims" in data:
        data["claims"] = []
    return json.dumps(data)


def settings(srv: LoopbackServer) -> Any:
    return load_settings(
        {"backend": "openai", "base_url": srv.base_url, "api_key": "sk-bench", "model": "loopback-model",
         "timeout": 2.0, "transport_retries": 5},
        env={},
    )  # fmt: skip


def check_outputs(out: Path, n: int) -> tuple[int, int]:
    """(items ok or cached, output files that are valid JSON)."""
    rows = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    good = sum(r["status"] in ("ok", "cached") for r in rows)
    valid = 0
    for r in rows:
        try:
            json.loads((out / f"{r['name']}.json").read_text())
            valid += 1
        except (OSError, ValueError):
            pass
    return good, valid


def scenario_throughput(tmp: Path, n: int, rpm: int, latency: float) -> None:
    write_corpus(tmp / "in1", n)
    with Simulator(rpm=rpm, latency_s=latency) as srv:
        t0 = time.perf_counter()
        res = run_batch(discover([str(tmp / "in1")]), settings(srv),
                        BatchOptions(out_dir=str(tmp / "out1"), concurrency=8, rpm=rpm))  # fmt: skip
        wall = time.perf_counter() - t0
        sent = len(srv.times)
        span = (srv.times[-1] - srv.times[0]) if sent > 1 else 1.0
    achieved = (sent - 1) / span * 60 if sent > 1 else 0.0
    share = srv.throttled / max(1, sent + srv.throttled)
    print(f"1. throughput: {n} articles, {sent} requests in {wall:.1f}s; achieved {achieved:.0f} rpm "
          f"({achieved / rpm:.2f} x limit {rpm}); 429s {srv.throttled} ({share:.1%} of requests); "
          f"ok {res.report.ok}/{n}")  # fmt: skip


def scenario_faults(tmp: Path, n: int, rpm: int, latency: float) -> None:
    write_corpus(tmp / "in2", n)
    out = tmp / "out2"
    with Simulator(rpm=rpm, latency_s=latency, fault_every=5) as srv:
        res = run_batch(discover([str(tmp / "in2")]), settings(srv),
                        BatchOptions(out_dir=str(out), concurrency=8, rpm=rpm))  # fmt: skip
        dupes = len(srv.answered) - len(set(srv.answered))
    with Store(out / ".summarizer.db") as s:
        attempts = [i.attempts for i in s.items(res.report.run_id)]
        logged = sum(1 for c in s.recent_calls(100_000) if c["status"] == "ok" and c["run_id"] == res.report.run_id)
    r = res.report
    good, valid = check_outputs(out, n)
    print(
        f"2. faults (20%: {srv.faults}): ok {r.ok}/{n}, failed {r.failed}; items attempted twice: "
        f"{sum(a > 1 for a in attempts)}; identical requests answered twice: {dupes}; report calls {r.calls} = "
        f"call log {logged}: {r.calls == logged}; 429s seen by the client {r.throttled}; valid outputs {valid}/{n}"
    )


def scenario_rerun(tmp: Path, n: int) -> None:
    with Simulator(rpm=600, latency_s=0.0) as srv:
        items = discover([str(tmp / "in1")])
        t0 = time.perf_counter()
        res = run_batch(items, settings(srv), BatchOptions(out_dir=str(tmp / "out1"), concurrency=8, rpm=600))
        wall = time.perf_counter() - t0
        calls = len(srv.chat_requests)
    print(f"3. unchanged re-run: {res.report.cached}/{n} cached, {calls} calls, {n / wall:.0f} articles/s "
          f"({wall:.2f}s)")  # fmt: skip


def scenario_sigkill(tmp: Path, n: int, rpm: int, latency: float) -> None:
    write_corpus(tmp / "in4", n)
    out = tmp / "out4"
    with Simulator(rpm=rpm, latency_s=latency) as srv:
        cmd = [sys.executable, "-m", "summarizer", "batch", str(tmp / "in4"), "--out", str(out), "--backend",
               "openai", "--base-url", srv.base_url, "--model", "loopback-model", "--rpm", str(rpm)]  # fmt: skip
        env = {**os.environ, "OPENAI_API_KEY": "sk-bench", "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
        while len(srv.answered) < n // 2 and proc.poll() is None:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with Store(out / ".summarizer.db") as s:
            done = {i.source for i in s.items(1) if i.status == "ok"}
        before = len(srv.answered)
        again = subprocess.run(cmd, env=env, stderr=subprocess.DEVNULL)
        dupes = len(srv.answered) - len(set(srv.answered))
    rows = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    redone = sum(1 for r in rows if r["source"] in done and r["calls"] > 0)
    good, valid = check_outputs(out, n)
    print(
        f"4. SIGKILL after {before} answered requests ({len(done)} articles done): rerun exit {again.returncode}, "
        f"complete {good}/{n}, finished-before-kill redone {redone}, identical requests answered twice {dupes} "
        f"(in flight at the kill), valid JSON outputs {valid}/{n}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--rpm", type=int, default=600)
    ap.add_argument("--latency", type=float, default=0.3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        scenario_throughput(tmp, args.articles, args.rpm, args.latency)
        scenario_faults(tmp, args.articles, args.rpm, args.latency)
        scenario_rerun(tmp, args.articles)
        scenario_sigkill(tmp, args.articles, args.rpm, args.latency)


if __name__ == "__main__":
    main()
