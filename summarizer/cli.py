"""The Typer app. The only module that prints, reads stdin or exits; maps SummarizerError to a line + exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from summarizer.cli_options import (
    BackendOpt,
    BaseUrlOpt,
    ChunkOpt,
    ConcOpt,
    ConfigOpt,
    ContextOpt,
    Fmt,
    FormatOpt,
    KeepOpt,
    MaxCharsOpt,
    MaxWordsOpt,
    ModelOpt,
    ModelPathOpt,
    OutputOpt,
    OutTokOpt,
    PromptsOpt,
    RetriesOpt,
    SeedOpt,
    SourceArg,
    TaskName,
    TempOpt,
    TimeoutOpt,
    TransportOpt,
    VerboseOpt,
    common_flags,
)
from summarizer.errors import ConfigError, OutputValidationError, SummarizerError

app = typer.Typer(
    name="summarizer",
    help=(
        "Neutral briefs, claim lists and neutral rewrites of news articles, every output checked against the "
        "source.\n\nWith no LLM configured it runs the offline extractive engine; set OPENAI_API_KEY (or "
        "--base-url for Ollama, vLLM, llama.cpp server, LM Studio) or use --backend llama for a local GGUF model."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# ---------------------------------------------------------------- error handling and output


def say(msg: str) -> None:
    """One line to stderr."""
    typer.echo(msg, err=True)


def fail(exc: SummarizerError, *, verbose: bool = False) -> NoReturn:
    """Print the error as one line (plus details in verbose mode) and exit with its code."""
    say(f"summarizer: error: {exc}")
    if verbose and isinstance(exc, OutputValidationError):
        for e in exc.errors[:20]:
            say(f"  - {e}")
        if exc.last_reply:
            say("  last reply: " + exc.last_reply[:2000])
    raise typer.Exit(exc.exit_code)


def pick_format(fmt: Fmt | str | None, output: Path | None) -> str:
    """--format, else the -o extension, else md on a terminal and json when piped."""
    if fmt is not None:
        return fmt.value if isinstance(fmt, Fmt) else fmt
    if output is not None:
        ext = output.suffix.lower().lstrip(".")
        return {"md": "md", "markdown": "md", "txt": "text", "html": "html", "htm": "html"}.get(ext, "json")
    return "md" if sys.stdout.isatty() else "json"


def emit(text: str, output: Path | None) -> None:
    """Write to -o atomically, or to stdout."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    from summarizer.files import atomic_write

    atomic_write(output, text if text.endswith("\n") else text + "\n")


def _read_stdin(source: str) -> bytes | None:
    if source != "-":
        return None
    if sys.stdin.isatty():
        raise ConfigError("'-' reads the article from stdin, but stdin is a terminal: pipe a file in")
    return sys.stdin.buffer.read()


def _notices(settings: Any, engine: Any) -> None:
    if settings.backend_origin == "default" and settings.backend == "extractive":
        say(
            "summarizer: no LLM configured, using the offline extractive engine "
            "(set OPENAI_API_KEY, or --base-url for a local server, or --backend llama to use a model)"
        )
    backend = getattr(engine, "backend", None)
    if backend is not None and getattr(backend, "using_default_model", False):
        say(
            "summarizer: using the bundled SmolLM2-135M test model: it proves the local path, not quality; "
            "pass --model-path FILE.gguf for a real model"
        )


def run_task_command(
    task: str, source: str, fmt: Fmt | None, output: Path | None, config: Path | None, flags: dict[str, Any]
) -> None:
    """Shared body of brief / claims / rewrite."""
    verbose = bool(flags.get("verbose"))
    try:
        from summarizer.api import load_article, make_engine
        from summarizer.config import load_settings
        from summarizer.pipeline import run
        from summarizer.render import render

        settings = load_settings(flags, config_path=config)
        chosen = pick_format(fmt, output)
        stdin_bytes = _read_stdin(source)
        article = load_article(source, settings, stdin_bytes=stdin_bytes)
        engine = make_engine(settings)
        _notices(settings, engine)
        if verbose:
            _explain(settings, article, engine)
        out = run(task, article, engine, settings)
        text = render(out, chosen, article=article)
        emit(text, output)
        if verbose:
            r = out.run
            say(
                f"summarizer: {r.backend} {r.model or ''} path={r.path} chunks={r.chunks} calls={r.calls} "
                f"retries={r.retries} tokens={r.prompt_tokens}+{r.completion_tokens} {r.duration_s:.2f}s; "
                f"checks: {out.checks.counts if out.checks else {}}"
            )
    except SummarizerError as exc:
        fail(exc, verbose=verbose)


def _explain(settings: Any, article: Any, engine: Any) -> None:
    from summarizer.chunking import get_tokenizer

    say(
        f"summarizer: article {article.id[:12]} '{article.title or ''}' {len(article.text)} chars, "
        f"{len(article.sentences)} sentences{' (mojibake repaired)' if article.repaired else ''}"
    )
    say(f"summarizer: backend={settings.backend} ({settings.backend_origin}) model={settings.effective_model}")
    tok = get_tokenizer(settings.effective_model)
    if tok.warning:
        say(f"summarizer: warning: {tok.warning}")


# ---------------------------------------------------------------- task commands


def _task_command(task: str, doc: str) -> Any:
    def command(
        source: SourceArg,
        backend: BackendOpt = None,
        model: ModelOpt = None,
        base_url: BaseUrlOpt = None,
        fmt: FormatOpt = None,
        output: OutputOpt = None,
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
        run_task_command(task, source, fmt, output, config, flags)

    command.__doc__ = doc
    command.__name__ = task
    return command


app.command("brief")(_task_command("brief", "Neutral brief: headline, summary, key points and claims with evidence."))
app.command("claims")(_task_command("claims", "Claim list: who claimed what, with the exact source sentences."))
app.command("rewrite")(_task_command("rewrite", "The whole article rewritten in neutral language."))


@app.command("schema")
def schema_cmd(task: Annotated[TaskName, typer.Argument(help="brief | claims | rewrite")]) -> None:
    """Print the JSON Schema of an output (brief, claims or rewrite)."""
    from summarizer.schemas import OUTPUT_TYPES

    emit(json.dumps(OUTPUT_TYPES[task.value].model_json_schema(), indent=2), None)


@app.command("check")
def check_cmd(
    output_file: Annotated[Path, typer.Argument(help="A saved output (JSON from brief, claims or rewrite).")],
    source: SourceArg,
    fmt: Annotated[
        Fmt | None,
        typer.Option(
            "--format",
            "-f",
            help="json | text | html. Default: text on a terminal, json when piped.",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    max_words: MaxWordsOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Re-verify a saved output against its source. Exit 0: no errors; 1: error findings; 2: unreadable input."""
    try:
        from summarizer.api import check_against, load_article, load_output
        from summarizer.config import load_settings
        from summarizer.render import render_check

        settings = load_settings({}, config_path=config)
        out = load_output(output_file)
        article = load_article(source, settings, stdin_bytes=_read_stdin(source))
        report = check_against(out, article, max_words=max_words)
        chosen = pick_format(fmt, output)
        if chosen == "md":
            chosen = "text"
        emit(render_check(report, chosen, output=out, article=article), output)
    except SummarizerError as exc:
        fail(exc)
    raise typer.Exit(0 if report.ok else 1)


@app.command("doctor")
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
        from summarizer.chunking import get_tokenizer
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
    typer.echo(f"context:      {settings.effective_context_tokens()} tokens")
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


from summarizer.cli_batch import register as _register_batch  # noqa: E402  (batch, logs; needs the aliases above)

_register_batch(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        say("summarizer: interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug, not a user error: one line, the traceback only when asked for
        if "-v" in sys.argv or "--verbose" in sys.argv:
            import traceback

            traceback.print_exc()
        say(
            f"summarizer: internal error: {exc.__class__.__name__}: {exc} (rerun with -v for details; please report it)"
        )
        sys.exit(1)
