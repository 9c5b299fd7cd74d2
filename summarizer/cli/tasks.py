"""brief, claims, rewrite, schema and check: the commands that run the pipeline on one article."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer.cli._output import emit, fail, pick_format, read_stdin, say
from summarizer.cli.options import (
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
    StrictOpt,
    TaskName,
    TempOpt,
    TimeoutOpt,
    TransportOpt,
    VerboseOpt,
    common_flags,
)
from summarizer.errors import SummarizerError


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
    task: str,
    source: str,
    fmt: Fmt | None,
    output: Path | None,
    config: Path | None,
    flags: dict[str, Any],
    *,
    strict: bool = False,
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
        if output is not None:
            from summarizer.files import check_target

            check_target(output)  # a bad -o must fail before the article is fetched or any call is paid
        stdin_bytes = read_stdin(source)
        article = load_article(source, settings, stdin_bytes=stdin_bytes)
        engine = make_engine(settings)
        _notices(settings, engine)
        if verbose:
            _explain(settings, article, engine)
        out = run(task, article, engine, settings)
        text = render(out, chosen, article=article)
        emit(text, output)
        if out.checks is not None and out.checks.removed:
            say(removed_notice(out.checks))
        if verbose:
            r = out.run
            say(
                f"summarizer: {r.backend} {r.model or ''} path={r.path} chunks={r.chunks} calls={r.calls} "
                f"retries={r.retries} tokens={r.prompt_tokens}+{r.completion_tokens} {r.duration_s:.2f}s; "
                f"checks: {out.checks.counts if out.checks else {}}"
            )
    except SummarizerError as exc:
        fail(exc, verbose=verbose)
    if strict and out.checks is not None and not out.checks.ok:
        raise typer.Exit(1)


def removed_notice(report: Any) -> str:
    """One stderr line: what the checks took out or rebuilt, and where the reasons are."""
    from summarizer.render import removed_summary

    where = ", ".join(f"{r.path} ({'/'.join(r.kinds)})" for r in report.removed[:4])
    more = f" and {len(report.removed) - 4} more" if len(report.removed) > 4 else ""
    return (
        f"summarizer: checks: {'; '.join(removed_summary(report))}: {where}{more}; the reasons are under checks.removed"
    )


def _explain(settings: Any, article: Any, engine: Any) -> None:
    from summarizer.backends.tokens import get_tokenizer

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
        strict: StrictOpt = False,
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
        run_task_command(task, source, fmt, output, config, flags, strict=strict)

    command.__doc__ = doc
    command.__name__ = task
    return command


def schema_cmd(task: Annotated[TaskName, typer.Argument(help="brief | claims | rewrite")]) -> None:
    """Print the JSON Schema of an output (brief, claims or rewrite)."""
    from summarizer.schemas import OUTPUT_TYPES

    emit(json.dumps(OUTPUT_TYPES[task.value].model_json_schema(), indent=2), None)


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
        article = load_article(source, settings, stdin_bytes=read_stdin(source))
        report = check_against(out, article, max_words=max_words)
        chosen = pick_format(fmt, output)
        if chosen == "md":
            chosen = "text"
        emit(render_check(report, chosen, output=out, article=article), output)
    except SummarizerError as exc:
        fail(exc)
    raise typer.Exit(0 if report.ok else 1)


def register(app: typer.Typer) -> None:
    """Add the task commands to ``app``."""
    app.command("brief")(
        _task_command("brief", "Neutral brief: headline, summary, key points and claims with evidence.")
    )
    app.command("claims")(_task_command("claims", "Claim list: who claimed what, with the exact source sentences."))
    app.command("rewrite")(_task_command("rewrite", "The whole article rewritten in neutral language."))
    app.command("schema")(schema_cmd)
    app.command("check")(check_cmd)
