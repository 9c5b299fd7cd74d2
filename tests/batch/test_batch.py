"""summarizer batch: inputs, cache, force, resume after SIGKILL, faults, report/digest, dry run, max cost, limits."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from summarizer.backends.fake import SchemaFake
from summarizer.backends.ratelimit import Limiter, TokenBucket
from summarizer.batch.inputs import discover
from summarizer.batch.plan import plan_batch, plan_calls
from summarizer.batch.pricing import prices_for
from summarizer.batch.run import BatchOptions, run_batch
from summarizer.batch.store import Store
from summarizer.config import load_settings
from summarizer.llm.prompts import PromptSet
from summarizer.pipeline import LLMEngine, run
from tests.loopback import LoopbackServer, Reply, error_body
from tests.loopback_batch import grounded_responder

TOWNS = ["Ashford", "Brampton", "Carlow", "Dunmore", "Elgin", "Fenwick", "Galway", "Harlow", "Ilford", "Jarrow",
         "Kendal", "Lisburn", "Morley", "Newry", "Oldham", "Penrith"]  # fmt: skip


def article(i: int) -> str:
    town = TOWNS[i % len(TOWNS)]
    return (
        f"{town} council approves new bridge plan\n\n"
        f"The {town} council voted on Tuesday to build a bridge across the river at a cost of {i + 3} million pounds. "
        f"The mayor of {town} said the bridge would open in {2027 + i % 3}. "
        f"Construction is scheduled to begin in March and will employ {40 + i} workers. "
        f"The council published the full budget on its website.\n"
    )


def write_corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"story{i:03d}.txt"
        p.write_text(article(i), encoding="utf-8")
        paths.append(p)
    return paths


def fake_settings(**kw: Any) -> Any:
    return load_settings({"backend": "fake", **kw}, env={})


class CountingFake(SchemaFake):
    """SchemaFake that counts calls per article (by its first numbered sentence)."""

    def __init__(self) -> None:
        super().__init__()
        self.per_article: dict[str, int] = {}

    def complete(self, messages: Any, **kw: Any) -> Any:
        key = hashlib.sha1(messages[-1].content.split("\n[1]")[0].encode()).hexdigest()[:8]
        with self._lock:
            self.per_article[key] = self.per_article.get(key, 0) + 1
        return super().complete(messages, **kw)


# --------------------------------------------------------------------------- inputs


def test_discover_files_folders_globs_feeds_and_stdin(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 2)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "story000.txt").write_text(article(9), encoding="utf-8")  # same file name, other folder
    (tmp_path / "a" / "notes.pdf").write_text("ignored", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "x1", "title": "T", "text": article(3)}) + "\n{broken\n" + json.dumps({"id": "x2"}) + "\n",
        encoding="utf-8",
    )
    items = discover([str(tmp_path / "a"), str(tmp_path / "b" / "*.txt"), str(feed), "-", "missing.txt"],
                     stdin_paths=[str(tmp_path / "a" / "story001.txt"), ""])  # fmt: skip
    sources = [i.source for i in items]
    assert sources[:3] == [str(tmp_path / "a" / "story000.txt"), str(tmp_path / "a" / "story001.txt"),
                           str(tmp_path / "b" / "story000.txt")]  # fmt: skip
    assert sources.count(str(tmp_path / "a" / "story001.txt")) == 1  # stdin repeat is not a second item
    names = [i.name for i in items]
    assert len(set(names)) == len(names)
    assert names[0].startswith("story000-") and names[2].startswith("story000-") and names[0] != names[2]
    assert [i.name for i in discover([str(tmp_path / "a")])] == names[:2]  # stable from run to run
    feed_items = [i for i in items if str(feed) in i.source]
    assert feed_items[0].text and feed_items[0].title == "T" and feed_items[0].error is None
    assert "not JSON" in (feed_items[1].error or "") and "neither 'text' nor 'url'" in (feed_items[2].error or "")
    assert "no such file" in (items[-1].error or "")


# --------------------------------------------------------------------------- direct runs


def test_run_writes_outputs_report_digest_and_caches(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_text("   \n", encoding="utf-8")
    items = discover([str(tmp_path / "in"), str(tmp_path / "nope.txt")])
    out = tmp_path / "out"
    fake = CountingFake()
    opts = BatchOptions(out_dir=str(out), concurrency=3, formats=("json", "md"))
    first = run_batch(items, fake_settings(), opts, backend=fake)
    assert first.exit_code == 1
    r = first.report
    assert (r.ok, r.failed, r.cached, r.total) == (4, 2, 0, 6)
    assert r.calls == len(fake.calls) and r.calls >= 4
    lines = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    assert [x["source"] for x in lines] == [i.source for i in items]  # input order
    assert {x["status"] for x in lines} == {"ok", "failed"}
    for x in lines:
        if x["status"] == "ok":
            data = json.loads((out / f"{x['name']}.json").read_text())
            assert data["kind"] == "brief" and data["source"]["path"]
            assert (out / f"{x['name']}.md").exists()
    saved = json.loads((out / "report.json").read_text())
    assert saved["ok"] == 4 and saved["failed"] == 2
    assert {f["source"] for f in saved["failures"]} == {str(tmp_path / "in" / "empty.txt"), str(tmp_path / "nope.txt")}
    digest = (out / "digest.md").read_text()
    for x in lines:
        if x["status"] == "ok":
            headline = json.loads((out / f"{x['name']}.json").read_text())["headline"]
            assert headline in digest
    assert "claims" in digest and "nope.txt" in digest and "Failures" in digest

    calls_before = len(fake.calls)
    second = run_batch(items, fake_settings(), opts, backend=fake)
    assert len(fake.calls) == calls_before  # cache hit: zero calls
    assert (second.report.cached, second.report.calls) == (4, 0)

    forced = run_batch(items, fake_settings(), BatchOptions(out_dir=str(out), force=True), backend=fake)
    assert forced.report.ok == 4 and len(fake.calls) >= calls_before + 4


def test_changed_setting_misses_the_cache(tmp_path: Path) -> None:
    items = discover([str(p) for p in write_corpus(tmp_path / "in", 2)])
    fake = CountingFake()
    opts = BatchOptions(out_dir=str(tmp_path / "out"))
    run_batch(items, fake_settings(), opts, backend=fake)
    n = len(fake.calls)
    again = run_batch(items, fake_settings(max_words=60), opts, backend=fake)
    assert again.report.ok == 2 and len(fake.calls) > n


def test_dry_run_makes_no_call_and_matches_the_pipeline(tmp_path: Path) -> None:
    long_text = "Long report on the harbour\n\n" + " ".join(
        f"Officials said on day {i} that the harbour handled {i * 7 + 3} ships and {i + 11} ferries."
        for i in range(120)
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(long_text, encoding="utf-8")
    (tmp_path / "in" / "short.txt").write_text(article(1), encoding="utf-8")
    settings = fake_settings(context_tokens=2000, chunk_tokens=400, max_output_tokens=400)
    items = discover([str(tmp_path / "in")])
    opts = BatchOptions(out_dir=str(tmp_path / "out"), price_in=1.0, price_out=2.0)
    rows = plan_batch(items, settings, opts)
    assert not (tmp_path / "out").exists()  # nothing written, no state file
    by = {Path(r.source).name: r for r in rows}
    assert by["short.txt"].path == "single" and by["short.txt"].calls == 1
    assert by["long.txt"].path == "map-reduce" and by["long.txt"].calls > 2 and by["long.txt"].cost_usd > 0
    from summarizer.batch.inputs import load_item

    for item in items:
        fake = SchemaFake()
        art = load_item(item, settings)
        plan = plan_calls("brief", art, settings, fake, PromptSet())
        assert not fake.calls
        out = run("brief", art, LLMEngine(fake), settings)
        assert plan.path == out.run.path and plan.calls == out.run.calls - out.run.retries


def test_max_cost_stops_starting_items(tmp_path: Path) -> None:
    items = discover([str(p) for p in write_corpus(tmp_path / "in", 8)])
    settings = fake_settings()
    one = plan_batch(items[:1], settings, BatchOptions(out_dir=str(tmp_path / "x"), price_in=1000.0, price_out=0.0))
    opts = BatchOptions(out_dir=str(tmp_path / "out"), concurrency=1, max_cost=one[0].cost_usd * 2.5,
                        price_in=1000.0, price_out=0.0)  # fmt: skip
    res = run_batch(items, settings, opts, backend=SchemaFake())
    r = res.report
    assert r.stopped_by_cost and 1 <= r.ok < 8 and r.skipped == 8 - r.ok and res.exit_code == 1
    assert all("--max-cost" in f["reason"] for f in r.failures)
    assert "--max-cost" in (tmp_path / "out" / "digest.md").read_text()


def test_stop_event_finishes_in_flight_and_reports(tmp_path: Path) -> None:
    items = discover([str(p) for p in write_corpus(tmp_path / "in", 10)])
    stop = threading.Event()
    seen: list[str] = []

    def on_item(r: Any) -> None:
        seen.append(r.status)
        stop.set()  # Ctrl-C after the first item

    res = run_batch(items, fake_settings(), BatchOptions(out_dir=str(tmp_path / "out"), concurrency=2),
                    backend=SchemaFake(), on_item=on_item, stop=stop)  # fmt: skip
    assert res.report.interrupted and res.exit_code == 1
    assert 1 <= res.report.ok < 10 and res.report.ok + res.report.skipped == 10
    resumed = run_batch(items, fake_settings(), BatchOptions(out_dir=str(tmp_path / "out"), concurrency=2),
                        backend=SchemaFake())  # fmt: skip
    assert resumed.report.resumed and resumed.report.ok == 10 and resumed.exit_code == 0


# --------------------------------------------------------------------------- limits


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.now += s
        self.slept += s


def test_rpm_bucket_paces_requests_on_a_fake_clock() -> None:
    t = FakeTime()
    lim = Limiter(rpm=120, clock=t.clock, sleep=t.sleep, jitter=lambda: 0.0)
    for _ in range(240):
        lim.acquire(10)
    # 240 requests at 120/min take about two minutes (a burst of one second's worth is allowed up front).
    assert 118 <= t.now <= 121
    assert lim.requests is not None and lim.requests.taken == 240


def test_tpm_bucket_counts_tokens() -> None:
    t = FakeTime()
    lim = Limiter(tpm=6000, clock=t.clock, sleep=t.sleep)
    for _ in range(30):
        lim.acquire(1000)
    assert 280 <= t.now <= 300  # 30,000 tokens at 6,000/min: about five minutes


def test_429_pauses_every_thread_until_retry_after() -> None:
    t = FakeTime()
    lim = Limiter(rpm=6000, clock=t.clock, sleep=t.sleep, jitter=lambda: 0.0)
    lim.on_status(429, 5.0)
    lim.acquire(1)  # another caller: waits out the shared pause
    assert t.now >= 5.0 and lim.throttled == 1
    lim.before_attempt()  # the first HTTP attempt of that call was paid for in acquire
    lim.on_status(429, None)  # no Retry-After: exponential backoff from 0.5 s
    before = t.now
    lim.before_attempt()  # the SDK's retry: waits out the pause
    assert t.now - before >= 0.5


def test_bucket_reservation_is_fair_debt() -> None:
    t = FakeTime()
    b = TokenBucket(60, clock=t.clock)  # one a second, burst 1
    assert [b.reserve() for _ in range(3)] == [0.0, 1.0, 2.0]


def test_prices_table_and_flags() -> None:
    assert prices_for("gpt-4o-mini-2024-07-18") == (0.15, 0.60)
    assert prices_for("gpt-4o") == (2.50, 10.00)
    assert prices_for("my-local-model") == (0.0, 0.0)
    assert prices_for("gpt-4o", 1.0, None) == (1.0, 10.00)


# --------------------------------------------------------------------------- HTTP: faults and SIGKILL


def openai_settings(srv: LoopbackServer, **kw: Any) -> Any:
    flags = {"backend": "openai", "base_url": srv.base_url, "api_key": "sk-test-key-123456", "model": "loopback-model",
             "timeout": 1.0, "transport_retries": 4, **kw}  # fmt: skip
    return load_settings(flags, env={})


def faulty(n: int, body: dict[str, Any]) -> Reply | str | dict[str, Any]:
    """Deterministic faults by request number; retries land on other numbers."""
    fast = {"retry-after-ms": "10"}
    if n % 11 == 2:
        return Reply(429, error_body("Rate limit reached", type_="requests"), fast)
    if n % 11 == 4:
        return Reply(500, error_body("boom", type_="server_error"), fast)
    if n % 11 == 6:
        return "{not json"
    if n % 11 == 8:
        return {"content": grounded_responder(body)[:20], "finish_reason": "length"}
    if n == 9:
        return Reply(200, {}, delay_s=1.5)  # the client times out and the SDK retries
    return grounded_responder(body)


def test_faults_all_complete_none_twice(tmp_path: Path) -> None:
    counter = iter(range(1_000_000))
    lock = threading.Lock()

    spoiled: set[str] = set()

    def responder(body: dict[str, Any]) -> Any:
        article = next((str(m.get("content")) for m in body.get("messages") or [] if m.get("role") == "user"), "")
        with lock:
            n = next(counter)
            # One spoiled reply (malformed or cut off) per article at most: two in a row for the same article,
            # which thread timing could otherwise arrange, would rightly exhaust its re-asks.
            if n % 11 in (6, 8):
                if article in spoiled:
                    return grounded_responder(body)
                spoiled.add(article)
        return faulty(n, body)

    items = discover([str(p) for p in write_corpus(tmp_path / "in", 12)])
    with LoopbackServer(responder=responder) as srv:
        res = run_batch(items, openai_settings(srv), BatchOptions(out_dir=str(tmp_path / "out"), concurrency=4))
        sent = len(srv.chat_requests)
    r = res.report
    assert (r.ok, r.failed, r.total) == (12, 0, 12), r.failures
    assert r.throttled >= 1  # the 429s were seen by the shared limiter
    with Store(tmp_path / "out" / ".summarizer.db") as s:
        rows = s.items(r.run_id)
        log = s.recent_calls(1000)
    assert all(i.attempts == 1 and i.status == "ok" for i in rows)  # none processed twice
    assert sum(1 for c in log if c["status"] == "ok") == r.calls <= sent
    assert not any("sk-test-key" in json.dumps(c) for c in log)
    for line in (tmp_path / "out" / "results.jsonl").read_text().splitlines():
        json.loads((tmp_path / "out" / f"{json.loads(line)['name']}.json").read_text())


def _batch_cmd(inputs: Path, out: Path, srv: LoopbackServer) -> list[str]:
    return [sys.executable, "-m", "summarizer", "batch", str(inputs), "--out", str(out), "--backend", "openai",
            "--base-url", srv.base_url, "--model", "loopback-model", "--concurrency", "2"]  # fmt: skip


def test_sigkill_then_rerun_completes_without_redoing(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 16)
    out = tmp_path / "out"
    bodies: list[str] = []
    lock = threading.Lock()

    def responder(body: dict[str, Any]) -> str:
        with lock:
            bodies.append(json.dumps(body, sort_keys=True))
        return grounded_responder(body)

    env = {**os.environ, "OPENAI_API_KEY": "sk-test", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with LoopbackServer(responder=responder, latency_s=0.05) as srv:
        proc = subprocess.Popen(_batch_cmd(tmp_path / "in", out, srv), env=env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while len(srv.chat_requests) < 10 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with Store(out / ".summarizer.db") as s:
            done_before = {i.source for i in s.items(1) if i.status == "ok"}
        at_kill = len(bodies)
        again = subprocess.run(_batch_cmd(tmp_path / "in", out, srv), env=env, capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
    assert 0 < len(done_before) < 16
    report = json.loads((out / "report.json").read_text())
    assert report["resumed"] and report["ok"] + report["cached"] == 16 and report["failed"] == 0
    lines = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    for x in lines:
        assert json.loads((out / f"{x['name']}.json").read_text())["kind"] == "brief"
        if x["source"] in done_before:
            assert x["calls"] == 0  # finished before the kill: not redone
    assert not list(out.glob(".*.tmp"))  # no half-written file left behind
    # Only requests in flight at the kill (at most --concurrency of them) may have been sent twice.
    dupes = len(bodies) - len(set(bodies))
    assert dupes <= 2 and len(bodies) > at_kill


@pytest.mark.parametrize("args", [["--via", "carrier-pigeon"], ["--concurrency", "0"]])
def test_cli_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app

    write_corpus(tmp_path / "in", 1)
    res = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "o"), *args])
    assert res.exit_code == 2


def test_cli_batch_default_command_and_status(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app

    write_corpus(tmp_path / "in", 2)
    runner = CliRunner()
    res = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "-b", "fake"])
    assert res.exit_code == 0, res.output
    assert "[2/2]" in res.output  # not a terminal: one plain line per item
    st = runner.invoke(app, ["batch", "status", str(tmp_path / "o"), "--json"])
    assert st.exit_code == 0 and json.loads(st.stdout)["items"] == {"ok": 2}
    logs = runner.invoke(app, ["logs", str(tmp_path / "o"), "--json", "--limit", "1"])
    assert logs.exit_code == 0 and json.loads(logs.stdout.splitlines()[0])["model"] == "fake-model"
    dry = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "-b", "fake", "--dry-run"])
    assert dry.exit_code == 0 and "2 cached" in dry.stdout
