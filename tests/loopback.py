"""A real OpenAI-compatible HTTP server on 127.0.0.1 for tests and benchmarks.

It speaks enough of the API for the openai SDK: ``POST /v1/chat/completions`` and ``GET /v1/models``.
Replies come from a script (``enqueue``/``enqueue_error``/``enqueue_raw``), then from ``responder``.
More endpoints plug in with ``add_route`` (e.g. /v1/files, /v1/batches); ``latency_s`` and ``rpm_limit``
make it behave like a slow, rate-limited provider for benchmarks.

    with LoopbackServer() as srv:
        srv.enqueue(content='{"headline": "..."}')
        client = OpenAI(base_url=srv.base_url, api_key="x")
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

AUTO = "auto"  # usage=AUTO: count about four characters a token


@dataclass
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    body: Any  # parsed JSON, or None when the body was empty or not JSON
    raw: bytes = b""
    at: float = 0.0  # time.monotonic() on arrival

    def get(self, key: str, default: Any = None) -> Any:
        """``body[key]`` when the body is a JSON object."""
        return self.body.get(key, default) if isinstance(self.body, dict) else default


@dataclass
class Reply:
    """What the server sends back: status, headers and a JSON (or raw bytes) body."""

    status: int = 200
    body: Any = None  # dict/list -> JSON; bytes -> sent as is
    headers: dict[str, str] = field(default_factory=dict)
    content_length: int | None = None  # announce more bytes than sent to simulate a cut-off body
    delay_s: float = 0.0


# A responder turns a chat request body into: content text, a dict with enqueue()'s keywords, or a Reply.
Responder = Callable[[dict[str, Any]], "str | dict[str, Any] | Reply"]
RouteHandler = Callable[[RecordedRequest], Reply]


def approx_tokens(text: str) -> int:
    """About four characters a token (what the server reports as usage by default)."""
    return (len(text) + 3) // 4


def error_body(message: str, *, type_: str = "invalid_request_error", code: str | None = None, param: Any = None):
    """An OpenAI-style error body."""
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


class LoopbackServer:
    """A threaded HTTP server on a free loopback port; use as a context manager."""

    def __init__(
        self,
        *,
        responder: Responder | None = None,
        reject_json_schema: bool = False,
        api_key: str | None = None,
        models: Iterable[str] = ("loopback-model",),
        latency_s: float = 0.0,
        rpm_limit: int | None = None,
    ) -> None:
        self.responder = responder
        self.reject_json_schema = reject_json_schema
        self.api_key = api_key
        self.models = list(models)
        self.latency_s = latency_s
        self.rpm_limit = rpm_limit
        self.requests: list[RecordedRequest] = []
        self.rate_limited = 0  # 429s sent because of rpm_limit
        self._script: deque[Reply | Callable[[RecordedRequest], Reply]] = deque()
        self._routes: dict[tuple[str, str], RouteHandler] = {
            ("POST", "/v1/chat/completions"): self._chat,
            ("GET", "/v1/models"): self._models,
        }
        self._window: deque[float] = deque()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> LoopbackServer:
        """Bind a free port on 127.0.0.1 and serve in a daemon thread."""
        server = self

        class Handler(_Handler):
            owner = server

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        httpd.block_on_close = False  # keep-alive handler threads must not block shutdown
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port."""
        if self._httpd is None:
            raise RuntimeError("LoopbackServer is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1``: what to pass as --base-url."""
        return f"http://127.0.0.1:{self.port}/v1"

    # ------------------------------------------------------------------ scripting

    def enqueue(
        self,
        content: str | None = "",
        *,
        finish_reason: str = "stop",
        usage: Mapping[str, int] | str | None = AUTO,
        refusal: str | None = None,
        model: str | None = None,
        headers: Mapping[str, str] | None = None,
        delay_s: float = 0.0,
    ) -> None:
        """Script the next chat completion. ``usage``: AUTO (estimated), a dict, or None (omitted)."""
        spec: dict[str, Any] = {
            "content": content,
            "finish_reason": finish_reason,
            "usage": usage,
            "refusal": refusal,
            "model": model,
        }

        def reply(req: RecordedRequest) -> Reply:
            return Reply(200, self.completion_body(req.body or {}, **spec), dict(headers or {}), delay_s=delay_s)

        with self._lock:
            self._script.append(reply)

    def enqueue_error(
        self,
        status: int,
        body: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
        message: str | None = None,
    ) -> None:
        """Script an HTTP error (OpenAI-style body unless ``body`` is given); Retry-After: 0 by default."""
        if body is None:
            body = error_body(message or f"loopback error {status}", type_=_ERROR_TYPES.get(status, "api_error"))
        hdrs = {"Retry-After": "0"} if headers is None else dict(headers)
        with self._lock:
            self._script.append(Reply(status, body, hdrs))

    def enqueue_raw(
        self,
        data: bytes,
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_length: int | None = None,
    ) -> None:
        """Script raw bytes as the body (e.g. invalid JSON; ``content_length`` > len(data) cuts it off)."""
        hdrs = {"Content-Type": "application/json", **dict(headers or {})}
        with self._lock:
            self._script.append(Reply(status, bytes(data), hdrs, content_length=content_length))

    def enqueue_reply(self, reply: Reply | Callable[[RecordedRequest], Reply]) -> None:
        """Script any Reply (or a function of the request that returns one)."""
        with self._lock:
            self._script.append(reply)

    @property
    def pending(self) -> int:
        """Scripted replies not used yet."""
        with self._lock:
            return len(self._script)

    def add_route(self, method: str, path: str, handler: RouteHandler) -> None:
        """Serve ``method path`` (exact path, query string ignored) with ``handler``."""
        self._routes[(method.upper(), path)] = handler

    def requests_to(self, path: str = "/v1/chat/completions") -> list[RecordedRequest]:
        """The requests received on ``path``."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """The chat completion requests received so far."""
        return self.requests_to("/v1/chat/completions")

    # ------------------------------------------------------------------ replies

    def completion_body(
        self,
        request: Mapping[str, Any],
        *,
        content: str | None = "",
        finish_reason: str = "stop",
        usage: Mapping[str, int] | str | None = AUTO,
        refusal: str | None = None,
        model: str | None = None,
    ) -> dict[str, Any]:
        """A chat.completion object answering ``request``."""
        body: dict[str, Any] = {
            "id": f"chatcmpl-loop-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model or request.get("model") or (self.models[0] if self.models else "loopback-model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "finish_reason": finish_reason,
                    "logprobs": None,
                }
            ],
        }
        if usage == AUTO:
            prompt = sum(approx_tokens(str(m.get("content") or "")) for m in request.get("messages") or [])
            completion = approx_tokens(content or refusal or "")
            body["usage"] = {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            }
        elif isinstance(usage, Mapping):
            u = dict(usage)
            u.setdefault("total_tokens", u.get("prompt_tokens", 0) + u.get("completion_tokens", 0))
            body["usage"] = u
        return body

    def _chat(self, req: RecordedRequest) -> Reply:
        fmt = req.get("response_format") or {}
        if self.reject_json_schema and isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            return Reply(400, error_body("response_format json_schema is not supported", param="response_format"))
        with self._lock:
            scripted = self._script.popleft() if self._script else None
        if scripted is not None:
            return scripted(req) if callable(scripted) else scripted
        if self.responder is None:
            # 410 is neither retried by the SDK nor mistaken for a json_schema rejection.
            return Reply(410, error_body("loopback server: no scripted reply left and no responder set"))
        out = self.responder(req.body or {})
        if isinstance(out, Reply):
            return out
        if isinstance(out, str):
            return Reply(200, self.completion_body(req.body or {}, content=out))
        return Reply(200, self.completion_body(req.body or {}, **out))

    def _models(self, req: RecordedRequest) -> Reply:
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "loopback"} for m in self.models]
        return Reply(200, {"object": "list", "data": data})

    def _dispatch(self, req: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(req)
        if self.latency_s:
            time.sleep(self.latency_s)
        if self.api_key is not None and req.headers.get("authorization") != f"Bearer {self.api_key}":
            # Echo a masked key like OpenAI does, so tests can prove the client scrubs it.
            sent = req.headers.get("authorization", "").removeprefix("Bearer ")
            masked = f"{sent[:3]}****{sent[-4:]}" if len(sent) > 8 else "****"
            return Reply(
                401,
                error_body(f"Incorrect API key provided: {masked}.", code="invalid_api_key"),
            )
        if self.rpm_limit is not None and self._over_rpm():
            return Reply(
                429,
                error_body("Rate limit reached", type_="requests", code="rate_limit_exceeded"),
                {"Retry-After": "1"},
            )
        handler = self._routes.get((req.method, req.path))
        if handler is None:
            return Reply(404, error_body(f"no route for {req.method} {req.path}"))
        return handler(req)

    def _over_rpm(self) -> bool:
        now = time.monotonic()
        with self._lock:
            while self._window and now - self._window[0] >= 60.0:
                self._window.popleft()
            if self.rpm_limit is not None and len(self._window) >= self.rpm_limit:
                self.rate_limited += 1
                return True
            self._window.append(now)
            return False


_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    404: "invalid_request_error",
    429: "requests",
    500: "server_error",
    503: "server_error",
}


class _Handler(BaseHTTPRequestHandler):
    owner: LoopbackServer
    protocol_version = "HTTP/1.1"  # keep-alive, like a real API

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # keep test output clean

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        req = RecordedRequest(
            method=self.command,
            path=self.path.split("?", 1)[0],
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            raw=raw,
            at=time.monotonic(),
        )
        try:
            reply = self.owner._dispatch(req)
        except Exception as exc:  # a broken responder shows up as a 500 the test can read
            reply = Reply(
                500, error_body(f"loopback handler crashed: {exc!r}", type_="server_error"), {"x-should-retry": "false"}
            )
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        if reply.delay_s:
            time.sleep(reply.delay_s)
        data = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        headers = {"Content-Type": "application/json", "x-request-id": f"req_loop_{next(self.owner._ids)}"}
        headers.update(reply.headers)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(reply.content_length or len(data)))
        if reply.content_length is not None and reply.content_length > len(data):
            self.send_header("Connection", "close")
            self.close_connection = True
        try:
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (its timeout, or a killed process): nothing to answer, nothing to report.
            self.close_connection = True

    do_GET = _handle
    do_POST = _handle
    do_DELETE = _handle
