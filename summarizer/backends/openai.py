"""OpenAI and every OpenAI-compatible server (vLLM, Ollama, llama.cpp server, LM Studio) through the openai SDK.

The SDK is imported lazily. It owns transport retries (429/5xx/timeouts, Retry-After); this module owns the
wire format: Structured Outputs by default, ``json_object`` plus the schema in the prompt when a server
rejects that, and the mapping of SDK errors onto the summarizer error tree (never leaking the API key).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from summarizer.backends import Completion, Message
from summarizer.backends.openai_wire import may_be_schema_rejection, strict_schema, wire, with_schema
from summarizer.backends.openai_wire import schema_name as wire_schema_name
from summarizer.errors import AuthError, BackendError, ConfigError, SummarizerError
from summarizer.files import scrub

__all__ = ["FALLBACK_JSON_OBJECT", "CallInfo", "OpenAIBackend", "strict_schema"]

if TYPE_CHECKING:
    from summarizer.config import Settings

OPENAI_URL = "https://api.openai.com/v1"
PLACEHOLDER_KEY = "sk-no-key-required"  # local servers ignore the key, but the SDK insists on one
FALLBACK_JSON_OBJECT = "json_object"
NO_KEY_MESSAGE = (
    "OPENAI_API_KEY is not set: export it, or use --base-url for a local OpenAI-compatible server, "
    "or drop --backend to use the offline extractive engine"
)
_KEYLIKE = re.compile(r"\b(sk-[A-Za-z0-9_*\-]{4,})")


@dataclass(frozen=True)
class CallInfo:
    """One complete() call as seen by the ``on_call`` hook (call log, rate limiting)."""

    model: str
    input_tokens: int | None
    output_tokens: int | None
    latency_s: float
    status: str  # "ok" | "error"
    request_id: str | None
    transport_retries: int
    error: str | None = None


# Provider facts of OpenAI models (longest matching prefix wins).
# Context windows of known model families; a model served elsewhere under another name gets None (the
# settings' safe default then applies).
CONTEXT_WINDOWS: dict[str, int] = {
    "gpt-4.1": 1_000_000,
    "gpt-4o": 128_000,
    "gpt-4-turbo": 128_000,
    "gpt-5": 128_000,
    "o1": 128_000,
    "o3": 128_000,
    "o4": 128_000,
    "gpt-3.5": 16_000,
}
# USD per million tokens (input, output), standard tier; source: https://openai.com/api/pricing (checked 2025-08).
# The Batch API costs half of these (same page).
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
    "o4-mini": (1.10, 4.40),
    "o3-mini": (1.10, 4.40),
    "o3": (2.00, 8.00),
    "gpt-3.5-turbo": (0.50, 1.50),
}
BATCH_DISCOUNT = 0.5


def _by_prefix(table: dict[str, Any], model: str | None) -> Any:
    name = (model or "").lower()
    for prefix in sorted(table, key=len, reverse=True):
        if name.startswith(prefix):
            return table[prefix]
    return None


def context_window(model: str | None) -> int | None:
    """The context window of a known OpenAI model, else None."""
    found: int | None = _by_prefix(CONTEXT_WINDOWS, model)
    return found


def model_prices(model: str | None) -> tuple[float, float] | None:
    """(input, output) USD per million tokens of a known OpenAI model, else None."""
    found: tuple[float, float] | None = _by_prefix(PRICES, model)
    return found


class OpenAIBackend:
    """Chat completions through the openai SDK; satisfies ``summarizer.backends.Backend``."""

    name = "openai"

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None,
        base_url: str | None,
        timeout: float = 60.0,
        transport_retries: int = 3,
        context_tokens: int | None = None,
        max_concurrency: int = 8,
        on_call: Callable[[CallInfo], None] | None = None,
    ) -> None:
        if not api_key and not base_url:
            raise ConfigError(NO_KEY_MESSAGE)
        import openai

        self.model = model
        self.base_url = base_url
        self.timeout = timeout
        self.transport_retries = transport_retries
        self.context_tokens = context_tokens or context_window(model)
        self.max_concurrency = max_concurrency
        self.on_call = on_call
        self.fallback: str | None = None
        self._api_key = api_key
        self._where = (base_url or OPENAI_URL).rstrip("/")
        self._is_openai = self._where.startswith("https://api.openai.com")
        self._lock = threading.Lock()
        self._local = threading.local()  # per-thread attempt counter: the sync client hooks run in the caller
        self._tokenizer: Any = None
        self._hooks: dict[str, list[Callable[[Any], None]]] = {"request": [], "response": []}
        http_client = openai.DefaultHttpxClient(
            timeout=timeout, event_hooks={"request": [self._on_request], "response": [self._on_response]}
        )
        # base_url is always explicit so the SDK never falls back to reading OPENAI_BASE_URL itself.
        self._client = openai.OpenAI(
            api_key=api_key or PLACEHOLDER_KEY,
            base_url=self._where,
            timeout=timeout,
            max_retries=transport_retries,
            http_client=http_client,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIBackend:
        """Build from resolved settings (model, key, base URL, timeout, transport retries)."""
        from summarizer.config import DEFAULT_OPENAI_MODEL

        return cls(
            model=settings.effective_model or DEFAULT_OPENAI_MODEL,
            api_key=settings.api_key,
            base_url=settings.base_url,
            timeout=settings.timeout,
            transport_retries=settings.transport_retries,
        )

    # ------------------------------------------------------------------ http hooks

    def _on_request(self, request: Any) -> None:
        self._local.attempts = getattr(self._local, "attempts", 0) + 1
        for hook in self._hooks["request"]:
            hook(request)

    def _on_response(self, response: Any) -> None:
        rid = response.headers.get("x-request-id")
        if rid:
            self._local.request_id = rid
        for hook in self._hooks["response"]:
            hook(response)

    def add_http_hooks(
        self, *, request: Callable[[Any], None] | None = None, response: Callable[[Any], None] | None = None
    ) -> None:
        """Run these on every HTTP attempt, SDK retries included (batch rate limiting sees each 429 here)."""
        if request is not None:
            self._hooks["request"].append(request)
        if response is not None:
            self._hooks["response"].append(response)

    @property
    def sdk(self) -> Any:
        """The openai SDK client (the Batch API uses its files and batches)."""
        return self._client

    @property
    def is_openai(self) -> bool:
        """True when the endpoint is api.openai.com itself."""
        return self._is_openai

    def call_sdk(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call an SDK method (files, batches, ...) with its errors mapped onto ours."""
        import openai

        try:
            return fn(*args, **kwargs)
        except openai.OpenAIError as exc:
            raise self._error(exc) from None

    # ------------------------------------------------------------------ completion

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
        """Send one chat request (Structured Outputs when ``json_schema`` is given) and return the reply."""
        self._local.retries = 0
        self._local.request_id = None
        start = time.perf_counter()
        try:
            response = self._create(messages, json_schema, schema_name, max_tokens, temperature, seed)
            completion = self._completion(response, time.perf_counter() - start)
        except SummarizerError as exc:
            self._report(None, time.perf_counter() - start, error=str(exc))
            raise
        self._report(completion, completion.latency_s)
        return completion

    def _create(
        self,
        messages: Sequence[Message],
        json_schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int | None,
        temperature: float | None,
        seed: int | None,
    ) -> Any:
        import openai

        kwargs: dict[str, Any] = {"model": self.model}
        if max_tokens is not None:
            # OpenAI's newer models only take max_completion_tokens; compatible servers know max_tokens.
            kwargs["max_completion_tokens" if self._is_openai else "max_tokens"] = max_tokens
        if temperature is not None:
            kwargs["temperature"] = temperature
        if seed is not None:
            kwargs["seed"] = seed
        if json_schema is None:
            return self._post({**kwargs, "messages": wire(messages)})
        schema = strict_schema(json_schema)
        if self.fallback is None:
            fmt = {
                "type": "json_schema",
                "json_schema": {"name": wire_schema_name(schema_name), "schema": schema, "strict": True},
            }
            try:
                return self._post({**kwargs, "messages": wire(messages), "response_format": fmt}, probe=True)
            except (openai.BadRequestError, openai.UnprocessableEntityError, openai.InternalServerError) as exc:
                if not may_be_schema_rejection(exc):
                    raise self._error(exc) from None
                first = exc
            try:
                response = self._post_json_object(kwargs, messages, schema)
            except (openai.BadRequestError, openai.UnprocessableEntityError):
                # json_object failed the same way: the 400 was about something else, so report the first one.
                raise self._error(first) from None
            with self._lock:
                self.fallback = FALLBACK_JSON_OBJECT
            return response
        try:
            return self._post_json_object(kwargs, messages, schema)
        except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
            raise self._error(exc) from None

    def _post_json_object(self, kwargs: dict[str, Any], messages: Sequence[Message], schema: dict[str, Any]) -> Any:
        """The fallback: json_object plus the schema in the prompt (and, off OpenAI, as a grammar hint)."""
        import openai

        body = {**kwargs, "messages": with_schema(messages, schema), "response_format": {"type": "json_object"}}
        if self._is_openai:
            return self._post(body)
        # llama.cpp and some other servers turn {"type": "json_object", "schema": ...} into a grammar;
        # a server that rejects the extra key gets plain json_object instead.
        try:
            return self._post({**body, "response_format": {"type": "json_object", "schema": schema}})
        except (openai.BadRequestError, openai.UnprocessableEntityError):
            return self._post(body)

    def _post(self, kwargs: dict[str, Any], *, probe: bool = False) -> Any:
        """One request through the SDK (its retries included); SDK errors other than 400/422 are mapped."""
        import openai

        self._local.attempts = 0
        try:
            return self._client.chat.completions.create(**kwargs)
        except (openai.BadRequestError, openai.UnprocessableEntityError):
            raise  # the caller decides whether this is a json_schema rejection
        except openai.InternalServerError as exc:
            # llama-cpp-python's server answers an unknown response_format type with HTTP 500, not 400/422.
            if probe and "response_format" in str(exc):
                raise
            raise self._error(exc) from None
        except openai.OpenAIError as exc:
            raise self._error(exc) from None
        except ValueError as exc:  # a 200 whose body is not JSON (or not a chat completion)
            raise BackendError(
                f"the endpoint {self._where} sent a reply that is not valid JSON ({exc.__class__.__name__}): "
                "check that --base-url is an OpenAI-compatible /v1 API"
            ) from None
        finally:
            self._local.retries += max(0, getattr(self._local, "attempts", 1) - 1)

    def _completion(self, response: Any, latency_s: float) -> Completion:
        choices = getattr(response, "choices", None)
        if not choices:
            raise BackendError(
                f"the endpoint {self._where} sent a reply without choices: check that --base-url is an "
                "OpenAI-compatible /v1 API"
            )
        choice = choices[0]
        message = choice.message
        usage = getattr(response, "usage", None)
        return Completion(
            text=message.content or "",
            model=getattr(response, "model", None) or self.model,
            finish_reason=choice.finish_reason,
            input_tokens=getattr(usage, "prompt_tokens", None) if usage else None,
            output_tokens=getattr(usage, "completion_tokens", None) if usage else None,
            refusal=getattr(message, "refusal", None) or None,
            request_id=getattr(response, "_request_id", None) or getattr(self._local, "request_id", None),
            latency_s=latency_s,
            transport_retries=self._local.retries,
        )

    def _report(self, completion: Completion | None, latency_s: float, *, error: str | None = None) -> None:
        if self.on_call is None:
            return
        self.on_call(
            CallInfo(
                model=completion.model if completion else self.model,
                input_tokens=completion.input_tokens if completion else None,
                output_tokens=completion.output_tokens if completion else None,
                latency_s=latency_s,
                status="ok" if error is None else "error",
                request_id=completion.request_id if completion else getattr(self._local, "request_id", None),
                transport_retries=getattr(self._local, "retries", 0),
                error=error,
            )
        )

    # ------------------------------------------------------------------ errors

    def _scrub(self, text: str) -> str:
        """One short line without the API key (servers sometimes echo part of it)."""
        text = scrub(text, self._api_key)  # the key whole and without its sk-/sk-proj- prefix
        text = _KEYLIKE.sub("***", text)
        text = " ".join(text.split())
        return text if len(text) <= 200 else text[:197] + "..."

    def _error(self, exc: Exception) -> SummarizerError:
        """Map an openai SDK exception onto the error tree, one line, key-free."""
        import openai

        where, retries = self._where, self.transport_retries
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return AuthError(
                f"the endpoint {where} rejected the API key (HTTP {exc.status_code}): set OPENAI_API_KEY to a valid key"
            )
        if isinstance(exc, openai.NotFoundError):
            return ConfigError(
                f"model {self.model!r} was not found at {where} (HTTP 404: {self._server_message(exc)}): "
                "pass a model this endpoint serves with --model, or check --base-url"
            )
        if isinstance(exc, openai.APITimeoutError):
            return BackendError(
                f"the request to {where} timed out after {self.timeout:g}s ({retries} transport retries): "
                "raise --timeout, or check --base-url"
            )
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__.__class__.__name__ if exc.__cause__ else "connection error"
            return BackendError(
                f"cannot connect to {where} ({cause}): check that the server is running and --base-url is right, "
                "or raise --timeout"
            )
        if isinstance(exc, openai.RateLimitError):
            return BackendError(
                f"the endpoint {where} is rate limiting (HTTP 429) after {retries} transport retries: "
                f"{self._server_message(exc)}; wait and retry, or raise --transport-retries"
            )
        if isinstance(exc, openai.InternalServerError):
            return BackendError(
                f"the endpoint {where} failed (HTTP {exc.status_code}) after {retries} transport retries: "
                f"{self._server_message(exc)}; try again later"
            )
        if isinstance(exc, openai.APIStatusError):
            return BackendError(
                f"the endpoint {where} rejected the request (HTTP {exc.status_code}): {self._server_message(exc)}"
            )
        return BackendError(
            f"the endpoint {where} sent a reply the openai SDK cannot read ({self._scrub(str(exc))}): "
            "check that --base-url is an OpenAI-compatible /v1 API"
        )

    def _server_message(self, exc: Any) -> str:
        body = getattr(exc, "body", None)
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            body = body["error"]
        msg = body.get("message") if isinstance(body, dict) else None
        return self._scrub(str(msg or getattr(exc, "message", "") or exc.__class__.__name__))

    # ------------------------------------------------------------------ tokens and doctor

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` for this model (tiktoken via summarizer.backends.tokens; ~4 chars a token without it)."""
        if self._tokenizer is None:
            try:
                from summarizer.backends.tokens import get_tokenizer
            except ImportError:
                return len(text) // 4
            self._tokenizer = get_tokenizer(self.model)
        return int(self._tokenizer.count(text))

    def check_endpoint(self) -> tuple[bool, str]:
        """GET /models once, quickly: (reachable?, one-line detail). Never raises."""
        try:
            import openai

            client = self._client.with_options(timeout=min(self.timeout, 10.0), max_retries=0)
            try:
                ids = [m.id for m in client.models.list().data]
            except openai.NotFoundError:
                return False, (
                    f"{self._where} answered HTTP 404 on GET /models: check that --base-url ends in /v1 "
                    "(some servers do not list models)"
                )
            except openai.OpenAIError as exc:
                return False, str(self._error(exc))
        except Exception as exc:  # doctor must report, not crash
            return False, f"{self._where} could not be checked ({self._scrub(exc.__class__.__name__)})"
        if self.model in ids:
            return True, f"{self._where} answers; model {self.model!r} is served ({len(ids)} model(s) listed)"
        if ids:
            shown = ", ".join(ids[:5])
            return True, (
                f"{self._where} answers, but model {self.model!r} is not listed ({shown}"
                f"{', ...' if len(ids) > 5 else ''}): pick one with --model"
            )
        return True, f"{self._where} answers (it lists no models)"
