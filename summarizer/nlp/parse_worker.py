"""The parse worker of a one-shot CLI run (started by summarizer.nlp.parser.start_worker, never by hand).

It imports spaCy and loads the model as soon as it starts, then answers requests on stdin/stdout until its
parent closes the pipe: each request is a list of sentences; the reply is ("ok", parses as
summarizer.nlp.parsed.to_wire tuples) or ("none",) when spaCy or the model cannot be loaded.

A worker parses one article, so it does not build the tokenizer's 1,347 special cases ("don't", "U.S.", "a.m.")
up front (about 0.15 s): before each request it adds those that occur in the request's text. A special case can
only apply where its text occurs, so the tokens are the same as with all of them (tested on the corpus).
"""

from __future__ import annotations

import sys
from typing import Any

from summarizer.nlp import parser
from summarizer.nlp.parsed import to_wire


class Rules:
    """The model's tokenizer exceptions, added to the tokenizer as the texts come to need them."""

    def __init__(self, nlp: Any) -> None:
        import srsly

        data = srsly.msgpack_loads((nlp.path / "tokenizer").read_bytes())
        self.pending: dict[str, Any] = data["exceptions"]
        nlp.tokenizer.from_bytes(srsly.msgpack_dumps({**data, "exceptions": {}}))
        self.tokenizer = nlp.tokenizer

    def cover(self, texts: list[str]) -> None:
        joined = "\n".join(texts)
        for key in [k for k in self.pending if k in joined]:
            self.tokenizer.add_special_case(key, self.pending.pop(key))


def group_entry_points() -> None:
    """catalogue (under spaCy's registries) filters every installed entry point by group on each registry look-up:
    about 90 look-ups and 0.07 s while the model loads. Grouped once here, in this short-lived process of our own,
    the look-ups return the same entry points in the same order."""
    try:
        import catalogue
    except ImportError:
        return
    eps = catalogue.AVAILABLE_ENTRY_POINTS
    if not hasattr(eps, "select"):
        return
    grouped: dict[str, list[Any]] = {}
    if isinstance(eps, dict):  # Python 3.11: SelectableGroups, a dict of group -> entry points
        grouped = {group: list(points) for group, points in dict.items(eps)}
    else:  # Python 3.12+: EntryPoints, a flat sequence
        for ep in eps:
            grouped.setdefault(ep.group, []).append(ep)
    catalogue.AVAILABLE_ENTRY_POINTS = grouped


def load() -> tuple[Any, Rules | None]:
    """The pipeline and its lazily added tokenizer rules (None when the tokenizer was loaded whole)."""
    group_entry_points()
    nlp = parser._load(tokenizer=False)
    if nlp is None:
        return None, None
    try:
        return nlp, Rules(nlp)
    except (OSError, KeyError, TypeError, ValueError, AttributeError):
        return parser._load(), None  # a model laid out differently: load it whole


def serve() -> int:
    """Load, then answer until the parent closes stdin."""
    nlp, rules = load()
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            texts = parser.receive(inp)
        except EOFError:
            return 0
        if nlp is None:
            parser.send(out, ("none",))
            continue
        if rules is not None:
            rules.cover(texts)
        parser.send(out, ("ok", [to_wire(d) for d in nlp.pipe(texts, batch_size=64)]))


if __name__ == "__main__":
    sys.exit(serve())
