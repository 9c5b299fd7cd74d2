"""Planning a batch without running it: cache keys, the pipeline's call plan per article, dry runs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from summarizer.backends import Backend, Completion
from summarizer.batch.inputs import Item, load_item
from summarizer.batch.pricing import cost_usd, prices_for
from summarizer.batch.store import Store
from summarizer.config import Settings, version
from summarizer.errors import SummarizerError
from summarizer.llm.prompts import PromptSet
from summarizer.llm.structured import compact_schema
from summarizer.pipeline import LLMEngine
from summarizer.schemas import Article, MapNotes, RewriteMapDraft

if TYPE_CHECKING:
    from summarizer.batch.run import BatchOptions


def config_key(task: str, settings: Settings, prompts: PromptSet | None = None) -> str:
    """sha256 of everything besides the article that changes the output."""
    hashes = (prompts or PromptSet(settings.prompts_dir)).hashes() if settings.backend != "extractive" else {}
    parts = {
        "task": task,
        "backend": settings.backend,
        "model": settings.effective_model,
        "prompts": hashes,
        "max_words": settings.max_words,
        "chunk_tokens": settings.chunk_tokens,
        "context_tokens": settings.context_tokens,
        "max_output_tokens": settings.max_output_tokens,
        "max_retries": settings.max_retries,
        "temperature": settings.temperature,
        "seed": settings.seed,
        "keep_unverified": settings.keep_unverified,
        "version": version(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def result_key(article_id: str, task: str, cfg: str) -> str:
    """The result-cache key of one article."""
    return f"{article_id}:{task}:{cfg[:32]}"


@dataclass(frozen=True)
class CallPlan:
    """How the pipeline will handle one article: path, calls and estimated tokens."""

    path: str  # single | map-reduce | extractive
    calls: int
    input_tokens: int
    output_tokens: int

    def cost(self, prices: tuple[float, float], *, batch_api: bool = False) -> float:
        """Estimated USD."""
        return cost_usd(self.input_tokens, self.output_tokens, prices, batch_api=batch_api)


def plan_calls(task: str, article: Article, settings: Settings, backend: Backend, prompts: PromptSet) -> CallPlan:
    """The pipeline's own single-call vs map-reduce decision for ``article``, and the calls it implies.

    Uses ``pipeline.LLMRun``'s own planning methods, so the plan cannot drift from what runs.
    """
    from summarizer.llm.run import LLMRun

    r = LLMRun(task, article, LLMEngine(backend, prompts), settings)
    budget = r.out_budget()
    fits, _, need = r.fits_single()
    typical = {"brief": 2 * settings.max_words + 400, "claims": 800, "rewrite": int(r.article_tokens * 1.2) + 100}
    if fits:
        return CallPlan("single", 1, need, min(budget, typical[task]))
    chunks = r.chunk_plan()
    schema = RewriteMapDraft if task == "rewrite" else MapNotes
    tokens = sum(r.request_tokens(r.map_messages(ch, len(chunks)), schema) for ch in chunks)
    per_map = min(settings.max_output_tokens, 600 if task != "rewrite" else settings.max_output_tokens)
    out = per_map * len(chunks)
    calls = len(chunks) + (0 if task == "claims" else 1)  # claims merge locally; brief reduces; rewrite headlines
    if task != "claims":
        tokens += 600 + 120 * len(chunks)  # reduce/headline prompt over the notes: a rough, honest guess
        out += min(settings.max_output_tokens, typical["brief"])
    return CallPlan("map-reduce", calls, tokens, out)


def map_requests(
    task: str, article: Article, settings: Settings, backend: Backend, prompts: PromptSet
) -> list[tuple[list[Any], dict[str, Any]]]:
    """The first-turn map requests the pipeline will send for a long article, as (messages, complete kwargs).

    The Batch API path sends these up front: the pipeline's map step stops at its first unanswered chunk,
    so without this a long article would need one batch round per chunk.
    """
    from summarizer.llm.run import LLMRun

    if plan_calls(task, article, settings, backend, prompts).path != "map-reduce":
        return []
    r = LLMRun(task, article, LLMEngine(backend, prompts), settings)
    chunks = r.chunk_plan()
    name, schema = ("rewrite_map", RewriteMapDraft) if task == "rewrite" else ("map", MapNotes)
    kwargs = {
        "json_schema": compact_schema(schema.model_json_schema()),  # what complete_structured sends
        "schema_name": name,
        "max_tokens": settings.max_output_tokens,
        "temperature": settings.temperature,
        "seed": settings.seed,
    }
    out = []
    for ch in chunks:
        msgs = r.map_messages(ch, len(chunks))
        out.append((msgs, dict(kwargs)))
    return out


# --------------------------------------------------------------------------- dry run


@dataclass(frozen=True)
class PlanRow:
    """One item of a dry run."""

    source: str
    name: str
    status: str  # planned | cached | failed
    reason: str | None = None
    tokens: int = 0
    path: str = ""
    calls: int = 0
    cost_usd: float = 0.0


class _CountOnly:
    """A backend that can count tokens and never calls anything (dry runs need no API key)."""

    name = "count-only"
    max_concurrency = 8
    context_tokens: int | None = None

    def __init__(self, model: str | None):
        from summarizer.backends.tokens import get_tokenizer

        self.model = model or "unknown"
        self._tok = get_tokenizer(model)

    def count_tokens(self, text: str) -> int:
        return int(self._tok.count(text))

    def complete(self, *args: Any, **kwargs: Any) -> Completion:
        raise AssertionError("a dry run made an LLM call")


def plan_batch(items: Sequence[Item], settings: Settings, opts: BatchOptions) -> list[PlanRow]:
    """Items, tokens, planned calls and estimated cost, with no LLM call and nothing written."""
    prompts = PromptSet(settings.prompts_dir)
    cfg = config_key(opts.task, settings, prompts)
    counter = _CountOnly(settings.effective_model)
    prices = prices_for(settings.effective_model, opts.price_in, opts.price_out)
    store = Store(opts.state_path) if opts.state_path.exists() and not opts.force else None
    rows = []
    try:
        for item in items:
            try:
                article = load_item(item, settings)
                tokens = counter.count_tokens(article.text)
                if store is not None and store.get_result(result_key(article.id, opts.task, cfg)) is not None:
                    rows.append(PlanRow(item.source, item.name, "cached", tokens=tokens, path="cache"))
                elif settings.backend == "extractive":
                    rows.append(PlanRow(item.source, item.name, "planned", tokens=tokens, path="extractive"))
                else:
                    plan = plan_calls(opts.task, article, settings, counter, prompts)
                    cost = plan.cost(prices, batch_api=opts.via == "batch-api")
                    rows.append(PlanRow(item.source, item.name, "planned", None, tokens, plan.path, plan.calls, cost))
            except SummarizerError as exc:
                rows.append(PlanRow(item.source, item.name, "failed", str(exc)))
    finally:
        if store is not None:
            store.close()
    return rows
