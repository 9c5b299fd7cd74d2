"""Read an article from a path, stdin bytes, a URL or raw text: decode, repair mojibake, strip HTML, split sentences."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from summarizer.errors import InputError
from summarizer.schemas import Article, Paragraph, Sentence

DEFAULT_MAX_CHARS = 2_000_000

# --------------------------------------------------------------------------- sources


def is_url(source: str) -> bool:
    """True when ``source`` is an http(s) URL with a host."""
    parts = urlsplit(source.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def load_source(
    source: str,
    *,
    stdin_bytes: bytes | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    fetch_timeout: float = 20.0,
    max_fetch_bytes: int = 10_000_000,
) -> Article:
    """Load an Article from a file path, ``-`` (with ``stdin_bytes``) or an http(s) URL."""
    if source == "-":
        if stdin_bytes is None:
            raise InputError("<stdin>: nothing was read from standard input; pipe the article in or give a file path")
        return from_bytes(stdin_bytes, name="<stdin>", max_chars=max_chars)
    if is_url(source):
        data, content_type = _fetch(source, timeout=fetch_timeout, max_bytes=max_fetch_bytes)
        return from_bytes(data, name=source, url=source, content_type=content_type, max_chars=max_chars)
    if "://" in source:
        raise InputError(f"{source}: only http:// and https:// URLs can be fetched; download it and pass the file")
    path = Path(source).expanduser()
    if path.is_dir():
        raise InputError(f"{source}: is a directory; give one article file (use the batch command for folders)")
    try:
        size = path.stat().st_size
        # UTF-8 needs at most 4 bytes per character, so a bigger file cannot fit; markup is the exception we accept.
        if size > 4 * max_chars + 4096:
            raise InputError(_too_big(source, f"{size:,} bytes", max_chars))
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source}: no such file; check the path (use '-' to read standard input)") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied; make the file readable") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot be read ({exc.strerror or exc}); check the path") from None
    return from_bytes(data, name=source, path=str(path), max_chars=max_chars)


def _too_big(name: str, size: str, max_chars: int) -> str:
    return f"{name}: {size} is over the limit of {max_chars:,} characters; shorten the input or raise --max-chars"


def _fetch(url: str, *, timeout: float, max_bytes: int) -> tuple[bytes, str | None]:
    """GET ``url`` following redirects; stream and stop at ``max_bytes``; errors become InputError."""
    import httpx

    headers = {"User-Agent": "summarizer/0.1 (+article fetch)", "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"}
    try:
        with (
            httpx.Client(follow_redirects=True, timeout=timeout, headers=headers) as client,
            client.stream("GET", url) as resp,
        ):
            if not 200 <= resp.status_code < 300:
                reason = resp.reason_phrase or ""
                raise InputError(f"{url}: HTTP {resp.status_code} {reason}".rstrip() + "; check the URL")
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"{url}: the response is {int(declared):,} bytes, over the {max_bytes:,}-byte limit")
            buf = bytearray()
            for chunk in resp.iter_bytes():
                buf += chunk
                if len(buf) > max_bytes:
                    raise InputError(f"{url}: the response is over the {max_bytes:,}-byte limit; save a smaller page")
            return bytes(buf), resp.headers.get("content-type")
    except httpx.TimeoutException:
        raise InputError(f"{url}: timed out after {timeout:g} s; check the URL or raise --timeout") from None
    except httpx.HTTPError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{url}: could not be fetched ({detail}); check the URL and the network") from None


def from_text(text: str, *, title: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Article:
    """Build an Article from a Python string (mojibake is repaired, HTML is extracted)."""
    if len(text) > max_chars and not _looks_like_html(text):
        raise InputError(_too_big("<text>", f"{len(text):,} characters", max_chars))
    fixed, repaired = repair_mojibake(text)
    return _finish(fixed, name="<text>", title=title, repaired=repaired, encoding=None, max_chars=max_chars)


def from_bytes(
    data: bytes,
    *,
    name: str,
    path: str | None = None,
    url: str | None = None,
    content_type: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article:
    """Build an Article from raw bytes: decode, repair, extract HTML when it is HTML, normalize and split."""
    if not data.strip():
        raise InputError(_empty(name))
    declared = _charset_of(content_type)
    text, encoding, repaired = _decode(data, name=name, declared=declared)
    is_html = _looks_like_html(text) or ("html" in (content_type or "").lower() and "<" in text)
    if not is_html and len(text) > max_chars:
        raise InputError(_too_big(name, f"{len(text):,} characters", max_chars))
    return _finish(
        text, name=name, path=path, url=url, repaired=repaired, encoding=encoding, max_chars=max_chars, html=is_html
    )


def _empty(name: str) -> str:
    return f"{name}: is empty or whitespace only; give a file that contains the article text"


def _finish(
    text: str,
    *,
    name: str,
    title: str | None = None,
    path: str | None = None,
    url: str | None = None,
    repaired: bool,
    encoding: str | None,
    max_chars: int,
    html: bool | None = None,
) -> Article:
    if html is None:
        html = _looks_like_html(text)
    if html:
        html_title, text = _extract_html(text)
        title = title or html_title
        if not text.strip():
            raise InputError(f"{name}: no article text found in the HTML; save the article text and pass that")
        # Entities in the markup can spell mojibake too (&#226;&#8364;&#8482;), visible only after extraction.
        text, again = repair_mojibake(text)
        repaired = repaired or again
    try:
        article = build_article(text, title=title, path=path, url=url, repaired=repaired, encoding=encoding, html=html)
    except InputError:
        raise InputError(_empty(name)) from None
    if len(article.text) > max_chars:
        raise InputError(_too_big(name, f"{len(article.text):,} characters", max_chars))
    return article


# --------------------------------------------------------------------------- bytes -> text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (or .docx)"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_WIDE = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "utf_7"]
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    # Mostly-UTF-8 files with a few stray Windows-1252 bytes: keep the UTF-8 and read the strays as cp1252.
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("summarizer-cp1252", _cp1252_fallback)


def decode_bytes(data: bytes, *, name: str = "<input>") -> tuple[str, str, bool]:
    """Decode bytes to text and repair mojibake; returns (text, encoding, repaired). Binary data raises InputError."""
    return _decode(data, name=name, declared=None)


def _decode(data: bytes, *, name: str, declared: str | None) -> tuple[str, str, bool]:
    text, encoding = _decode_raw(data, name=name, declared=declared)
    if text and len(_CONTROL.findall(text[:200_000])) > 0.05 * min(len(text), 200_000):
        raise InputError(f"{name}: looks like binary data, not text; give a plain-text, Markdown or HTML file")
    fixed, repaired = repair_mojibake(text)
    return fixed, encoding, repaired or encoding == "utf-8+cp1252"


def _decode_raw(data: bytes, *, name: str, declared: str | None) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not valid {enc}") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: is {what}, not text; convert it to text or HTML first")
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is None:
            raise InputError(f"{name}: contains NUL bytes (binary data); give a plain-text, Markdown or HTML file")
        return wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    multibyte = sum(1 for ch in loose if ch > "\x7f") - bad
    if multibyte >= bad:  # valid multi-byte UTF-8 hardly ever happens by chance in legacy text
        return data.decode("utf-8", errors="summarizer-cp1252"), "utf-8+cp1252"
    declared = declared or _meta_charset(data)
    if declared:
        try:
            return data.decode(declared), codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            pass
    return _detect_legacy(data, name)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    # ASCII-range characters put their zero byte on one side only; which side says the byte order.
    if odd >= 0.1 * half and even <= 0.02 * odd:
        enc = "utf-16-le"
    elif even >= 0.1 * half and odd <= 0.02 * even:
        enc = "utf-16-be"
    else:
        return None
    try:
        return data.decode(enc), enc
    except UnicodeDecodeError:
        return None


def _detect_legacy(data: bytes, name: str) -> tuple[str, str]:
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data, cp_exclusion=_WIDE)
    best = matches.best()
    ascii_share = sum(1 for b in data if b < 0x80) / len(data)
    try:
        as_cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        as_cp1252 = None
    if as_cp1252 is not None and (best is None or best.coherence < 0.1 or ascii_share > 0.8):
        # Detectors cannot tell Western code pages apart on short texts; cp1252 is by far the commonest.
        same_as_best = best is not None and "cp1252" in (best.could_be_from_charset or [])
        if best is None or same_as_best or best.coherence < 0.1 or best.language in ("Unknown", "English"):
            return as_cp1252, "cp1252"
    if best is None:
        # Nothing fits cleanly: keep whatever is valid UTF-8 and read the rest as cp1252; the binary check follows.
        return data.decode("utf-8", errors="summarizer-cp1252"), "utf-8+cp1252"
    return str(best), best.encoding


def _charset_of(content_type: str | None) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    return m.group(1) if m else None


def _meta_charset(data: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", data[:4096], re.I)
    return m.group(1).decode("ascii") if m else None


# --------------------------------------------------------------------------- mojibake repair


def _thai_tables() -> tuple[dict[str, int], str, str, str, str, str]:
    """char -> byte for UTF-8 read as Windows-874, with undefined bytes shown as cp1252 or C1 characters."""
    to_byte: dict[str, int] = {}
    foreign = []  # characters genuine Thai text would not put next to Thai letters
    for b in range(0x80, 0x100):
        raw = bytes([b])
        try:
            ch = raw.decode("cp874")
        except UnicodeDecodeError:
            try:
                ch = raw.decode("cp1252")
            except UnicodeDecodeError:
                ch = chr(b)
            foreign.append(ch)
        to_byte[ch] = b
    to_byte.setdefault(chr(0x80), 0x80)
    foreign += ["\u20ac", chr(0x80)]

    def cls(lo: int, hi: int) -> str:
        return "[" + "".join(re.escape(c) for c, v in to_byte.items() if lo <= v <= hi) + "]"

    return to_byte, cls(0xC2, 0xDF), cls(0xE0, 0xEF), cls(0xF0, 0xF4), cls(0x80, 0xBF), "".join(foreign)


_T_BYTE, _L2, _L3, _L4, _C, _FOREIGN = _thai_tables()
# One UTF-8 sequence in Windows-874 clothing; "โ€" alone lost its 0x9D (the right double quote).
_T_ONE = rf"{_L2}{_C}|{_L3}{_C}{{2}}|{_L4}{_C}{{3}}|\u0e42\u20ac(?!{_C})"
_T_SEQ = re.compile(_T_ONE)
_T_RUN = re.compile(rf"(?:{_T_ONE})+")
_T_HINT = re.compile(r"[\u0e01-\u0e5b]")
_FOREIGN_SET = frozenset(_FOREIGN)
_LATIN_OK = (
    (0x00A0, 0x03FF),  # Latin-1, Latin Extended, IPA, diacritics, Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x20CF),  # punctuation, super/subscripts, currency
    (0x2100, 0x27BF),  # letterlike, arrows, maths, shapes, dingbats
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0x1F000, 0x1FAFF),  # emoji
)


def _plausible(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _LATIN_OK)


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _thai_fix(m: re.Match[str]) -> str:
    run, text = m.group(0), m.string
    if not any(ch in _FOREIGN_SET for ch in run):
        # Only Thai-repertoire characters (e.g. "รฉ" for é): repair only inside Latin words, never inside Thai.
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if _is_thai(before) or _is_thai(after) or not (_latin(before) or _latin(after)):
            return run
    out = []
    for seq in _T_SEQ.findall(run):
        raw = bytes(_T_BYTE[c] for c in seq)
        if seq == "\u0e42\u20ac":
            raw += b"\x9d"
        try:
            ch = raw.decode("utf-8")
        except UnicodeDecodeError:
            out.append(seq)
            continue
        out.append(ch if len(ch) == 1 and _plausible(ch) else seq)
    return "".join(out)


def _repair_thai(text: str) -> str:
    if not _T_HINT.search(text):
        return text
    return _T_RUN.sub(_thai_fix, text)


_MOJI_HINT = re.compile(
    r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 read as Windows-1252 (ftfy) or as Windows-874 (Thai), run by run; returns (text, changed)."""
    fixed = text
    if _MOJI_HINT.search(fixed) or re.search(r"[\x80-\x9f]", fixed):
        import ftfy

        config = ftfy.TextFixerConfig(
            unescape_html=False,
            remove_terminal_escapes=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            fix_surrogates=False,
            remove_control_chars=False,
            normalization=None,
            explain=False,
        )
        fixed = ftfy.fix_text(fixed, config)  # ftfy works line by line, so one bad line does not block the rest
    fixed = _repair_thai(fixed)
    return fixed, fixed != text


# --------------------------------------------------------------------------- HTML

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"</?(?:html|head|body|p|div|span|a|br|h[1-6]|article|section|script|meta|title|ul|li)\b", re.I)


def _looks_like_html(text: str) -> bool:
    head = text[:8192]
    if _HTML_START.match(head):
        return True
    tags = len(_HTML_TAG.findall(head))
    return (head.lstrip().startswith("<") and tags >= 2) or tags >= 6


def _extract_html(html: str) -> tuple[str | None, str]:
    """(title, text with paragraphs separated by blank lines); trafilatura first, stdlib parser as fallback."""
    title, text = None, ""
    try:
        title, text = _trafilatura(html)
    except Exception:  # noqa: BLE001 - a crash in a third-party extractor must not lose the article
        title, text = None, ""
    if not text.strip():
        parser = _FallbackParser()
        parser.feed(html)
        parser.close()
        title = title or parser.h1 or parser.title
        text = "\n\n".join(parser.paragraphs)
    return (" ".join(title.split()) if title else None), text


def _trafilatura(html: str) -> tuple[str | None, str]:
    import xml.etree.ElementTree as ET

    import trafilatura

    xml = trafilatura.extract(
        html, output_format="xml", with_metadata=True, include_comments=False, include_tables=False
    )
    if not xml:
        return None, ""
    doc = ET.fromstring(xml)
    main = doc.find("main")
    paragraphs: list[str] = []
    for block in main if main is not None else []:
        items = block.findall("item") if block.tag == "list" else [block]
        for item in items:
            piece = " ".join("".join(item.itertext()).split())
            if piece:
                paragraphs.append(piece)
    return doc.get("title"), "\n\n".join(paragraphs)


_JUNK_TAGS = frozenset(
    "script style noscript template svg nav header footer aside form iframe button select canvas figure".split()
)
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li blockquote pre article section main tr dd dt br".split())
_JUNK_ATTR = re.compile(
    r"(?:^|[\s_-])(?:ads?|advert\w*|banner|promo\w*|sponsor\w*|nav\w*|menu|footer|header|sidebar|cookie\w*|"
    r"share|social|related|comments?|newsletter|subscribe)(?:$|[\s_-])",
    re.I,
)


class _FallbackParser(HTMLParser):
    """Collect visible block text, skipping scripts, navigation, ads and other page furniture."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.skipping = 0
        self.paragraphs: list[str] = []
        self.title: str | None = None
        self._buf: list[str] = []
        self._in_title = False
        self.h1: str | None = None
        self._h1_at = 1 << 30

    def _flush(self) -> None:
        piece = " ".join("".join(self._buf).split())
        self._buf = []
        if piece:
            self.paragraphs.append(piece)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "h1":
            self._h1_at = len(self.paragraphs)
        if tag == "title":
            self._in_title = True
        if tag in _VOID_TAGS:
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        junk = tag in _JUNK_TAGS or bool(_JUNK_ATTR.search(marks))
        self.stack.append((tag, junk))
        self.skipping += junk

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "h1" and self.h1 is None and self._h1_at < len(self.paragraphs) and not self.skipping:
            self.h1 = self.paragraphs[self._h1_at]  # the page's own headline beats <title> with its site suffix
        if any(t == tag for t, _ in self.stack):
            while self.stack:
                t, junk = self.stack.pop()
                self.skipping -= junk
                if t == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = ((self.title or "") + data).strip() or None
        elif not self.skipping and not any(t in ("head", "title") for t, _ in self.stack[-2:]):
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


# --------------------------------------------------------------------------- normalize

_NEWLINES = re.compile(r"\r\n?|[\u2028\x0b\x0c\x85]")
_DROP = re.compile(r"[\ufeff\u200b\u00ad\u2060\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_EDGE_SPACES = re.compile(r" *\n *")
_BLANK = re.compile(r"\n{2,}")
_LIST_ITEM = re.compile(r"(?:[-*•·]|\d{1,3}[.)]|#{1,6}) ")
_HEADING = re.compile(r"#{1,6} +")


def _normalize_lines(text: str) -> str:
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


def _headline(first: str, nxt: str | None, blank_after: bool) -> bool:
    if nxt is None:
        return False  # the whole text: never a title
    if _HEADING.match(first):
        return True
    words = first.split()
    core = first.rstrip("\"'”’»)]")
    if not words or len(words) > 25 or len(first) > 200 or core.endswith((".", ",", ";", ":", "…")):
        return False
    if first[0].islower() or _LIST_ITEM.match(first) or len(_para_spans(first)) > 1:
        return False
    if blank_after:
        return True
    long_words = [w for w in words if len(w) >= 4]
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return (bool(long_words) and capitalised >= 0.6 * len(long_words)) or len(first) < 0.6 * len(nxt)


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

# Terminal punctuation, optional closing quotes/brackets, then the space before the next sentence.
_END = re.compile(r"(?P<p>[.!?…]+)(?P<c>[\"'”’»)\]]*) +")
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
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")


def _is_boundary(para: str, m: re.Match[str]) -> bool:
    punct, close, nxt_at = m.group("p"), m.group("c"), m.end()
    rest = para[nxt_at : nxt_at + 40].lstrip(_OPENERS)
    if not rest or rest[0].islower():
        return False  # '…," he said' and 'e.g. this' continue the sentence
    if punct in ("…", "...") and m.start() > 0 and para[m.start() - 1] == " ":
        return False  # a spaced ellipsis marks an omission inside a quotation
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
    )
