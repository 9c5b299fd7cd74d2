"""Sentence anchors: find a cited sentence again when ingest renumbers the article.

A stored reply cites ids as one request numbered them; each cited sentence is stored as a short anchor (its first
few words) and a digest of the whole sentence, so ``id_map`` can map old ids to the ids of any later request.
"""

from __future__ import annotations

import copy
import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from summarizer.llm.chunking import parse_numbered

ANCHOR_WORDS = 6
ANCHOR_CHARS = 40
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def norm(text: str) -> str:
    """Text compared for anchoring: NFKC, straight quotes and dashes, single spaces, case-folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split()).casefold()


def anchor(sentence: str) -> str:
    """The short anchor stored for a cited sentence: its first few words, at most ANCHOR_CHARS characters."""
    words = " ".join(sentence.split()).split(" ")[:ANCHOR_WORDS]
    out = " ".join(words)
    return out[:ANCHOR_CHARS].rstrip()


def digest(sentence: str) -> str:
    """A short digest of the whole normalized sentence (tells apart sentences with the same opening)."""
    return hashlib.sha256(norm(sentence).encode("utf-8")).hexdigest()[:12]


def request_sentences(body: Mapping[str, Any]) -> list[tuple[int, str]]:
    """The numbered sentence lines (``id: sentence``) of the first user message of a chat request that has them."""
    for m in body.get("messages") or []:
        if m.get("role") == "user":
            found = parse_numbered(str(m.get("content") or ""))
            if found:
                return found
    return []


def request_task(body: Mapping[str, Any]) -> str | None:
    """ "brief" or "claims" (or "rewrite") from the request's JSON schema; None when it cannot tell."""
    fmt = body.get("response_format") or {}
    schema: Mapping[str, Any] = {}
    if isinstance(fmt, Mapping) and isinstance(fmt.get("json_schema"), Mapping):
        js = fmt["json_schema"]
        name = str(js.get("name") or "").lower()
        for task in ("brief", "claims", "rewrite"):
            if name.startswith(task):
                return task
        schema = js.get("schema") or {}
    props = set((schema.get("properties") or {}).keys()) if isinstance(schema, Mapping) else set()
    if not props:  # json_object mode: the schema travels in the prompt; fall back to the system text
        system = " ".join(str(m.get("content") or "") for m in body.get("messages") or [] if m.get("role") == "system")
        if "key_points" in system:
            return "brief"
        if "paragraphs" in system:
            return "rewrite"
        return "claims" if "claims" in system else None
    if "key_points" in props:
        return "brief"
    if "paragraphs" in props:
        return "rewrite"
    return "claims" if "claims" in props else None


class RemapError(ValueError):
    """A stored sentence could not be found in the new numbering."""


def find_sentence(old_id: int, want_anchor: str, want_digest: str | None, sentences: Sequence[tuple[int, str]]) -> int:
    """The id, in ``sentences``, of the stored sentence ``old_id`` (anchor first, digest and distance break ties)."""
    a = norm(want_anchor)
    by_prefix = [(sid, text) for sid, text in sentences if norm(text).startswith(a)]
    pool = by_prefix or [(sid, text) for sid, text in sentences if a in norm(text)]
    if not pool:
        raise RemapError(f"sentence {old_id} ({want_anchor!r}...) is not in this request")
    if want_digest:
        exact = [sid for sid, text in pool if digest(text) == want_digest]
        if exact:
            return min(exact, key=lambda sid: (abs(sid - old_id), sid))
    return min((sid for sid, _ in pool), key=lambda sid: (abs(sid - old_id), sid))


def id_map(
    anchors: Mapping[str, str], digests: Mapping[str, str], sentences: Sequence[tuple[int, str]]
) -> dict[int, int]:
    """old id -> new id for every anchored sentence (raises RemapError naming the ones not found)."""
    out: dict[int, int] = {}
    missing: list[str] = []
    for key, text in anchors.items():
        try:
            out[int(key)] = find_sentence(int(key), text, digests.get(key), sentences)
        except RemapError as exc:
            missing.append(str(exc))
    if missing:
        raise RemapError("; ".join(missing))
    return out


def remap_ids(reply: Any, mapping: Mapping[int, int]) -> Any:
    """A deep copy of ``reply`` with every ``sentence_ids`` list (and ``sentence_id``) renumbered by ``mapping``.

    Ids without an anchor (a deliberately wrong id in a variant) are kept as they are.
    """
    if isinstance(reply, Mapping):
        out: dict[str, Any] = {}
        for k, v in reply.items():
            if k == "sentence_ids" and isinstance(v, list):
                out[k] = [mapping.get(i, i) if isinstance(i, int) else i for i in v]
            elif k == "sentence_id" and isinstance(v, int):
                out[k] = mapping.get(v, v)
            else:
                out[k] = remap_ids(v, mapping)
        return out
    if isinstance(reply, list):
        return [remap_ids(v, mapping) for v in reply]
    return copy.deepcopy(reply)


def cited_ids(reply: Any) -> set[int]:
    """Every sentence id a reply cites."""
    found: set[int] = set()
    if isinstance(reply, Mapping):
        for k, v in reply.items():
            if k == "sentence_ids" and isinstance(v, list):
                found.update(i for i in v if isinstance(i, int))
            elif k == "sentence_id" and isinstance(v, int):
                found.add(v)
            else:
                found |= cited_ids(v)
    elif isinstance(reply, list):
        for v in reply:
            found |= cited_ids(v)
    return found


def anchors_for(reply: Any, sentences: Sequence[tuple[int, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """(anchors, digests) of every sentence ``reply`` cites, from the request's numbered sentences."""
    by_id = dict(sentences)
    anchors: dict[str, str] = {}
    digests: dict[str, str] = {}
    for sid in sorted(cited_ids(reply)):
        if sid not in by_id:
            raise RemapError(f"the reply cites sentence {sid}, which the request does not show")
        anchors[str(sid)] = anchor(by_id[sid])
        digests[str(sid)] = digest(by_id[sid])
    return anchors, digests
