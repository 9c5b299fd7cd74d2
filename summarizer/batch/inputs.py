"""Batch inputs: files, folders, globs, URLs and JSONL feeds -> items with stable, unique output names."""

from __future__ import annotations

import glob
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from summarizer.config import Settings
from summarizer.errors import InputError
from summarizer.schemas import Article

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
FEED_SUFFIXES = (".jsonl", ".ndjson")
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Item:
    """One article to process: where it comes from and the stem of its output files."""

    index: int
    source: str  # what the user sees: a path, a URL, or feed.jsonl#id
    name: str  # output file stem, unique in the run and stable across runs
    path: str | None = None  # file path or URL to load
    text: str | None = None  # inline text from a JSONL feed
    title: str | None = None
    error: str | None = None  # why it cannot even be tried (recorded as failed)


def _name(stem: str, identity: str) -> str:
    # A hash of the full identity keeps same-named files from different folders apart, and stays the same
    # from night to night as long as the path does.
    slug = _SLUG.sub("-", stem).strip("-._")[:60] or "article"
    return f"{slug}-{hashlib.sha1(identity.encode('utf-8')).hexdigest()[:8]}"


def _feed_rows(path: Path) -> Iterable[tuple[str, str | None, str | None, str | None, str | None]]:
    """(source, title, text, url, error) for each non-empty line of a JSONL feed."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        yield str(path), None, None, None, f"{path}: cannot be read as UTF-8 JSONL ({exc.__class__.__name__})"
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, None, None, None, f"{where}: not JSON ({exc.msg}); one object per line"
            continue
        if not isinstance(row, dict):
            yield where, None, None, None, f"{where}: not a JSON object; give id, title and text or url"
            continue
        rid = str(row.get("id") or f"line{number}")
        src = f"{path}#{rid}"
        title = row.get("title") if isinstance(row.get("title"), str) else None
        text, url = row.get("text"), row.get("url")
        if isinstance(text, str) and text.strip():
            yield src, title, text, None, None
        elif isinstance(url, str) and url.strip():
            yield src, title, None, url.strip(), None
        else:
            yield src, title, None, None, f"{where}: has neither 'text' nor 'url'; give one of them"


def discover(inputs: Sequence[str], stdin_paths: Sequence[str] | None = None) -> list[Item]:
    """Expand INPUT... (files, folders, globs, URLs, JSONL feeds, ``-`` = ``stdin_paths``) into items."""
    from summarizer.ingest import is_url

    # (source, title, text, path, error, identity, stem)
    raw: list[tuple[str, str | None, str | None, str | None, str | None, str, str]] = []
    seen: set[str] = set()

    def add_file(p: Path) -> None:
        key = str(p.resolve())
        if key in seen:
            return
        seen.add(key)
        if p.suffix.lower() in FEED_SUFFIXES:
            for src, title, text, url, err in _feed_rows(p):
                raw.append((src, title, text, url, err, f"{key}#{src}", src.rsplit("#", 1)[-1]))
        else:
            raw.append((str(p), None, None, str(p), None, key, p.stem))

    def add(arg: str) -> None:
        if is_url(arg):
            if arg not in seen:
                seen.add(arg)
                stem = arg.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
                raw.append((arg, None, None, arg, None, arg, Path(stem).stem))
            return
        p = Path(arg).expanduser()
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                raw.append((arg, None, None, None, f"{arg}: folder has no .txt .md .html .htm files", arg, p.name))
            for f in found:
                add_file(f)
        elif p.is_file():
            add_file(p)
        elif _GLOB.search(arg):
            matches = sorted(glob.glob(str(p), recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                raw.append((arg, None, None, None, f"{arg}: no file matches this pattern", arg, "unmatched"))
            for f in files:
                add_file(f)
        else:
            raw.append((arg, None, None, None, f"{arg}: no such file or folder; check the path", arg, p.stem))

    for arg in inputs:
        if arg == "-":
            for line in stdin_paths or []:
                if line.strip():
                    add(line.strip())
        else:
            add(arg)
    items = []
    used: set[str] = set()
    for i, (src, title, text, path, err, ident, stem) in enumerate(raw):
        name = _name(stem, ident)
        if name in used:  # the same id twice in a feed: still one file each
            name = f"{name}-{i}"
        used.add(name)
        items.append(Item(i, src, name, path=path, text=text, title=title, error=err))
    return items


def load_item(item: Item, settings: Settings) -> Article:
    """Read one item into an Article (raises InputError with the reason)."""
    from summarizer import ingest
    from summarizer.api import load_article

    if item.error:
        raise InputError(item.error)
    if item.text is not None:
        return ingest.from_text(item.text, title=item.title, max_chars=settings.max_chars)
    article = load_article(item.path, settings)
    if item.title and not article.title:
        article = article.model_copy(update={"title": item.title})
    return article
