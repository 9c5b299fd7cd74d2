"""Read an article from a path, stdin bytes, a URL or raw text: decode, repair mojibake, strip HTML, split sentences."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from summarizer.errors import InputError, InputTooLarge
from summarizer.ingest.decode import charset_of, decode, decode_bytes, repair_mojibake
from summarizer.ingest.fetch import fetch_url
from summarizer.ingest.html import extract_html, looks_like_html
from summarizer.ingest.sentences import build_article, split_sentences
from summarizer.ingest.usable import check_article
from summarizer.schemas import Article

__all__ = [
    "DEFAULT_MAX_CHARS",
    "build_article",
    "decode_bytes",
    "from_bytes",
    "fetch_url",
    "from_text",
    "is_url",
    "load_source",
    "repair_mojibake",
    "split_sentences",
]

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
        data, content_type = fetch_url(source, timeout=fetch_timeout, max_bytes=max_fetch_bytes)
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
            raise InputTooLarge(_too_big(source, f"{size:,} bytes", max_chars))
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


def from_text(text: str, *, title: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Article:
    """Build an Article from a Python string (mojibake is repaired, HTML is extracted)."""
    if len(text) > max_chars and not looks_like_html(text):
        raise InputTooLarge(_too_big("<text>", f"{len(text):,} characters", max_chars))
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
    declared = charset_of(content_type)
    text, encoding, repaired = decode(data, name=name, declared=declared)
    is_html = looks_like_html(text) or ("html" in (content_type or "").lower() and "<" in text)
    if not is_html and len(text) > max_chars:
        raise InputTooLarge(_too_big(name, f"{len(text):,} characters", max_chars))
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
        html = looks_like_html(text)
    if html:
        html_title, text = extract_html(text)
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
        raise InputTooLarge(_too_big(name, f"{len(article.text):,} characters", max_chars))
    check_article(article, name)  # menus and blobs are not articles: say so instead of briefing them
    return article
