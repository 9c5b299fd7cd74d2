"""The SQLite state file: migrations, caches, runs and items, call log."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from summarizer.backends import Message
from summarizer.backends.fake import ScriptedBackend
from summarizer.backends.limited import LimitedBackend, Reply
from summarizer.backends.ratelimit import Limiter
from summarizer.batch.schema import MIGRATIONS
from summarizer.batch.store import Store


def test_migrations_apply_once_and_survive_reopen(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as s:
        assert s.schema_version == len(MIGRATIONS)
        s.put_result("k", "a", "brief", "{}")
    with Store(db) as s:  # reopening does not re-run migrations (they would fail on existing tables)
        assert s.get_result("k") == "{}"
    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_old_state_file_is_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    con.close()
    with Store(db) as s:
        assert s.schema_version == len(MIGRATIONS)
        assert s.batches(1) == []


def test_reply_cache_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as s:
        assert s.get_reply("x") is None
        s.put_reply("x", Reply("{}", "m", "stop", 3, 4, "req_1"))
        assert s.get_reply("x") == Reply("{}", "m", "stop", 3, 4, "req_1")


def test_runs_resume_until_finished(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as s:
        rid, resumed = s.open_run("key", "brief", "out", "direct", {})
        assert not resumed
        s.upsert_items(rid, [(0, "a.txt", "a"), (1, "b.txt", "b")])
        s.set_item(rid, 0, "ok", article_id="x", calls=2)
        again, resumed = s.open_run("key", "brief", "out", "direct", {})
        assert (again, resumed) == (rid, True)
        s.upsert_items(rid, [(0, "a.txt", "a"), (1, "b.txt", "b")])  # registering again keeps the status
        assert [i.status for i in s.items(rid)] == ["ok", "pending"]
        s.finish_run(rid, "done", {"ok": 1})
        fresh, resumed = s.open_run("key", "brief", "out", "direct", {})
        assert fresh != rid and not resumed


def test_call_log_has_no_content_unless_asked(tmp_path: Path) -> None:
    secret_text = "The minister said the budget is secret text."
    with Store(tmp_path / "s.db") as s:
        for log_content in (False, True):
            inner = ScriptedBackend(['{"a": 1}'])
            be = LimitedBackend(inner, Limiter(), slots=threading.Semaphore(1), store=s, log_content=log_content)
            be.for_item("art", "brief").complete([Message("user", secret_text + str(log_content))])
        calls = s.recent_calls(10)
    assert len(calls) == 2
    newest, oldest = calls
    assert oldest["content"] is None and newest["content"] is not None and secret_text in newest["content"]
    assert oldest["article_id"] == "art" and oldest["task"] == "brief" and oldest["status"] == "ok"
    assert oldest["input_tokens"] and oldest["output_tokens"]


def test_identical_request_is_replayed_not_resent(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as s:
        inner = ScriptedBackend(['{"a": 1}'])
        be = LimitedBackend(inner, Limiter(), slots=threading.Semaphore(1), store=s)
        first = be.complete([Message("user", "hello")], max_tokens=10)
        second = be.for_item("a", "brief").complete([Message("user", "hello")], max_tokens=10)
        assert second.text == first.text and len(inner.calls) == 1
        other = LimitedBackend(inner, Limiter(), slots=threading.Semaphore(1), store=s, use_cache=False)
        inner.enqueue('{"a": 2}')
        assert other.complete([Message("user", "hello")], max_tokens=10).text == '{"a": 2}'  # --force
