"""Bounded work: at most N pipeline runs at once (503 beyond), each answered within a deadline (504 after)."""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class ApiError(Exception):
    """An error with its HTTP status and JSON ``type``; ``message`` is shown to the caller as is."""

    def __init__(self, status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.headers = headers or {}


class Worker:
    """Runs blocking pipeline work in threads, never more than ``limit`` at once."""

    def __init__(self, limit: int, timeout: float, *, threads: int | None = None) -> None:
        self.limit = limit
        self.timeout = timeout
        self.busy = 0
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=threads or limit, thread_name_prefix="summarizer-serve")
        self._recent: list[float] = []

    def _enter(self) -> bool:
        with self._lock:
            if self.busy >= self.limit:
                return False
            self.busy += 1
            return True

    def _leave(self, seconds: float) -> None:
        with self._lock:
            self.busy -= 1
            self._recent = [*self._recent[-19:], seconds]

    def retry_after(self) -> int:
        """Seconds a refused caller should wait: the recent mean run time, at least 1."""
        with self._lock:
            mean = sum(self._recent) / len(self._recent) if self._recent else 1.0
        return max(1, min(math.ceil(mean), math.ceil(self.timeout)))

    async def run(self, fn: Callable[[], T]) -> T:
        """``fn()`` in a worker thread; 503 when all slots are busy, 504 past the deadline."""
        if not self._enter():
            wait = self.retry_after()
            raise ApiError(
                503,
                "busy",
                f"{self.limit} requests are already running (the server's --max-concurrent); retry in {wait} s",
                {"Retry-After": str(wait)},
            )
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            future: Future[T] = self._pool.submit(fn)
        except RuntimeError:  # the pool is shut down: the server is stopping
            self._leave(0.0)
            raise ApiError(503, "busy", "the server is shutting down; retry shortly", {"Retry-After": "5"}) from None

        def done(f: Future[T]) -> None:
            # The slot is freed when the thread really ends, not when the caller gave up: a run past its
            # deadline still holds CPU or an LLM connection, so it still counts against the limit.
            self._leave(loop.time() - started)
            if not f.cancelled():
                f.exception()  # mark it retrieved: a timed-out run's error is not a stray warning

        future.add_done_callback(done)
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), self.timeout)
        except TimeoutError:
            raise ApiError(
                504,
                "timeout",
                f"timed out: the request took longer than {self.timeout:g} s (the server's --request-timeout); "
                "try a shorter article or ask the operator to raise the limit",
            ) from None

    def shutdown(self) -> None:
        """Stop taking work; running threads finish on their own."""
        self._pool.shutdown(wait=False, cancel_futures=True)
