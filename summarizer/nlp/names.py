"""Names in text: capitalised runs that are people or organisations, titles split off, sequences for matching.

person_names() serves attribution (who is mentioned); name_sequences() and its helpers serve the checks
(is every name in an output somewhere in the article); same_source() and mentioned() are the one rule for
"these two names can be the same source", used by attribution's same_speaker() and the speaker check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarizer.nlp.vocab import CONNECTORS, NOT_NAMES, ORG_WORDS, TITLE_WORDS

# An acronym is tried first, or "UKIP" would be read as four one-letter names.
CAP = (
    r"(?:(?:[A-Z]\.){2,4}"  # initials written together: "P.J.", "J.R.R."
    r"|[A-Z]{2,}(?![a-z\u00C0-\u024F])"
    r"|(?:Mac|Mc|O'|O\u2019|D'|De|Di|La|Le)?[A-Z][a-z\u00C0-\u024F'\u2019]*(?:-[A-Z]?[a-z\u00C0-\u024F]+)*\.?"
    r"|[A-Z]\.)"
)
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+$")
NAME_RUN_RE = re.compile(rf"{CAP}(?:\s+(?:(?:de|da|del|der|van|von|bin|al|la|le|du|di|el)\s+)?{CAP})*")


def clean_run(run: str) -> str:
    toks = run.split()
    while toks and toks[0].lower().rstrip(".") in NOT_NAMES:
        toks.pop(0)
    while toks and toks[-1].lower().rstrip(".") in NOT_NAMES:
        toks.pop()
    # A sentence's full stop is not part of the name; an initial ("J.") or a title ("Dr.") keeps its dot.
    last = toks[-1] if toks else ""
    if last.endswith(".") and len(last) > 2 and last.lower() not in TITLE_WORDS and not _INITIALS_RE.match(last):
        toks[-1] = toks[-1][:-1]
    return " ".join(toks)


def split_title(run: str) -> tuple[str | None, str]:
    """Split 'Foreign Minister Sergei Lavrov' into ('Foreign Minister', 'Sergei Lavrov')."""
    toks = run.split()
    last_title = -1
    for i, t in enumerate(toks[:-1]):
        if t.lower() in TITLE_WORDS:
            last_title = i
    if last_title < 0 or is_org(" ".join(toks[last_title + 1 :])):
        return None, run  # "World Health Organization", "Home Office": a name, not a title and a name
    return " ".join(toks[: last_title + 1]), " ".join(toks[last_title + 1 :])


def is_org(name: str) -> bool:
    toks = name.split()
    return any(t.lower() in ORG_WORDS for t in toks) or (len(toks) == 1 and toks[0].isupper() and len(toks[0]) > 1)


def person_names(text: str) -> list[str]:
    """Capitalised name sequences that look like people/orgs/places (titles stripped), in order, no repeats."""
    out: dict[str, None] = {}
    for m in NAME_RUN_RE.finditer(text):
        run = clean_run(m.group())
        if not run:
            continue
        at_start = m.start() == 0 or bool(re.search(r"(?:[.!?:]['\"\u201d]?\s+|[\"\u201c\n]\s*)$", text[: m.start()]))
        title, name = split_title(run)
        if not name or name.lower().rstrip(".") in TITLE_WORDS:
            continue
        # A lone capitalised word at a sentence start is usually just the first word.
        if at_start and " " not in run and name == run and m.group().split()[0] == run:
            nxt = text[m.end() : m.end() + 12]
            if not re.match(r"\s+(?:said|says|told|added|denied|claimed)\b", nxt):
                continue
        out[name] = None
    return list(out)


# A dot stays inside a name ("U.S.", "P.J.") unless a capitalised word follows it unspaced ("States.In fact").
_NAME_TOKEN = r"(?:[A-Z](?:[\w'\u2019\-]|\.(?![A-Z][a-z]))*|[A-Z]{2,})"
_NAME_SEQ = re.compile(rf"{_NAME_TOKEN}(?:\s+(?:(?:of|for|de|van|von|der|da|al|bin|the|la|le)\s+)*{_NAME_TOKEN})*")
_SENT_START = re.compile(r"(?:^|[.!?:;]\s+|[\"'\u201c\u2018(\[]\s*|\n\s*)$")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def strip_possessive(token: str) -> str:
    """``Smith's`` → ``Smith``; trailing dots of abbreviations go too (``Sen.`` → ``Sen``)."""
    return _POSSESSIVE.sub("", token).rstrip(".-")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix-stripping stem, enough to tell ``Approves`` is the ordinary word ``approved``."""
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s", "d", "ly"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


@dataclass(frozen=True)
class NameSeq:
    """A run of capitalised tokens in a text."""

    tokens: tuple[str, ...]  # possessives stripped, connectors dropped
    text: str
    sentence_initial: bool


def _is_abbreviation(token: str) -> bool:
    core = token.rstrip(".")
    return "." in core or len(core) <= 3


def name_sequences(text: str) -> list[NameSeq]:
    """Runs of capitalised words ("Finance Minister Anna Kowalski", "Bank of Eastland")."""
    out: list[NameSeq] = []
    for m in _NAME_SEQ.finditer(text):
        initial = m.start() == 0 or bool(_SENT_START.search(text[max(0, m.start() - 4) : m.start()]))
        group: list[str] = []
        # A full stop after a word that is not an abbreviation ends the sentence: split the run there.
        for raw in m.group(0).split():
            group.append(raw)
            if raw.endswith(".") and not _is_abbreviation(raw):
                _add_seq(out, group, initial)
                group, initial = [], True
        _add_seq(out, group, initial)
    return out


def _add_seq(out: list[NameSeq], raw: list[str], initial: bool) -> None:
    while raw and raw[-1].lower() in CONNECTORS:
        raw = raw[:-1]
    tokens = tuple(t for t in (strip_possessive(r) for r in raw if r.lower() not in CONNECTORS) if t)
    if tokens:
        out.append(NameSeq(tokens, " ".join(raw), initial))


def acronym(tokens: tuple[str, ...]) -> str:
    """Initials of a multi-word name ("European Union" → "EU")."""
    return "".join(t[0] for t in tokens if t[:1].isupper()) if len(tokens) > 1 else ""


def is_subsequence(needle: tuple[str, ...], hay: tuple[str, ...]) -> bool:
    """True when ``needle`` occurs in ``hay`` in order (gaps allowed, for middle names and initials)."""
    it = iter(hay)
    return all(any(n == h for h in it) for n in needle)


# Words that are never the distinctive part of a name ("his lawyer", "the two officials", "Mr").
_FUNCTION = frozenset(
    "he she they it we i you his her their its our my your the a an some many several most all few other others "
    "this that these those one two three four five six seven eight nine ten mr mrs ms dr".split()
)
# Words organisations share, which identify none of them on their own ("Scottish" of the Scottish Executive).
_GENERIC_NAME_WORDS = frozenset(
    """scottish british english welsh irish american national united new party executive university council
    department ministry office association foundation institute group company news bank state general royal
    international health world public federal government court committee commission agency service centre center
    league union society trust board""".split()
)


def name_tokens(name: str) -> list[str]:
    """The distinctive words of a name, lower case: titles, function words and connectors dropped."""
    words = [strip_possessive(w).lower() for w in re.findall(r"[\w'\u2019.-]+", name)]
    return [w for w in words if len(w) >= 2 and w not in TITLE_WORDS and w not in CONNECTORS and w not in _FUNCTION]


def _initials(name: str) -> str:
    """``Cancer Research UK`` -> ``CRUK``; ``World Health Organization`` -> ``WHO``."""
    parts = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if w.lower() not in CONNECTORS]
    return "".join(w if w.isupper() and len(w) > 1 else w[0].upper() for w in parts)


def _token_match(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)  # "Mac" / "MacDonell" (a split name)


def _given_agree(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)) or _token_match(a, b)


def same_source(speaker: str, name: str) -> bool:
    """``speaker`` and ``name`` can be the same source: the same surname or head word, a one-word name found in
    the other, two shared words, or one is the other's acronym ("Scottish Executive" is not "Scottish National
    Party"; "John Halik" is not "Tomas Halik")."""
    mine, theirs = name_tokens(speaker), name_tokens(name)
    if mine and theirs:
        if mine[-1] == theirs[-1] or _token_match(mine[-1], theirs[-1]):
            return len(mine) < 2 or len(theirs) < 2 or _given_agree(mine[-2], theirs[-2])
        shared = sum(any(_token_match(x, y) for y in theirs) for x in mine)
        if shared >= 2 or (shared == 1 and (len(mine) == 1 or len(theirs) == 1)):
            return True
    acr_mine, acr_theirs = _initials(speaker).lower(), _initials(name).lower()
    return (len(acr_theirs) >= 2 and acr_theirs in mine) or (len(acr_mine) >= 2 and acr_mine in theirs)


def mentioned(speaker: str, text: str) -> bool:
    """Some form of ``speaker`` appears in ``text`` (a name word, or an acronym either way)."""
    raw = re.findall(r"[\w'\u2019-]+", text)
    words = {w.lower() for w in raw} | {strip_possessive(w).lower() for w in raw}
    # Any distinctive word of the name identifies it ("Law" of Jack Law, "Bobby" of Bobby Brown), but not the
    # generic words organisations share.
    mine = [t for t in name_tokens(speaker) if t not in _GENERIC_NAME_WORDS] or name_tokens(speaker)
    if any(_token_match(t, w) for t in mine for w in words if len(w) >= 3 or w == t):
        return True
    acr = _initials(speaker).lower()
    if len(acr) >= 2 and acr in words:
        return True
    return any(same_source(speaker, ns.text) for ns in name_sequences(text) if len(ns.tokens) > 1)
