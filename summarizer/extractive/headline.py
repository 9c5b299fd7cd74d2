"""The offline headline: built from the lead fact, attributed when it is a claim ("X says ...", "X denies ..."),
an opinion piece's attributed to the piece, in sentence case that keeps proper nouns; never the source's title."""

from __future__ import annotations

import re
from collections import Counter

from summarizer import nlp
from summarizer.extractive.prepared import FIRST_PERSON, STOP, Doc, n_words, render
from summarizer.schemas import Article

HEADLINE_WORDS = 16
LONGEST_WORDS = 19  # the last resort's limit: still under 20 words
SAID_WORDS = 18  # a claim's headline, "X says ..." with what X says
# --------------------------------------------------------------------------- headline

_PRESENT = {
    "say": "says", "tell": "says", "state": "says", "add": "says", "explain": "says", "announce": "announces",
    "deny": "denies", "reject": "rejects", "dismiss": "dismisses", "dispute": "disputes", "insist": "insists",
    "claim": "claims", "allege": "alleges", "accuse": "accuses", "warn": "warns", "predict": "predicts",
    "argue": "argues", "confirm": "confirms", "acknowledge": "acknowledges", "write": "writes", "find": "finds",
    "conclude": "concludes", "report": "reports", "clarify": "says", "maintain": "maintains", "according to": "says",
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


# Plural roles, also at a sentence's start ("Researchers said ..."): the verb agrees ("Researchers say").
_PLURAL_NOUNS = frozenset(
    """police people officials staff authorities critics researchers experts scientists doctors analysts
    economists investigators prosecutors sources residents campaigners activists lawyers witnesses protesters
    teachers parents voters ministers leaders families workers students officers scholars historians""".split()
)


def _says(speaker: str, verb: str) -> str:
    """ "Goldsmith denies", "Researchers deny": the verb agrees with a plural role ("researchers", "officials")."""
    last = speaker.split()[-1] if speaker.split() else ""
    role = last.islower() and last.endswith("s") and not last.endswith(("ss", "us", "is"))
    plural = role or last.lower() in _PLURAL_NOUNS
    if plural:
        if verb.endswith("ies"):
            verb = verb[:-3] + "y"
        elif verb.endswith(("sses", "shes", "ches", "xes", "zes")):
            verb = verb[:-2]
        elif verb.endswith("s"):
            verb = verb[:-1]
    return f"{_short(speaker)} {verb}"


def _reported_clause(doc: Doc, sid: int, limit: int) -> str | None:
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
    whole = rest.strip().rstrip(".")
    if n_words(whole) > limit or "," in whole:
        # The reported clause's main clause ("they had found no evidence that small cuts ... reduce the risk of
        # heart attacks"). Without a parser, its text up to the first break; with one, only what a criticism is
        # of ("the city's water board"): a comma can sit inside a phrase ("New Jersey's poor, urban schools").
        short = nlp.main_clause(whole, limit, _weights(doc))
        if short:
            rest = short
        else:
            rest = re.split(r",\s|;\s|\s+\u2014\s+|:\s", whole)[0].strip()
            if nlp.parsing() and not (a.verb in _CRITICISM and _ends_in_noun(rest)):
                rest = ""
    else:
        rest = whole
    if not rest or whole.startswith(":") or nlp.has_quote_marks(rest) or not 3 <= n_words(rest) <= limit:
        return None  # nothing left, a quotation ("said: 'I ...'"), or too long
    if _SUBORDINATE_RE.match(rest):
        return None  # "whether the public chose X or Y": the condition, not what was said
    # A verb of criticism reports its object ("Holloway criticizes the city's water board"), others a clause.
    return rest if a.verb in _CRITICISM or _is_clause(rest) else None


_SUBORDINATE_RE = re.compile(
    r"(?:whether|if|when|while|although|though|because|as|after|before|since|unless|until|once)\b", re.IGNORECASE
)
_CRITICISM = frozenset(
    "slam slams slammed blast blasts blasted lambast lambasted criticise criticised criticize criticized condemn "
    "condemned accuse accused".split()
)


_NOT_A_LEAD_RE = re.compile(
    r"^(?:and|but|or|so|yet|that|this|these|those|it|its|he|she|they|his|her|their|there|here|both|each|neither|"
    r"which|who|whom|whose|what|"
    r"either|such|[\w-]+ of (?:them|these|those|us))\b",
    re.IGNORECASE,
)
_INTRO_RE = re.compile(
    r"^(?:with|in|on|at|after|before|as|while|when|although|though|despite|because|if|for|by|from|since|until|"
    r"like|unlike|amid|following|over|under|during|according|earlier|later|meanwhile|however)\b[^,]{0,80},\s+"
    # not when the comma is inside a list the intro goes on with ("After losing its top strategist, military
    # commander, and arch-terrorist, Qasem Soleimani, the theocracy ..." would start "Military commander, and")
    r"(?![^,]{1,40},\s+(?:and|or)\b)",
    re.IGNORECASE,
)


def _ends_in_noun(text: str) -> bool:
    """The text ends on a noun ("the city's water board"), not inside a phrase ("New Jersey's poor")."""
    found = nlp.parser_tags(text)
    return found is not None and len(found) > 0 and found[-1][1] in ("NOUN", "PROPN")


def _weights(doc: Doc) -> dict[str, float]:
    """How often the article uses each word: what a shortened headline keeps first."""
    if doc.weights is None:
        doc.weights = dict(Counter(nlp.words(doc.article.text, fold=True)))
    return doc.weights


def _shorter(doc: Doc, text: str, limit: int, *, cut: bool = True) -> str:
    """``text`` cut to ``limit`` words: whole phrases dropped from its parse, else (``cut``) cut at its first
    clause break."""
    short = nlp.main_clause(text, limit, _weights(doc))
    if short or not cut:
        return short or ""
    at = _CLAUSE_CUT_RE.search(text)
    return text[: at.start()] if at else ""


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


# "LONDON (Reuters) - ", "TRENTON — ", "SURABAYA, Indonesia/JAKARTA (Reuters) - ": place names, an agency, a dash.
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z .,'-]{1,40}(?:\([^)]{1,30}\))?|[A-Z][\w.'-]*(?:[ ,/]+[A-Z][\w.'-]*){0,5}\s*"
    r"\((?:Reuters|AP|AFP|CNN|UPI|Bloomberg|dpa)\))\s*[-\u2014\u2013]\s*"
)


def _sentence_headline(doc: Doc, sid: int, *, cut: bool = True) -> str | None:
    text = _DATELINE_RE.sub("", render(doc, sid).rstrip(" ."))
    if nlp.has_quote_marks(text) or _NOT_A_LEAD_RE.match(text):
        return None  # a quotation, or a sentence leaning on the one before ("That was a rebuke of ...")
    intro = _INTRO_RE.match(text)
    if intro:  # "In a systematic review published by X, researchers said ..." -> "Researchers said ..."
        text = text[intro.end() :]
        text = text[:1].upper() + text[1:]
    if n_words(text) > HEADLINE_WORDS:
        text = _shorter(doc, text, HEADLINE_WORDS, cut=cut)
        if _NOT_A_LEAD_RE.match(text):
            return None  # the clause left leans on words that went ("it is discriminatory to ...")
        text = text[:1].upper() + text[1:]
    if not 6 <= n_words(text) <= HEADLINE_WORDS or text.endswith(("that", "and", "but", "or")):
        return None
    return text if _is_clause(text) else None


def _inverted_clause(doc: Doc, sid: int, limit: int) -> str | None:
    """'Paracetamol could raise the risk ..., a major study warns': the statement before a trailing attribution."""
    a = doc.attrs[sid]
    text = doc.article.sentences[sid].text
    if a.subject_span is None or a.verb_span is None or a.resolved or a.subject_span[0] < 8:
        return None
    raw = re.sub(r"\b(?:a|an|the)\s*$", "", text[: min(a.subject_span[0], a.verb_span[0])], flags=re.IGNORECASE)
    if not raw.rstrip().endswith(","):
        return None  # the words before the speaker are a title ("MEP Robert ..."), not a statement
    before = raw.rstrip(" ,")
    if n_words(before) > limit:
        before = nlp.main_clause(before, limit, _weights(doc)) or before
    if not before or nlp.has_quote_marks(before) or not 4 <= n_words(before) <= limit:
        return None
    return _lower_first(doc, before) if _is_clause(before) else None


def _lower_first(doc: Doc, text: str) -> str:
    # "Daily paracetamol could ..." inside a headline: lower-case the first word unless the body capitalises it
    # mid-sentence (a name).
    words = text.split()
    first = words[0] if words else ""
    function_word = first.lower() in STOP  # "A", "The": never a name
    # "Donald Trump sounded ...": a capitalised run is a name even where the body writes it only at a sentence start.
    named = len(words) > 1 and words[1][:1].isupper() and words[1].lower() not in STOP
    if not first or (not function_word and (first.isupper() or named or first in _proper_words(doc.article))):
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


def _said(doc: Doc, sid: int) -> str | None:
    """A claim's headline: "X says <clause>", else the sentence itself, shortened only by its parse (a cut at
    a comma could leave the statement without its "..., police said")."""
    a = doc.attrs[sid]
    verb = _PRESENT.get(a.verb or "")
    if verb is not None:  # not "a video shows ...": no reporting verb for the present
        says = _says(a.speaker or "", verb)
        limit = SAID_WORDS - n_words(says)
        clause = _reported_clause(doc, sid, limit) or _inverted_clause(doc, sid, limit)
        if clause is not None:
            said = nlp.neutralize(f"{says} {clause}")
            return said[:1].upper() + said[1:] if n_words(said) < 20 else None
    if a.resolved or a.subject_span is None:
        return None  # "He said ...": the sentence names no one
    return _sentence_headline(doc, sid, cut=False)


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
        line = _said(doc, sid) if a.speaker and a.speaker != nlp.AUTHOR else _sentence_headline(doc, sid)
        if line:
            return line
    if ranked:
        text = _DATELINE_RE.sub("", render(doc, ranked[0]))
        # The best sentence's main clause at the longest a headline may be, else its first words.
        short = nlp.main_clause(text, LONGEST_WORDS, _weights(doc))
        if short and not _NOT_A_LEAD_RE.match(short):
            return short[:1].upper() + short[1:]
        intro = _INTRO_RE.match(text)
        words = text[intro.end() if intro else 0 :].split()
        line = " ".join(words[:HEADLINE_WORDS]).rstrip(",;:.") + ("" if len(words) <= HEADLINE_WORDS else " ...")
        return line[:1].upper() + line[1:]
    return "Article"
