"""The one quotation algorithm: where quoted speech is in a text, and the form quotations are compared in.

Double quotes (straight or curly, « ») and single quotes (' ‘ ’, the Daily Mail and BBC style) are both found;
a single quote counts only where it cannot be an apostrophe. A quote left open runs to the end of its
paragraph (the next paragraph re-opens it), and a closing mark with no opening means the text started mid-quote.
"""

from __future__ import annotations

import re

_OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d"}
_QUOTE_CHARS_RE = re.compile('["\u201c\u201d\u00ab\u00bb\u201e]')
_SINGLE_RE = re.compile("['\u2018\u2019]")


def _straight_is_opening(text: str, i: int) -> bool:
    # A straight quote opens when nothing word-like precedes it (start, space, bracket, dash).
    if i == 0:
        return True
    prev = text[i - 1]
    if prev.isspace() or prev in "([{\u2014\u2013-/:":
        return True
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isalnum() and nxt.isupper():
        return True  # a space the crawl lost before the mark ('... is WILD KFC"She knew what she signed up for."')
    return not (prev.isalnum() or prev in ".,!?;:'\u2019)") and not nxt.isspace()


def _para_end(text: str, start: int, limit: int) -> int:
    brk = text.find("\n\n", start, limit)
    return brk if brk >= 0 else limit


def _double_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_CHARS_RE.finditer(text):
        i, ch = m.start(), m.group()
        opening = _straight_is_opening(text, i) if ch == '"' else ch in _OPENERS
        if opening:
            if open_at is not None:
                # A new opening before a close: the previous quote ran to its paragraph end (multi-paragraph quote).
                spans.append((open_at, _para_end(text, open_at, i)))
            open_at = i
        else:
            if open_at is None:
                # A closing mark with no opening: the quote began before this text (a sentence mid-quote).
                start = 0 if not spans else spans[-1][1]
                para = text.rfind("\n\n", start, i)
                spans.append((para + 2 if para >= 0 else start, i + 1))
            else:
                spans.append((open_at, i + 1))
                open_at = None
    if open_at is not None:
        spans.append((open_at, _para_end(text, open_at, len(text))))
    return spans


def _single_opens(text: str, i: int) -> bool:
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace() or not (nxt.isalnum() or nxt in "\u2026.([$\u00a3"):
        return False
    prev = text[i - 1] if i > 0 else "\n"
    return prev.isspace() or prev in '([{\u2014\u2013-:"\u201c'


def _single_closes(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not prev.isspace() and not nxt.isalnum()


def _single_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single-quoted speech outside double quotes; an unclosed one counts only when it opens its paragraph."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _SINGLE_RE.finditer(text):
        i = m.start()
        if any(s <= i < e for s, e in taken):
            continue
        if open_at is not None and text.find("\n\n", open_at, i) >= 0:
            end = _para_end(text, open_at, i)
            if _opens_paragraph(text, open_at):
                spans.append((open_at, end))
            open_at = None
        if open_at is None:
            if m.group() != "\u2019" and _single_opens(text, i):
                open_at = i
        elif _single_closes(text, i):
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None and _opens_paragraph(text, open_at):
        spans.append((open_at, _para_end(text, open_at, len(text))))
    return spans


def _opens_paragraph(text: str, i: int) -> bool:
    before = text[max(0, text.rfind("\n\n", 0, i) + 2) : i]
    return not before.strip() or before.rstrip().endswith(":")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, double and single, marks included (unclosed: to the paragraph end)."""
    doubles = _double_spans(text)
    spans = doubles + _single_spans(text, doubles)
    return sorted(spans)


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies inside one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)


def mask(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    """``text`` with the quoted spans blanked with "_" (same length), so narrator-voice rules skip them."""
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        for k in range(max(0, s), min(len(chars), e)):
            if chars[k] != "\n":
                chars[k] = "_"
    return "".join(chars)


def outside_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given spans blanked with spaces (offsets kept)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


_QUOTE_TABLE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
        "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-",
        "\u2012": "-", "\u2015": "-", "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_SPACED_DASH = re.compile(r"\s*-\s*")
_QUOTE_EDGE = " \t\n,.;:!?'\"-"


def flatten(text: str) -> str:
    """Straight quote marks and ASCII dashes for curly ones and typographic dashes (same length)."""
    return text.translate(_QUOTE_TABLE)


def normalize_quotes(text: str) -> str:
    """Straight quote marks, ASCII dashes, single spaces, lower case: the form quotes are compared in."""
    text = text.translate(_QUOTE_TABLE).replace("\u2026", "...")
    # "a - b", "a-b" and "a -- b" are the same dash once typography is gone.
    text = _SPACED_DASH.sub("-", text.replace("--", "-"))
    return _SPACES.sub(" ", text).strip().lower()


def quote_segments(quoted: str) -> list[str]:
    """The comparable pieces of a quotation: marks stripped, split at ellipses, edge punctuation trimmed."""
    body = normalize_quotes(quoted)
    segments = re.split(r"\.\.\.|\[\.\.\.\]|\[[^\]]*\]", body)
    return [seg.strip(_QUOTE_EDGE) for seg in segments if seg.strip(_QUOTE_EDGE)]
