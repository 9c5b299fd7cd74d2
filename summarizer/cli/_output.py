"""What the CLI commands share: one-line messages, errors to exit codes, output format and writing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import typer

from summarizer.cli.options import Fmt
from summarizer.errors import ConfigError, OutputValidationError, SummarizerError


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


def read_stdin(source: str) -> bytes | None:
    """The article bytes from stdin when ``source`` is '-'; None otherwise."""
    if source != "-":
        return None
    if sys.stdin.isatty():
        raise ConfigError("'-' reads the article from stdin, but stdin is a terminal: pipe a file in")
    return sys.stdin.buffer.read()
