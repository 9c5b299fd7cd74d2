"""The ``batch`` commands and ``logs``. Registered on the main app by ``register``; heavy imports stay lazy.

Shape: ``batch`` is a group whose default command is ``run``, so ``summarizer batch INPUT... --out DIR``
works next to ``summarizer batch status DIR`` and ``summarizer batch collect DIR``. A first argument that
is not a subcommand name gets ``run`` put in front of it (``_DefaultGroup``); an input file literally
named ``status`` or ``collect`` needs a path prefix (``./status``).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from summarizer.cli._output import fail, say
from summarizer.cli.options import (
    BackendOpt,
    BaseUrlOpt,
    ChunkOpt,
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
    TaskName,
    TempOpt,
    TimeoutOpt,
    TransportOpt,
    VerboseOpt,
    common_flags,
)
from summarizer.errors import ConfigError, SummarizerError


class _DefaultGroup(TyperGroup):
    """A group that runs ``run`` when the first argument is not one of its subcommands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["run", *args]
        return super().parse_args(ctx, args)


class BatchFmt(StrEnum):
    json = "json"
    md = "md"


class Via(StrEnum):
    direct = "direct"
    batch_api = "batch-api"


OutDirOpt = Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs, report and digest.")]
StateOpt = Annotated[
    Path | None,
    typer.Option(
        "--state", help="State file (cache, runs, call log). [default: DIR/.summarizer.db]", show_default=False
    ),
]
DirArg = Annotated[Path, typer.Argument(help="The --out folder of the run.")]


def _progress(total: int, secret: str | None = None) -> tuple[Any, Any]:
    """(on_item callback, closer): a rich bar on a terminal, one plain line per item otherwise (cron logs)."""
    from summarizer.files import scrub

    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            TextColumn("{task.description}"), transient=False,
        )  # fmt: skip
        bar.start()
        task = bar.add_task("", total=total)

        def tick(r: Any) -> None:
            bar.update(task, advance=1, description=f"{r.status} {r.name}")
            if r.status == "failed":
                bar.console.print(f"[red]failed[/red] {r.source}: {scrub(r.reason or '', secret)}")

        return tick, bar.stop
    done = [0]

    def line(r: Any) -> None:
        done[0] += 1
        extra = f": {r.reason}" if r.reason else f" ({r.calls} calls, {r.duration_s:.1f}s)"
        say(scrub(f"[{done[0]}/{total}] {r.status} {r.source} -> {r.name}{extra}", secret))

    return line, lambda: None


def _stdin_paths(inputs: list[str]) -> list[str] | None:
    if "-" not in inputs:
        return None
    if sys.stdin.isatty():
        raise ConfigError("'-' reads a list of paths from stdin, but stdin is a terminal: pipe the list in")
    return sys.stdin.read().splitlines()


def batch_run(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders, globs, URLs, JSONL feeds, or - (paths on stdin).")
    ],
    out: OutDirOpt,
    task: Annotated[TaskName, typer.Option("--task", "-t", help="brief | claims | rewrite.")] = TaskName.brief,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    fmt: Annotated[BatchFmt, typer.Option("--format", "-f", help="json, or md for a .md next to each .json.")] = (
        BatchFmt.json
    ),
    concurrency: Annotated[int, typer.Option("--concurrency", help="Articles in flight (llama forces 1).")] = 8,
    rpm: Annotated[float | None, typer.Option("--rpm", help="Requests per minute, client side.")] = None,
    tpm: Annotated[float | None, typer.Option("--tpm", help="Tokens per minute, client side.")] = None,
    max_cost: Annotated[float | None, typer.Option("--max-cost", help="Stop starting articles past USD.")] = None,
    price_in: Annotated[float | None, typer.Option("--price-in", help="USD per million input tokens.")] = None,
    price_out: Annotated[float | None, typer.Option("--price-out", help="USD per million output tokens.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List items, tokens, calls and cost; call nothing.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Ignore cached results.")] = False,
    via: Annotated[Via, typer.Option("--via", help="direct, or batch-api (OpenAI Batch API, half price).")] = (
        Via.direct
    ),
    state: StateOpt = None,
    log_content: Annotated[bool, typer.Option("--log-content", help="Keep prompts and replies in the call log.")] = (
        False
    ),
    wait: Annotated[
        bool, typer.Option("--wait", help="If another run holds DIR, wait for it instead of exiting 2.")
    ] = False,
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
    config: ConfigOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Run a batch (the default command): summarizer batch INPUT... --out DIR. Exit 0 all ok, 1 some failed."""
    flags = common_flags(
        backend=backend, model=model, base_url=base_url, max_words=max_words, chunk_tokens=chunk_tokens,
        context_tokens=context_tokens, out_tokens=out_tokens, max_retries=max_retries,
        transport_retries=transport_retries, timeout=timeout, temperature=temperature, seed=seed, prompts=prompts,
        model_path=model_path, max_chars=max_chars, keep=keep, verbose=verbose,
    )  # fmt: skip
    try:
        from summarizer.batch.inputs import discover
        from summarizer.batch.run import BatchOptions, run_batch
        from summarizer.config import load_settings

        settings = load_settings(flags, config_path=config)
        opts = BatchOptions(
            task=task.value, out_dir=str(out), concurrency=concurrency, rpm=rpm, tpm=tpm, max_cost=max_cost,
            price_in=price_in, price_out=price_out, force=force, via=via.value,
            formats=("json", "md") if fmt == BatchFmt.md else ("json",), state=str(state) if state else None,
            log_content=log_content, wait=wait,
        )  # fmt: skip
        opts.validate()
        stdin_paths = _stdin_paths(inputs)
        items = discover(inputs, stdin_paths)
        if not items:
            raise ConfigError("no inputs: pass files, folders, globs, URLs, JSONL feeds or - with paths on stdin")
        expanded = [p for a in inputs for p in ((stdin_paths or []) if a == "-" else [a])]
        if dry_run:
            _print_plan(items, settings, opts)
            return
        if via == Via.batch_api:
            from summarizer.batch.openai_batch import submit

            sub = submit(items, settings, opts, inputs=expanded)
            typer.echo(sub.summary())
            raise typer.Exit(sub.outcome.exit_code)
        stop, abort = threading.Event(), threading.Event()
        previous = signal.getsignal(signal.SIGINT)

        def on_sigint(signum: int, frame: Any) -> None:
            if stop.is_set():
                say("summarizer: aborting now; articles in flight will be redone by the next run")
                abort.set()
                return
            say("summarizer: finishing the articles in flight, then writing the report (Ctrl-C again to abort)")
            stop.set()

        signal.signal(signal.SIGINT, on_sigint)
        tick, close = _progress(len(items), settings.api_key)
        try:
            outcome = run_batch(items, settings, opts, on_item=tick, stop=stop, abort=abort, inputs=expanded,
                                on_lock_wait=lambda who: say(f"summarizer: {who}; waiting (--wait)"))  # fmt: skip
        finally:
            close()
            signal.signal(signal.SIGINT, previous)
        r = outcome.report
        mine = r.this_invocation
        share = (
            f" (this command: {mine['calls']} calls, ~${mine['estimated_cost_usd']:.4f})" if r.resumed and mine else ""
        )
        say(
            f"summarizer: {r.ok} ok, {r.cached} cached, {r.failed} failed, {r.skipped} skipped; {r.calls} calls, "
            f"~${r.estimated_cost_usd:.4f}{share}, {r.duration_s:.1f}s; see {out / 'digest.md'} and "
            f"{out / 'report.json'}"
        )
        if abort.is_set():
            # Threads still waiting on slow requests would hold the interpreter's exit until they time out.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        raise typer.Exit(outcome.exit_code)
    except SummarizerError as exc:
        fail(exc, verbose=verbose)


def _print_plan(items: Any, settings: Any, opts: Any) -> None:
    from summarizer.batch.plan import plan_batch

    rows = plan_batch(items, settings, opts)
    for r in rows:
        if r.status == "failed":
            typer.echo(f"failed   {r.source}: {r.reason}")
        else:
            typer.echo(
                f"{r.status:<8} {r.source} -> {r.name}: {r.tokens} tokens, {r.path}, {r.calls} call(s), "
                f"~${r.cost_usd:.4f}"
            )
    planned = [r for r in rows if r.status == "planned"]
    typer.echo(
        f"total: {len(rows)} item(s), {len(planned)} to run, {sum(r.status == 'cached' for r in rows)} cached, "
        f"{sum(r.status == 'failed' for r in rows)} failed; {sum(r.calls for r in planned)} call(s), "
        f"~${sum(r.cost_usd for r in planned):.4f} (no LLM call was made)"
    )


def batch_status(
    out_dir: DirArg,
    state: StateOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Progress of the latest run in DIR, and of its OpenAI batches (polled)."""
    try:
        from summarizer.batch.openai_batch import status

        info = status(out_dir, state=str(state) if state else None, config_path=str(config) if config else None)
    except SummarizerError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(info, indent=2, default=str))
        return
    typer.echo(f"run {info['run_id']} ({info['task']}, via {info['via']}): {info['status']}")
    typer.echo("items: " + ", ".join(f"{n} {s}" for s, n in sorted(info["items"].items())))
    for b in info["batches"]:
        typer.echo(f"batch {b['id']} round {b['round']}: {b['status']} ({b['requests']} requests)")


def batch_collect(
    out_dir: DirArg,
    state: StateOpt = None,
    config: ConfigOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Fetch finished Batch API results, validate and check them, write the outputs; retry failures directly."""
    try:
        from summarizer.batch.openai_batch import collect

        res = collect(out_dir, state=str(state) if state else None, config_path=str(config) if config else None)
    except SummarizerError as exc:
        fail(exc, verbose=verbose)
    typer.echo(res.summary())
    raise typer.Exit(res.exit_code)


def logs_cmd(
    where: Annotated[Path, typer.Argument(help="A batch --out folder or a state file.")] = Path("."),
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many calls.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Recent LLM calls from the state file (model, task, tokens, latency, status, request id, retries)."""
    from datetime import datetime

    from summarizer.batch.schema import read_calls
    from summarizer.batch.store import STATE_FILE

    path = where / STATE_FILE if where.is_dir() else where
    if not path.exists():
        fail(ConfigError(f"no state file at {path}: pass the --out folder of a batch run or its --state file"))
    try:
        calls = read_calls(path, limit)  # read-only: logs never changes (or creates tables in) the file
    except SummarizerError as exc:
        fail(exc)
    if not calls and not as_json:
        say(f"summarizer: no LLM calls logged in {path} (the extractive engine makes none)")
    for c in calls:
        if as_json:
            typer.echo(json.dumps(c))
            continue
        when = datetime.fromtimestamp(c["at"]).isoformat(timespec="seconds")
        tokens = f"{c['input_tokens'] or 0}+{c['output_tokens'] or 0}"
        typer.echo(
            f"{when} {c['status']:<5} {c['model'] or '-'} {c['task'] or '-'} {tokens} tok {c['latency_s'] or 0:.2f}s "
            f"retries={c['retries']} {c['request_id'] or '-'} {(c['article_id'] or '')[:12]}"
            + (f" {c['error']}" if c["error"] else "")
        )


def register(app: typer.Typer) -> None:
    """Add ``batch`` (run/status/collect) and ``logs`` to the main app."""
    batch_app = typer.Typer(
        cls=_DefaultGroup,
        help="Nightly jobs over many articles: summarizer batch INPUT... --out DIR (runs 'run'); "
        "'batch status DIR' and 'batch collect DIR' follow OpenAI Batch API runs.",
        no_args_is_help=True,
        rich_markup_mode=None,  # plain help, as the main app
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    batch_app.command("run")(batch_run)
    batch_app.command("status")(batch_status)
    batch_app.command("collect")(batch_collect)
    app.add_typer(batch_app, name="batch")
    app.command("logs")(logs_cmd)
