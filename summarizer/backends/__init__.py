"""The backend contract: Message, Completion, Backend; ``make_backend`` imports SDKs lazily."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from summarizer.config import ALL_BACKENDS, LLM_BACKENDS
from summarizer.errors import ConfigError

__all__ = ["ALL_BACKENDS", "LLM_BACKENDS", "Backend", "Completion", "Message", "make_backend"]

if TYPE_CHECKING:
    from summarizer.config import Settings


@dataclass(frozen=True)
class Message:
    """One chat message."""

    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class Completion:
    """One reply from a backend, with what it cost."""

    text: str
    model: str
    finish_reason: str | None
    input_tokens: int | None
    output_tokens: int | None
    refusal: str | None = None
    request_id: str | None = None
    latency_s: float = 0.0
    transport_retries: int = 0


@runtime_checkable
class Backend(Protocol):
    """What the pipeline needs from an LLM. The backend owns the wire format."""

    name: str
    model: str
    max_concurrency: int
    context_tokens: int | None  # the model's context window when the backend knows it

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
        """Send one request and return the reply (raises BackendError)."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` as this backend's model counts them."""
        ...


def make_backend(settings: Settings) -> Backend:
    """Build the backend named in ``settings`` (imports its SDK only now)."""
    name = settings.backend
    if name == "openai":
        from summarizer.backends.openai import OpenAIBackend

        return OpenAIBackend.from_settings(settings)
    if name == "llama":
        from summarizer.backends.llama import LlamaBackend

        return LlamaBackend.from_settings(settings)
    if name == "fake":
        from summarizer.backends.fake import SchemaFake

        return SchemaFake(model=settings.model or "fake-model")
    raise ConfigError(
        f"unknown backend {name!r} (--backend / SUMMARIZER_BACKEND): use one of {', '.join(ALL_BACKENDS)}"
    )
