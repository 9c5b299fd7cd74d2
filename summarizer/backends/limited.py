"""The Backend wrapper a batch runs through: reply cache, rate limits, concurrency cap, call log, key scrubbing.

``LimitedBackend`` wraps one backend for a run (``for_item`` gives each article its own counters). It replays
a stored reply when the exact request was answered before, else waits for the limits (ratelimit.py) and a
slot, calls the inner backend, logs the call and stores the reply, but only a reply that can validate: a
malformed or cut-off one replayed on every rerun would turn a transient fault into a permanent failure.
It never retries (the SDK owns transport retries, ``llm/structured.py`` owns re-asks), and the API key is
scrubbed from replies, request ids and errors before anything is stored or raised.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.backends import Backend, Completion, Message
from summarizer.backends.ratelimit import Limiter
from summarizer.errors import AuthError, SummarizerError
from summarizer.files import scrub


@dataclass(frozen=True)
class Reply:
    """A cached backend reply (what ``Completion`` needs)."""

    text: str
    model: str
    finish_reason: str | None
    input_tokens: int | None
    output_tokens: int | None
    request_id: str | None = None


# --------------------------------------------------------------------------- request identity


def request_key(
    model: str,
    messages: Sequence[Message],
    json_schema: dict[str, Any] | None,
    schema_name: str,
    max_tokens: int | None,
    temperature: float | None,
    seed: int | None,
) -> str:
    """sha256 of everything that makes one backend request what it is (the reply cache key)."""
    blob = json.dumps(
        [model, [(m.role, m.content) for m in messages], json_schema, schema_name, max_tokens, temperature, seed],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- the wrapper


_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)  # the tolerance structured.parse_json has


class Aborted(SummarizerError):
    """The run was stopped (second Ctrl-C, rejected key) before this request was sent."""


def cacheable(comp: Completion, json_schema: dict[str, Any] | None) -> bool:
    """True when a reply can be replayed safely: complete, not refused, and JSON of the right shape.

    A malformed, cut-off or refused reply stored in the reply cache would be replayed on every rerun and
    turn a transient fault into a permanent failure; such replies are paid for once and never kept.
    """
    if comp.finish_reason == "length" or comp.refusal:
        return False
    if json_schema is None:
        return bool(comp.text.strip())
    text = _FENCE.sub(r"\1", comp.text.strip())
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    return all(k in data for k in json_schema.get("required", []))


@dataclass
class CallStats:
    """Real LLM calls made for one item (replays from the reply cache are not calls)."""

    calls: int = 0
    replayed: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    replayed_input_tokens: int = 0
    replayed_output_tokens: int = 0


class LimitedBackend:
    """A Backend that wraps another: reply cache, rate limits, concurrency cap and the call log.

    One instance per item (``for_item``) so the call log knows the article and task even from the
    pipeline's map threads; the limiter, the semaphore and the store are shared by all of them.
    """

    def __init__(
        self,
        inner: Backend,
        limiter: Limiter,
        *,
        slots: threading.Semaphore,
        store: Any = None,
        run_id: int | None = None,
        log_content: bool = False,
        use_cache: bool = True,
        max_concurrency: int = 8,
        on_miss: Callable[[LimitedBackend, str, Sequence[Message], dict[str, Any]], Completion | None] | None = None,
        secret: str | None = None,
        abort: threading.Event | None = None,
    ) -> None:
        self.inner = inner
        self.secret = secret
        # Set on a rejected key or a second Ctrl-C: no new request leaves, whoever asks.
        self.abort = abort if abort is not None else threading.Event()
        self.auth_error: AuthError | None = None
        self.keys: list[str] = []  # reply-cache keys this item stored (forgotten if its output never validates)
        self.limiter = limiter
        self.slots = slots
        self.store = store
        self.run_id = run_id
        self.log_content = log_content
        self.use_cache = use_cache
        self.on_miss = on_miss
        self.name = inner.name
        self.model = inner.model
        self.max_concurrency = max_concurrency
        self.context_tokens = inner.context_tokens
        self.article_id: str | None = None
        self.task: str | None = None
        self.item_index: int | None = None
        self.stats = CallStats()
        self._lock = threading.Lock()

    @property
    def fallback(self) -> str | None:
        """The inner backend's structured-output fallback, for RunInfo."""
        return getattr(self.inner, "fallback", None)

    def for_item(self, article_id: str, task: str, index: int | None = None) -> LimitedBackend:
        """A copy for one item, sharing limits, slots and store, with its own counters."""
        twin = LimitedBackend(
            self.inner,
            self.limiter,
            slots=self.slots,
            store=self.store,
            run_id=self.run_id,
            log_content=self.log_content,
            use_cache=self.use_cache,
            max_concurrency=self.max_concurrency,
            on_miss=self.on_miss,
            secret=self.secret,
            abort=self.abort,
        )
        twin.article_id, twin.task, twin.item_index = article_id, task, index
        return twin

    def count_tokens(self, text: str) -> int:
        """The inner backend's count."""
        return self.inner.count_tokens(text)

    def complete(
        self,
        messages: Sequence[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        schema_name: str = "output",
        max_tokens: int | None = None,
        temperature: float | None = None,
        seed: int | None = None,
    ) -> Completion:
        """Replay a stored reply, or wait for the limits and a slot, call the inner backend and log it."""
        args: dict[str, Any] = {
            "json_schema": json_schema,
            "schema_name": schema_name,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "seed": seed,
        }
        key = request_key(self.model, messages, json_schema, schema_name, max_tokens, temperature, seed)
        if self.store is not None and self.use_cache:
            cached = self.store.get_reply(key)
            if cached is not None:
                with self._lock:
                    self.keys.append(key)
                    self.stats.replayed += 1
                    self.stats.replayed_input_tokens += cached.input_tokens or 0
                    self.stats.replayed_output_tokens += cached.output_tokens or 0
                return Completion(
                    cached.text, cached.model, cached.finish_reason, cached.input_tokens, cached.output_tokens,
                    request_id=cached.request_id,
                )  # fmt: skip
        if self.on_miss is not None:
            deferred = self.on_miss(self, key, messages, args)  # the Batch API path records or defers the request
            if deferred is not None:
                return deferred
        estimate = sum(self.inner.count_tokens(m.content) for m in messages)
        if json_schema is not None:
            estimate += self.inner.count_tokens(json.dumps(json_schema))
        estimate += max_tokens or 0
        self._check_abort()
        self.limiter.acquire(estimate)
        start = time.perf_counter()
        with self.slots:
            self._check_abort()  # waiting for a slot can take long: check again before paying
            try:
                comp = self.inner.complete(messages, **args)
            except SummarizerError as exc:
                exc = self._scrubbed(exc)
                if isinstance(exc, AuthError):
                    self.auth_error = exc
                    self.abort.set()  # every other item would be rejected the same way
                self._log(None, time.perf_counter() - start, messages, error=str(exc))
                raise exc from None
        comp = self._clean(comp)
        self._log(comp, comp.latency_s or (time.perf_counter() - start), messages)
        with self._lock:
            self.stats.calls += 1
            self.stats.input_tokens += comp.input_tokens or 0
            self.stats.output_tokens += comp.output_tokens or 0
        if self.store is not None and cacheable(comp, json_schema):
            # Only replies that can validate are kept: a malformed or cut-off one replayed would fail forever.
            self.store.put_reply(
                key,
                Reply(comp.text, comp.model, comp.finish_reason, comp.input_tokens, comp.output_tokens,
                      comp.request_id),
            )  # fmt: skip
            with self._lock:
                self.keys.append(key)
        return comp

    def forget_replies(self) -> None:
        """Drop the replies this item stored or replayed (its output never validated: the next run asks anew)."""
        if self.store is not None and self.keys:
            self.store.forget_replies(self.keys)
            self.keys = []

    def _check_abort(self) -> None:
        if self.abort.is_set():
            if self.auth_error is not None:
                raise self.auth_error
            raise Aborted("the run was stopped before this request was sent; run the same command again")

    def _scrubbed(self, exc: SummarizerError) -> SummarizerError:
        """The same error with the key taken out of its message (servers echo it in odd forms)."""
        msg = str(exc)
        clean = scrub(msg, self.secret)
        if clean == msg:
            return exc
        exc.args = (clean, *exc.args[1:])
        return exc

    def _clean(self, comp: Completion) -> Completion:
        """The reply with the key scrubbed from its text, model and request id before anything stores it."""
        if not self.secret:
            return comp

        def clean(value: str | None) -> str | None:
            return scrub(value, self.secret) if value else value

        return dataclasses.replace(
            comp, text=scrub(comp.text, self.secret), model=scrub(comp.model, self.secret),
            request_id=clean(comp.request_id), refusal=clean(comp.refusal),
        )  # fmt: skip

    def _log(self, comp: Completion | None, latency: float, messages: Sequence[Message], *, error: str | None = None):
        if self.store is None:
            return
        content = None
        if self.log_content:
            content = json.dumps(
                {"messages": [[m.role, m.content] for m in messages], "reply": comp.text if comp else None},
                ensure_ascii=False,
            )
        self.store.log_call(
            run_id=self.run_id,
            article_id=self.article_id,
            task=self.task,
            model=comp.model if comp else self.model,
            input_tokens=comp.input_tokens if comp else None,
            output_tokens=comp.output_tokens if comp else None,
            latency_s=latency,
            status="ok" if comp else "error",
            request_id=comp.request_id if comp else None,
            retries=comp.transport_retries if comp else 0,
            error=scrub(error, self.secret) if error else None,
            content=scrub(content, self.secret) if content else None,
        )
