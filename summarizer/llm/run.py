"""One task on one article through an LLM: plan (one call or map -> reduce), prompt, validate, re-ask, assemble."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.backends import Backend, Completion, Message
from summarizer.backends.tokens import CallableTokenizer, Tokenizer
from summarizer.config import Settings, version
from summarizer.errors import ConfigError
from summarizer.llm.assemble import (
    assemble_brief,
    assemble_claims,
    assemble_rewrite,
    draft_items,
    id_errors,
    merge_claims,
)
from summarizer.llm.chunking import numbered, plan_chunks
from summarizer.llm.prompts import PromptSet
from summarizer.llm.structured import Review, StructuredResult, compact_schema, complete_structured
from summarizer.schemas import (
    DRAFT_TYPES,
    Article,
    Brief,
    BriefDraft,
    Chunk,
    ClaimList,
    ClaimsDraft,
    DraftClaim,
    DraftKeyPoint,
    DraftParagraph,
    HeadlineDraft,
    MapNotes,
    Output,
    ReduceDraft,
    Rewrite,
    RewriteDraft,
    RewriteMapDraft,
    RunInfo,
    SourceInfo,
    source_info,
)

D = TypeVar("D", bound=BaseModel)
SAFETY = 1.05  # headroom over our own token estimate of a request
REWRITE_OUTPUT_CAP = 16_384  # most chat models cannot write more than this in one reply
PER_MESSAGE_OVERHEAD = 6
# The claim budget: a claim takes about this many output tokens; the rest of a brief (headline, summary, key
# points) and of a map note needs its reserve first. The prompts ask for the most newsworthy claims up to it.
TOKENS_PER_CLAIM = 80
CLAIM_BUDGET_RESERVE = {"brief": 600, "map": 450, "claims": 100}
MAX_CLAIMS = {"brief": 12, "map": 10, "claims": 20}
MIN_CLAIMS = 3


@dataclass
class LLMEngine:
    """An LLM behind a backend, with the prompts of this run."""

    backend: Backend
    prompts: PromptSet = field(default_factory=PromptSet)


@dataclass
class _Tally:
    """Calls, retries and tokens of one run, summed over every call."""

    started: float = field(default_factory=time.monotonic)
    completions: list[Completion] = field(default_factory=list)
    retries: int = 0
    prompts: dict[str, str] = field(default_factory=dict)

    def add(self, res: StructuredResult[Any]) -> None:
        self.completions.extend(res.completions)
        self.retries += res.retries


class LLMRun:
    """One task on one article through an LLM backend; its planning methods are public for batch dry runs."""

    def __init__(self, task: str, article: Article, engine: LLMEngine, settings: Settings):
        self.task, self.article, self.settings = task, article, settings
        self.backend = engine.backend
        self.prompts = engine.prompts
        self.tally = _Tally()
        self.tokenizer: Tokenizer = CallableTokenizer(self.backend.count_tokens, name=self.backend.name)
        self.context = settings.effective_context_tokens(self.backend.context_tokens)
        self.title = article.title or "(untitled)"
        self.article_tokens = self.tokenizer.count(article.text)
        self.path = "single"
        self.n_chunks = 0

    # ---- helpers
    def prompt(self, name: str, *, record: bool = True, **values: object) -> list[Message]:
        """Render prompt ``name``; ``record`` stamps its hash into the output (only for prompts sent)."""
        p = self.prompts.get(name)
        if record:  # only prompts that are actually sent are stamped into the output
            self.tally.prompts[name] = p.sha256
        return p.render(**values)

    def request_tokens(self, messages: Sequence[Message], schema: type[BaseModel]) -> int:
        """Our estimate of a request's prompt tokens, schema included (as sent: compact)."""
        text_tokens = sum(self.tokenizer.count(m.content) + PER_MESSAGE_OVERHEAD for m in messages)
        wire = json.dumps(compact_schema(schema.model_json_schema()), separators=(",", ":"))
        return text_tokens + self.tokenizer.count(wire)

    def _budget(self) -> dict[str, Any]:
        """The map prompt's claim budget, when the prompt in use has the placeholder."""
        wanted = "max_claims" in self.prompts.get("map").placeholders()
        return {"max_claims": self.max_claims("map")} if wanted else {}

    def max_claims(self, task: str) -> int:
        """How many claims fit the output budget: the prompt asks for the most newsworthy ones up to this."""
        room = self.settings.max_output_tokens - CLAIM_BUDGET_RESERVE.get(task, 0)
        return max(MIN_CLAIMS, min(MAX_CLAIMS.get(task, 20), room // TOKENS_PER_CLAIM))

    def _ask(
        self,
        messages: list[Message],
        output_type: type[D],
        *,
        max_tokens: int,
        validate: Callable[[D], Review],
        name: str,
    ) -> D:
        repair, reask = self.prompts.get("repair"), self.prompts.get("reask")
        res = complete_structured(
            self.backend,
            messages,
            output_type,
            max_retries=self.settings.max_retries,
            validate=validate,
            repair=repair,
            reask=reask,
            max_tokens=max_tokens,
            temperature=self.settings.temperature,
            seed=self.settings.seed,
            schema_name=name,
            grow=not self.settings.max_output_tokens_set,
        )
        if len(res.completions) > 1:  # only prompts that were sent are stamped into the output
            self.tally.prompts["repair"] = repair.sha256
            self.tally.prompts["reask"] = reask.sha256
        self.tally.add(res)
        return res.value

    def _review(self, out: Output, *, only: tuple[str, ...] = (), extra: Sequence[str] = ()) -> Review:
        """The trust errors of a draft (assembled into ``out``) as re-ask items; ``only`` limits them to paths."""
        from summarizer import trust

        report = trust.check(out, self.article, max_words=self.settings.max_words)
        lines = trust.reask_lines(report, out, self.article, only=only)
        return Review(errors=[*extra, *lines], bad_items=trust.bad_items(report, only=only) + len(extra))

    def out_budget(self) -> int:
        """max_tokens for a single call (a rewrite needs room for the whole article)."""
        if self.task == "rewrite":
            return min(REWRITE_OUTPUT_CAP, int(self.article_tokens * 1.3) + 256)
        return self.settings.max_output_tokens

    # ---- plan
    def fits_single(self) -> tuple[bool, list[Message], int]:
        """Whether one call fits the context: (fits, the single-call messages, their prompt tokens)."""
        messages = self.prompt(self.task, record=False, **self.single_values())
        tokens = self.request_tokens(messages, DRAFT_TYPES[self.task])
        fits_output = self.task != "rewrite" or int(self.article_tokens * 1.3) + 256 <= REWRITE_OUTPUT_CAP
        return (tokens + self.out_budget()) * SAFETY <= self.context and fits_output, messages, tokens

    def map_messages(self, chunk: Chunk, parts: int) -> list[Message]:
        """The first-turn messages of the map call for ``chunk``."""
        sentences = numbered(self.article, chunk=chunk)
        if self.task == "rewrite":
            return self.prompt("rewrite_map", title=self.title, part=chunk.index + 1, parts=parts, sentences=sentences)
        return self.prompt(
            "map", title=self.title, part=chunk.index + 1, parts=parts, sentences=sentences, **self._budget()
        )

    def run(self) -> Output:
        """Plan, call, validate and assemble."""
        fits, messages, _ = self.fits_single()
        if fits:
            self.tally.prompts[self.task] = self.prompts.get(self.task).sha256
            out = self._single(messages, self.out_budget())
        else:
            out = self._map_reduce()
        return self._stamp(out)

    def single_values(self) -> dict[str, object]:
        """Placeholder values of the single-call prompt."""
        values: dict[str, object] = {"title": self.title, "sentences": numbered(self.article)}
        if self.task == "brief":
            values["max_words"] = self.settings.max_words
        if "max_claims" in self.prompts.get(self.task).placeholders():  # a user's own prompt may not use it
            values["max_claims"] = self.max_claims(self.task)
        return values

    def _stamp(self, out: Output) -> Output:
        comps = self.tally.completions
        out.source = source_info(self.article, self.article_tokens)
        out.run = RunInfo(
            backend=self.backend.name,
            model=comps[-1].model if comps else self.backend.model,
            calls=len(comps),
            retries=self.tally.retries,
            prompt_tokens=sum(c.input_tokens or 0 for c in comps),
            completion_tokens=sum(c.output_tokens or 0 for c in comps),
            prompts=dict(sorted(self.tally.prompts.items())),
            version=version(),
            path="single" if self.path == "single" else "map-reduce",
            chunks=self.n_chunks,
            fallback=getattr(self.backend, "fallback", None),
        )
        return out

    # ---- single call
    def _single(self, messages: list[Message], budget: int) -> Output:
        if self.task == "brief":

            def v_brief(d: BriefDraft) -> Review:
                return self._review(self._assemble_brief(d.headline, d.summary, d.key_points, d.claims))

            b = self._ask(messages, BriefDraft, max_tokens=budget, validate=v_brief, name="brief")
            return self._assemble_brief(b.headline, b.summary, b.key_points, b.claims)
        if self.task == "claims":

            def v_claims(d: ClaimsDraft) -> Review:
                return self._review(self._assemble_claims(d.claims))

            c = self._ask(messages, ClaimsDraft, max_tokens=budget, validate=v_claims, name="claims")
            return self._assemble_claims(c.claims)

        def v_rewrite(d: RewriteDraft) -> Review:
            return self._review(self._assemble_rewrite(d.headline, d.paragraphs))

        r = self._ask(messages, RewriteDraft, max_tokens=budget, validate=v_rewrite, name="rewrite")
        return self._assemble_rewrite(r.headline, r.paragraphs)

    # ---- map-reduce
    def chunk_plan(self) -> list[Chunk]:
        """The chunks a long article is cut into, sized to leave room for the prompt and the output."""
        name = "rewrite_map" if self.task == "rewrite" else "map"
        extra = {} if self.task == "rewrite" else self._budget()
        empty = self.prompt(name, record=False, title=self.title, part=1, parts=1, sentences="", **extra)
        schema = RewriteMapDraft if self.task == "rewrite" else MapNotes
        overhead = self.request_tokens(empty, schema)
        room = int(self.context / SAFETY) - overhead - self.settings.max_output_tokens
        size = min(self.settings.chunk_tokens, room)
        if self.task == "rewrite":
            size = min(size, int((self.settings.max_output_tokens - 256) / 1.3))
        if size < 200:
            raise ConfigError(
                f"--context-tokens {self.context} leaves no room for article text after the prompt and the "
                f"{self.settings.max_output_tokens}-token output budget: raise --context-tokens"
            )
        return plan_chunks(self.article, self.tokenizer, size)

    def _map(self, chunks: list[Chunk], fn: Callable[[Chunk], D]) -> list[D]:
        workers = max(1, min(self.backend.max_concurrency, self.settings.concurrency, len(chunks)))
        if workers == 1:
            return [fn(c) for c in chunks]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="map") as pool:
            return list(pool.map(fn, chunks))

    def _map_reduce(self) -> Output:
        self.path = "map-reduce"
        chunks = self.chunk_plan()
        self.n_chunks = len(chunks)
        parts = len(chunks)
        art = self.article
        budget = self.settings.max_output_tokens

        if self.task == "rewrite":

            def map_rewrite(ch: Chunk) -> RewriteMapDraft:
                msgs = self.map_messages(ch, parts)
                allowed = set(ch.sentence_ids)
                return self._ask(
                    msgs,
                    RewriteMapDraft,
                    max_tokens=budget,
                    validate=lambda d: self._review(
                        self._assemble_rewrite("", d.paragraphs),
                        only=("paragraphs",),
                        extra=id_errors(art, draft_items(d), allowed, outside_only=True),
                    ),
                    name="rewrite_map",
                )

            paras = [p for m in self._map(chunks, map_rewrite) for p in m.paragraphs]
            lead = " ".join(p.text for p in paras[:3])
            msgs = self.prompt("headline", title=self.title, text=lead)
            h = self._ask(msgs, HeadlineDraft, max_tokens=256, validate=lambda d: Review(), name="headline")
            return self._assemble_rewrite(h.headline, paras)

        def map_notes(ch: Chunk) -> MapNotes:
            msgs = self.map_messages(ch, parts)
            allowed = set(ch.sentence_ids)
            return self._ask(
                msgs,
                MapNotes,
                max_tokens=budget,
                validate=lambda d: self._review(
                    self._assemble_brief("", "", d.key_points, d.claims),
                    only=("key_points", "claims"),
                    extra=id_errors(art, draft_items(d), allowed, outside_only=True),
                ),
                name="map",
            )

        notes = self._map(chunks, map_notes)
        claim_drafts = merge_claims([c for n in notes for c in n.claims])
        if self.task == "claims":
            return self._assemble_claims(claim_drafts)
        points = [p for n in notes for p in n.key_points]
        lines = "\n".join(f"- {p.text} {sorted(set(p.sentence_ids))}" for p in points)
        msgs = self.prompt("reduce", title=self.title, notes=lines, max_words=self.settings.max_words)

        def v_reduce(d: ReduceDraft) -> Review:
            return self._review(self._assemble_brief(d.headline, d.summary, d.key_points, []))

        r = self._ask(msgs, ReduceDraft, max_tokens=budget, validate=v_reduce, name="reduce")
        return self._assemble_brief(r.headline, r.summary, r.key_points, claim_drafts)

    # ---- assembly
    def _empty_run(self) -> RunInfo:
        return RunInfo(backend=self.backend.name, model=self.backend.model)

    def _assemble_brief(
        self, headline: str, summary: str, points: Sequence[DraftKeyPoint], drafts: Sequence[DraftClaim]
    ) -> Brief:
        return assemble_brief(self.article, self._source(), self._empty_run(), headline, summary, points, drafts)

    def _assemble_claims(self, drafts: Sequence[DraftClaim]) -> ClaimList:
        return assemble_claims(self.article, self._source(), self._empty_run(), drafts)

    def _assemble_rewrite(self, headline: str, paras: Sequence[DraftParagraph]) -> Rewrite:
        return assemble_rewrite(self._source(), self._empty_run(), headline, paras)

    def _source(self) -> SourceInfo:
        return source_info(self.article, self.article_tokens)
