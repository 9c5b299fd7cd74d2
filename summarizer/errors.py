"""The one error tree. Messages say what went wrong and how to fix it; they never contain secrets."""

from __future__ import annotations


class SummarizerError(Exception):
    """Base of every error the tool raises on purpose; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class ConfigError(SummarizerError):
    """A setting, flag, environment variable or config file is wrong or missing."""

    exit_code = 2


class InputError(SummarizerError):
    """The article (file, stdin, URL or text) cannot be read or is not usable text."""

    exit_code = 2


class InputTooLarge(InputError):
    """The article (file, text, URL response) is over a size limit."""


class BackendError(SummarizerError):
    """The LLM backend failed: connection, HTTP error, refusal, missing model file."""

    exit_code = 1


class AuthError(BackendError):
    """The endpoint rejected the credentials: a configuration problem, so exit 2."""

    exit_code = 2


class OutputValidationError(SummarizerError):
    """The model could not produce a valid output within the re-ask budget."""

    exit_code = 1

    def __init__(self, message: str, *, errors: list[str] | None = None, last_reply: str | None = None):
        super().__init__(message)
        self.errors = list(errors or [])
        self.last_reply = last_reply


class CheckError(SummarizerError):
    """A saved output cannot be re-verified (unreadable, wrong schema)."""

    exit_code = 2
