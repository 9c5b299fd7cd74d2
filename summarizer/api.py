"""The Python API: a path, URL, text or Article in, a validated and checked output out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.backends import make_backend
from summarizer.config import Settings, load_settings
from summarizer.errors import InputError
from summarizer.llm.prompts import PromptSet
from summarizer.pipeline import Engine, ExtractiveEngine, LLMEngine, run
from summarizer.schemas import Article, Brief, CheckReport, ClaimList, Output, Rewrite

Source = str | Path | Article


def make_engine(settings: Settings) -> Engine:
    """The engine ``settings`` ask for: extractive, or an LLM through its backend."""
    if settings.backend == "extractive":
        return ExtractiveEngine()
    return LLMEngine(make_backend(settings), PromptSet(settings.prompts_dir))


def load_article(
    source: Source | None, settings: Settings, *, text: str | None = None, stdin_bytes: bytes | None = None
) -> Article:
    """Read ``source`` (path, URL, ``-`` with ``stdin_bytes``, raw text or an Article) into an Article."""
    from summarizer import ingest

    if isinstance(source, Article):
        return source
    if text is not None:
        return ingest.from_text(text, max_chars=settings.max_chars)
    if source is None:
        raise InputError("no article given: pass a path, a URL, '-' for stdin, or text=...")
    src = str(source)
    looks_like_text = "\n" in src or (len(src) > 300 and not Path(src).exists())
    if isinstance(source, str) and looks_like_text and not ingest.is_url(src):
        return ingest.from_text(src, max_chars=settings.max_chars)
    return ingest.load_source(
        src,
        stdin_bytes=stdin_bytes,
        max_chars=settings.max_chars,
        fetch_timeout=settings.timeout,  # one --timeout for LLM requests and URL fetches
        max_fetch_bytes=settings.max_fetch_bytes,
    )


def run_task(task: str, source: Source | None = None, *, text: str | None = None, **options: Any) -> Output:
    """Run ``task`` on ``source``; ``options`` are Settings fields (flags), resolved with env and config file."""
    config_path = options.pop("config", None)
    settings = options.pop("settings", None) or load_settings(options, config_path=config_path)
    article = load_article(source, settings, text=text)
    return run(task, article, make_engine(settings), settings)


def brief(source: Source | None = None, *, text: str | None = None, **options: Any) -> Brief:
    """A neutral brief of a path, URL, text or Article (options as the CLI flags, e.g. max_words=80)."""
    out = run_task("brief", source, text=text, **options)
    assert isinstance(out, Brief)
    return out


def claims(source: Source | None = None, *, text: str | None = None, **options: Any) -> ClaimList:
    """The claim list of a path, URL, text or Article."""
    out = run_task("claims", source, text=text, **options)
    assert isinstance(out, ClaimList)
    return out


def rewrite(source: Source | None = None, *, text: str | None = None, **options: Any) -> Rewrite:
    """A neutral rewrite of a path, URL, text or Article."""
    out = run_task("rewrite", source, text=text, **options)
    assert isinstance(out, Rewrite)
    return out


def check(output: Output, source: Source, *, max_words: int | None = None) -> CheckReport:
    """Re-verify a saved output against its article (path, URL, text or Article)."""
    return check_against(output, load_article(source, load_settings({})), max_words=max_words)


def check_against(output: Output, article: Article, *, max_words: int | None = None) -> CheckReport:
    """trust.check, plus a warning when the output was made from a different article (id mismatch)."""
    from summarizer import trust
    from summarizer.schemas import Finding

    report = trust.check(output, article, max_words=max_words)
    if output.source.id != article.id:
        report.findings.insert(
            0,
            Finding(
                kind="article_mismatch",
                severity="warning",
                path="source.id",
                message=f"the output was made from article {output.source.id[:12]}, this source is {article.id[:12]}: "
                "check that you passed the right file (findings below may be spurious)",
            ),
        )
        report.counts["article_mismatch"] = report.counts.get("article_mismatch", 0) + 1
    return report


def load_output(path: str | Path) -> Output:
    """Read a saved brief / claims / rewrite JSON file (raises CheckError when it is not one)."""
    from pydantic import ValidationError

    from summarizer.errors import CheckError
    from summarizer.schemas import OUTPUT_TYPES

    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CheckError(f"cannot read {p} ({exc.strerror or exc.__class__.__name__}): check the path") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CheckError(
            f"{p} is not JSON: pass a file written by 'summarizer brief/claims/rewrite --format json'"
        ) from None
    kind = data.get("kind") if isinstance(data, dict) else None
    kinds = [kind] if kind in OUTPUT_TYPES else list(OUTPUT_TYPES)
    for k in kinds:
        try:
            out = OUTPUT_TYPES[k].model_validate(data)
        except ValidationError:
            continue
        assert isinstance(out, (Brief, ClaimList, Rewrite))
        return out
    raise CheckError(f"{p} is not a brief, claims or rewrite output: pass a file written with --format json")
