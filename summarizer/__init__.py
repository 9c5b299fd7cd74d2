"""summarizer: neutral briefs, claim lists and rewrites of news articles, checked against the source.

Public API: brief(), claims(), rewrite(), check(), load_output(), Settings, load_settings, the output schemas
and the error tree. Names are resolved lazily (PEP 562) so that `summarizer --help` does not pay for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "brief": "summarizer.api",
    "claims": "summarizer.api",
    "rewrite": "summarizer.api",
    "check": "summarizer.api",
    "load_output": "summarizer.api",
    "Settings": "summarizer.config",
    "load_settings": "summarizer.config",
    **{
        name: "summarizer.errors"
        for name in (
            "SummarizerError",
            "ConfigError",
            "InputError",
            "BackendError",
            "AuthError",
            "OutputValidationError",
            "CheckError",
        )
    },
    **{
        name: "summarizer.schemas"
        for name in (
            "Article",
            "Brief",
            "CheckReport",
            "Claim",
            "ClaimList",
            "Evidence",
            "Finding",
            "KeyPoint",
            "Rewrite",
            "RunInfo",
            "SourceInfo",
        )
    },
}

__all__ = [
    "Article",
    "AuthError",
    "BackendError",
    "Brief",
    "CheckError",
    "CheckReport",
    "Claim",
    "ClaimList",
    "ConfigError",
    "Evidence",
    "Finding",
    "InputError",
    "KeyPoint",
    "OutputValidationError",
    "Rewrite",
    "RunInfo",
    "Settings",
    "SourceInfo",
    "SummarizerError",
    "brief",
    "check",
    "claims",
    "load_output",
    "load_settings",
    "rewrite",
]

if TYPE_CHECKING:
    from summarizer.api import brief, check, claims, load_output, rewrite
    from summarizer.config import Settings, load_settings
    from summarizer.errors import (
        AuthError,
        BackendError,
        CheckError,
        ConfigError,
        InputError,
        OutputValidationError,
        SummarizerError,
    )
    from summarizer.schemas import (
        Article,
        Brief,
        CheckReport,
        Claim,
        ClaimList,
        Evidence,
        Finding,
        KeyPoint,
        Rewrite,
        RunInfo,
        SourceInfo,
    )


def __getattr__(name: str) -> Any:
    """Import public names on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
