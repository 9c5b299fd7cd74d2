"""Text normalisation for the trust checks: quotes, numbers and dates, named entities.

Pure functions over strings, no knowledge of the schemas, so trust.py stays about *what* is checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# --------------------------------------------------------------------------- quotes, dashes, spaces

_QUOTE_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
_SPACES = re.compile(r"\s+")
_SPACED_DASH = re.compile(r"\s*-\s*")


def normalize_quotes(text: str) -> str:
    """Straight quote marks, ASCII dashes, single spaces, lower case: the form quotes are compared in."""
    text = text.translate(_QUOTE_TABLE).replace("\u2026", "...")
    # "a - b", "a-b" and "a -- b" are the same dash once typography is gone.
    text = _SPACED_DASH.sub("-", text.replace("--", "-"))
    return _SPACES.sub(" ", text).strip().lower()


_QUOTE_EDGE = " \t\n,.;:!?'\"-"


def quote_segments(quoted: str) -> list[str]:
    """The comparable pieces of a quotation: marks stripped, split at ellipses, edge punctuation trimmed."""
    body = normalize_quotes(quoted)
    segments = re.split(r"\.\.\.|\[\.\.\.\]|\[[^\]]*\]", body)
    return [seg.strip(_QUOTE_EDGE) for seg in segments if seg.strip(_QUOTE_EDGE)]


_QUOTE_RE = re.compile(
    r"\"[^\"\n]{1,600}\"|\u201c[^\u201d\n]{1,600}\u201d|\u00ab[^\u00bb\n]{1,600}\u00bb"
    # single quotes only where they cannot be an apostrophe: after start/space/bracket, closing before non-letter
    r"|(?:(?<=^)|(?<=[\s(\[]))['\u2018][^'\u2019\n]{1,300}['\u2019](?![A-Za-z])"
)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations (marks included); a private fallback used when nlp.quote_spans is unavailable."""
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]


def outside_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given spans blanked out (offsets kept)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


# --------------------------------------------------------------------------- numbers and dates

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SUFFIX_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}

_MONTH_FULL = r"January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH = rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_DATE_MD = re.compile(rf"\b(?P<month>{_MONTH})\s+{_DAY}\b{_YEAR}")
_DATE_DM = re.compile(rf"\b{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\b{_YEAR}")
_DATE_MY = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b")
# "May" alone is usually the modal verb; only count it as a month after a preposition.
_MONTH_ALONE = re.compile(
    rf"\b(?:(?P<prep>in|since|until|by|last|next|early|late|mid|of|from|through)[\s-]+)?(?P<month>{_MONTH_FULL})\b"
)
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_DIGITS = re.compile(
    r"(?<![\w.,])(?P<cur>[$€£¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:st|nd|rd|th)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mln|mn|tn|trn|m|k|b)\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class NumberMention:
    """A number, date part or weekday found in a text, in a comparable form."""

    key: tuple[object, ...]  # ("n", value) | ("d", month, day) | ("m", month) | ("w", weekday)
    text: str  # as written


def _canon(value: float) -> float:
    return float(f"{value:.6g}")


def _month_num(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
# The lookahead skips most words before the long alternation is tried.
_WORD_NUMBER_RUN = re.compile(
    rf"\b(?=[zotfsenhmbZOTFSENHMB])(?:{_NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMBER_WORD}))*\b",
    re.IGNORECASE,
)


def _word_value(words: list[str]) -> float:
    total, current = 0.0, 0.0
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _SCALES[w]
            current = 0.0
    return total + current


def _word_numbers(text: str, taken: list[bool], *, include_one: bool) -> list[NumberMention]:
    """Numbers written in words ("twenty-five", "two million"), skipping characters already consumed."""
    out: list[NumberMention] = []
    for m in _WORD_NUMBER_RUN.finditer(text):
        if taken[m.start()]:
            continue
        groups: list[list[str]] = [[]]
        for w in re.split(r"[\s-]+", m.group(0).lower()):
            if w == "and":
                # "seven hundred and twelve" is one number; "five and six" are two.
                if groups[-1] and groups[-1][-1] not in _SCALES:
                    groups.append([])
                continue
            groups[-1].append(w)
        for words in groups:
            if not words or (words == ["one"] and not include_one):
                continue  # "one of the officials" is rarely a figure
            if all(w in _SCALES for w in words):
                continue  # "thousands", "a million": not a specific figure
            out.append(NumberMention(("n", _canon(_word_value(words))), " ".join(words)))
    return out


def number_mentions(text: str, *, include_one: bool = True) -> list[NumberMention]:
    """Every number, percentage, amount and date in ``text``, normalised ("10%" = "ten percent")."""
    text = text.translate(_QUOTE_TABLE)
    taken = [False] * (len(text) + 1)
    out: list[NumberMention] = []

    def take(m: re.Match[str]) -> bool:
        if any(taken[m.start() : m.end()]):
            return False
        for i in range(m.start(), m.end()):
            taken[i] = True
        return True

    for rx in (_DATE_MD, _DATE_DM):
        for m in rx.finditer(text):
            day = int(m.group("day"))
            if not 1 <= day <= 31 or not take(m):
                continue
            month = _month_num(m.group("month"))
            out.append(NumberMention(("d", month, day), m.group(0)))
            if m.group("year"):
                out.append(NumberMention(("n", float(m.group("year"))), m.group("year")))
    for m in _DATE_MY.finditer(text):
        if take(m):
            out.append(NumberMention(("m", _month_num(m.group("month"))), m.group("month")))
            out.append(NumberMention(("n", float(m.group("year"))), m.group("year")))
    for m in _MONTH_ALONE.finditer(text):
        name = m.group("month")
        if name == "May" and not m.group("prep"):
            continue
        if take(m):
            out.append(NumberMention(("m", _month_num(name)), name))
    for m in _WEEKDAY.finditer(text):
        if take(m):
            out.append(NumberMention(("w", m.group(1).lower()), m.group(1)))
    for m in _DIGITS.finditer(text):
        if any(taken[m.start() : m.end()]):
            continue
        scale_word = (m.group("scale") or "").lower()
        if scale_word in ("m", "k", "b") and not m.group("cur"):
            scale_word = ""  # "5m" may be metres; only a currency makes it millions
        value = float(m.group("num").replace(",", ""))
        if scale_word in _SCALES:
            value *= _SCALES[scale_word]
        elif scale_word in _SUFFIX_SCALES:
            value *= _SUFFIX_SCALES[scale_word]
        for i in range(m.start(), m.end()):
            taken[i] = True
        out.append(NumberMention(("n", _canon(value)), m.group(0).strip()))
    out.extend(_word_numbers(text, taken, include_one=include_one))
    return out


def number_keys(text: str) -> set[tuple[object, ...]]:
    """Comparable keys of every number in a source text, with the parts of each date added (lenient side)."""
    keys: set[tuple[object, ...]] = set()
    for mention in number_mentions(text, include_one=True):
        keys.add(mention.key)
        if mention.key[0] == "d":
            keys.add(("m", mention.key[1]))
            keys.add(("n", float(mention.key[2])))  # type: ignore[arg-type]
    return keys


# --------------------------------------------------------------------------- named entities

TITLE_WORDS = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister secretary
    senator sen rep representative congressman congresswoman governor gov mayor judge justice chief executive
    ceo cfo coo chairman chairwoman chair director spokesman spokeswoman spokesperson chancellor king queen prince
    princess pope bishop detective inspector sergeant sgt officer captain capt colonel col lieutenant lt general
    gen commissioner deputy ambassador speaker attorney foreign defence defense finance interior health
    home education treasury state councillor councilman councilwoman superintendent dean founder
    """.split()
)
CONNECTORS = frozenset({"of", "for", "de", "van", "von", "der", "da", "al", "bin", "the", "and", "on", "la", "le"})
STOPWORDS = frozenset(
    """a an the and or but if then so as at by for from in into of on onto to with without within over under
    after before during since until while when where why how what which who whom whose this that these those there
    here it its it's he she they we you i his her their our your my me him them us all any both each few more
    most other some such no nor not only own same than too very can will just should would could may might must
    shall is are was were be been being have has had having do does did doing also yet still however meanwhile
    although though because despite about above below between against among through across along around behind
    beyond near off out up down again further once later earlier today yesterday tomorrow now new according
    many much several every another one two three four five six seven eight nine ten first second third last next
    officials police experts critics residents investors analysts researchers scientists prosecutors lawyers
    witnesses workers voters shares sales revenue profit the neither either whether instead overall
    """.split()
)
_NAME_TOKEN = r"(?:[A-Z][\w'\u2019.\-]*|[A-Z]{2,})"
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
