"""The Typer app: the only package that prints, reads stdin or exits; maps SummarizerError to a line + exit code.

``app`` lives in summarizer.cli.typer_app and is imported on first use (PEP 562): ``main`` first starts loading
the parser for the commands that need it, before typer and the commands are imported.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarizer.cli.typer_app import app as app

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    """``app`` on first use."""
    if name != "app":
        raise AttributeError(f"module 'summarizer.cli' has no attribute {name!r}")
    from summarizer.cli.typer_app import app

    globals()["app"] = app
    return app


# Commands that parse an article: a one-shot run of one of them starts loading the parser in a second process
# before anything else (summarizer.nlp.parser.start_worker); --help never does.
_PARSING = frozenset({"brief", "claims", "rewrite", "check"})


def main() -> None:
    """Console-script entry point."""
    args = sys.argv[1:]
    if args and args[0] in _PARSING and not {"-h", "--help"} & set(args):
        from summarizer.nlp import parser

        parser.start_worker()
    from summarizer.cli._output import say
    from summarizer.cli.typer_app import app

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
    finally:
        # Nothing is left to collect at exit: without this the interpreter's last garbage collection walks every
        # object the run made (about 0.1 s of a one-shot run). Files are closed explicitly before this point.
        gc.freeze()
