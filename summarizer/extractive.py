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
HEADLINE_WORDS = 16
_STOP = nlp.STOPWORDS
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|you|You|your)\b")


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
    straight = sum(1 for s, _ in spans if article.text[s] == '"')
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
        name = a.speaker
        if name[:1].islower() and not name.startswith(("a ", "an ", "the ")):
            name = "the " + name  # a role, not a name: "He said" -> "The professor said", not "Professor said"
        if b == 0:
            name = name[0].upper() + name[1:]
        text = text[:b] + name + text[e:]
        shift = len(name) - (e - b)
        protected = [(x + shift if x >= e else x, y + shift if y >= e else y) for x, y in protected]
    if starts_inside and open_q:
        text = doc.mark_open + text
        protected = [(x + 1, y + 1) for x, y in protected]
    if ends_inside and close_q:
        text = text.rstrip() + doc.mark_close
    return nlp.neutralize(text, protected=protected).strip()


def _n_words(text: str) -> int:
    return max(len(nlp.words(text)), len(text.split()))


# --------------------------------------------------------------------------- centrality and selection


def _tokens(text: str) -> list[str]:
    out = []
    for w in nlp.words(text.lower()):
        if w in _STOP or len(w) < 3 or w.isdigit():
            continue
        out.append(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return out


def _scores(doc: _Doc) -> list[float]:
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


def _eligible(doc: _Doc, sid: int, min_words: int = 6) -> bool:
    """A sentence may go into a summary or key point: sourced (never the article's own opinion), not a question."""
    a = doc.attrs[sid]
    s = doc.article.sentences[sid]
    text = s.text.rstrip()
    if a.unsourced or a.speaker == nlp.AUTHOR or text.endswith(("?", "!", ":")) or a.verb == "label":
        return False  # the article's own opinion, a question, a lead-in, a transcript line
    if a.resolved and a.subject_span is None:
        return False  # a bare quote whose speaker is named only in a neighbouring sentence is not self-contained
    if not a.resolved and _LEANS_ON_PERSON_RE.match(text):
        return False  # "He said: ..." with no one the tool can name: read alone, it is someone else's line
    if _FIRST_PERSON.search(nlp.mask(text, a.quotes).replace("_", " ")):
        return False  # the narrator speaking for themself
    if any(not t.editable for t in nlp.loaded_terms(s.text, protected=list(a.quotes))):
        return False  # a loaded word no edit can take out ("so-called", "lunatics") stays in the rewrite only
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


def _select(doc: _Doc, ranked: list[int], max_words: int) -> list[int]:
    """Summary sentences within ``max_words``: the best first, and a denial or response when the article has one."""
    chosen: list[int] = []
    total = 0
    for sid in ranked:
        if max_words - total < 6:
            break
        n = _n_words(_render(doc, sid))
        if total + n <= max_words:
            chosen.append(sid)
            total += n
    denials = [s for s in ranked if doc.attrs[s].claim_type == "denial"]
    if denials and not any(s in denials for s in chosen):
        d = denials[0]
        n = _n_words(_render(doc, d))
        while chosen and total + n > max_words:
            total -= _n_words(_render(doc, chosen.pop()))
        if total + n <= max_words:
            chosen.append(d)
    if not chosen and ranked:
        best = min(ranked[:200], key=lambda s: (_n_words(_render(doc, s)), s))
        if _n_words(_render(doc, best)) <= max_words:
            chosen = [best]
    return sorted(chosen)


# --------------------------------------------------------------------------- claims


def _claim_groups(doc: _Doc) -> list[list[int]]:
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


def _claim_parts(doc: _Doc, group: list[int]) -> list[tuple[str, list[int]]]:
    """A claim group cut into consecutive parts of at most MAX_CLAIM_WORDS (a long sentence stays whole)."""
    parts: list[tuple[str, list[int]]] = []
    cur: list[int] = []
    for sid in group:
        if cur and _n_words(_part_text(doc, [*cur, sid], group)) > MAX_CLAIM_WORDS:
            parts.append((_part_text(doc, cur, group), cur))
            cur = []
        cur.append(sid)
    if cur:
        parts.append((_part_text(doc, cur, group), cur))
    return parts


def _part_text(doc: _Doc, part: list[int], group: list[int]) -> str:
    # Parts of one quote: marks only where the part starts and ends, never between its sentences.
    last = len(part) - 1
    return " ".join(_render(doc, sid, open_q=k == 0, close_q=k == last) for k, sid in enumerate(part))


def _build_claims(doc: _Doc) -> list[Claim]:
    claims: list[Claim] = []
    for text, group in (part for whole in _claim_groups(doc) for part in _claim_parts(doc, whole)):
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


# --------------------------------------------------------------------------- headline

_PRESENT = {
    "say": "says", "tell": "says", "state": "says", "add": "says", "explain": "says", "announce": "announces",
    "deny": "denies", "reject": "rejects", "dismiss": "dismisses", "dispute": "disputes", "insist": "insists",
    "claim": "claims", "allege": "alleges", "accuse": "accuses", "warn": "warns", "predict": "predicts",
    "argue": "argues", "confirm": "confirms", "acknowledge": "acknowledges", "write": "writes", "find": "finds",
    "conclude": "concludes", "report": "reports", "clarify": "says", "maintain": "maintains",
    "slam": "criticizes", "blast": "criticizes", "lambast": "criticizes", "criticise": "criticises",
    "criticize": "criticizes", "condemn": "condemns", "slammed": "criticizes", "blasted": "criticizes",
    "said": "says", "told": "says", "stated": "says", "added": "says", "explained": "says", "announced": "announces",
    "denied": "denies", "rejected": "rejects", "dismissed": "dismisses", "disputed": "disputes", "insisted": "insists",
    "claimed": "claims", "alleged": "alleges", "accused": "accuses", "warned": "warns", "predicted": "predicts",
    "argued": "argues", "confirmed": "confirms", "acknowledged": "acknowledges", "wrote": "writes",
    "warns": "warns", "says": "says", "tells": "says", "claims": "claims", "denies": "denies", "finds": "finds",
}  # fmt: skip
_CLAUSE_CUT_RE = re.compile(
    r",\s|;\s|\s[\u2014\u2013-]\s|:\s|\s(?:as|after|before|because|while|when|although|though|since|until|where|"
    r"which|who)\s"
)


def _cap(speaker: str | None) -> str:
    text = speaker or ""
    return text[:1].upper() + text[1:]


def _short(speaker: str) -> str:
    if " " in speaker and not nlp.is_org(speaker) and speaker[:1].isupper():
        return speaker.split()[-1]
    return speaker[:1].upper() + speaker[1:]


def _reported_clause(doc: _Doc, sid: int) -> str | None:
    """'Pike says he threatened ...': the clause after the reporting verb, when it is short and quote-free."""
    a = doc.attrs[sid]
    text = doc.article.sentences[sid].text
    if a.verb is None or a.subject_span is None or a.resolved or a.verb == "according to":
        return None
    if a.verb_span is None or a.verb_span[0] < a.subject_span[1]:
        return None  # inverted ('"...," said X') or unknown: no clause to report
    rest = text[a.verb_span[1] :]
    rest = re.sub(r"^\s*(?:to\s+[A-Z][\w.'\u2019-]*(?:\s[A-Z][\w.'\u2019-]*)*\s+)?", "", rest)
    if a.verb in ("tell", "told", "tells"):
        cut = re.search(r"\bthat\s+", rest)
        if not cut:
            return None
        rest = rest[cut.end() :]
    rest = re.sub(r"^\s*(?:on\s+\w+day\s+)?(?:that\s+)?", "", rest)
    rest = re.split(r",\s|;\s|\s+\u2014\s+|\.\s*$|:\s", rest)[0].strip()
    if not rest or re.search('["\u201c\u201d\u2018]', rest) or not 3 <= _n_words(rest) <= 15:
        return None
    # A verb of criticism reports its object ("Holloway criticizes the city's water board"), others a clause.
    return rest if a.verb in _CRITICISM or _is_clause(rest) else None


_CRITICISM = frozenset(
    "slam slams slammed blast blasts blasted lambast lambasted criticise criticised criticize criticized condemn "
    "condemned accuse accused".split()
)


_NOT_A_LEAD_RE = re.compile(
    r"^(?:and|but|or|so|yet|that|this|these|those|it|its|he|she|they|his|her|their|there|here|both|each|neither|"
    r"either|such|[\w-]+ of (?:them|these|those|us))\b",
    re.IGNORECASE,
)
_INTRO_RE = re.compile(
    r"^(?:with|in|on|at|after|before|as|while|when|although|though|despite|because|if|for|by|from|since|until|"
    r"like|unlike|amid|following|over|under|during|according|earlier|later|meanwhile|however)\b[^,]{0,80},\s+",
    re.IGNORECASE,
)


def _is_clause(text: str) -> bool:
    """A headline needs a subject and a finite verb, not a phrase ("for every 1,000 patients ...")."""
    if _INTRO_RE.match(text + ", ") and "," not in text:
        return False  # a bare prepositional phrase
    found = nlp.parser_tags(text)
    if found is None:
        return not re.match(r"(?:for|to|of|in|on|at|with|by|from)\b", text, re.IGNORECASE)
    return any(pos in ("VERB", "AUX") and dep in ("ROOT", "ccomp", "conj") for _, pos, dep, _ in found) and any(
        dep in ("nsubj", "nsubjpass", "expl") for _, _, dep, _ in found
    )


_DATELINE_RE = re.compile(r"^[A-Z][A-Z .,'-]{1,40}(?:\([^)]{1,30}\))?\s*[-\u2014\u2013]\s+")


def _sentence_headline(doc: _Doc, sid: int) -> str | None:
    text = _DATELINE_RE.sub("", _render(doc, sid).rstrip(" ."))
    if re.search('["\u201c\u201d]', text) or _NOT_A_LEAD_RE.match(text):
        return None  # a quotation, or a sentence leaning on the one before ("That was a rebuke of ...")
    intro = _INTRO_RE.match(text)
    if intro:  # "In a systematic review published by X, researchers said ..." -> "Researchers said ..."
        text = text[intro.end() :]
        text = text[:1].upper() + text[1:]
    if _n_words(text) > HEADLINE_WORDS:
        cut = _CLAUSE_CUT_RE.search(text)
        text = text[: cut.start()] if cut else ""
    if not 6 <= _n_words(text) <= HEADLINE_WORDS or text.endswith(("that", "and", "but", "or")):
        return None
    return text if _is_clause(text) else None


def _inverted_clause(doc: _Doc, sid: int) -> str | None:
    """'Paracetamol could raise the risk ..., a major study warns': the statement before a trailing attribution."""
    a = doc.attrs[sid]
    text = doc.article.sentences[sid].text
    if a.subject_span is None or a.verb_span is None or a.resolved or a.subject_span[0] < 8:
        return None
    raw = re.sub(r"\b(?:a|an|the)\s*$", "", text[: min(a.subject_span[0], a.verb_span[0])], flags=re.IGNORECASE)
    if not raw.rstrip().endswith(","):
        return None  # the words before the speaker are a title ("MEP Robert ..."), not a statement
    before = raw.rstrip(" ,")
    if not before or re.search('["\u201c\u201d\u2018\u2019]', before) or not 4 <= _n_words(before) <= 15:
        return None
    return _lower_first(doc, before) if _is_clause(before) else None


def _lower_first(doc: _Doc, text: str) -> str:
    # "Daily paracetamol could ..." inside a headline: lower-case the first word unless the body capitalises it
    # mid-sentence (a name).
    first = text.split()[0] if text.split() else ""
    function_word = first.lower() in _STOP  # "A", "The": never a name
    if not first or (not function_word and (first.isupper() or first in _proper_words(doc.article))):
        return text
    return first.lower() + text[len(first) :]


def _proper_words(article: Article) -> set[str]:
    out: set[str] = set()
    for s in article.sentences:
        for m in re.finditer(r"(?<=[a-z,;] )[A-Z][\w'\u2019-]*", s.text):
            out.add(m.group())
    return out


def _opinion_headline(doc: _Doc, ranked: list[int]) -> str | None:
    """An opinion piece's headline says whose view it is: "Opinion piece argues ISIS is at war with the West"."""
    order = sorted(range(len(doc.attrs)), key=lambda i: (i not in ranked[:8], i))
    for sid in order[:12]:
        a = doc.attrs[sid]
        if a.speaker not in (None, nlp.AUTHOR) or a.quotes:
            continue
        text = _render(doc, sid).rstrip(" .")
        if text.endswith(("?", "!")) or _FIRST_PERSON.search(text):
            continue
        line = text if 4 <= _n_words(text) <= 14 and _is_clause(text) else _sentence_headline(doc, sid)
        if line and _n_words(line) <= HEADLINE_WORDS and not _NOT_A_LEAD_RE.match(line):
            return f"Opinion piece argues {_lower_first(doc, line)}"
    return None


def _headline(doc: _Doc, ranked: list[int]) -> str:
    """From the lead fact: "X says ..." / "X denies ..." when it is a claim, else the lead sentence (or its clause).

    The lead fact is the earliest of the best-ranked sentences (news puts the point first); an opinion piece's
    headline is attributed to the piece.
    """
    if any(a.speaker == nlp.AUTHOR for a in doc.attrs):
        line = _opinion_headline(doc, ranked)
        if line:
            return nlp.neutralize(line)
    for sid in sorted(ranked[:5]) + ranked[5:8]:
        a = doc.attrs[sid]
        if a.speaker and a.speaker != nlp.AUTHOR:
            clause = _reported_clause(doc, sid)
            if clause is None:
                inverted = _inverted_clause(doc, sid)
                verb = _PRESENT.get(a.verb or "")
                if inverted is None or verb is None:
                    continue
                said = nlp.neutralize(f"{_short(a.speaker)} {verb} {inverted}")
                if _n_words(said) < 20:
                    return said[:1].upper() + said[1:]
                continue
            verb = _PRESENT.get(a.verb or "")
            if verb is None:
                continue  # "a video shows ...": no reporting verb to put in the present tense
            said = nlp.neutralize(f"{_short(a.speaker)} {verb} {clause}")
            if _n_words(said) < 20:
                return said[:1].upper() + said[1:]
            continue
        line = _sentence_headline(doc, sid)
        if line:
            return line
    if ranked:
        words = _render(doc, ranked[0]).split()
        return " ".join(words[:HEADLINE_WORDS]).rstrip(",;:.") + ("" if len(words) <= HEADLINE_WORDS else " ...")
    return "Article"


# --------------------------------------------------------------------------- entry points


def _run() -> RunInfo:
    return RunInfo(backend="extractive", model=None, path="extractive")


def brief(article: Article, *, max_words: int = 120) -> Brief:
    """A neutral brief from the article's most central sourced sentences; no model involved."""
    doc = _prepare(article)
    ranked = _ranked(doc)
    chosen = _select(doc, ranked, max_words)
    summary = " ".join(_render(doc, sid) for sid in chosen)
    rest = [s for s in ranked if s not in chosen][:KEY_POINTS]
    key_ids = sorted(rest) if rest else chosen[:KEY_POINTS]
    key_points = [KeyPoint(text=_render(doc, sid), sentence_ids=[sid]) for sid in key_ids]
    return Brief(
        headline=_headline(doc, ranked),
        summary=summary,
        key_points=key_points,
        claims=_build_claims(doc),
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
        parts = [nlp.neutralize(article.sentences[sid].text, protected=doc.quotes[sid]).strip() for sid in kept]
        first = doc.attrs[kept[0]]
        if first.resolved and first.subject_span is None and first.quotes and first.speaker not in (None, nlp.AUTHOR):
            # A paragraph that only continues someone's quotation says whose words they are.
            parts[0] = f"{_cap(first.speaker)} said: {parts[0]}"
        paragraphs.append(RewriteParagraph(text=" ".join(parts), sentence_ids=kept))
    return Rewrite(
        headline=_headline(doc, _ranked(doc)),
        paragraphs=paragraphs,
        source=source_info(article),
        run=_run(),
    )
