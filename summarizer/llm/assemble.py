"""Drafts (what the model returns) -> outputs: sentence-id checks, claim merging, evidence cut by offsets."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel

from summarizer.schemas import (
    Article,
    Brief,
    Claim,
    ClaimList,
    DraftClaim,
    DraftKeyPoint,
    DraftParagraph,
    KeyPoint,
    Rewrite,
    RewriteParagraph,
    RunInfo,
    SourceInfo,
    evidence_for,
)


def id_errors(
    article: Article,
    items: Sequence[tuple[str, list[int]]],
    allowed: set[int] | None = None,
    *,
    outside_only: bool = False,
) -> list[str]:
    """Problems with cited sentence ids: unknown ids, ids outside ``allowed``, nothing cited.

    ``outside_only``: report only ids outside ``allowed`` (the trust checks report the rest, item by item).
    """
    n = len(article.sentences)
    out = []
    for path, ids in items:
        if not ids and not outside_only:
            out.append(f"{path}: cite at least one sentence id")
        for sid in ids:
            if not 0 <= sid < n:
                if not outside_only:
                    out.append(f"{path}: sentence {sid} does not exist (ids run from 0 to {n - 1})")
            elif allowed is not None and sid not in allowed:
                out.append(f"{path}: sentence {sid} is not in this part; cite only the ids shown")
    return out


def draft_items(draft: BaseModel) -> list[tuple[str, list[int]]]:
    """(path, cited ids) of every key point, claim and paragraph of a draft."""
    items: list[tuple[str, list[int]]] = []
    for name in ("key_points", "claims", "paragraphs"):
        for i, item in enumerate(getattr(draft, name, None) or []):
            items.append((f"{name}[{i}].sentence_ids", list(item.sentence_ids)))
    return items


_NORM = re.compile(r"[^a-z0-9]+")


def merge_claims(claims: Sequence[DraftClaim]) -> list[DraftClaim]:
    """Merge duplicate claims (same speaker and same normalized text) across chunks; union their ids."""
    merged: dict[tuple[str, str], DraftClaim] = {}
    for c in claims:
        key = ((c.speaker or "").strip().lower(), _NORM.sub(" ", c.text.lower()).strip())
        if key in merged:
            prev = merged[key]
            ids = sorted(set(prev.sentence_ids) | set(c.sentence_ids))
            merged[key] = prev.model_copy(update={"sentence_ids": ids, "hedged": prev.hedged or c.hedged})
        else:
            merged[key] = c
    return list(merged.values())


def to_claims(article: Article, drafts: Sequence[DraftClaim]) -> list[Claim]:
    """Draft claims -> claims with ids and evidence cut from the article."""
    return [
        Claim(
            id=f"c{i}",
            text=d.text.strip(),
            speaker=(d.speaker or "").strip() or None,
            speaker_role=(d.speaker_role or "").strip() or None,
            type=d.type,
            hedged=d.hedged,
            sentence_ids=list(dict.fromkeys(d.sentence_ids)),
            evidence=evidence_for(article, d.sentence_ids),
        )
        for i, d in enumerate(drafts, start=1)
    ]


def key_points(points: Sequence[DraftKeyPoint]) -> list[KeyPoint]:
    """Draft key points -> key points (ids de-duplicated, order kept)."""
    return [KeyPoint(text=p.text.strip(), sentence_ids=list(dict.fromkeys(p.sentence_ids))) for p in points]


def paragraphs(paras: Sequence[DraftParagraph]) -> list[RewriteParagraph]:
    """Draft paragraphs -> rewrite paragraphs."""
    return [RewriteParagraph(text=p.text.strip(), sentence_ids=list(dict.fromkeys(p.sentence_ids))) for p in paras]


def assemble_brief(
    article: Article,
    source: SourceInfo,
    run: RunInfo,
    headline: str,
    summary: str,
    points: Sequence[DraftKeyPoint],
    drafts: Sequence[DraftClaim],
) -> Brief:
    """A Brief from the model's parts, evidence cut from ``article``."""
    return Brief(
        headline=headline.strip(),
        summary=summary.strip(),
        key_points=key_points(points),
        claims=to_claims(article, drafts),
        source=source,
        run=run,
    )


def assemble_claims(article: Article, source: SourceInfo, run: RunInfo, drafts: Sequence[DraftClaim]) -> ClaimList:
    """A ClaimList from draft claims."""
    return ClaimList(claims=to_claims(article, drafts), source=source, run=run)


def assemble_rewrite(source: SourceInfo, run: RunInfo, headline: str, paras: Sequence[DraftParagraph]) -> Rewrite:
    """A Rewrite from the model's headline and paragraphs."""
    return Rewrite(headline=headline.strip(), paragraphs=paragraphs(paras), source=source, run=run)
