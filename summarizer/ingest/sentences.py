"""Plain text -> Article: normalization, paragraphs, title detection, furniture and headings out, sentences."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

from summarizer.errors import InputError
from summarizer.ingest import furniture
from summarizer.schemas import Article, Heading, Paragraph, Sentence

# --------------------------------------------------------------------------- normalize

_NEWLINES = re.compile(r"\r\n?|[\u2028\x0b\x0c\x85]")
_DROP = re.compile(r"[\ufeff\u200b\u00ad\u2060\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_EDGE_SPACES = re.compile(r" *\n *")
_BLANK = re.compile(r"\n{2,}")
_LIST_ITEM = re.compile(r"(?:[-*•·]|\d{1,3}[.)]|#{1,6}) ")
_HEADING = re.compile(r"#{1,6} +")


# HTML entities a crawler left in plain text ("News &amp; Observer", "&gt;&gt; Read more").
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{2,5}|#x[0-9a-fA-F]{2,4});")


def _normalize_lines(text: str) -> str:
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    text = unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text).replace("\u2029", "\n\n")
    text = _DROP.sub("", text)
    text = _SPACES.sub(" ", text)
    return _EDGE_SPACES.sub("\n", text).strip()


def _paragraphs(body: str) -> list[str]:
    blocks = _BLANK.split(body) if body else []
    lines = body.split("\n")
    # One paragraph per line and no blank lines (copy-paste, some exports): lines that are long or end sentences
    # are paragraphs; hard-wrapped text has short lines that mostly stop mid-sentence.
    if len(blocks) == 1 and len(lines) > 1:
        ends = sum(1 for x in lines if x.rstrip("\"'”’)]").endswith((".", "!", "?", "…")))
        if ends >= 0.8 * len(lines) or sorted(len(x) for x in lines)[len(lines) // 2] > 100:
            return [line for line in lines if line]
    out: list[str] = []
    for block in blocks:
        current: list[str] = []
        for line in block.split("\n"):
            if current and _LIST_ITEM.match(line):
                out.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            out.append(" ".join(current))
    return [p for p in out if p]


_INITIALS_END = re.compile(r"(?:^|\s)(?:[A-Z]\.){2,}$")


def _headline(first: str, nxt: str | None, blank_after: bool) -> bool:
    if nxt is None:
        return False  # the whole text: never a title
    if _HEADING.match(first):
        return True
    words = first.split()
    core = first.rstrip("\"'”’»)]")
    long_words = [w for w in words if len(w) >= 4]
    title_case = bool(long_words) and sum(1 for w in long_words if w[0].isupper()) >= 0.6 * len(long_words)
    # "... Relations With U.S.": a title-case line may end on an abbreviation's full stop.
    abbreviation = title_case and bool(_INITIALS_END.search(core))
    if not words or len(words) > 40 or len(first) > 300:
        return False
    if core.endswith((",", ";", ":", "…")) or (core.endswith(".") and not abbreviation):
        return False
    if first[0].islower() or _LIST_ITEM.match(first) or len(_para_spans(first)) > 1:
        return False
    if blank_after:
        return True
    return title_case or len(first) < 0.6 * len(nxt)


def _split_title(text: str, title: str | None) -> tuple[str | None, str]:
    first, sep, rest = text.partition("\n")
    rest = rest.lstrip("\n")
    bare = _HEADING.sub("", first, count=1).strip()
    if title is not None:
        same = " ".join(bare.casefold().split())
        given = " ".join(title.casefold().split())
        if rest and same and (same == given or (same in given and _headline(first, rest, True))):
            return title, rest
        return title, text
    if sep and _headline(first, rest.partition("\n")[0] if rest else None, text.startswith(first + "\n\n")):
        return bare, rest
    return None, text


# --------------------------------------------------------------------------- sentences

# Terminal punctuation, optional closing quotes/brackets, then the space before the next sentence; or, in text
# crawled with its spaces lost ("it s hilarious.And if this", "incomplete efforts.”Hook made"), a word's end or
# its closing quotation mark glued to a capitalised word.
_END = re.compile(r"(?P<p>[.!?…]+)(?P<c>[\"'”’»)\]]*)(?: +|(?:(?<=[a-z]{3}[.!?])|(?<=[a-z]{3}[.!?]”))(?=[A-Z][a-z]))")
_OPENERS = "\"'“‘«([¿¡"
_TITLES = frozenset(
    "mr mrs ms mx dr prof gen sen rep gov st lt col capt sgt rev hon fr pres supt mt messrs mme mlle adm maj cmdr "
    "cpl pvt det insp atty amb gov vs v e.g i.e cf viz approx ca al".split()
)
_BEFORE_NUMBER = frozenset("no nos art sec fig vol p pp ch op nr".split())
_AMBIGUOUS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec inc corp ltd co jr sr bros llc plc etc".split()
)
_STARTERS = frozenset(
    "The A An He She It They We I You His Her Its Their Our My This That These Those There Here But And Yet So "
    "However Meanwhile In On At After Before When While If As Although Though Still Also Then Now Some Many Most "
    "Others Officials Police What Why How Who Where No Yes One Two Both Each Every For Last Next Earlier Later".split()
)
_WORD = re.compile(r"[\w'’-]*")
# Names written with an exclamation mark, and the words that follow them in the name.
_BANG_BRAND = re.compile(r"(?:^|[\s(\"'“‘])(?:E|Yahoo|Hello|OK)$")
_BANG_NEXT = re.compile(r"(?:News|Online|Entertainment|Finance|Sports|Magazine|Canada|UK)\b")
# A name and a speech verb that end the sentence after a quotation ('?" Sanborn said.', '!" Mayor Ruth Kell said
# on Friday.'), not a new sentence that goes on to say something ('?" Sanborn said the plan ...').
_SHORT_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|asked|asks|added|adds|told\s+\w+|wrote|writes|replied|explained|"
    r"continued|insisted|shouted|recalled)"
    r"(?:\s+(?:on|in|at|during|after|before|last|this|yesterday|today|earlier|later|again|then)\b(?:\s+[\w'’-]+){0,3})?"
    r"[.!?]"
)
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")


def _is_boundary(para: str, m: re.Match[str]) -> bool:
    punct, close, nxt_at = m.group("p"), m.group("c"), m.end()
    rest = para[nxt_at : nxt_at + 40].lstrip(_OPENERS)
    if not rest or rest[0].islower():
        return False  # '…," he said' and 'e.g. this' continue the sentence
    if m.end() == m.end("c"):  # glued ("hilarious.And"): never inside a web address or an e-mail
        glued = para[max(0, m.start() - 40) : m.start()].rpartition(" ")[2].lower()
        if any(x in glued for x in ("www", "/", "@")) or re.match(r"\w+\.\w", rest):
            return False
    if rest[0] in "-\u2013\u2014":
        return False  # "lots of it! -- to wonder": an aside set off by dashes
    if close and punct in ("?", "!") and _SHORT_ATTRIBUTION.match(para, nxt_at):
        return False  # '"... right?" Sanborn said.': the quotation's own attribution
    if punct in ("…", "...") and m.start() > 0 and para[m.start() - 1] == " ":
        return False  # a spaced ellipsis marks an omission inside a quotation
    if punct == "!" and not close and _BANG_BRAND.search(para[: m.start()]) and _BANG_NEXT.match(rest):
        return False  # "a new report by E! News", "Yahoo! Finance": the mark is part of a name
    if punct != "." or close:
        return True
    token = para[max(0, m.start() - 40) : m.start()].rpartition(" ")[2].lstrip(_OPENERS)
    low = token.lower()
    if low in _TITLES:
        return False
    if low in _BEFORE_NUMBER and rest[0].isdigit():
        return False
    if low in _AMBIGUOUS or _INITIALISM.fullmatch(token):
        # "U.S. officials" and "J. Smith" continue; "in the U.S. The" starts a new sentence.
        word = _WORD.match(rest)
        return (word is not None and word.group(0) in _STARTERS) or para[nxt_at] in _OPENERS
    return True


def _para_spans(para: str, offset: int = 0) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _END.finditer(para):
        if m.end() < len(para) and _is_boundary(para, m):
            end = m.start() + len(m.group("p")) + len(m.group("c"))
            spans.append((offset + start, offset + end))
            start = m.end()
    if start < len(para):
        spans.append((offset + start, offset + len(para)))
    return spans


_PARA_SPLIT = re.compile(r"\n\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences in ``text``; paragraphs (blank lines) always end sentences."""
    spans: list[tuple[int, int]] = []
    for start, end in _paragraph_spans(text):
        para = text[start:end]
        # Inside a paragraph a lone newline is just a space for the splitter; offsets stay the same length.
        spans.extend(_para_spans(para.replace("\n", " "), start))
    return [(s, e) for s, e in _strip_spans(text, spans) if e > s]


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in _strip_spans(text, out) if e > s]


def _strip_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


# --------------------------------------------------------------------------- article


def _without_inline_captions(parts: list[str]) -> tuple[list[str], list[int]]:
    """The paragraphs without captions glued in as sentences (furniture.inline_caption), and for every old
    paragraph index (and one past the end) the index it now has; a paragraph that was all captions goes."""
    out: list[str] = []
    at: list[int] = []
    for i, part in enumerate(parts):
        at.append(len(out))
        if i < 3:  # the dateline opens the first paragraph, or the first after a standfirst
            part = furniture.strip_dateline_tag(part) or part
        spans = _para_spans(part)
        keep = [part[a:b] for a, b in spans if not furniture.inline_caption(part[a:b])]
        if i == len(parts) - 1:  # the credits and promotions that close a story, glued into its last paragraph
            while keep and furniture.trailer(keep[-1]):
                keep.pop()
        if len(keep) == len(spans):
            out.append(part)
        elif keep:
            out.append(" ".join(k.strip() for k in keep))
    at.append(len(out))
    return (out, at) if out else (parts, list(range(len(parts) + 1)))


def build_article(
    text: str,
    *,
    title: str | None = None,
    path: str | None = None,
    url: str | None = None,
    repaired: bool = False,
    encoding: str | None = None,
    html: bool = False,
) -> Article:
    """Normalize plain text (whitespace, paragraphs, title line) and split it into sentences with offsets."""
    clean = _normalize_lines(text)
    if title is not None:
        title = " ".join(_normalize_lines(title).split()) or None
    title, body = _split_title(clean, title)
    parts = _paragraphs(body)
    if not parts:
        raise InputError("<text>: is empty or whitespace only; give the article text")
    cleaned = furniture.clean(parts, title)
    headings: list[Heading] = []
    if cleaned.paragraphs:  # a text that is all furniture keeps its lines rather than become empty
        parts, at = _without_inline_captions(cleaned.paragraphs)
        headings = [Heading(text=h, before_paragraph=at[i]) for i, h in cleaned.headings]
    body = "\n\n".join(parts)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    pos = 0
    for pid, part in enumerate(parts):
        ids = []
        for s, e in _para_spans(part, pos):
            ids.append(len(sentences))
            sentences.append(Sentence(id=len(sentences), start=s, end=e, text=body[s:e], paragraph=pid))
        paragraphs.append(Paragraph(id=pid, start=pos, end=pos + len(part), sentence_ids=ids))
        pos += len(part) + 2
    return Article(
        id=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        title=title,
        text=body,
        sentences=sentences,
        paragraphs=paragraphs,
        path=path,
        url=url,
        repaired=repaired,
        encoding=encoding,
        html=html,
        headings=headings,
    )
