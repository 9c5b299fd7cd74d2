"""Is this text an article at all? Reject what no brief can be made of: menus and link lists, giant tokens.

Both rules look at shape, not words: a page of navigation has no sentence of prose (several words ending
in sentence punctuation), and a blob (base64, minified code, a runaway "word") is mostly characters in
tokens far longer than any word. Short articles stay valid: one real sentence is enough.
"""

from __future__ import annotations

import re

from summarizer.errors import InputError
from summarizer.schemas import Article

LONG_TOKEN = 40  # characters; German compounds and URLs sit below or are a small share of a real text
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]{2,}")  # letters only, two or more
_END = re.compile(r"[.!?…:;\"'”’»)\]]\s*$")
PROSE_WORDS = 6  # a sentence of prose has at least this many words


def _is_prose(text: str) -> bool:
    return len(_WORD.findall(text)) >= PROSE_WORDS and bool(_END.search(text))


def check_article(article: Article, name: str) -> None:
    """Raise InputError when ``article`` is not article text (navigation only, or one giant token)."""
    text = article.text
    chars = sum(len(t) for t in _TOKEN.findall(text))
    long_chars = sum(len(t) for t in _TOKEN.findall(text) if len(t) > LONG_TOKEN)
    if chars and long_chars * 2 > chars:
        longest = max(len(t) for t in _TOKEN.findall(text))
        raise InputError(
            f"{name}: is not article text: {long_chars * 100 // chars}% of it is in tokens longer than "
            f"{LONG_TOKEN} characters (the longest has {longest:,}); give the article's text"
        )
    if article.html and not any(_is_prose(s.text) for s in article.sentences):
        raise InputError(
            f"{name}: has no sentence of prose, only menus, links or labels (a navigation or index page?); "
            "give the URL or file of the article itself"
        )
