"""The Typer app: the only package that prints, reads stdin or exits; maps SummarizerError to a line + exit code."""

from __future__ import annotations

import sys

import typer

from summarizer.cli import batch, doctor, serve, tasks
from summarizer.cli._output import say

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
