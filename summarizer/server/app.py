"""The FastAPI app: /v1 endpoints over the library, /healthz, the editor's page, JSON errors everywhere."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from summarizer.config import Settings
from summarizer.errors import (
    BackendError,
    CheckError,
    ConfigError,
    InputError,
    InputTooLarge,
    OutputValidationError,
)
from summarizer.ingest.fetch import FetchError, FetchRefused, FetchTimeout, Resolver
from summarizer.server.middleware import AccessLog, BearerAuth, BodyLimit
from summarizer.server.options import ServeOptions
from summarizer.server.work import ApiError, Worker

log = logging.getLogger("summarizer.server")

# The page loads only its own script and style; nothing inline, nothing from elsewhere.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}


def error_response(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON error: {"error": {"type", "message"}}."""
    return JSONResponse({"error": {"type": kind, "message": message}}, status_code=status, headers=headers)


def api_error(exc: Exception) -> ApiError:
    """The HTTP status and type for a library error; messages are the CLI's."""
    if isinstance(exc, ApiError):
        return exc
    msg = str(exc)
    if isinstance(exc, InputTooLarge):
        return ApiError(413, "too_large", msg)
    if isinstance(exc, FetchRefused):
        return ApiError(400, "url_refused", msg)
    if isinstance(exc, FetchTimeout):
        return ApiError(504, "timeout", msg)
    if isinstance(exc, FetchError):
        return ApiError(400, "bad_url", msg)
    if isinstance(exc, InputError):
        return ApiError(422, "input_error", msg)
    if isinstance(exc, CheckError):
        return ApiError(422, "check_error", msg)
    if isinstance(exc, OutputValidationError):
        return ApiError(502, "invalid_model_output", msg)
    if isinstance(exc, BackendError):
        return ApiError(502, "backend_error", msg)
    if isinstance(exc, ConfigError):
        return ApiError(400, "bad_option", msg)
    log.error("internal error: %s: %s", exc.__class__.__name__, str(exc).splitlines()[0] if str(exc) else "")
    return ApiError(500, "internal", f"internal error ({exc.__class__.__name__}); the server log has the details")


class AppState:
    """What every request shares: settings, server options, the engine, the worker, the URL policy hooks."""

    def __init__(
        self,
        settings: Settings,
        options: ServeOptions,
        *,
        resolver: Resolver | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        from summarizer.api import make_engine

        self.settings = settings
        self.options = options
        self.resolver = resolver
        self.transport = transport
        self.engine = make_engine(settings)
        # llama.cpp runs one generation at a time in a process; queue its requests in one thread.
        threads = 1 if settings.backend == "llama" else options.max_concurrent
        self.worker = Worker(options.max_concurrent, options.request_timeout, threads=threads)
        self.ready = False


def _static(name: str) -> bytes:
    return resources.files("summarizer.server").joinpath("static", name).read_bytes()


def create_app(
    settings: Settings,
    options: ServeOptions,
    *,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Any:
    """The ASGI app: FastAPI routes wrapped in access log, auth and body limit (outermost first)."""
    from summarizer.pipeline import version
    from summarizer.server.routes import router

    state = AppState(settings, options, resolver=resolver, transport=transport)
    pages = {name: _static(name) for name in ("index.html", *STATIC)}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state.ready = True
        yield
        state.ready = False
        state.worker.shutdown()

    app = FastAPI(
        title="summarizer",
        version=version(),
        description="Neutral briefs, claim lists and rewrites of news articles, every item checked against the "
        'source. Errors are JSON: {"error": {"type", "message"}}.',
        lifespan=lifespan,
    )
    app.state.summarizer = state
    app.include_router(router)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.kind, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:3]:
            loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else str(err.get("msg", "invalid")))
        return error_response(422, "invalid_request", "invalid request: " + "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = {
            404: f"{request.url.path}: no such endpoint; the API is described at /docs",
            405: f"{request.method} {request.url.path} is not allowed; the API is described at /docs",
        }.get(exc.status_code, str(exc.detail))
        return error_response(exc.status_code, kind, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(_request: Request, exc: Exception) -> JSONResponse:
        err = api_error(exc)
        return error_response(err.status, err.kind, err.message, err.headers)

    page_headers = {
        "Content-Security-Policy": PAGE_CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }

    @app.get("/", include_in_schema=False)
    async def index() -> Response:
        return Response(pages["index.html"], media_type="text/html; charset=utf-8", headers=page_headers)

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in STATIC:
            raise ApiError(404, "not_found", f"/static/{name}: no such file")
        return Response(pages[name], media_type=STATIC[name], headers=page_headers)

    limit = options.body_limit(settings.max_chars)
    return AccessLog(BearerAuth(BodyLimit(app, limit), options.token))
