"""Issue 11: nightly jobs that lose nothing and never pay twice (each test failed before its fix)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from summarizer.backends import Completion
from summarizer.backends.limited import cacheable
from summarizer.batch.inputs import discover
from summarizer.batch.lock import LOCK_FILE, RunLock
from summarizer.batch.plan import plan_batch
from summarizer.batch.run import BatchOptions, run_batch
from summarizer.batch.store import Store
from summarizer.config import load_settings
from summarizer.errors import AuthError, ConfigError, SummarizerError
from summarizer.files import DiskFullError, atomic_write, scrub
from tests.batch.test_batch import write_corpus
from tests.loopback import LoopbackServer, Reply, error_body
from tests.loopback_batch import grounded_responder

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-proj-Zq8vW3xT1mN5bR7kL2pY9cD4"
BARE = "Zq8vW3xT1mN5bR7kL2pY9cD4"  # the key as some servers echo it: without its sk-proj- prefix


def osettings(srv: LoopbackServer, **kw: Any) -> Any:
    flags = {"backend": "openai", "base_url": srv.base_url, "api_key": KEY, "model": "loopback-model",
             "timeout": 5.0, "transport_retries": 0, "max_retries": 0, **kw}  # fmt: skip
    return load_settings(flags, env={})


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": KEY, **extra}


def cli(*args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "summarizer", *args], env=env(), capture_output=True, text=True,
                          timeout=120, **kw)  # fmt: skip


def batch_args(inputs: Path, out: Path, srv: LoopbackServer, *extra: str) -> list[str]:
    return ["batch", str(inputs), "--out", str(out), "--backend", "openai", "--base-url", srv.base_url,
            "--model", "loopback-model", *extra]  # fmt: skip


# 1 --------------------------------------------------------------------------- only validated replies are cached


def test_malformed_and_cut_off_replies_are_not_cached_and_a_rerun_redoes_them(tmp_path: Path) -> None:
    items = discover([str(p) for p in write_corpus(tmp_path / "in", 4)])
    mode = {"bad": True}

    def responder(body: dict[str, Any]) -> Any:
        if not mode["bad"]:
            return grounded_responder(body)
        if "Ashford" in json.dumps(body):
            return {"content": grounded_responder(body)[:30], "finish_reason": "length"}
        return "{not json"

    opts = BatchOptions(out_dir=str(tmp_path / "o"))
    with LoopbackServer(responder=responder) as srv:
        first = run_batch(items, osettings(srv), opts)
        assert first.report.failed == 4
        mode["bad"] = False
        before = len(srv.chat_requests)
        second = run_batch(items, osettings(srv), opts)
        assert (second.report.ok, second.report.failed) == (4, 0), second.report.failures
        assert len(srv.chat_requests) - before >= 4  # asked anew, not replayed from the state file
        third = run_batch(items, osettings(srv), opts)
        assert third.report.cached == 4 and len(srv.chat_requests) - before == second.report.this_invocation["calls"]


def test_cacheable_only_complete_json_of_the_schema() -> None:
    schema = {"type": "object", "required": ["headline", "summary"]}

    def comp(text: str, finish: str = "stop", refusal: str | None = None) -> Completion:
        return Completion(text, "m", finish, 1, 1, refusal=refusal)

    assert cacheable(comp('{"headline": "a", "summary": "b"}'), schema)
    assert cacheable(comp('```json\n{"headline": "a", "summary": "b"}\n```'), schema)
    assert not cacheable(comp('{"headline": "a", "summ'), schema)
    assert not cacheable(comp('{"headline": "a", "summary": "b"}', finish="length"), schema)
    assert not cacheable(comp('{"headline": "a"}'), schema)  # a required field missing
    assert not cacheable(comp("[1, 2]"), schema)
    assert not cacheable(comp('{"headline": "a", "summary": "b"}', refusal="no"), schema)


# 2 --------------------------------------------------------------------------- one run per output folder


def test_second_run_on_the_same_out_exits_2_naming_the_holder_and_wait_queues(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 6)
    out = tmp_path / "o"
    release = threading.Event()

    def responder(body: dict[str, Any]) -> Any:
        release.wait(120)  # the first run stays busy until the other two have tried
        return grounded_responder(body)

    with LoopbackServer(responder=responder) as srv:
        first = subprocess.Popen([sys.executable, "-m", "summarizer", *batch_args(tmp_path / "in", out, srv)],
                                 env=env(), stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 60
        while not srv.chat_requests and time.monotonic() < deadline:
            time.sleep(0.02)
        second = cli(*batch_args(tmp_path / "in", out, srv))
        queued = [sys.executable, "-m", "summarizer", *batch_args(tmp_path / "in", out, srv, "--wait")]
        waiting = subprocess.Popen(queued, env=env(), stderr=subprocess.PIPE, text=True)
        assert waiting.stderr is not None
        said = waiting.stderr.readline()
        release.set()
        first.wait(60)
        rest = waiting.communicate(timeout=60)[1]
        paid = [json.dumps(r.body, sort_keys=True) for r in srv.chat_requests]
    assert second.returncode == 2
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and f"pid {first.pid}" in lines[0] and "started" in lines[0] and "--wait" in lines[0]
    assert f"pid {first.pid}" in said and "waiting" in said
    assert waiting.returncode == 0 and "6 cached" in rest, rest
    assert len(paid) == len(set(paid)) == 6  # every article paid once


def test_a_killed_holders_lock_is_taken_over(tmp_path: Path) -> None:
    code = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); from summarizer.batch.lock import RunLock; "
            f"lock = RunLock({str(tmp_path)!r}).acquire(); print('locked', flush=True); time.sleep(60)")  # fmt: skip
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(ConfigError, match=f"pid {holder.pid}"):
        RunLock(tmp_path).acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    lock = RunLock(tmp_path).acquire()  # the kernel freed the dead holder's lock; its file still names it
    assert lock.took_over is not None and lock.took_over.pid == holder.pid
    assert json.loads((tmp_path / LOCK_FILE).read_text())["pid"] == os.getpid()
    lock.release()


def test_ctrl_c_while_queued_with_wait_gives_up_at_once(tmp_path: Path) -> None:
    held = RunLock(tmp_path / "o")
    (tmp_path / "o").mkdir()
    held.acquire()
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()  # the first Ctrl-C, while the run is queued behind the holder
    items = discover([str(p) for p in write_corpus(tmp_path / "in", 1)])
    try:
        with pytest.raises(ConfigError, match="stopped waiting"):
            run_batch(items, load_settings({"backend": "extractive"}, env={}),
                      BatchOptions(out_dir=str(tmp_path / "o"), wait=True), stop=stop)  # fmt: skip
    finally:
        held.release()
    assert not (tmp_path / "o" / "results.jsonl").exists()


def test_lock_without_flock_judges_stale_holders_by_pid_and_start_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import fcntl

    def no_flock(*a: Any) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_flock)
    path = tmp_path / LOCK_FILE
    live = {"pid": os.getppid(), "started": time.time(), "host": os.uname().nodename, "proc_start": None}
    path.write_text(json.dumps(live))
    with pytest.raises(ConfigError, match=f"pid {os.getppid()}"):
        RunLock(tmp_path).acquire()
    reused = {**live, "pid": os.getpid(), "proc_start": "1"}  # our pid, but a process that started at tick 1
    path.write_text(json.dumps(reused))
    lock = RunLock(tmp_path).acquire()
    assert lock.took_over is not None and json.loads(path.read_text())["pid"] == os.getpid()
    lock.release()
    assert not path.exists()


# 3 --------------------------------------------------------------------------- a slow site


class _Trickle(BaseHTTPRequestHandler):
    """An article page that sends one byte every 0.2 s: each read is quick, the whole page takes 16 s."""

    sent: list[int] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = b"The council met. " * 5
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                self.sent.append(i)
                time.sleep(0.2)
        except OSError:
            pass  # the client gave up: what we want

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def trickle() -> Any:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    _Trickle.sent = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}/story"
    httpd.shutdown()
    httpd.server_close()


def test_a_slow_site_is_a_failed_item_within_the_timeout_not_a_stalled_night(tmp_path: Path, trickle: str) -> None:
    write_corpus(tmp_path / "in", 1)
    settings = load_settings({"backend": "extractive", "timeout": 1.0}, env={})
    res = run_batch(discover([str(tmp_path / "in"), trickle]), settings, BatchOptions(out_dir=str(tmp_path / "o")))
    assert res.report.ok == 1 and res.report.failed == 1
    (failure,) = res.report.failures
    assert failure["source"] == trickle and failure["reason"].startswith(f"{trickle}: timed out after 1 s")
    assert len(_Trickle.sent) < 85  # it gave up long before the page was complete


def test_brief_of_a_slow_site_exits_2(trickle: str) -> None:
    res = cli("brief", trickle, "--backend", "extractive", "--timeout", "1")
    assert res.returncode == 2 and res.stdout == ""
    assert "timed out" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert len(_Trickle.sent) < 85


# 4 --------------------------------------------------------------------------- full disk


def test_a_full_disk_is_reported_with_what_is_needed_and_the_run_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = discover([str(p) for p in write_corpus(tmp_path / "in", 6)])
    real = Store._migrate

    def small_disk(self: Store) -> None:
        real(self)
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        self._db.execute(f"PRAGMA max_page_count = {pages + 3}")  # SQLite's own 'database or disk is full'

    monkeypatch.setattr(Store, "_migrate", small_disk)
    opts = BatchOptions(out_dir=str(tmp_path / "o"), concurrency=1)
    with LoopbackServer(responder=grounded_responder) as srv:
        with pytest.raises(DiskFullError) as err:
            run_batch(items, osettings(srv), opts)
        msg = str(err.value)
        assert err.value.exit_code == 1 and "is full" in msg and "more is needed" in msg and "\n" not in msg
        report = json.loads((tmp_path / "o" / "report.json").read_text())  # what could be written, was
        assert report["total"] == 6
        monkeypatch.setattr(Store, "_migrate", real)
        again = run_batch(items, osettings(srv), opts)
        assert again.report.resumed and again.report.ok + again.report.cached == 6 and again.exit_code == 0
        paid = [json.dumps(r.body, sort_keys=True) for r in srv.chat_requests]
    assert len(paid) - len(set(paid)) <= 1  # at most the item whose result could not be recorded


def test_atomic_write_on_a_full_disk_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    target = tmp_path / "report.json"
    target.write_text("old\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFullError, match="is full"):
        atomic_write(target, "new\n" * 1000)
    assert target.read_text() == "old\n" and not list(tmp_path.glob(".*.tmp"))


# 5 --------------------------------------------------------------------------- totals of the run, not the command


def test_report_and_max_cost_cover_the_whole_run_across_resumes(tmp_path: Path) -> None:
    items = discover([str(p) for p in write_corpus(tmp_path / "in", 6)])
    stop = threading.Event()
    opts = BatchOptions(out_dir=str(tmp_path / "o"), concurrency=1)
    with LoopbackServer(responder=grounded_responder) as srv:
        first = run_batch(items, osettings(srv), opts, on_item=lambda r: stop.set(), stop=stop)
        done = first.report.ok
        assert first.report.interrupted and 1 <= done < 6
        second = run_batch(items, osettings(srv), opts)
        sent = len(srv.chat_requests)
    saved = json.loads((tmp_path / "o" / "report.json").read_text())
    assert second.report.resumed and saved["calls"] == sent == 6
    assert saved["this_invocation"]["calls"] == 6 - done and saved["ok"] == 6
    assert saved["prompt_tokens"] > saved["this_invocation"]["prompt_tokens"]
    assert f"this command: {6 - done} calls" in (tmp_path / "o" / "digest.md").read_text()

    # --max-cost counts what the earlier invocations spent: a resume does not start from zero.
    items8 = discover([str(p) for p in write_corpus(tmp_path / "in8", 8)])
    priced = BatchOptions(out_dir=str(tmp_path / "o8"), concurrency=1, price_in=1000.0, price_out=1000.0)
    stop8 = threading.Event()
    with LoopbackServer(responder=grounded_responder) as srv:
        part = run_batch(items8, osettings(srv), priced, on_item=lambda r: stop8.set(), stop=stop8)
        spent, done = part.report.estimated_cost_usd, part.report.ok
        plan = plan_batch(items8[done:done + 1], osettings(srv), BatchOptions(out_dir=str(tmp_path / "plan"),
                          price_in=1000.0, price_out=1000.0))  # fmt: skip
        limit = spent + 0.5 * plan[0].cost_usd  # above one article's estimate, below it on top of what was spent
        assert limit > plan[0].cost_usd
        capped = BatchOptions(out_dir=str(tmp_path / "o8"), concurrency=1, price_in=1000.0, price_out=1000.0,
                              max_cost=limit)  # fmt: skip
        rest = run_batch(items8, osettings(srv), capped)
    assert rest.report.stopped_by_cost and rest.report.ok == done and rest.report.this_invocation["calls"] == 0
    assert rest.report.estimated_cost_usd == spent


# 6 --------------------------------------------------------------------------- the second Ctrl-C


def test_second_ctrl_c_aborts_while_requests_hang_and_the_state_stays_consistent(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 4)
    out = tmp_path / "o"
    release = threading.Event()

    def responder(body: dict[str, Any]) -> Any:
        release.wait(120)  # a provider that does not answer while the test is looking
        return grounded_responder(body)

    with LoopbackServer(responder=responder) as srv:
        cmd = [sys.executable, "-m", "summarizer", *batch_args(tmp_path / "in", out, srv, "--timeout", "120")]
        proc = subprocess.Popen(cmd, env=env(), stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while len(srv.chat_requests) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=60)  # a hang guard: without the fix it waits for the replies
        finally:
            answered_while_running = release.is_set()
            release.set()
        assert not answered_while_running and proc.returncode == 130, err
        assert "aborting now" in err
        with Store(out / ".summarizer.db") as s:
            rows = s.items(1)
        assert {r.status for r in rows} == {"interrupted"}  # none left "running"
        assert json.loads((out / "report.json").read_text())["interrupted"] is True
        again = cli(*batch_args(tmp_path / "in", out, srv))
    assert again.returncode == 0 and "4 ok" in again.stderr


# 7 --------------------------------------------------------------------------- bad options cost nothing


@pytest.mark.parametrize(
    "extra",
    [
        ["--out", "IS_A_FILE"],
        ["--max-output-tokens", "0"],
        ["--max-output-tokens", "-5"],
        ["--concurrency", "0"],
        ["--max-cost", "-1"],
    ],  # fmt: skip
)
def test_bad_batch_options_fail_before_any_call(tmp_path: Path, extra: list[str]) -> None:
    write_corpus(tmp_path / "in", 2)
    (tmp_path / "file").write_text("x")
    extra = [str(tmp_path / "file") if x == "IS_A_FILE" else x for x in extra]
    with LoopbackServer(responder=grounded_responder) as srv:
        res = cli(*batch_args(tmp_path / "in", tmp_path / "o", srv), *extra)
        assert res.returncode == 2, res.stderr
        assert not srv.chat_requests
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr


@pytest.mark.parametrize("case", ["dir", "missing", "zero", "negative"])
def test_bad_brief_options_fail_before_any_call(tmp_path: Path, case: str) -> None:
    write_corpus(tmp_path / "in", 1)
    extra = {"dir": ["-o", str(tmp_path)], "missing": ["-o", str(tmp_path / "no" / "such" / "x.json")],
             "zero": ["--max-output-tokens", "0"], "negative": ["--max-output-tokens", "-5"]}[case]  # fmt: skip
    with LoopbackServer(responder=grounded_responder) as srv:
        res = cli("brief", str(tmp_path / "in" / "story000.txt"), "--backend", "openai", "--base-url", srv.base_url,
                  "--model", "loopback-model", *extra)  # fmt: skip
        assert not srv.chat_requests
    assert res.returncode == 2 and res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1 and "internal error" not in res.stderr


# 8 --------------------------------------------------------------------------- logs on someone else's file


@pytest.mark.parametrize("kind", ["foreign", "garbage", "empty"])
def test_logs_refuses_files_that_are_not_state_files_and_changes_nothing(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "other.db"
    if kind == "foreign":
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE notes (x TEXT)")
        con.commit()
        con.close()
    elif kind == "garbage":
        db.write_bytes(b"not a database at all\n" * 100)
    else:
        db.write_bytes(b"")
    before = db.read_bytes()
    res = cli("logs", str(db))
    assert res.returncode == 2 and "not a summarizer state file" in res.stderr or "cannot be opened" in res.stderr
    assert db.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    assert len(res.stderr.strip().splitlines()) == 1


def test_batch_state_refuses_a_foreign_database(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes (x TEXT)")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(ConfigError, match="not a summarizer state file"):
        Store(db)
    assert db.read_bytes() == before


# 9 --------------------------------------------------------------------------- a rejected key


def test_a_rejected_key_stops_the_run_at_the_first_401(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 20)
    with LoopbackServer(responder=grounded_responder, api_key="sk-the-right-one") as srv:
        res = cli(*batch_args(tmp_path / "in", tmp_path / "o", srv, "--concurrency", "4"))
        sent = len(srv.chat_requests)
    assert res.returncode == 2
    assert 1 <= sent <= 4  # at most the requests already in flight when the first 401 came back
    assert res.stderr.strip().splitlines()[-1].startswith("summarizer: error:") and "API key" in res.stderr
    report = json.loads((tmp_path / "o" / "report.json").read_text())
    assert report["ok"] == 0 and report["failed"] + report["skipped"] == 20


def test_rejected_key_raises_auth_error_from_the_library(tmp_path: Path) -> None:
    items = discover([str(p) for p in write_corpus(tmp_path / "in", 5)])
    with LoopbackServer(responder=grounded_responder, api_key="sk-the-right-one") as srv:
        with pytest.raises(AuthError):
            run_batch(items, osettings(srv), BatchOptions(out_dir=str(tmp_path / "o"), concurrency=1))
        assert len(srv.chat_requests) == 1


# 10 -------------------------------------------------------------------------- the key, wherever it shows up


def test_scrub_removes_every_form_of_the_key() -> None:
    assert scrub(f"a {KEY} b {BARE} c proj-{BARE}", KEY) == "a *** b *** c ***"
    assert scrub("nothing here", KEY) == "nothing here" and scrub("x", None) == "x"
    assert scrub("sk-abc", "sk-abc") == "sk-abc"  # too short to scrub without blanking ordinary text


def test_the_key_never_reaches_stderr_report_digest_results_outputs_or_state(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 3)
    box: dict[str, Any] = {}

    def responder(body: dict[str, Any]) -> Any:
        if "Ashford" in json.dumps(body):  # a 400 whose body echoes the key without its prefix
            return Reply(400, error_body(f"Bad request for key {BARE}"), {"x-request-id": f"req-{KEY}"})
        data = json.loads(grounded_responder(body))
        data["headline"] += f" {BARE}"  # a 200 reply containing the key, with a request id containing it
        return Reply(200, box["srv"].completion_body(body, content=json.dumps(data)), {"x-request-id": f"r-{BARE}"})

    with LoopbackServer(responder=responder) as srv:
        box["srv"] = srv
        res = cli(*batch_args(tmp_path / "in", tmp_path / "o", srv, "--concurrency", "1", "--log-content",
                              "--format", "md"))  # fmt: skip
        logs = cli("logs", str(tmp_path / "o"), "--json")
    assert res.returncode == 1  # the 400 item failed; the others are done
    blobs = {"stderr": res.stderr, "stdout": res.stdout, "logs": logs.stdout + logs.stderr}
    blobs.update({f.name: f.read_bytes().decode("utf-8", "replace") for f in (tmp_path / "o").iterdir()})
    assert {"report.json", "digest.md", "results.jsonl", ".summarizer.db"} <= set(blobs)
    assert [n for n, b in blobs.items() if BARE in b] == []
    assert "Bad request for key ***" in blobs["results.jsonl"]


# 11 -------------------------------------------------------------------------- inputs that are not articles


def _nav_page(path: Path) -> None:
    links = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(40))
    path.write_text(f"<html><head><title>Site</title></head><body><nav><ul>{links}</ul></nav>"
                    '<div><a href="/">Home</a> | <a href="/login">Log in</a></div></body></html>')  # fmt: skip


@pytest.mark.parametrize("kind", ["nav", "giant"])
def test_non_articles_exit_2_for_brief(tmp_path: Path, kind: str) -> None:
    p = tmp_path / ("nav.html" if kind == "nav" else "giant.txt")
    _nav_page(p) if kind == "nav" else p.write_text("x" * 1_900_000)
    res = cli("brief", str(p), "--backend", "extractive")
    assert res.returncode == 2 and res.stdout == ""
    assert str(p) in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_non_articles_are_failed_items_with_the_reason(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    _nav_page(tmp_path / "in" / "nav.html")
    (tmp_path / "in" / "giant.txt").write_text("y" * 200_000)
    res = run_batch(discover([str(tmp_path / "in")]), load_settings({"backend": "extractive"}, env={}),
                    BatchOptions(out_dir=str(tmp_path / "o")))  # fmt: skip
    reasons = {Path(f["source"]).name: f["reason"] for f in res.report.failures}
    assert res.report.ok == 1 and set(reasons) == {"nav.html", "giant.txt"}
    assert reasons["nav.html"].startswith(str(tmp_path / "in" / "nav.html")) and "navigation" in reasons["nav.html"]
    assert reasons["giant.txt"].startswith(str(tmp_path / "in" / "giant.txt")) and "longer than" in reasons["giant.txt"]


# 12 -------------------------------------------------------------------------- files keep their mode


def test_new_files_follow_the_umask_and_overwrites_keep_the_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.json", "{}\n")
        existing = tmp_path / "old.json"
        existing.write_text("x")
        existing.chmod(0o640)
        atomic_write(existing, "{}\n")
        os.umask(0o077)
        atomic_write(tmp_path / "private.json", "{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640 and existing.read_text() == "{}\n"
    assert stat.S_IMODE((tmp_path / "private.json").stat().st_mode) == 0o600


def test_a_killed_runs_temp_files_are_swept_by_the_next_run(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / ".story000-1a2b3c4d.json.k2j3h4x_.tmp").write_text('{"kind": "bri')  # cut by a SIGKILL
    (tmp_path / "o" / ".notes.tmp").write_text("someone else's")
    res = run_batch(discover([str(tmp_path / "in")]), load_settings({"backend": "extractive"}, env={}),
                    BatchOptions(out_dir=str(tmp_path / "o")))  # fmt: skip
    assert res.report.ok == 1 and [p.name for p in (tmp_path / "o").glob(".*.tmp")] == [".notes.tmp"]


def test_batch_outputs_follow_the_umask(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    old = os.umask(0o022)
    try:
        run_batch(discover([str(tmp_path / "in")]), load_settings({"backend": "extractive"}, env={}),
                  BatchOptions(out_dir=str(tmp_path / "o")))  # fmt: skip
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "o").iterdir() if not p.name.startswith(".")}
    assert modes and set(modes.values()) == {0o644}, modes


def test_disk_full_message_is_one_line_and_summarizer_error() -> None:
    from summarizer.files import disk_full

    err = disk_full(Path("/tmp/x.json"), 5_000_000)
    assert isinstance(err, SummarizerError) and "5.0 MB more is needed" in str(err) and "\n" not in str(err)


# Batch API: the map requests sent up front must be the ones the pipeline then asks (else a 2nd round is paid)


def test_planned_map_requests_are_exactly_the_pipelines_first_turn_map_requests() -> None:
    from summarizer import ingest
    from summarizer.backends.fake import SchemaFake
    from summarizer.backends.limited import request_key
    from summarizer.batch.plan import map_requests
    from summarizer.llm.prompts import PromptSet
    from summarizer.pipeline import LLMEngine, run

    text = "Harbour report\n\n" + " ".join(
        f"Port officials said on day {i} that the harbour took {i * 7 + 3} ships." for i in range(300)
    )
    flags = {"backend": "fake", "context_tokens": 3000, "chunk_tokens": 400, "max_output_tokens": 400}
    settings = load_settings(flags, env={})
    article = ingest.from_text(text)
    seen: list[str] = []

    class Recording(SchemaFake):
        def complete(self, messages: Any, **kw: Any) -> Any:
            if kw.get("schema_name") == "map" and not any(m.role == "assistant" for m in messages):
                seen.append(request_key(self.model, messages, kw.get("json_schema"), "map", kw.get("max_tokens"),
                                        kw.get("temperature"), kw.get("seed")))  # fmt: skip
            return super().complete(messages, **kw)

    fake = Recording()
    planned = [
        request_key(
            fake.model, m, kw["json_schema"], kw["schema_name"], kw["max_tokens"], kw["temperature"], kw["seed"]
        )  # fmt: skip
        for m, kw in map_requests("brief", article, settings, fake, PromptSet())
    ]
    run("brief", article, LLMEngine(fake), settings)
    assert len(planned) >= 2 and sorted(planned) == sorted(seen)


def test_report_and_digest_count_outputs_the_checks_had_to_clean(tmp_path: Path) -> None:
    items = discover([str(p) for p in write_corpus(tmp_path / "in", 2)])

    def responder(body: dict[str, Any]) -> Any:
        data = json.loads(grounded_responder(body))
        if "Ashford" in json.dumps(body) and data.get("key_points"):  # a number the article does not have, always
            data["key_points"][0]["text"] = "The bridge will cost 987 million pounds."
        return json.dumps(data)

    with LoopbackServer(responder=responder) as srv:
        res = run_batch(items, osettings(srv, max_retries=1), BatchOptions(out_dir=str(tmp_path / "o")))
    assert res.report.ok == 2 and res.report.with_removals == 1
    assert json.loads((tmp_path / "o" / "report.json").read_text())["with_removals"] == 1
    digest = (tmp_path / "o" / "digest.md").read_text()
    assert digest.count("removed or rebuilt by the checks") == 1 and "987" not in digest


def test_brief_never_prints_the_key_a_server_echoes_without_its_prefix(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    with LoopbackServer(responder=lambda body: Reply(400, error_body(f"Bad request for key {BARE}"))) as srv:
        res = cli("brief", str(tmp_path / "in" / "story000.txt"), "--base-url", srv.base_url, "--model", "m")
    assert res.returncode == 1 and "Bad request for key ***" in res.stderr
    assert BARE not in res.stderr + res.stdout
