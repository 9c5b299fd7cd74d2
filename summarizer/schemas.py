"""Pydantic contracts: the article, what the model returns (drafts), and the outputs users get."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ClaimType = Literal["fact", "statement", "allegation", "denial", "opinion", "prediction", "speculation"]
CLAIM_TYPES: tuple[str, ...] = ("fact", "statement", "allegation", "denial", "opinion", "prediction", "speculation")
TASKS: tuple[str, ...] = ("brief", "claims", "rewrite")


# --------------------------------------------------------------------------- article


class Sentence(BaseModel):
    """One sentence of the article; ``text == article.text[start:end]``."""

    id: int
    start: int
    end: int
    text: str
    paragraph: int = 0


class Paragraph(BaseModel):
    """A paragraph: its character span and the ids of its sentences."""

    id: int
    start: int
    end: int
    sentence_ids: list[int]


class Heading(BaseModel):
    """A section heading, kept out of the sentences; it stood before paragraph ``before_paragraph``."""

    text: str
    before_paragraph: int


class Article(BaseModel):
    """A normalized article: the unit everything downstream works on. ``id`` is sha256 of ``text``."""

    id: str
    title: str | None = None
    text: str
    sentences: list[Sentence]
    paragraphs: list[Paragraph]
    path: str | None = None
    url: str | None = None
    repaired: bool = False
    encoding: str | None = None
    html: bool = False
    headings: list[Heading] = Field(default_factory=list)

    def sentence(self, sid: int) -> Sentence | None:
        """The sentence with id ``sid``, or None when it does not exist."""
        if 0 <= sid < len(self.sentences) and self.sentences[sid].id == sid:
            return self.sentences[sid]
        for s in self.sentences:
            if s.id == sid:
                return s
        return None


class Chunk(BaseModel):
    """A run of consecutive sentences that fits the chunk token budget (ids stay global)."""

    index: int
    sentence_ids: list[int]
    tokens: int
    # Set when a single sentence was longer than a chunk and had to be cut on tokens.
    text_override: str | None = None


# --------------------------------------------------------------------------- drafts (what the model returns)


class DraftKeyPoint(BaseModel):
    """A key point as the model writes it: text plus the sentence ids that support it."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="One neutral sentence in the narrator's voice.")
    sentence_ids: list[int] = Field(description="Ids of the article sentences that support it.")


class DraftClaim(BaseModel):
    """A claim as the model writes it; the tool adds id and evidence."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="One self-contained sentence saying who claimed what.")
    speaker: str | None = Field(
        description="Who asserts it, as named in the article; null for the article's own voice."
    )
    speaker_role: str | None = Field(default=None, description="The speaker's title or affiliation, or null.")
    type: ClaimType
    hedged: bool = Field(description="True when the source hedges it (allegedly, may, reportedly, ...).")
    sentence_ids: list[int] = Field(description="Ids of the sentences that contain the claim.")


class DraftParagraph(BaseModel):
    """A rewritten paragraph and the source sentences it covers."""

    model_config = ConfigDict(extra="forbid")
    text: str
    sentence_ids: list[int]


class BriefDraft(BaseModel):
    """The model's whole brief in one reply."""

    model_config = ConfigDict(extra="forbid")
    headline: str
    summary: str
    key_points: list[DraftKeyPoint]
    claims: list[DraftClaim]


class ClaimsDraft(BaseModel):
    """The model's claim list."""

    model_config = ConfigDict(extra="forbid")
    claims: list[DraftClaim]


class RewriteDraft(BaseModel):
    """The model's neutral rewrite."""

    model_config = ConfigDict(extra="forbid")
    headline: str
    paragraphs: list[DraftParagraph]


class MapNotes(BaseModel):
    """What one map call returns for one chunk of a long article."""

    model_config = ConfigDict(extra="forbid")
    key_points: list[DraftKeyPoint]
    claims: list[DraftClaim]


class ReduceDraft(BaseModel):
    """The reduce step of a long brief: headline, summary and key points from the map notes."""

    model_config = ConfigDict(extra="forbid")
    headline: str
    summary: str
    key_points: list[DraftKeyPoint]


class RewriteMapDraft(BaseModel):
    """What one map call returns when rewriting one chunk."""

    model_config = ConfigDict(extra="forbid")
    paragraphs: list[DraftParagraph]


class HeadlineDraft(BaseModel):
    """A headline alone (the reduce step of a long rewrite)."""

    model_config = ConfigDict(extra="forbid")
    headline: str


# --------------------------------------------------------------------------- outputs


class Evidence(BaseModel):
    """A source sentence quoted by offsets; ``quote == article.text[start:end]``."""

    sentence_id: int
    quote: str
    start: int
    end: int


class KeyPoint(BaseModel):
    """A key point of a brief with its supporting sentences."""

    text: str
    sentence_ids: list[int]
    verified: bool = True


class Claim(BaseModel):
    """Who claimed what, with the exact source sentences as evidence."""

    id: str
    text: str
    speaker: str | None
    speaker_role: str | None = None
    type: ClaimType
    hedged: bool
    sentence_ids: list[int]
    evidence: list[Evidence]
    verified: bool = True


class RewriteParagraph(BaseModel):
    """One paragraph of a neutral rewrite."""

    text: str
    sentence_ids: list[int]
    verified: bool = True


class SourceInfo(BaseModel):
    """Where the article came from and how big it is."""

    id: str
    title: str | None = None
    path: str | None = None
    url: str | None = None
    chars: int
    tokens: int
    sentences: int
    repaired: bool = False


class RunInfo(BaseModel):
    """How an output was made: engine, model, calls, tokens, prompts, time."""

    backend: str
    model: str | None = None
    calls: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    duration_s: float = 0.0
    prompts: dict[str, str] = Field(default_factory=dict)
    version: str = ""
    path: Literal["single", "map-reduce", "extractive"] = "single"
    chunks: int = 0
    fallback: str | None = None


class Finding(BaseModel):
    """One problem found by checking an output against its article."""

    kind: str
    severity: Literal["error", "warning"]
    path: str
    sentence_ids: list[int] = Field(default_factory=list)
    message: str


class Sensationalism(BaseModel):
    """Loaded terms per 100 words in the narrator's voice."""

    article: float = 0.0
    output: float = 0.0


class RemovedItem(BaseModel):
    """An item the checks took out of an output (or kept marked, or rebuilt), with the reason."""

    path: str
    text: str
    kinds: list[str] = Field(default_factory=list)
    reason: str
    action: Literal["removed", "kept_unverified", "rebuilt"] = "removed"


class CheckReport(BaseModel):
    """The result of checking one output against its article.

    ``ok`` is False when anything was removed, rebuilt or kept unverified; ``removed`` lists those items.
    """

    ok: bool = True
    article_id: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    sensationalism: Sensationalism = Field(default_factory=Sensationalism)
    removed: list[RemovedItem] = Field(default_factory=list)

    @field_validator("removed", mode="before")
    @classmethod
    def _old_count(cls, value: object) -> object:
        # Outputs saved before issue 10 stored a count here; the items themselves are gone.
        return [] if isinstance(value, int) else value


class Brief(BaseModel):
    """A neutral brief: headline, summary, key points and claims, with provenance."""

    kind: Literal["brief"] = "brief"
    headline: str
    summary: str
    key_points: list[KeyPoint]
    claims: list[Claim]
    source: SourceInfo
    run: RunInfo
    checks: CheckReport | None = None


class ClaimList(BaseModel):
    """Who claimed what, with evidence."""

    kind: Literal["claims"] = "claims"
    claims: list[Claim]
    source: SourceInfo
    run: RunInfo
    checks: CheckReport | None = None


class Rewrite(BaseModel):
    """The whole article in neutral language, paragraph by paragraph."""

    kind: Literal["rewrite"] = "rewrite"
    headline: str
    paragraphs: list[RewriteParagraph]
    source: SourceInfo
    run: RunInfo
    checks: CheckReport | None = None


Output = Brief | ClaimList | Rewrite
OUTPUT_TYPES: dict[str, type[BaseModel]] = {"brief": Brief, "claims": ClaimList, "rewrite": Rewrite}
DRAFT_TYPES: dict[str, type[BaseModel]] = {"brief": BriefDraft, "claims": ClaimsDraft, "rewrite": RewriteDraft}


class RunReport(BaseModel):
    """Totals for a batch run."""

    ok: int = 0
    failed: int = 0
    cached: int = 0
    skipped: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated_cost_usd: float = 0.0
    duration_s: float = 0.0
    failures: list[dict[str, str]] = Field(default_factory=list)


def evidence_for(article: Article, sentence_ids: list[int]) -> list[Evidence]:
    """Evidence for the given sentence ids, quotes cut from the article text (unknown ids are skipped)."""
    out: list[Evidence] = []
    for sid in dict.fromkeys(sentence_ids):
        s = article.sentence(sid)
        if s is not None:
            out.append(Evidence(sentence_id=s.id, quote=article.text[s.start : s.end], start=s.start, end=s.end))
    return out


def source_info(article: Article, tokens: int = 0) -> SourceInfo:
    """The ``source`` block of an output for ``article``."""
    return SourceInfo(
        id=article.id,
        title=article.title,
        path=article.path,
        url=article.url,
        chars=len(article.text),
        tokens=tokens,
        sentences=len(article.sentences),
        repaired=article.repaired,
    )
