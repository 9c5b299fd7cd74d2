"""The /v1 endpoints and /healthz: request bodies in, the CLI's outputs and renderings out."""

from __future__ import annotations

import time
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from summarizer.schemas import Article, Brief, CheckReport, ClaimList, Output, Rewrite
from summarizer.server.work import ApiError

router = APIRouter()


class Fmt(StrEnum):
    """Renderings of an output."""

    json = "json"
    md = "md"
    text = "text"
    html = "html"


class CheckFmt(StrEnum):
    """Renderings of a check report."""

    json = "json"
    text = "text"
    html = "html"


MEDIA = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


class _Source(BaseModel):
    """Exactly one of ``text`` or ``url``."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="The article: plain text or HTML.")
    url: str | None = Field(None, description="An http(s) URL the server fetches (public addresses only).")
    title: str | None = Field(None, description="Title to use instead of the one found in the article.")

    @model_validator(mode="after")
    def _one_source(self) -> _Source:
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of 'text' or 'url'")
        return self


class TaskRequest(_Source):
    """Body of /v1/brief, /v1/claims and /v1/rewrite."""

    max_words: int | None = Field(None, ge=10, le=1000, description="Summary length in words (brief).")
    keep_unverified: bool | None = Field(
        None, description="Keep items that fail the source checks, marked verified=false (default: drop them)."
    )


class CheckRequest(_Source):
    """Body of /v1/check: a saved output and its article."""

    output: dict[str, Any] = Field(description="A brief, claims or rewrite JSON as returned by this API or the CLI.")
    max_words: int | None = Field(None, ge=10, le=1000)


class ErrorDetail(BaseModel):
    """What went wrong, in the CLI's words."""

    type: str
    message: str


class ErrorBody(BaseModel):
    """Every error response: {"error": {"type", "message"}}."""

    error: ErrorDetail


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad URL, refused address, bad option"},
    401: {"model": ErrorBody, "description": "Missing or wrong bearer token"},
    413: {"model": ErrorBody, "description": "Request body or article too large"},
    422: {"model": ErrorBody, "description": "Empty, binary or malformed input"},
    502: {"model": ErrorBody, "description": "The LLM backend failed"},
    503: {"model": ErrorBody, "description": "Busy: --max-concurrent requests running (see Retry-After)"},
    504: {"model": ErrorBody, "description": "Past --request-timeout"},
}


class Health(BaseModel):
    """What /healthz reports."""

    status: str
    ready: bool
    backend: str
    model: str | None
    version: str
    max_concurrent: int
    busy: int
    auth: bool


def _state(request: Request) -> Any:
    return request.app.state.summarizer


def _load_article(state: Any, src: _Source, settings: Any, deadline: float) -> Article:
    """The article of a request: its text, or its URL fetched under the address policy."""
    from summarizer import ingest
    from summarizer.ingest.fetch import fetch_url

    if src.text is not None:
        return ingest.from_text(src.text, title=src.title, max_chars=settings.max_chars)
    assert src.url is not None
    url = src.url.strip()
    if not ingest.is_url(url):
        raise ApiError(400, "bad_url", f"{url[:200]}: not an http(s) URL; give a link such as https://example.com/a")
    left = max(0.1, deadline - time.monotonic())
    data, content_type = fetch_url(
        url,
        timeout=min(settings.timeout, left),
        max_bytes=settings.max_fetch_bytes,
        allow_private=state.options.allow_private_urls,
        resolver=state.resolver,
        transport=state.transport,
    )
    article = ingest.from_bytes(data, name=url, url=url, content_type=content_type, max_chars=settings.max_chars)
    return article.model_copy(update={"title": src.title}) if src.title else article


def _article_view(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "text": article.text,
        "sentences": [s.model_dump() for s in article.sentences],
        "paragraphs": [p.model_dump() for p in article.paragraphs],
    }


def _includes(include: str | None) -> set[str]:
    wanted = {part.strip() for part in (include or "").split(",") if part.strip()}
    unknown = wanted - {"article", "markdown"}
    if unknown:
        raise ApiError(400, "bad_option", f"include={','.join(sorted(unknown))}: use article and/or markdown")
    return wanted


async def _run_task(task: str, request: Request, body: TaskRequest, fmt: Fmt, include: str | None) -> Response:
    from summarizer.pipeline import run
    from summarizer.render import render
    from summarizer.server.app import api_error

    state = _state(request)
    extras = _includes(include)
    per_request = (("max_words", body.max_words), ("keep_unverified", body.keep_unverified))
    changes = {k: v for k, v in per_request if v is not None}
    settings = state.settings.replace(**changes) if changes else state.settings
    deadline = time.monotonic() + state.options.request_timeout

    def work() -> tuple[Output, Article]:
        article = _load_article(state, body, settings, deadline)
        return run(task, article, state.engine, settings), article

    try:
        out, article = await state.worker.run(work)
    except Exception as exc:  # every library error becomes a JSON error with the CLI's message
        raise api_error(exc) from None
    if fmt is not Fmt.json:
        return Response(render(out, fmt.value, article=article), media_type=MEDIA[fmt.value])
    if not extras:
        return Response(render(out, "json"), media_type=MEDIA["json"])
    data = out.model_dump(mode="json")
    if "article" in extras:
        data["article"] = _article_view(article)
    if "markdown" in extras:
        data["markdown"] = render(out, "md")
    return JSONResponse(data)


_FORMAT_DOC = "json (the CLI's JSON, default), md, text or html."
_INCLUDE_DOC = "Extra keys for the editor's page: article (text and sentence offsets), markdown."


@router.post("/v1/brief", response_model=Brief, responses=_ERRORS, summary="Neutral brief of an article")
async def brief(
    request: Request,
    body: TaskRequest,
    format: Fmt = Query(Fmt.json, description=_FORMAT_DOC),  # noqa: A002  (the public parameter name)
    include: str | None = Query(None, description=_INCLUDE_DOC),
) -> Response:
    """Headline, summary, key points and claims, each with its evidence sentences, checked against the source."""
    return await _run_task("brief", request, body, format, include)


@router.post("/v1/claims", response_model=ClaimList, responses=_ERRORS, summary="Who claimed what")
async def claims(
    request: Request,
    body: TaskRequest,
    format: Fmt = Query(Fmt.json, description=_FORMAT_DOC),  # noqa: A002
    include: str | None = Query(None, description=_INCLUDE_DOC),
) -> Response:
    """The claims of an article: speaker, type, hedged, with the exact source sentences."""
    return await _run_task("claims", request, body, format, include)


@router.post("/v1/rewrite", response_model=Rewrite, responses=_ERRORS, summary="Neutral rewrite")
async def rewrite(
    request: Request,
    body: TaskRequest,
    format: Fmt = Query(Fmt.json, description=_FORMAT_DOC),  # noqa: A002
    include: str | None = Query(None, description=_INCLUDE_DOC),
) -> Response:
    """The article rewritten in neutral language, paragraph by paragraph, each tied to its source sentences."""
    return await _run_task("rewrite", request, body, format, include)


def _parse_output(data: dict[str, Any]) -> Output:
    from pydantic import ValidationError

    from summarizer.schemas import OUTPUT_TYPES

    kind = data.get("kind")
    if kind not in OUTPUT_TYPES:
        raise ApiError(422, "check_error", "output.kind must be brief, claims or rewrite: send an output of this API")
    try:
        out = OUTPUT_TYPES[kind].model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ApiError(
            422, "check_error", f"output is not a valid {kind} ({where}: {first.get('msg')}); send it unchanged"
        ) from None
    assert isinstance(out, (Brief, ClaimList, Rewrite))
    return out


@router.post("/v1/check", response_model=CheckReport, responses=_ERRORS, summary="Re-verify a saved output")
async def check(
    request: Request,
    body: CheckRequest,
    format: CheckFmt = Query(CheckFmt.json, description="json (default), text or html."),  # noqa: A002
) -> Response:
    """Check a saved output against its article again: the same report the CLI's check command prints."""
    from summarizer.api import check_against
    from summarizer.render import render_check
    from summarizer.server.app import api_error

    state = _state(request)
    output = _parse_output(body.output)
    deadline = time.monotonic() + state.options.request_timeout

    def work() -> tuple[CheckReport, Article]:
        article = _load_article(state, body, state.settings, deadline)
        return check_against(output, article, max_words=body.max_words), article

    try:
        report, article = await state.worker.run(work)
    except Exception as exc:
        raise api_error(exc) from None
    text = render_check(report, format.value, output=output, article=article)
    return Response(text, media_type=MEDIA[format.value])


@router.get("/healthz", response_model=Health, summary="Liveness, backend and model")
async def healthz(request: Request) -> Health:
    """Whether the server is ready, and which backend, model and version answer."""
    from summarizer.pipeline import version

    state = _state(request)
    return Health(
        status="ok" if state.ready else "starting",
        ready=state.ready,
        backend=state.settings.backend,
        model=state.settings.effective_model,
        version=version(),
        max_concurrent=state.worker.limit,
        busy=state.worker.busy,
        auth=state.options.token is not None,
    )
