"""The article prepared once for the offline engine: attributions, quote spans, and each sentence rendered in
the narrator's neutral voice (loaded words out, a pronoun subject named, quotation marks balanced)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer import nlp
from summarizer.schemas import Article

STOP = nlp.STOPWORDS
FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|you|You|your)\b")


@dataclass
class Doc:
    """What every entry point needs once: attributions, per-sentence quote spans and scores."""

    article: Article
    attrs: list[nlp.Attribution]
    quotes: list[list[tuple[int, int]]]
    mark_open: str
    mark_close: str
    cache: dict[tuple[int, bool, bool, bool], str] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)  # the article's quotations, marks included
    weights: dict[str, float] | None = None  # how often the article uses each word (the headline's, on demand)


def prepare(article: Article) -> Doc:
    """Attributions, quote spans and the quotation-mark style of one article, computed once."""
    spans = nlp.quote_spans(article.text)
    curly = sum(1 for s, _ in spans if article.text[s] in "\u201c\u00ab\u201e")
    straight = sum(1 for s, _ in spans if article.text[s] == '"')
    mo, mc = ("\u201c", "\u201d") if curly > straight else ('"', '"')
    return Doc(article, nlp.attribute(article), nlp.sentence_quote_spans(article, spans), mo, mc, spans=spans)


_CLOSING = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019", "\u00ab": "\u00bb", "\u201e": "\u201c"}


def _marks(doc: Doc, at: int) -> tuple[str, str]:
    """The marks of the quotation running over article offset ``at`` (a quote opened with ' closes with ')."""
    for a, b in doc.spans:
        if a <= at < b:
            opening = doc.article.text[a]
            if opening in _CLOSING:
                return opening, _CLOSING[opening]
            break
    return doc.mark_open, doc.mark_close


# --------------------------------------------------------------------------- sentence rendering


def render(doc: Doc, sid: int, *, self_contained: bool = True, open_q: bool = True, close_q: bool = True) -> str:
    """One source sentence in the narrator's neutral voice: name for pronoun, balanced quotes, loaded words out."""
    key = (sid, self_contained, open_q, close_q)
    if key not in doc.cache:
        doc.cache[key] = _render_uncached(doc, sid, self_contained=self_contained, open_q=open_q, close_q=close_q)
    return doc.cache[key]


def _render_uncached(doc: Doc, sid: int, *, self_contained: bool, open_q: bool, close_q: bool) -> str:
    s = doc.article.sentences[sid]
    a = doc.attrs[sid]
    text = s.text
    qs = doc.quotes[sid]
    stripped = text.strip()
    # Quotation marks first (offsets are still the sentence's own), then the pronoun swap.
    starts_inside = bool(qs) and qs[0][0] == 0 and stripped[:1] not in "\"\u201c\u00ab\u201e'\u2018"
    ends_inside = bool(qs) and qs[-1][1] >= len(text.rstrip()) and stripped[-1:] not in "\"\u201d\u00bb'\u2019"
    protected = list(qs)
    pronoun_swap = (
        self_contained
        and a.resolved
        and a.speaker is not None
        and a.subject_span is not None
        and text[a.subject_span[0] : a.subject_span[1]].lower() in {"he", "she", "they", "it"}
    )
    if pronoun_swap and a.subject_span is not None and a.speaker is not None:
        b, e = a.subject_span
        name = as_subject(a.speaker)
        if b == 0:
            name = name[0].upper() + name[1:]
        text = text[:b] + name + text[e:]
        shift = len(name) - (e - b)
        protected = [(x + shift if x >= e else x, y + shift if y >= e else y) for x, y in protected]
    if starts_inside and open_q:
        mark = _marks(doc, s.start)[0]
        text = mark + text
        protected = [(x + len(mark), y + len(mark)) for x, y in protected]
    if ends_inside and close_q:
        text = text.rstrip() + _marks(doc, s.start + len(s.text.rstrip()) - 1)[1]
    return nlp.neutralize(text, protected=protected).strip()


def n_words(text: str) -> int:
    """Words for length limits (the larger of word tokens and whitespace parts)."""
    return max(len(nlp.words(text)), len(text.split()))


def as_subject(speaker: str) -> str:
    """A speaker as a sentence's subject: a role takes "the" ("The professor said", not "Professor said")."""
    if speaker[:1].islower() and not speaker.startswith(("a ", "an ", "the ")):
        return "the " + speaker
    return speaker


def cap(speaker: str | None) -> str:
    """The speaker with its first letter upper-cased (a sentence start)."""
    text = speaker or ""
    return text[:1].upper() + text[1:]
