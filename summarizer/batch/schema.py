"""The state file's schema: numbered migrations, and reading a state file read-only (``summarizer logs``).

``PRAGMA user_version`` holds the number of the last migration applied, so an old state file upgrades in
place. ``read_calls`` never writes: it opens the file read-only and refuses anything that is not ours, so
``logs`` pointed at someone else's database neither fails with a traceback nor adds our tables to it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError

OUR_TABLES = {"results", "replies", "runs", "items", "calls"}
CALL_COLUMNS = ("id", "at", "run_id", "article_id", "task", "model", "input_tokens", "output_tokens", "latency_s",
                "status", "request_id", "retries", "error", "content")  # fmt: skip

MIGRATIONS: tuple[str, ...] = (
    # 1: caches, runs, items, call log
    """
    CREATE TABLE results (
        key TEXT PRIMARY KEY, article_id TEXT NOT NULL, task TEXT NOT NULL, output TEXT NOT NULL, created REAL NOT NULL
    );
    CREATE TABLE replies (
        key TEXT PRIMARY KEY, text TEXT NOT NULL, model TEXT NOT NULL, finish_reason TEXT,
        input_tokens INTEGER, output_tokens INTEGER, request_id TEXT, created REAL NOT NULL
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, run_key TEXT NOT NULL, task TEXT NOT NULL, out_dir TEXT NOT NULL,
        via TEXT NOT NULL, spec TEXT NOT NULL, status TEXT NOT NULL, started REAL NOT NULL, finished REAL,
        report TEXT
    );
    CREATE INDEX runs_key ON runs(run_key, status);
    CREATE TABLE items (
        run_id INTEGER NOT NULL, idx INTEGER NOT NULL, source TEXT NOT NULL, name TEXT NOT NULL,
        article_id TEXT, status TEXT NOT NULL, reason TEXT, calls INTEGER DEFAULT 0, attempts INTEGER DEFAULT 0,
        updated REAL NOT NULL, PRIMARY KEY (run_id, idx)
    );
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, run_id INTEGER, article_id TEXT, task TEXT,
        model TEXT, input_tokens INTEGER, output_tokens INTEGER, latency_s REAL, status TEXT NOT NULL,
        request_id TEXT, retries INTEGER DEFAULT 0, error TEXT, content TEXT
    );
    CREATE INDEX calls_run ON calls(run_id);
    """,
    # 2: OpenAI Batch API jobs and the requests in them
    """
    CREATE TABLE batches (
        id TEXT PRIMARY KEY, run_id INTEGER NOT NULL, round INTEGER NOT NULL, input_file_id TEXT,
        status TEXT NOT NULL, output_file_id TEXT, error_file_id TEXT, requests INTEGER NOT NULL,
        collected INTEGER DEFAULT 0, created REAL NOT NULL, updated REAL NOT NULL
    );
    CREATE TABLE batch_requests (
        batch_id TEXT NOT NULL, custom_id TEXT NOT NULL, run_id INTEGER NOT NULL, idx INTEGER NOT NULL,
        reply_key TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'sent', error TEXT,
        PRIMARY KEY (batch_id, custom_id)
    );
    CREATE INDEX batch_requests_run ON batch_requests(run_id, idx);
    """,
)


def read_calls(path: str | Path, limit: int = 20) -> list[dict[str, Any]]:
    """The latest calls of a state file opened read-only; ConfigError when it is not one of ours."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise ConfigError(f"{path} cannot be opened ({exc}): pass a batch --out folder or its --state file") from None
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        cols = {str(r[1]) for r in db.execute("PRAGMA table_info(calls)")}
        if version < 1 or version > len(MIGRATIONS) or not {"at", "status", "request_id"} <= cols:
            raise ConfigError(f"{path} is not a summarizer state file: pass a batch --out folder or its --state file")
        names = CALL_COLUMNS
        rows = db.execute(f"SELECT {', '.join(names)} FROM calls ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(zip(names, r, strict=True)) for r in rows]
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"{path} is not a summarizer state file ({exc}): pass a batch --out folder or its "
                          "--state file") from None  # fmt: skip
    finally:
        db.close()
