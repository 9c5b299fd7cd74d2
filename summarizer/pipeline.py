"""brief / claims / rewrite for one Article: engine -> trust -> stamp. No I/O."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from summarizer.backends.tokens import get_tokenizer
from summarizer.config import Settings, version
from summarizer.errors import ConfigError
from summarizer.llm.run import LLMEngine, LLMRun
from summarizer.schemas import TASKS, Article, Brief, ClaimList, Output, Rewrite, RunInfo, source_info

__all__ = ["Engine", "ExtractiveEngine", "LLMEngine", "brief", "claims", "rewrite", "run", "version"]


@dataclass
class ExtractiveEngine:
    """The no-model engine."""

    name: str = "extractive"


Engine = LLMEngine | ExtractiveEngine


def run(task: str, article: Article, engine: Engine, settings: Settings) -> Output:
    """Produce the ``task`` output ("brief" | "claims" | "rewrite") for ``article``, checked against it."""
    if task not in TASKS:
        raise ConfigError(f"unknown task {task!r}: use brief, claims or rewrite")
    started = time.monotonic()
    if isinstance(engine, ExtractiveEngine):
        out = _run_extractive(task, article, settings)
    else:
        out = LLMRun(task, article, engine, settings).run()
    out = _finish(out, article, settings)
    out.run.duration_s = round(time.monotonic() - started, 4)
    return out


def brief(article: Article, engine: Engine, settings: Settings) -> Brief:
    """A neutral brief of ``article``."""
    out = run("brief", article, engine, settings)
    assert isinstance(out, Brief)
    return out


def claims(article: Article, engine: Engine, settings: Settings) -> ClaimList:
    """The claims made in ``article``."""
    out = run("claims", article, engine, settings)
    assert isinstance(out, ClaimList)
    return out


def rewrite(article: Article, engine: Engine, settings: Settings) -> Rewrite:
    """``article`` rewritten in neutral language."""
    out = run("rewrite", article, engine, settings)
    assert isinstance(out, Rewrite)
    return out


# --------------------------------------------------------------------------- extractive


def _run_extractive(task: str, article: Article, settings: Settings) -> Output:
    from summarizer import extractive

    # The offline token count only fills ``source.tokens``; loading its encoding (about 0.3 s) overlaps the
    # parse, whose inner loops release the GIL.
    warm = threading.Thread(target=get_tokenizer, args=(None,), daemon=True)
    warm.start()
    out: Output
    if task == "brief":
        out = extractive.brief(article, max_words=settings.max_words)
    elif task == "claims":
        out = extractive.claims(article)
    else:
        out = extractive.rewrite(article)
    warm.join()
    tokens = get_tokenizer(None).count(article.text)
    out.source = source_info(article, tokens)
    out.run = RunInfo(backend="extractive", model=None, version=version(), path="extractive")
    return out


def _finish(out: Output, article: Article, settings: Settings) -> Output:
    """Check the output against the article; drop (or flag) what fails; attach the report."""
    from summarizer import trust

    report = trust.check(out, article, max_words=settings.max_words)
    return trust.apply_findings(out, report, keep_unverified=settings.keep_unverified, max_words=settings.max_words)
