"""The no-model engine: Brief, ClaimList and Rewrite built only from the article's own sentences.

Deterministic and offline. Every output sentence is a source sentence, with loaded words replaced outside
quotation marks (nlp.neutralize), a pronoun subject swapped for the speaker's name where that makes it
self-contained, and quotation marks restored when a sentence is part of a longer quote. The summary and key
points lead with who did or said what (numbers and dates count), keep the response or denial, and never use the
article's own unsourced commentary; the headline is built from the lead fact, attributed when it is a claim.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from summarizer import nlp
from summarizer.extractive.headline import build_headline
from summarizer.extractive.prepared import FIRST_PERSON, STOP, Doc, as_subject, cap, n_words, prepare, render
from summarizer.schemas import (
    Article,
    Brief,
    Claim,
    ClaimList,
    Evidence,
    KeyPoint,
    Rewrite,
    RewriteParagraph,
    RunInfo,
    evidence_for,
    source_info,
)

MAX_CLAIM_WORDS = 40
KEY_POINTS = 5

# --------------------------------------------------------------------------- centrality and selection


def _tokens(text: str) -> list[str]:
    out = []
    for w in nlp.words(text.lower()):
        if w in STOP or len(w) < 3 or w.isdigit():
            continue
        out.append(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return out


def _scores(doc: Doc) -> list[float]:
    """TF-IDF centrality with a lead bonus; named sources, numbers and denials up, hype down."""
    toks = [_tokens(s.text) for s in doc.article.sentences]
    n = len(toks)
    df: Counter[str] = Counter()
    for t in toks:
        df.update(set(t))
    idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}
    vecs: list[dict[str, float]] = []
    centroid: Counter[str] = Counter()
    for t in toks:
        v = {w: c * idf[w] for w, c in Counter(t).items()}
        vecs.append(v)
        centroid.update(v)
    cnorm = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
    scores = []
    for i, v in enumerate(vecs):
        vnorm = math.sqrt(sum(x * x for x in v.values()))
        sim = sum(x * centroid[w] for w, x in v.items()) / (vnorm * cnorm) if vnorm else 0.0
        lead = 1.0 + 0.6 * max(0.0, 1.0 - i / 8.0)  # news puts the point first
        a = doc.attrs[i]
        text = doc.article.sentences[i].text
        sourced = 1.3 if a.speaker and a.speaker != nlp.AUTHOR and not a.resolved else 1.1 if a.speaker else 1.0
        numbers = 1.15 if re.search(r"\d", text) else 1.0
        denial = 1.25 if a.claim_type == "denial" else 1.0
        hype = 1.0 + 0.2 * min(3, len(nlp.loaded_terms(text)))
        scores.append(sim * lead * sourced * numbers * denial / hype)
    return scores


_LEANS_ON_PERSON_RE = re.compile(r"\W*(?:(?:And|But|Yet|So|Then|Now),?\s+)?(?:He|She|They)\b")


def _eligible(doc: Doc, sid: int, min_words: int = 6) -> bool:
    """A sentence may go into a summary or key point: sourced (never the article's own opinion), not a question."""
    a = doc.attrs[sid]
    s = doc.article.sentences[sid]
    text = s.text.rstrip()
    if a.unsourced or a.speaker == nlp.AUTHOR or text.endswith(("?", "!", ":")) or a.verb == "label":
        return False  # the article's own opinion, a question, a lead-in, a transcript line
    if a.reason == nlp.EXCERPT:
        return False  # another site's words after "Via ...", nobody's the tool can name
    if a.resolved and a.subject_span is None:
        return False  # a bare quote whose speaker is named only in a neighbouring sentence is not self-contained
    if a.speaker is None and a.quotes and not re.search(r"[^\W_]", nlp.mask(text, a.quotes)):
        return False  # a quotation whose speaker the tool cannot name, in someone's voice the reader cannot tell
    if not a.resolved and _LEANS_ON_PERSON_RE.match(text):
        return False  # "He said: ..." with no one the tool can name: read alone, it is someone else's line
    if FIRST_PERSON.search(nlp.mask(text, a.quotes).replace("_", " ")):
        return False  # the narrator speaking for themself
    if any(not t.editable for t in nlp.loaded_terms(s.text, protected=list(a.quotes))):
        # A loaded word no edit can take out ("so-called", "lunatics", a source's word in reported speech: "said the
        # ruling was outrageous") stays in the rewrite only, where the checks report it.
        return False
    return n_words(s.text) >= min_words


def _ranked(doc: Doc) -> list[int]:
    scores = _scores(doc)
    order = sorted((i for i in range(len(scores)) if _eligible(doc, i)), key=lambda i: (-scores[i], i))
    if not order:  # a very short article: short sentences are better than an empty brief
        order = sorted((i for i in range(len(scores)) if _eligible(doc, i, 2)), key=lambda i: (-scores[i], i))
    picked: list[int] = []
    seen: list[set[str]] = []
    for i in order:
        t = set(_tokens(doc.article.sentences[i].text))
        if any(t and len(t & u) / len(t | u) > 0.5 for u in seen):
            continue  # near-duplicate of a better sentence
        picked.append(i)
        seen.append(t)
    return picked


def _select(doc: Doc, ranked: list[int], max_words: int) -> list[int]:
    """Summary sentences within ``max_words``: the best first, and a denial or response when the article has one."""
    chosen: list[int] = []
    total = 0
    for sid in ranked:
        if max_words - total < 6:
            break
        n = n_words(render(doc, sid))
        if total + n <= max_words:
            chosen.append(sid)
            total += n
    denials = [s for s in ranked if doc.attrs[s].claim_type == "denial"]
    if denials and not any(s in denials for s in chosen):
        d = denials[0]
        n = n_words(render(doc, d))
        while chosen and total + n > max_words:
            total -= n_words(render(doc, chosen.pop()))
        if total + n <= max_words:
            chosen.append(d)
    if not chosen and ranked:
        best = min(ranked[:200], key=lambda s: (n_words(render(doc, s)), s))
        if n_words(render(doc, best)) <= max_words:
            chosen = [best]
    return sorted(chosen)


# --------------------------------------------------------------------------- claims


def _claim_groups(doc: Doc) -> list[list[int]]:
    """Sentence ids per claim: an attributed sentence, or a quote split over consecutive sentences."""
    groups: list[list[int]] = []
    n = len(doc.attrs)
    i = 0
    while i < n:
        a = doc.attrs[i]
        if not (a.speaker or a.unsourced) or a.reason == nlp.COMMENTARY:
            i += 1
            continue  # not a claim; commentary appended to a report (reader comments) is nobody's claim either
        group = [i]
        # A quote left open at the end of this sentence continues in the next ones (same speaker).
        while (
            group[-1] + 1 < n
            and doc.quotes[group[-1]]
            and doc.quotes[group[-1]][-1][1] >= len(doc.article.sentences[group[-1]].text.rstrip())
            and doc.attrs[group[-1] + 1].speaker == a.speaker
            and not doc.article.sentences[group[-1]].text.rstrip().endswith(("\u201d", '"', "\u00bb"))
        ):
            group.append(group[-1] + 1)
        groups.append(group)
        i = group[-1] + 1
    return groups


def _claim_parts(doc: Doc, group: list[int]) -> list[tuple[str, list[int]]]:
    """A claim group cut into consecutive parts of at most MAX_CLAIM_WORDS (a long sentence stays whole)."""
    parts: list[tuple[str, list[int]]] = []
    cur: list[int] = []
    for sid in group:
        if cur and n_words(_part_text(doc, [*cur, sid], group)) > MAX_CLAIM_WORDS:
            parts.append((_part_text(doc, cur, group), cur))
            cur = []
        cur.append(sid)
    if cur:
        parts.append((_part_text(doc, cur, group), cur))
    return parts


def _part_text(doc: Doc, part: list[int], group: list[int]) -> str:
    # Parts of one quote: marks only where the part starts and ends, never between its sentences.
    last = len(part) - 1
    return " ".join(render(doc, sid, open_q=k == 0, close_q=k == last) for k, sid in enumerate(part))


def _split_claims(doc: Doc, sid: int) -> list[Claim]:
    """A sentence joining two sources' reports ("X insisted ... but Y argued ...") as two claims, each with the part
    of the sentence it quotes as evidence."""
    a = doc.attrs[sid]
    s = doc.article.sentences[sid]
    assert a.second is not None
    end, start, who, _, ctype2 = a.second
    text = s.text
    first = text[:end].rstrip(" ,;-\u2013\u2014")
    out: list[Claim] = []
    for (b, e), speaker, ctype in (
        ((0, len(first)), a.speaker, a.claim_type if a.claim_type not in ("fact", "speculation") else "statement"),
        ((start, len(text.rstrip())), who, ctype2),
    ):
        part = text[b:e]
        protected = [(max(0, x - b), min(e, y) - b) for x, y in doc.quotes[sid] if x < e and y > b]
        written = nlp.neutralize(part, protected=protected).strip()
        written = cap(written.rstrip(".;,")) + "."
        out.append(
            Claim(
                id="c0",
                text=written,
                speaker=speaker,
                type=ctype,  # type: ignore[arg-type]
                hedged=bool(nlp.hedges(part)),
                sentence_ids=[sid],
                evidence=[Evidence(sentence_id=sid, quote=part, start=s.start + b, end=s.start + e)],
            )
        )
    return out


def _build_claims(doc: Doc) -> list[Claim]:
    claims: list[Claim] = []
    for text, group in (part for whole in _claim_groups(doc) for part in _claim_parts(doc, whole)):
        if len(group) == 1 and doc.attrs[group[0]].second is not None and not doc.attrs[group[0]].resolved:
            for c in _split_claims(doc, group[0]):
                claims.append(c.model_copy(update={"id": f"c{len(claims) + 1}"}))
            continue
        attrs = [doc.attrs[s] for s in group]
        named = next((a for a in attrs if not a.resolved and a.speaker), attrs[-1])
        speaker = named.speaker
        if any(a.unsourced for a in attrs):
            ctype = "opinion" if speaker == nlp.AUTHOR and named.claim_type == "opinion" else "speculation"
        else:
            types = [a.claim_type for a in attrs]
            ctype = "denial" if "denial" in types else named.claim_type
            if ctype in ("fact", "speculation"):
                ctype = "statement"  # an attributed sentence is somebody's statement, never the narrator's fact
        claims.append(
            Claim(
                id=f"c{len(claims) + 1}",
                text=text,
                speaker=speaker,
                type=ctype,  # type: ignore[arg-type]
                hedged=any(a.hedged for a in attrs),
                sentence_ids=group,
                evidence=evidence_for(doc.article, group),
            )
        )
    return claims


# --------------------------------------------------------------------------- entry points


def _run() -> RunInfo:
    return RunInfo(backend="extractive", model=None, path="extractive")


def brief(article: Article, *, max_words: int = 120) -> Brief:
    """A neutral brief from the article's most central sourced sentences; no model involved."""
    doc = prepare(article)
    ranked = _ranked(doc)
    chosen = _select(doc, ranked, max_words)
    summary = " ".join(render(doc, sid) for sid in chosen)
    rest = [s for s in ranked if s not in chosen][:KEY_POINTS]
    key_ids = sorted(rest) if rest else chosen[:KEY_POINTS]
    key_points = [KeyPoint(text=render(doc, sid), sentence_ids=[sid]) for sid in key_ids]
    return Brief(
        headline=build_headline(doc, ranked),
        summary=summary,
        key_points=key_points,
        claims=_build_claims(doc),
        source=source_info(article),
        run=_run(),
    )


def claims(article: Article) -> ClaimList:
    """Who claimed what: attributed sentences and direct quotes; unsourced commentary only as speculation."""
    doc = prepare(article)
    return ClaimList(claims=_build_claims(doc), source=source_info(article), run=_run())


def rewrite(article: Article) -> Rewrite:
    """Every paragraph with loaded words replaced outside quotes; unsourced speculation sentences are dropped.

    Dropped, not marked: a marked sentence would still put the speculation in front of the reader. Paragraphs
    whose sentences were all speculation disappear; each kept paragraph lists the source sentences it covers.
    """
    doc = prepare(article)
    paragraphs: list[RewriteParagraph] = []
    for p in article.paragraphs:
        kept = [sid for sid in p.sentence_ids if not doc.attrs[sid].unsourced]
        if not kept:
            continue
        parts = [nlp.neutralize(article.sentences[sid].text, protected=doc.quotes[sid]).strip() for sid in kept]
        first = doc.attrs[kept[0]]
        if first.resolved and first.subject_span is None and first.quotes and first.speaker not in (None, nlp.AUTHOR):
            # A paragraph that only continues someone's quotation says whose words they are.
            # A paragraph that opens inside the quotation (its mark stood in the paragraph before) gets the mark
            # back after "said:", or the checks would read the lead-in as part of the quoted words.
            opens = parts[0][:1] in "\"\u201c\u2018'" or first.quotes[0][0] > 0
            body = parts[0] if opens else "\u201c" + parts[0]
            parts[0] = f"{cap(as_subject(first.speaker))} said: {body}"
        paragraphs.append(RewriteParagraph(text=" ".join(parts), sentence_ids=kept))
    return Rewrite(
        headline=build_headline(doc, _ranked(doc)),
        paragraphs=paragraphs,
        source=source_info(article),
        run=_run(),
    )
