"""HTML detection and extraction: trafilatura first, a stdlib parser that skips page furniture as fallback."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# --------------------------------------------------------------------------- HTML

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"</?(?:html|head|body|p|div|span|a|br|h[1-6]|article|section|script|meta|title|ul|li)\b", re.I)


def looks_like_html(text: str) -> bool:
    head = text[:8192]
    if _HTML_START.match(head):
        return True
    tags = len(_HTML_TAG.findall(head))
    return (head.lstrip().startswith("<") and tags >= 2) or tags >= 6


def extract_html(html: str) -> tuple[str | None, str]:
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
