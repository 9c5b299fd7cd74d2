"""Client-side rate limits and the shared 429 slowdown that ``LimitedBackend`` (limited.py) applies.

How this fits with the openai SDK's own retries (DESIGN rule 4: never stack a third retry layer):

- The SDK keeps owning transport retries: on 429/5xx/timeouts it sleeps (Retry-After when the server sends
  one) and tries again. ``LimitedBackend`` never retries anything; ``structured.py`` keeps owning re-asks.
- Before a logical call, ``LimitedBackend`` takes one request token and the estimated prompt + output tokens
  (``backend.count_tokens``) from the RPM and TPM buckets, so a run paces itself instead of hitting the limit.
- ``attach_http_hooks`` adds httpx event hooks to the OpenAI backend's client. The response hook sees every
  429 as it happens (including the ones the SDK is about to retry) and sets a SHARED pause until the
  Retry-After time (plus a little jitter; exponential when the server names no time) and drains the buckets,
  so every thread holds back, not just the one that was throttled. The request hook runs before every HTTP
  attempt, SDK retries included: it waits out the shared pause and charges a retry one more request token.
  The SDK's own sleep and the shared pause overlap rather than add up: both count from the same 429.

Buckets work by reservation (a taker may drive the level negative and sleeps off its debt outside the
lock), which is fair under threads and testable with a fake clock.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Clock = Callable[[], float]
Sleep = Callable[[float], None]


# --------------------------------------------------------------------------- buckets


class TokenBucket:
    """``rate_per_min`` tokens a minute, bursts up to ``capacity``; ``reserve`` says how long to wait."""

    def __init__(self, rate_per_min: float, capacity: float | None = None, *, clock: Clock = time.monotonic):
        if rate_per_min <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate_per_min / 60.0
        # One second's worth of burst: enough to keep threads busy, small enough not to overrun a per-minute limit
        # that the server enforces in finer slices.
        self.capacity = max(1.0, capacity if capacity is not None else self.rate)
        self.level = self.capacity
        self.clock = clock
        self.stamp = clock()
        self.taken = 0.0
        self._lock = threading.Lock()

    def _refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = now

    def reserve(self, n: float = 1.0) -> float:
        """Take ``n`` tokens now (possibly into debt) and return the seconds to wait before using them."""
        with self._lock:
            self._refill(self.clock())
            self.level -= n
            self.taken += n
            return 0.0 if self.level >= 0 else -self.level / self.rate

    def drain(self) -> None:
        """Forget any saved-up burst (after a 429 the endpoint is the judge, not our arithmetic)."""
        with self._lock:
            self._refill(self.clock())
            self.level = min(self.level, 0.0)


@dataclass
class Limiter:
    """RPM/TPM buckets plus the shared pause every thread honours after a 429."""

    rpm: float | None = None
    tpm: float | None = None
    clock: Clock = time.monotonic
    sleep: Sleep = time.sleep
    jitter: Callable[[], float] = field(default=lambda: random.uniform(0.0, 0.25))
    throttled: int = 0  # 429s seen
    _pause_until: float = 0.0
    _backoff: float = 0.0

    def __post_init__(self) -> None:
        self.requests = TokenBucket(self.rpm, clock=self.clock) if self.rpm else None
        self.tokens = TokenBucket(self.tpm, capacity=self.tpm / 60.0 * 2, clock=self.clock) if self.tpm else None
        self._lock = threading.Lock()
        self._local = threading.local()

    def wait_pause(self) -> None:
        """Sleep while the shared pause lasts (it may be extended while we sleep)."""
        while True:
            with self._lock:
                left = self._pause_until - self.clock()
            if left <= 0:
                return
            self.sleep(left)

    def acquire(self, tokens: int) -> None:
        """Before a logical call: honour the pause, then take one request and ``tokens`` tokens."""
        self.wait_pause()
        wait = 0.0
        if self.requests is not None:
            wait = self.requests.reserve(1)
        if self.tokens is not None:
            wait = max(wait, self.tokens.reserve(tokens))
        if wait > 0:
            self.sleep(wait)
        self._local.paid = True  # the first HTTP attempt of this call is paid for
        self.wait_pause()

    def before_attempt(self) -> None:
        """Before every HTTP attempt (the SDK's retries included): honour the pause, charge retries."""
        if getattr(self._local, "paid", False):
            self._local.paid = False
            return
        self.wait_pause()
        if self.requests is not None:
            wait = self.requests.reserve(1)
            if wait > 0:
                self.sleep(wait)

    def on_status(self, status: int, retry_after: float | None) -> None:
        """After every HTTP response: a 429 pauses everyone until Retry-After; success resets the backoff."""
        if status != 429:
            if status < 400:
                with self._lock:
                    self._backoff = 0.0
            return
        with self._lock:
            self.throttled += 1
            if retry_after is None or retry_after <= 0:
                self._backoff = min(30.0, max(0.5, self._backoff * 2))
                delay = self._backoff
            else:
                delay = min(retry_after, 120.0)
            until = self.clock() + delay + self.jitter()
            self._pause_until = max(self._pause_until, until)
        for bucket in (self.requests, self.tokens):
            if bucket is not None:
                bucket.drain()


def retry_after_seconds(headers: Any) -> float | None:
    """Seconds from ``retry-after-ms`` / ``retry-after`` (numbers only; dates are rare for 429)."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value:
            try:
                return float(value) / scale
            except ValueError:
                continue
    return None


def attach_http_hooks(backend: Any, limiter: Limiter) -> bool:
    """Hook ``limiter`` into an OpenAIBackend's httpx client; False when ``backend`` has none (fake, llama)."""
    add = getattr(backend, "add_http_hooks", None)
    if add is None:
        return False
    add(
        request=lambda request: limiter.before_attempt(),
        response=lambda response: limiter.on_status(response.status_code, retry_after_seconds(response.headers)),
    )
    return True
