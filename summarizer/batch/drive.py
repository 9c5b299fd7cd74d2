"""Driving a batch: the thread pool fed a few items ahead, Ctrl-C once (finish) or twice (abort), the cost gate."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from summarizer.batch.inputs import Item
from summarizer.batch.report import ItemResult


class Budget:
    """--max-cost: spent + reserved must stay under the limit; once refused, later items are refused too."""

    def __init__(self, limit: float | None):
        self.limit, self.spent, self.reserved, self.stopped = limit, 0.0, 0.0, False
        self._lock = threading.Lock()

    def reserve(self, estimate: float) -> bool:
        with self._lock:
            if self.limit is None:
                return True
            if self.stopped or self.spent + self.reserved + estimate > self.limit:
                self.stopped = True
                return False
            self.reserved += estimate
            return True

    def settle(self, estimate: float, actual: float) -> None:
        with self._lock:
            self.reserved -= estimate
            self.spent += actual


def drive(
    items: Sequence[Item],
    process: Callable[[Item], ItemResult],
    conc: int,
    results: list[ItemResult | None],
    on_item: Callable[[ItemResult], None] | None,
    stop: threading.Event,
    abort: threading.Event,
    halt: threading.Event,
) -> None:
    """Feed the pool a few items ahead of the workers; on stop, let in-flight items finish; on abort, return."""
    todo = iter(items)
    where = {item.index: k for k, item in enumerate(items)}
    pending: set[Future[ItemResult]] = set()
    pool = ThreadPoolExecutor(max_workers=conc, thread_name_prefix="batch")
    try:
        while not abort.is_set():
            try:
                while len(pending) < conc + 2 and not stop.is_set():
                    item = next(todo, None)
                    if item is None:
                        break
                    pending.add(pool.submit(process, item))
                if not pending:
                    return
                done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                for fut in done:
                    r = fut.result()
                    results[where[r.index]] = r
                    if on_item is not None:
                        on_item(r)
            except KeyboardInterrupt:  # library callers without a signal handler: first stops, second aborts
                (abort if stop.is_set() else stop).set()
    finally:
        if abort.is_set():
            halt.set()  # in-flight items send no further request; their threads are left to end on their own
        pool.shutdown(wait=not abort.is_set(), cancel_futures=True)
