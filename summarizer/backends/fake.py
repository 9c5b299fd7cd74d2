"""Fakes shared by the tests and ``--backend fake`` dry runs: scripted replies and a schema-aware fake."""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from summarizer.backends import Completion, Message

_NUMBERED = re.compile(r"^(\d+): (.+)$", re.MULTILINE)  # llm/chunking.sentence_line
_NOTE = re.compile(r"^- (.+) \[(\d+)(?:, \d+)*\]$", re.MULTILINE)

Reply = str | Completion | BaseException | Callable[[Sequence[Message], dict[str, Any] | None], Any]


def _approx_tokens(text: str) -> int:
    return max(1, (len(text) + 3) // 4) if text else 0


class ScriptedBackend:
    """Replies from a queue (``enqueue``); records every request in ``calls``. Thread-safe."""

    name = "fake"

    def __init__(self, replies: Sequence[Reply] = (), *, model: str = "fake-model", context_tokens: int | None = None):
        self.model = model
        self.max_concurrency = 4
        self.context_tokens = context_tokens
        self._replies: deque[Reply] = deque(replies)
        self.calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def enqueue(self, *replies: Reply) -> None:
        """Add replies to the end of the queue."""
        with self._lock:
            self._replies.extend(replies)

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
        """Pop the next scripted reply (raise it when it is an exception)."""
        with self._lock:
            self.calls.append(
                {
                    "messages": list(messages),
                    "json_schema": json_schema,
                    "schema_name": schema_name,
                    "max_tokens": max_tokens,
                }
            )
            if not self._replies:
                raise AssertionError("ScriptedBackend: no reply left in the queue")
            reply = self._replies.popleft()
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply):
            reply = reply(messages, json_schema)
        if isinstance(reply, Completion):
            return reply
        text = reply if isinstance(reply, str) else json.dumps(reply)
        prompt = sum(_approx_tokens(m.content) for m in messages)
        return Completion(text, self.model, "stop", prompt, _approx_tokens(text))

    def count_tokens(self, text: str) -> int:
        """About four characters a token."""
        return _approx_tokens(text)


def numbered_sentences(messages: Sequence[Message]) -> list[tuple[int, str]]:
    """The ``id: text`` lines (or ``- note [ids]`` lines) of the first user message."""
    for m in messages:
        if m.role == "user":
            found = [(int(i), t.strip()) for i, t in _NUMBERED.findall(m.content)]
            return found or [(int(i), t.strip()) for t, i in _NOTE.findall(m.content)]
    return []


class SchemaFake:
    """A deterministic 'model' that answers any of our schemas from the numbered sentences it is shown.

    Its text is copied from the sentences it cites, so outputs are valid and grounded; it proves the
    plumbing (planning, parsing, evidence, rendering) without a model, never the quality.
    """

    name = "fake"
    KEEP_CALLS = 100

    def __init__(self, *, model: str = "fake-model", context_tokens: int | None = None):
        self.model = model
        self.max_concurrency = 4
        self.context_tokens = context_tokens
        self.calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()

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
        """Build a schema-valid JSON reply from the numbered sentences in the prompt."""
        with self._lock:
            self.calls.append({"messages": list(messages), "json_schema": json_schema, "schema_name": schema_name})
            # Only the recent calls are kept: a long-running server (--backend fake) must not grow with every request.
            del self.calls[: -self.KEEP_CALLS]
        # Like a model that follows the prompt's "no loaded words" rule, without a model: the lexicon's rewrite.
        from summarizer.nlp import neutralize

        sents = [(i, neutralize(t)) for i, t in numbered_sentences(messages)]
        props = set((json_schema or {}).get("properties", {}))
        first = sents[:3]
        points = [{"text": t, "sentence_ids": [i]} for i, t in first]
        claims = [
            {"text": t, "speaker": None, "type": "statement", "hedged": False, "sentence_ids": [i]}
            for i, t in sents[:2]
        ]
        reply: dict[str, Any] = {}
        if "headline" in props:
            reply["headline"] = _headline(sents)
        if "summary" in props:
            reply["summary"] = " ".join(t for _, t in first)
        if "key_points" in props:
            reply["key_points"] = points
        if "claims" in props:
            reply["claims"] = claims
        if "paragraphs" in props:
            reply["paragraphs"] = [{"text": t, "sentence_ids": [i]} for i, t in sents]
        text = json.dumps(reply)
        prompt = sum(_approx_tokens(m.content) for m in messages)
        return Completion(text, self.model, "stop", prompt, _approx_tokens(text))

    def count_tokens(self, text: str) -> int:
        """About four characters a token."""
        return _approx_tokens(text)


def _headline(sents: list[tuple[int, str]]) -> str:
    if not sents:
        return "Untitled"
    words = sents[0][1].split()
    return " ".join(words[:12]).rstrip(".,;:")
