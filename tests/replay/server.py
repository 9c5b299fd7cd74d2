"""A loopback OpenAI-compatible server that answers with stored replies (a model that never changes its answer).

Every chat request is matched to a stored entry by task (from the request's JSON schema) and article (the
entry whose sentence anchors all occur among the request's numbered sentences); the entry's reply is served
with its sentence ids renumbered for that request. Each call is logged with its token counts.

    with ReplayServer(load_entries()) as srv:
        summarizer.api.brief(path, backend="openai", base_url=srv.base_url, api_key="sk-test-dummy")
        srv.calls  # [Call(article=..., task=..., prompt_tokens=...), ...]
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tests.loopback import LoopbackServer, Reply, error_body
from tests.replay.anchors import RemapError, id_map, norm, request_sentences, request_task
from tests.replay.corpus import Entry


def count_tokens(text: str) -> int:
    """Tokens of ``text`` as gpt-4o counts them (o200k_base), else exactly in the bundled cl100k_base encoding.

    Offline the o200k file cannot be fetched; the fallback is the encoding the tool itself counts articles with
    (without its safety margin), so prompt and article are measured in the same unit. A characters/4 estimate
    counted English news about 30% higher than either encoding does.
    """
    enc = _ENC.get("enc")
    if enc is None:
        try:
            import tiktoken

            enc = tiktoken.get_encoding("o200k_base")
        except Exception:  # no encoding file offline
            from summarizer.backends.tokens import get_tokenizer

            enc = get_tokenizer(None).encoding  # type: ignore[attr-defined]
        _ENC["enc"] = enc
    return len(enc.encode(text, disallowed_special=()))


def encoding_name() -> str:
    """The encoding ``count_tokens`` counts with (o200k_base, or cl100k_base when offline)."""
    count_tokens("")
    return str(_ENC["enc"].name)


def schema_tokens(response_format: Any) -> int:
    """Tokens of a request's response_format as it travels (compact JSON, as the SDK sends it)."""
    return count_tokens(json.dumps(response_format, separators=(",", ":"), ensure_ascii=False))


_ENC: dict[str, Any] = {}


@dataclass
class Call:
    """One chat request the replay server answered."""

    article: str | None
    task: str | None
    prompt_tokens: int
    completion_tokens: int
    messages: int
    system_tokens: int
    schema_tokens: int
    status: int
    reply: dict[str, Any] | None = None  # what was served, ids renumbered for this request


# Maps (entry, request body) -> the reply object to serve; the default serves the entry's stored reply.
ReplyFor = Callable[[Entry, Mapping[str, Any]], Any]


class ReplayServer:
    """Serves stored replies over a real loopback HTTP server; composes tests.loopback.LoopbackServer."""

    def __init__(self, entries: Iterable[Entry], *, reply_for: ReplyFor | None = None) -> None:
        self.entries = list(entries)
        self.reply_for = reply_for
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        self.loopback = LoopbackServer(responder=self._respond)

    # lifecycle, delegated
    def start(self) -> ReplayServer:
        """Start serving on a free loopback port."""
        self.loopback.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self.loopback.stop()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What to pass as --base-url."""
        return self.loopback.base_url

    def reset(self) -> None:
        """Forget the logged calls."""
        with self._lock:
            self.calls.clear()

    def calls_for(self, article: str, task: str | None = None) -> list[Call]:
        """The logged calls for one article (and task)."""
        with self._lock:
            return [c for c in self.calls if c.article == article and (task is None or c.task == task)]

    # matching
    def match(self, body: Mapping[str, Any]) -> tuple[Entry | None, list[tuple[int, str]], str | None]:
        """(entry, numbered sentences, task) for a chat request; entry None when nothing stored fits."""
        task = request_task(body)
        sentences = request_sentences(body)
        shown = [norm(t) for _, t in sentences]
        best: tuple[float, Entry | None] = (0.0, None)
        for e in self.entries:
            if e.task != task or not e.sentences:
                continue
            hits = sum(1 for a in e.sentences.values() if any(s.startswith(norm(a)) for s in shown))
            score = hits / len(e.sentences)
            if score > best[0]:
                best = (score, e)
        entry = best[1] if best[0] >= 0.9 else None
        return entry, sentences, task

    def _respond(self, body: dict[str, Any]) -> str | dict[str, Any] | Reply:
        entry, sentences, task = self.match(body)
        prompt = sum(count_tokens(str(m.get("content") or "")) for m in body.get("messages") or [])
        system = sum(
            count_tokens(str(m.get("content") or "")) for m in body.get("messages") or [] if m.get("role") == "system"
        )
        fmt = body.get("response_format")
        schema = schema_tokens(fmt) if fmt else 0
        if entry is None:
            self._log(Call(None, task, prompt, 0, len(body.get("messages") or []), system, schema, 404))
            return Reply(404, error_body(f"replay: no stored {task} reply matches this article"))
        try:
            reply = self.reply_for(entry, body) if self.reply_for else entry.reply
            served = entry.reply_for(sentences, reply)
            content = json.dumps(served, ensure_ascii=False)
        except RemapError as exc:
            self._log(Call(entry.stem, task, prompt, 0, len(body.get("messages") or []), system, schema, 409))
            return Reply(409, error_body(f"replay: {entry.stem}.{entry.task}: {exc}"), {"x-should-retry": "false"})
        completion = count_tokens(content)
        self._log(
            Call(entry.stem, task, prompt, completion, len(body.get("messages") or []), system, schema, 200, served)
        )
        return {"content": content, "usage": {"prompt_tokens": prompt + schema, "completion_tokens": completion}}

    def _log(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)


def mapping_for(entry: Entry, body: Mapping[str, Any]) -> dict[int, int]:
    """old id -> new id for ``entry`` in this request (for callers that edit a reply before serving it)."""
    return id_map(entry.sentences, entry.digests, request_sentences(body))
