"""The no-model engine: Brief, ClaimList and Rewrite built only from the article's own sentences.

Deterministic and offline. Every output sentence is a source sentence, with loaded words replaced outside
quotation marks (nlp.neutralize), a pronoun subject swapped for the speaker's name where that makes it
self-contained, and quotation marks restored when a sentence is part of a longer quote.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from summarizer import nlp
from summarizer.schemas import (
    Article,
    Brief,
    Claim,
    ClaimList,
    KeyPoint,
    Rewrite,
    RewriteParagraph,
    RunInfo,
    evidence_for,
    source_info,
)

MAX_CLAIM_WORDS = 40
KEY_POINTS = 5
_STOP = frozenset(
    "a an the and or but if of to in on at by for with from as is was were are be been being it its this that these "
    "those he she they we i you his her their our my your him them us me not no so than then there here what which "
    "who whom whose when where why how all any each more most some such only own same too very can will just would "
    "could should may might must do does did has have had said says told about after before over into out up down "
    "also said just new".split()
)


@dataclass
class _Doc:
    """What every entry point needs once: attributions, per-sentence quote spans and scores."""

    article: Article
    attrs: list[nlp.Attribution]
    quotes: list[list[tuple[int, int]]]
    mark_open: str
    mark_close: str
    cache: dict[tuple[int, bool, bool, bool], str] = field(default_factory=dict)


def _prepare(article: Article) -> _Doc:
    spans = nlp.quote_spans(article.text)
    curly = sum(1 for s, _ in spans if article.text[s] in "\u201c\u00ab\u201e")
    straight = len(spans) - curly
    mo, mc = ("\u201c", "\u201d") if curly > straight else ('"', '"')
    return _Doc(article, nlp.attribute(article), nlp.sentence_quote_spans(article, spans), mo, mc)


# --------------------------------------------------------------------------- sentence rendering


def _render(doc: _Doc, sid: int, *, self_contained: bool = True, open_q: bool = True, close_q: bool = True) -> str:
    """One source sentence in the narrator's neutral voice: name for pronoun, balanced quotes, loaded words out."""
    key = (sid, self_contained, open_q, close_q)
    if key not in doc.cache:
        doc.cache[key] = _render_uncached(doc, sid, self_contained=self_contained, open_q=open_q, close_q=close_q)
    return doc.cache[key]


def _render_uncached(doc: _Doc, sid: int, *, self_contained: bool, open_q: bool, close_q: bool) -> str:
    s = doc.article.sentences[sid]
    a = doc.attrs[sid]
    text = s.text
    qs = doc.quotes[sid]
    stripped = text.strip()
    # Quotation marks first (offsets are still the sentence's own), then the pronoun swap.
    starts_inside = bool(qs) and qs[0][0] == 0 and stripped[:1] not in '"\u201c\u00ab\u201e'
    ends_inside = bool(qs) and qs[-1][1] >= len(text.rstrip()) and stripped[-1:] not in '"\u201d\u00bb'
    pronoun_swap = (
        self_contained
        and a.resolved
        and a.speaker is not None
        and a.subject_span is not None
        and text[a.subject_span[0] : a.subject_span[1]].lower() in {"he", "she", "they", "it"}
    )
    if pronoun_swap and a.subject_span is not None and a.speaker is not None:
        b, e = a.subject_span
        name = a.speaker if b > 0 else a.speaker[0].upper() + a.speaker[1:]
        if b == 0 and name[:1].islower():
            name = "The " + name if not name.startswith(("a ", "an ")) else name.capitalize()
        text = text[:b] + name + text[e:]
    if starts_inside and open_q:
        text = doc.mark_open + text
    if ends_inside and close_q:
        text = text.rstrip() + doc.mark_close
    return nlp.neutralize(text).strip()


def _n_words(text: str) -> int:
    return len(nlp.words(text))


# --------------------------------------------------------------------------- centrality


def _tokens(text: str) -> list[str]:
    out = []
    for w in nlp.words(text.lower()):
        if w in _STOP or len(w) < 3 or w.isdigit():
            continue
        out.append(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return out


def _scores(doc: _Doc) -> list[float]:
    """TF-IDF centrality: cosine of each sentence to the article centroid, with a lead bonus and a hype penalty."""
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
        lead = 1.0 + 0.5 * max(0.0, 1.0 - i / 8.0)  # news puts the point first
        a = doc.attrs[i]
        sourced = 1.15 if a.speaker else 1.0
        hype = 1.0 + 0.2 * min(3, len(nlp.loaded_terms(doc.article.sentences[i].text)))
        scores.append(sim * lead * sourced / hype)
    return scores


def _eligible(doc: _Doc, sid: int, min_words: int = 6) -> bool:
    """A sentence may go into a summary or key point: sourced (never unsourced speculation), not a question."""
    a = doc.attrs[sid]
    s = doc.article.sentences[sid]
    if a.unsourced or s.text.rstrip().endswith("?"):
        return False
    if a.resolved and a.subject_span is None:
        return False  # a bare quote whose speaker is named only in a neighbouring sentence is not self-contained
    return _n_words(s.text) >= min_words


def _ranked(doc: _Doc) -> list[int]:
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


# --------------------------------------------------------------------------- claims


def _claim_groups(doc: _Doc) -> list[list[int]]:
    """Sentence ids per claim: an attributed sentence, or a quote split over consecutive sentences."""
    groups: list[list[int]] = []
    n = len(doc.attrs)
    i = 0
    while i < n:
        a = doc.attrs[i]
        if not (a.speaker or a.unsourced):
            i += 1
            continue
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


def _claim_text(doc: _Doc, group: list[int]) -> tuple[str, list[int]] | None:
    """Claim text within MAX_CLAIM_WORDS, dropping leading parts of a long quote; None when one sentence is too long."""
    while group:
        last = len(group) - 1
        # Parts of one quote: marks only where the joined text starts and ends, never between the parts.
        text = " ".join(_render(doc, sid, open_q=k == 0, close_q=k == last) for k, sid in enumerate(group))
        if _n_words(text) <= MAX_CLAIM_WORDS:
            return text, group
        group = group[1:]
    return None


def _build_claims(doc: _Doc) -> list[Claim]:
    claims: list[Claim] = []
    for group in _claim_groups(doc):
        attrs = [doc.attrs[s] for s in group]
        made = _claim_text(doc, group)
        if made is None:
            continue
        text, group = made
        named = next((a for a in attrs if not a.resolved and a.speaker), attrs[-1])
        if any(a.unsourced for a in attrs):
            speaker, ctype = None, "speculation"
        else:
            speaker = named.speaker
            types = [a.claim_type for a in attrs]
            ctype = "denial" if "denial" in types else named.claim_type
            if ctype == "fact":
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


# --------------------------------------------------------------------------- headline

_HYPE_PREFIX_RE = re.compile(
    r"^\s*(?:[A-Z][A-Z'\u2019 ]{2,24}|breaking|exclusive|watch|update|just in)\s*[:|\u2014-]\s*"
)
_PRESENT = {
    "said": "says", "told": "says", "stated": "says", "added": "says", "explained": "says", "announced": "announces",
    "denied": "denies", "rejected": "rejects", "dismissed": "dismisses", "disputed": "disputes",
    "claimed": "claims", "alleged": "alleges", "accused": "accuses", "warned": "warns", "insisted": "insists",
    "predicted": "predicts", "argued": "argues", "confirmed": "confirms", "acknowledged": "acknowledges",
}  # fmt: skip
_GENERIC = frozenset("just did what happened next believe won't will you this here why how now breaking".split())


def _case_map(article: Article) -> dict[str, str]:
    """How words are cased in the body when not at a sentence start (proper nouns, acronyms)."""
    votes: dict[str, Counter[str]] = {}
    for s in article.sentences:
        for k, m in enumerate(re.finditer(r"[A-Za-z][A-Za-z'\u2019-]*", s.text)):
            if k == 0:
                continue
            w = m.group()
            votes.setdefault(w.lower(), Counter())[w] += 1
    return {low: c.most_common(1)[0][0] for low, c in votes.items()}


def _sentence_case(title: str, article: Article) -> str:
    letters = [c for c in title if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    toks = title.split()
    capped = sum(1 for t in toks if t[:1].isupper())
    if not letters or (upper < 0.6 * len(letters) and capped < 0.7 * len(toks)) or len(toks) < 3:
        return title
    cases = _case_map(article)

    def fix(m: re.Match[str]) -> str:
        w = m.group()
        return cases.get(w.lower(), w.lower())

    out = re.sub(r"[A-Za-z][A-Za-z'\u2019-]*", fix, title)
    return out[:1].upper() + out[1:]


def _clean_title(article: Article) -> str | None:
    if not article.title:
        return None
    title = article.title.strip()
    while True:
        m = _HYPE_PREFIX_RE.match(title)
        if not m or len(title) - m.end() < 10:
            break
        title = title[m.end() :]
    title = re.sub(r"[!?]{2,}|!+$", "", title).strip()
    title = nlp.neutralize(_sentence_case(title, article))
    title = re.sub(r"\s{2,}", " ", title).strip(" :-\u2014")
    body = {w.lower() for w in nlp.words(article.text)}
    content = [w.lower() for w in nlp.words(title) if w.lower() not in _STOP and w.lower() not in _GENERIC]
    if sum(1 for w in content if w in body) < 2 or nlp.is_unsourced(title):
        return None  # pure hype: nothing of the story is in it
    return title


def _short(speaker: str) -> str:
    if " " in speaker and not nlp.is_org(speaker):
        return speaker.split()[-1]
    return speaker[:1].upper() + speaker[1:]


def _reported_clause(doc: _Doc, sid: int) -> str | None:
    """'Pike says he threatened ...': the clause after the reporting verb, when it is short and quote-free."""
    a = doc.attrs[sid]
    text = doc.article.sentences[sid].text
    if a.verb is None or a.subject_span is None or a.resolved:
        return None
    m = re.compile(r"\b" + re.escape(a.verb) + r"\b", re.IGNORECASE).search(text, a.subject_span[1])
    if not m:
        return None
    rest = text[m.end() :]
    if a.verb in {"told", "tell", "tells"}:
        cut = re.search(r"\bthat\s+", rest)
        if not cut:
            return None
        rest = rest[cut.end() :]
    rest = re.sub(r"^\s*(?:that\s+)?", "", rest)
    rest = re.split(r",|;|\s+\u2014\s+|\.\s*$", rest)[0]
    rest = re.sub(r"\bhad\s+(?=\w+ed\b)", "", rest)
    rest = re.sub(r"\s+on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", "", rest).strip()
    if not rest or re.search('["\u201c\u201d]', rest) or not 3 <= _n_words(rest) <= 14:
        return None
    return rest


def _headline_from_claims(doc: _Doc, claims: list[Claim]) -> str | None:
    parts: list[str] = []
    used: set[str] = set()
    for want in ({"statement", "allegation", "prediction", "opinion"}, {"denial"}):
        for c in claims:
            if c.type not in want or not c.speaker or c.speaker in used:
                continue
            clause = next((x for x in (_reported_clause(doc, s) for s in c.sentence_ids) if x), None)
            if clause is None:
                continue
            verb = doc.attrs[c.sentence_ids[0]].verb or "said"
            parts.append(f"{_short(c.speaker)} {_PRESENT.get(verb, 'says')} {clause}")
            used.add(c.speaker)
            break
    if not parts:
        return None
    text = "; ".join(parts)
    return nlp.neutralize(text[:1].upper() + text[1:])


def _headline(doc: _Doc, claims: list[Claim] | None, ranked: list[int]) -> str:
    title = _clean_title(doc.article)
    if title:
        return title
    built = _headline_from_claims(doc, _build_claims(doc) if claims is None else claims)
    if built:
        return built
    if ranked:
        return _render(doc, ranked[0]).rstrip(".")
    return "Article"


# --------------------------------------------------------------------------- entry points


def _run() -> RunInfo:
    return RunInfo(backend="extractive", model=None, path="extractive")


def brief(article: Article, *, max_words: int = 120) -> Brief:
    """A neutral brief from the article's most central sourced sentences; no model involved."""
    doc = _prepare(article)
    ranked = _ranked(doc)
    chosen: list[int] = []
    total = 0
    for sid in ranked:
        if max_words - total < 6:
            break  # no eligible sentence is shorter than six words
        n = _n_words(_render(doc, sid))
        if total + n <= max_words:
            chosen.append(sid)
            total += n
    if not chosen and ranked:
        chosen = [min(ranked[:200], key=lambda s: (_n_words(_render(doc, s)), s))]
        if _n_words(_render(doc, chosen[0])) > max_words:
            chosen = []
    summary = " ".join(_render(doc, sid) for sid in sorted(chosen))
    key_points = [KeyPoint(text=_render(doc, sid), sentence_ids=[sid]) for sid in sorted(ranked[:KEY_POINTS])]
    claims = _build_claims(doc)
    return Brief(
        headline=_headline(doc, claims, ranked),
        summary=summary,
        key_points=key_points,
        claims=claims,
        source=source_info(article),
        run=_run(),
    )


def claims(article: Article) -> ClaimList:
    """Who claimed what: attributed sentences and direct quotes; unsourced commentary only as speculation."""
    doc = _prepare(article)
    return ClaimList(claims=_build_claims(doc), source=source_info(article), run=_run())


def rewrite(article: Article) -> Rewrite:
    """Every paragraph with loaded words replaced outside quotes; unsourced speculation sentences are dropped.

    Dropped, not marked: a marked sentence would still put the speculation in front of the reader. Paragraphs
    whose sentences were all speculation disappear; each kept paragraph lists the source sentences it covers.
    """
    doc = _prepare(article)
    paragraphs: list[RewriteParagraph] = []
    for p in article.paragraphs:
        kept = [sid for sid in p.sentence_ids if not doc.attrs[sid].unsourced]
        if not kept:
            continue
        parts = []
        for sid in kept:
            s = article.sentences[sid]
            parts.append(nlp.neutralize(s.text, protected=doc.quotes[sid]).strip())
        paragraphs.append(RewriteParagraph(text=" ".join(parts), sentence_ids=kept))
    ranked = _ranked(doc)
    return Rewrite(
        headline=_headline(doc, None, ranked),
        paragraphs=paragraphs,
        source=source_info(article),
        run=_run(),
    )
