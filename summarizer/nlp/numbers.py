"""Numbers, amounts, percentages and dates in a text, in a comparable form ("10%" = "ten percent").

The trust checks use it to tell a figure in an output that its cited sentence does not contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.nlp.quotes import flatten
from summarizer.nlp.vocab import MONTHS

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
    text = flatten(text)
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
