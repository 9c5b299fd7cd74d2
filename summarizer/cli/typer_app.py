"""The Typer app and its commands (summarizer.cli.main runs it)."""

from __future__ import annotations

import typer

from summarizer.cli import batch, doctor, serve, tasks

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
    # Plain click help: rich's renderer costs ~0.25 s of imports per --help and reads "[default: ...]" as markup.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

tasks.register(app)
doctor.register(app)
batch.register(app)
serve.register(app)
