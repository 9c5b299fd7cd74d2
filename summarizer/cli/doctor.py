"""``summarizer doctor``: resolved settings, endpoint, model, tokenizer."""

from __future__ import annotations

import json

import typer

from summarizer.cli._output import fail
from summarizer.cli.options import (
    BackendOpt,
    BaseUrlOpt,
    ConfigOpt,
    ModelOpt,
    ModelPathOpt,
    TimeoutOpt,
    common_flags,
)
from summarizer.errors import SummarizerError


def doctor_cmd(
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    model_path: ModelPathOpt = None,
    timeout: TimeoutOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show the resolved settings (API key only as set/unset), whether the endpoint answers, model and tokenizer."""
    try:
        from summarizer.backends.tokens import get_tokenizer
        from summarizer.config import load_settings

        flags = common_flags(backend=backend, model=model, base_url=base_url, model_path=model_path, timeout=timeout)
        settings = load_settings(flags, config_path=config)
    except SummarizerError as exc:
        fail(exc)
    ok = True
    shown = settings.redacted()
    typer.echo(f"config file:  {settings.config_path or '(none)'}")
    typer.echo(f"backend:      {settings.backend} (from {settings.backend_origin})")
    typer.echo(f"model:        {settings.effective_model or '-'}")
    typer.echo(
        f"base url:     {settings.base_url or ('https://api.openai.com/v1' if settings.backend == 'openai' else '-')}"
    )
    typer.echo(f"api key:      {shown['api_key']}")
    tok = get_tokenizer(settings.effective_model)
    typer.echo(f"tokenizer:    {tok.name}" + (f" ({tok.warning})" if tok.warning else ""))
    known = None
    if settings.backend == "openai":
        from summarizer.backends.openai import context_window

        known = context_window(settings.effective_model)
    typer.echo(f"context:      {settings.effective_context_tokens(known)} tokens")
    if settings.backend in ("openai", "llama"):
        try:
            from summarizer.backends import make_backend

            be = make_backend(settings)
            if settings.backend == "openai":
                reachable, detail = be.check_endpoint()  # type: ignore[attr-defined]
                ok = ok and reachable
                typer.echo(f"endpoint:     {'reachable' if reachable else 'NOT reachable'} ({detail})")
            else:
                typer.echo(f"model file:   {getattr(be, 'model_path', '?')} (n_ctx {be.context_tokens})")
        except SummarizerError as exc:
            ok = False
            typer.echo(f"backend:      NOT usable: {exc}")
    elif settings.backend == "extractive":
        typer.echo("endpoint:     none needed (offline extractive engine)")
    typer.echo("settings:     " + json.dumps({k: v for k, v in shown.items() if k not in ("api_key",)}, default=str))
    raise typer.Exit(0 if ok else 1)


def register(app: typer.Typer) -> None:
    """Add ``doctor`` to ``app``."""
    app.command("doctor")(doctor_cmd)
