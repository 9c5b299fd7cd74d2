"""``summarizer serve``: the HTTP API and the editor's page (needs the ``serve`` extra: fastapi, uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from summarizer.cli._output import fail, say
from summarizer.cli.options import (
    BackendOpt,
    BaseUrlOpt,
    ChunkOpt,
    ConcOpt,
    ConfigOpt,
    ContextOpt,
    KeepOpt,
    MaxCharsOpt,
    MaxWordsOpt,
    ModelOpt,
    ModelPathOpt,
    OutTokOpt,
    PromptsOpt,
    RetriesOpt,
    SeedOpt,
    TempOpt,
    TimeoutOpt,
    TransportOpt,
    VerboseOpt,
    common_flags,
)
from summarizer.errors import ConfigError, SummarizerError

HostOpt = Annotated[
    str | None,
    typer.Option(
        "--host",
        help="Address to listen on. Anything but loopback needs a token. [default: 127.0.0.1]",
        show_default=False,
    ),
]
PortOpt = Annotated[int | None, typer.Option("--port", "-p", help="Port. [default: 8000]", show_default=False)]
TokenOpt = Annotated[
    str | None,
    typer.Option(
        "--token",
        help="Require 'Authorization: Bearer TOKEN' on every /v1 request (prefer the env var: a flag shows in ps). "
        "[env: SUMMARIZER_SERVE_TOKEN]",
        show_default=False,
    ),
]
AllowPrivateOpt = Annotated[
    bool | None,
    typer.Option(
        "--allow-private-urls/--public-urls-only",
        help="Let URL requests reach loopback, private and link-local addresses (default: public addresses only).",
        show_default=False,
    ),
]
MaxConcurrentOpt = Annotated[
    int | None,
    typer.Option(
        "--max-concurrent", help="Requests run at once; more get 503 with Retry-After. [default: 4]", show_default=False
    ),
]
RequestTimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--request-timeout", help="Seconds a request may take before a 504. [default: 120]", show_default=False
    ),
]


def serve_cmd(
    host: HostOpt = None,
    port: PortOpt = None,
    token: TokenOpt = None,
    allow_private_urls: AllowPrivateOpt = None,
    max_concurrent: MaxConcurrentOpt = None,
    request_timeout: RequestTimeoutOpt = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    max_words: MaxWordsOpt = None,
    chunk_tokens: ChunkOpt = None,
    context_tokens: ContextOpt = None,
    out_tokens: OutTokOpt = None,
    max_retries: RetriesOpt = None,
    transport_retries: TransportOpt = None,
    timeout: TimeoutOpt = None,
    temperature: TempOpt = None,
    seed: SeedOpt = None,
    prompts: PromptsOpt = None,
    model_path: ModelPathOpt = None,
    max_chars: MaxCharsOpt = None,
    keep: KeepOpt = None,
    concurrency: ConcOpt = None,
    config: ConfigOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Serve the HTTP API (/v1/brief, /v1/claims, /v1/rewrite, /v1/check) and the editor's page at /."""
    flags = common_flags(
        backend=backend,
        model=model,
        base_url=base_url,
        max_words=max_words,
        chunk_tokens=chunk_tokens,
        context_tokens=context_tokens,
        out_tokens=out_tokens,
        max_retries=max_retries,
        transport_retries=transport_retries,
        timeout=timeout,
        temperature=temperature,
        seed=seed,
        prompts=prompts,
        model_path=model_path,
        max_chars=max_chars,
        keep=keep,
        concurrency=concurrency,
        verbose=verbose,
    )
    flags.update(
        serve_host=host,
        serve_port=port,
        serve_token=token,
        allow_private_urls=allow_private_urls,
        max_concurrent=max_concurrent,
        request_timeout=request_timeout,
    )
    try:
        from summarizer.config import load_settings

        settings = load_settings(flags, config_path=config)
        from importlib.util import find_spec

        missing = [name for name in ("fastapi", "uvicorn") if find_spec(name) is None]
        if missing:
            raise ConfigError(
                f"summarizer serve needs the serve extra ({', '.join(missing)} missing): "
                "pip install 'summarizer[serve]'"
            )
        from summarizer.server import ServeOptions, serve, validate

        options = ServeOptions(
            host=settings.serve_host,
            port=settings.serve_port,
            token=settings.serve_token,
            allow_private_urls=settings.allow_private_urls,
            max_concurrent=settings.max_concurrent,
            request_timeout=settings.request_timeout,
        )
        validate(options)
        if settings.backend_origin == "default" and settings.backend == "extractive":
            say("summarizer: no LLM configured, serving the offline extractive engine")
        serve(settings, options, announce=say)
    except SummarizerError as exc:
        fail(exc, verbose=verbose)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve_cmd)
