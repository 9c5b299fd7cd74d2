"""The offline headline: built from the lead fact, attributed when it is a claim ("X says ...", "X denies ..."),
an opinion piece's attributed to the piece, in sentence case that keeps proper nouns; never the source's title."""

from __future__ import annotations

import re

from summarizer import nlp
from summarizer.extractive.prepared import FIRST_PERSON, STOP, Doc, n_words, render
from summarizer.schemas import Article

HEADLINE_WORDS = 16
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


def _short(speaker: str) -> str:
    if " " in speaker and not nlp.is_org(speaker) and speaker[:1].isupper():
        return speaker.split()[-1]
    return speaker[:1].upper() + speaker[1:]


def _reported_clause(doc: Doc, sid: int) -> str | None:
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
    if not rest or re.search('["\u201c\u201d\u2018]', rest) or not 3 <= n_words(rest) <= 15:
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


def _sentence_headline(doc: Doc, sid: int) -> str | None:
    text = _DATELINE_RE.sub("", render(doc, sid).rstrip(" ."))
    if re.search('["\u201c\u201d]', text) or _NOT_A_LEAD_RE.match(text):
        return None  # a quotation, or a sentence leaning on the one before ("That was a rebuke of ...")
    intro = _INTRO_RE.match(text)
    if intro:  # "In a systematic review published by X, researchers said ..." -> "Researchers said ..."
        text = text[intro.end() :]
        text = text[:1].upper() + text[1:]
    if n_words(text) > HEADLINE_WORDS:
        cut = _CLAUSE_CUT_RE.search(text)
        text = text[: cut.start()] if cut else ""
    if not 6 <= n_words(text) <= HEADLINE_WORDS or text.endswith(("that", "and", "but", "or")):
        return None
    return text if _is_clause(text) else None


def _inverted_clause(doc: Doc, sid: int) -> str | None:
    """'Paracetamol could raise the risk ..., a major study warns': the statement before a trailing attribution."""
    a = doc.attrs[sid]
    text = doc.article.sentences[sid].text
    if a.subject_span is None or a.verb_span is None or a.resolved or a.subject_span[0] < 8:
        return None
    raw = re.sub(r"\b(?:a|an|the)\s*$", "", text[: min(a.subject_span[0], a.verb_span[0])], flags=re.IGNORECASE)
    if not raw.rstrip().endswith(","):
        return None  # the words before the speaker are a title ("MEP Robert ..."), not a statement
    before = raw.rstrip(" ,")
    if not before or re.search('["\u201c\u201d\u2018\u2019]', before) or not 4 <= n_words(before) <= 15:
        return None
    return _lower_first(doc, before) if _is_clause(before) else None


def _lower_first(doc: Doc, text: str) -> str:
    # "Daily paracetamol could ..." inside a headline: lower-case the first word unless the body capitalises it
    # mid-sentence (a name).
    first = text.split()[0] if text.split() else ""
    function_word = first.lower() in STOP  # "A", "The": never a name
    if not first or (not function_word and (first.isupper() or first in _proper_words(doc.article))):
        return text
    return first.lower() + text[len(first) :]


def _proper_words(article: Article) -> set[str]:
    out: set[str] = set()
    for s in article.sentences:
        for m in re.finditer(r"(?<=[a-z,;] )[A-Z][\w'\u2019-]*", s.text):
            out.add(m.group())
    return out


def _opinion_headline(doc: Doc, ranked: list[int]) -> str | None:
    """An opinion piece's headline says whose view it is: "Opinion piece argues ISIS is at war with the West"."""
    order = sorted(range(len(doc.attrs)), key=lambda i: (i not in ranked[:8], i))
    for sid in order[:12]:
        a = doc.attrs[sid]
        if a.speaker not in (None, nlp.AUTHOR) or a.quotes:
            continue
        text = render(doc, sid).rstrip(" .")
        if text.endswith(("?", "!")) or FIRST_PERSON.search(text):
            continue
        line = text if 4 <= n_words(text) <= 14 and _is_clause(text) else _sentence_headline(doc, sid)
        if line and n_words(line) <= HEADLINE_WORDS and not _NOT_A_LEAD_RE.match(line):
            return f"Opinion piece argues {_lower_first(doc, line)}"
    return None


def build_headline(doc: Doc, ranked: list[int]) -> str:
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
                if n_words(said) < 20:
                    return said[:1].upper() + said[1:]
                continue
            verb = _PRESENT.get(a.verb or "")
            if verb is None:
                continue  # "a video shows ...": no reporting verb to put in the present tense
            said = nlp.neutralize(f"{_short(a.speaker)} {verb} {clause}")
            if n_words(said) < 20:
                return said[:1].upper() + said[1:]
            continue
        line = _sentence_headline(doc, sid)
        if line:
            return line
    if ranked:
        words = render(doc, ranked[0]).split()
        return " ".join(words[:HEADLINE_WORDS]).rstrip(",;:.") + ("" if len(words) <= HEADLINE_WORDS else " ...")
    return "Article"
