"""SQLite state of batch runs: result cache, reply cache, runs and items, call log, Batch API jobs.

Numbered migrations (``PRAGMA user_version``) so an old state file upgrades in place. WAL mode lets
``batch status`` read while a run writes; one connection is shared by the worker threads behind a lock
(SQLite serialises writers anyway, and the lock keeps ``sqlite3`` from complaining about threads).

Two caches, two purposes:
- ``results``: article id + task + config key -> the finished output JSON (an unchanged article costs nothing).
- ``replies``: hash of one exact backend request -> the reply. A run killed half-way through a long
  article replays the calls it already paid for; the Batch API path fills it from downloaded results.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.backends.limited import Reply
from summarizer.batch.schema import MIGRATIONS, OUR_TABLES
from summarizer.errors import ConfigError
from summarizer.files import disk_full, is_disk_full

STATE_FILE = ".summarizer.db"


@dataclass(frozen=True)
class ItemRow:
    """One item of a run as stored."""

    idx: int
    source: str
    name: str
    article_id: str | None
    status: str
    reason: str | None
    calls: int
    attempts: int


class Store:
    """The state file. Thread-safe; use as a context manager or call ``close``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"state file {self.path} cannot be opened ({exc}): check --state / --out") from None
        self._lock = threading.RLock()
        try:
            self._check_ours()  # before WAL: switching the journal mode would already change a foreign file
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.Error as exc:
            self._db.close()
            if is_disk_full(exc):
                raise disk_full(self.path) from None
            raise ConfigError(f"state file {self.path} cannot be opened ({exc}): check --state / --out") from None
        except BaseException:
            self._db.close()
            raise

    # ------------------------------------------------------------------ plumbing

    def _check_ours(self) -> None:
        """ConfigError unless the file is empty/new or has our schema (never add tables to a foreign database)."""
        try:
            current = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            tables = {str(r[0]) for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"{self.path} is not a summarizer state file ({exc}): choose another --state") from None
        if (current == 0 and tables - {"sqlite_sequence"}) or (current > 0 and not tables >= OUR_TABLES):
            raise ConfigError(
                f"{self.path} is a SQLite database but not a summarizer state file: choose another --state"
            )

    def _migrate(self) -> None:
        with self._lock:
            current = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            if current > len(MIGRATIONS):
                raise ConfigError(
                    f"state file {self.path} was written by a newer summarizer (schema {current}): upgrade summarizer"
                )
            for number in range(current + 1, len(MIGRATIONS) + 1):
                # executescript commits first; the version bump rides in the same script so a crash redoes it all.
                self._db.executescript(f"BEGIN; {MIGRATIONS[number - 1]}; PRAGMA user_version = {number}; COMMIT;")

    @property
    def schema_version(self) -> int:
        """The applied migration number."""
        with self._lock:
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if is_disk_full(exc):
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise disk_full(self.path) from None
                raise

    def all_rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._db.execute(sql, args).fetchall())

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ result cache

    def get_result(self, key: str) -> str | None:
        """The cached output JSON for ``key``."""
        rows = self.all_rows("SELECT output FROM results WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def put_result(self, key: str, article_id: str, task: str, output_json: str) -> None:
        """Cache a finished output."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO results (key, article_id, task, output, created) VALUES (?, ?, ?, ?, ?)",
                (key, article_id, task, output_json, time.time()),
            )

    # ------------------------------------------------------------------ reply cache

    def get_reply(self, key: str) -> Reply | None:
        """The stored reply to the request with hash ``key``."""
        rows = self.all_rows(
            "SELECT text, model, finish_reason, input_tokens, output_tokens, request_id FROM replies WHERE key = ?",
            (key,),
        )
        return Reply(*rows[0]) if rows else None

    def put_reply(self, key: str, reply: Reply) -> None:
        """Store the reply to the request with hash ``key``."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO replies VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    reply.text,
                    reply.model,
                    reply.finish_reason,
                    reply.input_tokens,
                    reply.output_tokens,
                    reply.request_id,
                    time.time(),
                ),
            )

    def forget_replies(self, keys: Sequence[str]) -> None:
        """Drop stored replies (an item whose output never validated must not replay them)."""
        with self._tx() as db:
            db.executemany("DELETE FROM replies WHERE key = ?", [(k,) for k in keys])

    # ------------------------------------------------------------------ runs and items

    def open_run(self, run_key: str, task: str, out_dir: str, via: str, spec: dict[str, Any]) -> tuple[int, bool]:
        """Resume the unfinished run with ``run_key`` or start a new one: (run id, resumed?)."""
        with self._tx() as db:
            row = db.execute(
                "SELECT id FROM runs WHERE run_key = ? AND status IN ('running', 'interrupted', 'submitted') "
                "ORDER BY id DESC LIMIT 1",
                (run_key,),
            ).fetchone()
            if row is not None:
                db.execute("UPDATE runs SET status = 'running', finished = NULL WHERE id = ?", (row[0],))
                return int(row[0]), True
            cur = db.execute(
                "INSERT INTO runs (run_key, task, out_dir, via, spec, status, started) "
                "VALUES (?, ?, ?, ?, ?, 'running', ?)",
                (run_key, task, out_dir, via, json.dumps(spec), time.time()),
            )
            return int(cur.lastrowid or 0), False

    def finish_run(self, run_id: int, status: str, report: dict[str, Any]) -> None:
        """Mark a run finished (``done`` | ``interrupted`` | ``submitted``) with its report."""
        with self._tx() as db:
            db.execute(
                "UPDATE runs SET status = ?, finished = ?, report = ? WHERE id = ?",
                (status, time.time(), json.dumps(report), run_id),
            )

    def run_info(self, run_id: int | None = None) -> dict[str, Any] | None:
        """One run (the latest when ``run_id`` is None) as a dict."""
        sql = "SELECT id, run_key, task, out_dir, via, spec, status, started, finished, report FROM runs"
        rows = self.all_rows(
            sql + (" WHERE id = ?" if run_id is not None else " ORDER BY id DESC LIMIT 1"),
            (run_id,) if run_id is not None else (),
        )
        if not rows:
            return None
        r = rows[0]
        return {
            "id": r[0], "run_key": r[1], "task": r[2], "out_dir": r[3], "via": r[4], "spec": json.loads(r[5]),
            "status": r[6], "started": r[7], "finished": r[8], "report": json.loads(r[9]) if r[9] else None,
        }  # fmt: skip

    def upsert_items(self, run_id: int, rows: Sequence[tuple[int, str, str]]) -> None:
        """Register (idx, source, name) items as pending unless they are already there."""
        now = time.time()
        with self._tx() as db:
            db.executemany(
                "INSERT OR IGNORE INTO items (run_id, idx, source, name, status, updated) "
                "VALUES (?, ?, ?, ?, 'pending', ?)",
                [(run_id, i, s, n, now) for i, s, n in rows],
            )

    def set_item(
        self,
        run_id: int,
        idx: int,
        status: str,
        *,
        reason: str | None = None,
        article_id: str | None = None,
        calls: int | None = None,
        attempt: bool = False,
    ) -> None:
        """Record an item's status (``running`` counts an attempt)."""
        with self._tx() as db:
            db.execute(
                "UPDATE items SET status = ?, reason = ?, article_id = COALESCE(?, article_id), "
                "calls = COALESCE(?, calls), attempts = attempts + ?, updated = ? WHERE run_id = ? AND idx = ?",
                (status, reason, article_id, calls, 1 if attempt else 0, time.time(), run_id, idx),
            )

    def items(self, run_id: int) -> list[ItemRow]:
        """Every item of a run, in input order."""
        rows = self.all_rows(
            "SELECT idx, source, name, article_id, status, reason, calls, attempts FROM items "
            "WHERE run_id = ? ORDER BY idx",
            (run_id,),
        )
        return [ItemRow(*r) for r in rows]

    def item_counts(self, run_id: int) -> dict[str, int]:
        """Items per status."""
        return {str(s): int(n) for s, n in self.all_rows(
            "SELECT status, COUNT(*) FROM items WHERE run_id = ? GROUP BY status", (run_id,))}  # fmt: skip

    # ------------------------------------------------------------------ call log

    def log_call(
        self,
        *,
        run_id: int | None,
        article_id: str | None,
        task: str | None,
        model: str | None,
        input_tokens: int | None,
        output_tokens: int | None,
        latency_s: float,
        status: str,
        request_id: str | None,
        retries: int,
        error: str | None = None,
        content: str | None = None,
    ) -> None:
        """Append one LLM call to the log (never the API key; ``content`` only with --log-content)."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO calls (at, run_id, article_id, task, model, input_tokens, output_tokens, latency_s, "
                "status, request_id, retries, error, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    run_id,
                    article_id,
                    task,
                    model,
                    input_tokens,
                    output_tokens,
                    round(latency_s, 4),
                    status,
                    request_id,
                    retries,
                    error,
                    content,
                ),
            )

    def run_totals(self, run_id: int) -> tuple[int, int, int]:
        """(calls, input tokens, output tokens) of every answered call a run made, across all its invocations."""
        rows = self.all_rows(
            "SELECT COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0) FROM calls "
            "WHERE run_id = ? AND status = 'ok'",
            (run_id,),
        )
        return int(rows[0][0]), int(rows[0][1]), int(rows[0][2])

    def recent_calls(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest ``limit`` calls, newest first."""
        cols = ("id", "at", "run_id", "article_id", "task", "model", "input_tokens", "output_tokens", "latency_s",
                "status", "request_id", "retries", "error", "content")  # fmt: skip
        rows = self.all_rows(f"SELECT {', '.join(cols)} FROM calls ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(zip(cols, r, strict=True)) for r in rows]

    # ------------------------------------------------------------------ Batch API

    def add_batch(self, batch_id: str, run_id: int, round_no: int, input_file_id: str, status: str,
                  requests: Sequence[tuple[str, int, str]]) -> None:  # fmt: skip
        """Record a created batch and its (custom_id, item idx, reply key) requests."""
        now = time.time()
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO batches (id, run_id, round, input_file_id, status, requests, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (batch_id, run_id, round_no, input_file_id, status, len(requests), now, now),
            )
            db.executemany(
                "INSERT OR REPLACE INTO batch_requests (batch_id, custom_id, run_id, idx, reply_key) "
                "VALUES (?, ?, ?, ?, ?)",
                [(batch_id, c, run_id, i, k) for c, i, k in requests],
            )

    def update_batch(self, batch_id: str, *, status: str, output_file_id: str | None = None,
                     error_file_id: str | None = None, collected: bool | None = None) -> None:  # fmt: skip
        """Update a batch's status and result files."""
        with self._tx() as db:
            db.execute(
                "UPDATE batches SET status = ?, output_file_id = COALESCE(?, output_file_id), "
                "error_file_id = COALESCE(?, error_file_id), collected = COALESCE(?, collected), updated = ? "
                "WHERE id = ?",
                (status, output_file_id, error_file_id, None if collected is None else int(collected), time.time(),
                 batch_id),
            )  # fmt: skip

    def batches(self, run_id: int) -> list[dict[str, Any]]:
        """The batches of a run, oldest first."""
        cols = ("id", "round", "input_file_id", "status", "output_file_id", "error_file_id", "requests", "collected")
        rows = self.all_rows(f"SELECT {', '.join(cols)} FROM batches WHERE run_id = ? ORDER BY created", (run_id,))
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def batch_requests(self, batch_id: str) -> dict[str, tuple[int, str]]:
        """custom_id -> (item idx, reply key) for one batch."""
        rows = self.all_rows("SELECT custom_id, idx, reply_key FROM batch_requests WHERE batch_id = ?", (batch_id,))
        return {str(c): (int(i), str(k)) for c, i, k in rows}

    def mark_request(self, batch_id: str, custom_id: str, status: str, error: str | None = None) -> None:
        """Record the outcome of one batch request (``ok`` | ``failed``)."""
        with self._tx() as db:
            db.execute(
                "UPDATE batch_requests SET status = ?, error = ? WHERE batch_id = ? AND custom_id = ?",
                (status, error, batch_id, custom_id),
            )

    def failed_request_items(self, run_id: int) -> set[int]:
        """Items with a batch request the Batch API could not answer."""
        rows = self.all_rows(
            "SELECT DISTINCT idx FROM batch_requests WHERE run_id = ? AND status = 'failed'", (run_id,)
        )
        return {int(r[0]) for r in rows}


def default_state_path(out_dir: str | Path) -> Path:
    """DIR/.summarizer.db."""
    return Path(out_dir) / STATE_FILE
