"""Benchmarks for `summarizer batch` against a loopback OpenAI-compatible simulator (issues 6 and 11).

The simulator answers /v1/chat/completions after a fixed latency, enforces a requests-per-minute limit with
a token bucket (HTTP 429 + Retry-After) and injects faults at random (seeded): 429, 500, timeouts, malformed
JSON, truncated (cut-off) JSON and bodies cut off mid-transfer. Some first replies put a number the article
does not have into a key point, so the trust checks re-ask. It counts every reply the client received, with
its tokens, so the report can be compared with the server's own books. Scenarios:

1. throughput: N articles, limit R rpm, latency L: achieved rpm (target >= 0.9 x limit), 429 share (<= 5%).
2. faults: 100 articles, 30% faults, concurrency 16: complete in one invocation or after one plain rerun,
   none answered twice, report totals (calls, tokens) == the server's count.
3. unchanged re-run: zero calls, articles/s.
4. overlap: two `summarizer batch` processes on the same --out at once: every article paid once.
5. SIGKILL x10: kill at a random point, rerun, ten times in a row, then finish: every item done exactly once
   overall (only requests in flight at a kill answered twice), every output valid.

Run: .venv/bin/python bench/batch_bench.py [--articles 100] [--rpm 600] [--latency 0.3] [--only 2,4,5]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.batch.inputs import discover  # noqa: E402
from summarizer.batch.run import BatchOptions, run_batch  # noqa: E402
from summarizer.config import load_settings  # noqa: E402
from tests.batch.test_batch import write_corpus  # noqa: E402
from tests.loopback import LoopbackServer, Reply, error_body  # noqa: E402
from tests.loopback_batch import grounded_responder  # noqa: E402

KINDS = ("429", "500", "timeout", "malformed", "truncated", "cutoff")


class Simulator(LoopbackServer):
    """Latency, a server-side RPM bucket answering 429 with Retry-After, random faults, and the books."""

    def __init__(self, *, rpm: int, latency_s: float, fault_rate: float = 0.0, reask_rate: float = 0.0,
                 seed: int = 11) -> None:  # fmt: skip
        self.lock = threading.Lock()
        self.rate = rpm / 60.0
        self.capacity = max(1.0, self.rate * 2)  # two seconds of burst, stricter than most providers
        self.level = self.capacity
        self.stamp = time.monotonic()
        self.throttled = 0
        self.rng = random.Random(seed)
        self.fault_rate, self.reask_rate = fault_rate, reask_rate
        self.faults: Counter[str] = Counter()
        self.times: list[float] = []
        self.good: list[str] = []  # request bodies answered with a usable reply
        self.good_at: list[tuple[float, str]] = []  # (when, body) of each usable reply
        self.billed = 0  # 200 replies the client received (usable or not): what a provider charges for
        self.billed_tokens = 0
        self.reasks = 0
        self.responded = 0
        super().__init__(responder=self._respond, latency_s=latency_s)

    def start(self) -> Simulator:
        """Start serving; a client killed mid-request is expected here, not a traceback worth printing."""
        super().start()
        assert self._httpd is not None
        self._httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        return self

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

    def _bill(self, body: dict[str, Any], content: str) -> dict[str, Any]:
        usage = self.completion_body(body, content=content)["usage"]
        with self.lock:
            self.billed += 1
            self.billed_tokens += usage["prompt_tokens"] + usage["completion_tokens"]
        return usage

    def _respond(self, body: dict[str, Any]) -> Any:
        with self.lock:
            self.responded += 1  # the latency is over: whatever happens now, the reply is on its way
        wait = self._admit()
        if wait is not None:
            return Reply(429, error_body("Rate limit reached", type_="requests"), {"Retry-After": f"{wait:.3f}"})
        with self.lock:
            kind = self.rng.choice(KINDS) if self.rng.random() < self.fault_rate else None
            if kind:
                self.faults[kind] += 1
        if kind == "429":
            return Reply(429, error_body("Rate limit reached", type_="requests"), {"Retry-After": "0.2"})
        if kind == "500":
            return Reply(500, error_body("internal error", type_="server_error"), {"retry-after-ms": "100"})
        if kind == "timeout":
            return Reply(200, {}, delay_s=2.5)  # the client gives up at --timeout 2 and the SDK retries
        if kind == "cutoff":  # the body stops mid-transfer: the SDK sees a broken connection and retries
            data = json.dumps(self.completion_body(body, content=grounded_responder(body))).encode()
            return Reply(200, data[: len(data) // 2], content_length=len(data))
        text = grounded_responder(body)
        if kind == "malformed":
            return self._billed(body, "{this is not json")
        if kind == "truncated":
            return self._billed(body, text[: len(text) // 3], finish_reason="length")
        if self._first_turn(body) and self._reask_article(body):
            text = _wrong_number(text)
            with self.lock:
                self.reasks += 1
            return self._billed(body, text)
        key = json.dumps(body, sort_keys=True)
        with self.lock:
            self.good.append(key)
            self.good_at.append((time.monotonic(), key))
        return self._billed(body, text)

    def _billed(self, body: dict[str, Any], content: str, finish_reason: str = "stop") -> Reply:
        usage = self._bill(body, content)
        reply = self.completion_body(body, content=content, finish_reason=finish_reason, usage=usage)
        return Reply(200, reply)

    @staticmethod
    def _first_turn(body: dict[str, Any]) -> bool:
        return not any(m.get("role") == "assistant" for m in body.get("messages") or [])

    def _reask_article(self, body: dict[str, Any]) -> bool:
        digest = hashlib.sha1(json.dumps(body.get("messages"), sort_keys=True).encode()).digest()
        return digest[0] < 256 * self.reask_rate


def _wrong_number(text: str) -> str:
    """A first reply whose first key point carries a number the article does not have (trust error -> re-ask)."""
    data = json.loads(text)
    if data.get("key_points"):
        data["key_points"][0]["text"] = re.sub(r"\d+", "9876", data["key_points"][0]["text"], count=1)
        if "9876" not in data["key_points"][0]["text"]:
            data["key_points"][0]["text"] += " It cost 9876 pounds."
    return json.dumps(data)


def settings(srv: LoopbackServer) -> Any:
    return load_settings(
        {"backend": "openai", "base_url": srv.base_url, "api_key": "sk-bench", "model": "loopback-model",
         "timeout": 2.0, "transport_retries": 5},
        env={},
    )  # fmt: skip


def check_outputs(out: Path) -> tuple[int, int, int]:
    """(items, items ok or cached, output files that are valid JSON of an output)."""
    rows = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    good = sum(r["status"] in ("ok", "cached") for r in rows)
    valid = 0
    for r in rows:
        with contextlib.suppress(OSError, ValueError, KeyError):
            valid += json.loads((out / f"{r['name']}.json").read_text())["kind"] == "brief"
    return len(rows), good, valid


def cli_cmd(inputs: Path, out: Path, srv: LoopbackServer, *extra: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", "batch", str(inputs), "--out", str(out), "--backend", "openai",
            "--base-url", srv.base_url, "--model", "loopback-model", "--timeout", "2", "--transport-retries", "5",
            *extra]  # fmt: skip


ENV = {**os.environ, "OPENAI_API_KEY": "sk-bench", "PYTHONPATH": str(ROOT)}


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
    items = discover([str(tmp / "in2")])
    opts = BatchOptions(out_dir=str(out), concurrency=16, rpm=rpm)
    with Simulator(rpm=rpm, latency_s=latency, fault_rate=0.3, reask_rate=0.2) as srv:
        t0 = time.perf_counter()
        first = run_batch(items, settings(srv), opts)
        wall = time.perf_counter() - t0
        books = [(first.report, srv.billed, srv.billed_tokens)]
        done_first = first.report.ok + first.report.cached
        if done_first < n:  # one plain rerun: a new run over the same inputs redoes the failed items only
            second = run_batch(items, settings(srv), opts)
            books.append((second.report, srv.billed - books[0][1], srv.billed_tokens - books[0][2]))
        dupes = len(srv.good) - len(set(srv.good))
    r = books[-1][0]
    equal = all(
        rep.calls == calls and rep.prompt_tokens + rep.completion_tokens == tokens for rep, calls, tokens in books
    )
    shown = "; ".join(f"report {rep.calls} calls/{rep.prompt_tokens + rep.completion_tokens} tokens vs server "
                      f"{calls}/{tokens}" for rep, calls, tokens in books)  # fmt: skip
    _, good, valid = check_outputs(out)
    print(
        f"2. faults (30%: {dict(srv.faults)}; {srv.reasks} replies re-asked by the checks), concurrency 16: "
        f"first invocation {done_first}/{n} complete in {wall:.1f}s"
        f"{'' if len(books) == 1 else f', after one plain rerun {good}/{n} (rerun: {r.calls} calls)'}; "
        f"identical requests answered twice: {dupes}; {shown} ({'equal' if equal else 'DIFFERENT'}); "
        f"valid outputs {valid}/{n}"
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


def scenario_overlap(tmp: Path, n: int, latency: float) -> None:
    write_corpus(tmp / "in4", n)
    out = tmp / "out4"
    with Simulator(rpm=6000, latency_s=latency) as srv:
        a = subprocess.Popen(cli_cmd(tmp / "in4", out, srv, "--concurrency", "4"), env=ENV,
                             stderr=subprocess.DEVNULL)  # fmt: skip
        while not srv.chat_requests and a.poll() is None:
            time.sleep(0.02)
        b = subprocess.run(cli_cmd(tmp / "in4", out, srv), env=ENV, capture_output=True, text=True)
        c = subprocess.Popen(cli_cmd(tmp / "in4", out, srv, "--wait"), env=ENV, stderr=subprocess.DEVNULL)
        a.wait()
        c.wait()
        paid = Counter(srv.good)
    twice = sum(1 for v in paid.values() if v > 1)
    print(
        f"4. overlap: second run exit {b.returncode} ({b.stderr.strip().splitlines()[-1][:110]}...); "
        f"third run with --wait exit {c.returncode}; {len(paid)} distinct requests paid for {n} articles, "
        f"paid twice: {twice}"
    )


def scenario_sigkill(tmp: Path, n: int, latency: float, kills: int, seed: int = 7) -> None:
    write_corpus(tmp / "in5", n)
    out = tmp / "out5"
    rng = random.Random(seed)
    with Simulator(rpm=6000, latency_s=latency) as srv:
        kill_times: list[float] = []
        for _ in range(kills):
            before = len(srv.chat_requests)
            proc = subprocess.Popen(cli_cmd(tmp / "in5", out, srv, "--concurrency", "4"), env=ENV,
                                    stderr=subprocess.DEVNULL)  # fmt: skip
            while len(srv.chat_requests) == before and proc.poll() is None:
                time.sleep(0.01)  # started calling (python and the SDK take a while to start)
            time.sleep(rng.uniform(0.0, 2.0))
            proc.send_signal(signal.SIGKILL)
            kill_times.append(time.monotonic())
            proc.wait()
            time.sleep(latency + 0.1)  # let the server finish the requests that were in flight
        final = subprocess.run(cli_cmd(tmp / "in5", out, srv, "--concurrency", "4"), env=ENV, capture_output=True)
        paid = Counter(srv.good)
    twice = sum(v - 1 for v in paid.values() if v > 1)
    # A request answered again is excused only if its previous answer came less than a second before a kill (the
    # process died before recording it) or after the kill (the server was still working on it): in flight.
    last: dict[str, float] = {}
    excused = 0
    for when, key in srv.good_at:
        if key in last:
            excused += any(k - 1.0 <= last[key] <= k + latency + 0.5 and k <= when for k in kill_times)
        last[key] = when
    items, good, valid = check_outputs(out)
    leftovers = list(out.glob(".*.tmp"))
    print(
        f"5. SIGKILL x{kills} at random points, rerun each time, then a plain rerun (exit {final.returncode}): "
        f"complete {good}/{n}, valid outputs {valid}/{n}, requests answered twice {twice}, of which {excused} were "
        f"in flight at a kill (answered less than 1 s before it or after it), "
        f"temp files left {len(leftovers)}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--rpm", type=int, default=600)
    ap.add_argument("--latency", type=float, default=0.3)
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--only", default="1,2,3,4,5", help="comma-separated scenario numbers")
    args = ap.parse_args()
    only = {int(x) for x in args.only.split(",")}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if 1 in only or 3 in only:
            scenario_throughput(tmp, args.articles, args.rpm, args.latency)
        if 2 in only:
            scenario_faults(tmp, args.articles, args.rpm, args.latency)
        if 3 in only:
            scenario_rerun(tmp, args.articles)
        if 4 in only:
            scenario_overlap(tmp, args.articles, args.latency)
        if 5 in only:
            scenario_sigkill(tmp, args.articles, args.latency, args.kills)


if __name__ == "__main__":
    main()
