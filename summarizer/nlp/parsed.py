"""A parsed sentence as plain Python objects: the part of spaCy's Doc/Token API that summarizer.nlp reads.

spaCy's own Doc cannot leave the process that parsed it without spaCy on the other side, and importing spaCy is
most of a cold run. So every parse is turned into plain tuples (``to_wire``; builtins only, so ``marshal`` can carry
them between processes) and read back as these objects (``from_wire``): the in-process parse and the parse worker
of a one-shot CLI run give the engine and the checks the same objects.

Token: ``i``, ``idx``, ``text``, ``lower_``, ``lemma_``, ``pos_``, ``tag_``, ``dep_``, ``is_punct``, ``head``,
``children``, ``subtree`` (spaCy's order: left children's subtrees, the token, right children's subtrees) and
``doc``. Doc: iteration, ``len``, ``doc[i]``, ``doc[a:b].text``, ``ents`` and ``has_annotation("ENT_IOB")``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, overload

# (idx, text, lemma_, pos_, tag_, dep_, head index, is_punct) per token
WireToken = tuple[int, str, str, str, str, str, int, bool]
# (text, tokens, entities as (start, end, label), whether entities were recognised)
WireDoc = tuple[str, tuple[WireToken, ...], tuple[tuple[int, int, str], ...], bool]


def to_wire(doc: Any) -> WireDoc:
    """A spaCy Doc as plain tuples."""
    tokens = tuple((t.idx, t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, bool(t.is_punct)) for t in doc)
    ents = tuple((e.start, e.end, e.label_) for e in doc.ents)
    return (doc.text, tokens, ents, bool(doc.has_annotation("ENT_IOB")))


class Token:
    """One token of a parsed sentence."""

    __slots__ = ("doc", "i", "idx", "text", "lemma_", "pos_", "tag_", "dep_", "_head", "is_punct", "_kids")

    def __init__(self, doc: Doc, i: int, wire: WireToken) -> None:
        self.doc = doc
        self.i = i
        self.idx, self.text, self.lemma_, self.pos_, self.tag_, self.dep_, self._head, self.is_punct = wire
        self._kids: list[Token] = []

    @property
    def lower_(self) -> str:
        return self.text.lower()

    @property
    def head(self) -> Token:
        return self.doc.tokens[self._head]

    @property
    def children(self) -> Iterator[Token]:
        return iter(self._kids)

    @property
    def subtree(self) -> Iterator[Token]:
        for c in self._kids:
            if c.i < self.i:
                yield from c.subtree
        yield self
        for c in self._kids:
            if c.i > self.i:
                yield from c.subtree

    def __repr__(self) -> str:
        return self.text


class Span:
    """Tokens ``start``..``end`` of a sentence (an entity carries its ``label_``)."""

    __slots__ = ("doc", "start", "end", "label_")

    def __init__(self, doc: Doc, start: int, end: int, label: str = "") -> None:
        self.doc, self.start, self.end, self.label_ = doc, start, end, label

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        first, last = self.doc.tokens[self.start], self.doc.tokens[self.end - 1]
        return self.doc.text[first.idx : last.idx + len(last.text)]

    def __iter__(self) -> Iterator[Token]:
        return iter(self.doc.tokens[self.start : self.end])

    def __len__(self) -> int:
        return max(0, self.end - self.start)


class Doc:
    """One parsed sentence."""

    __slots__ = ("text", "tokens", "ents", "_ents_set")

    def __init__(self, wire: WireDoc) -> None:
        text, tokens, ents, ents_set = wire
        self.text = text
        self.tokens = [Token(self, i, w) for i, w in enumerate(tokens)]
        for t in self.tokens:
            if t._head != t.i:
                self.tokens[t._head]._kids.append(t)  # appended in token order, so lefts come before rights
        self.ents = tuple(Span(self, s, e, label) for s, e, label in ents)
        self._ents_set = ents_set

    def has_annotation(self, attr: str) -> bool:
        """Entity recognition ran ("ENT_IOB"); tags, lemmas and dependencies are always there."""
        return self._ents_set if attr in ("ENT_IOB", "ENT_TYPE") else bool(self.tokens)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    @overload
    def __getitem__(self, key: int) -> Token: ...

    @overload
    def __getitem__(self, key: slice) -> Span: ...

    def __getitem__(self, key: int | slice) -> Token | Span:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.tokens))
            return Span(self, start, stop)
        return self.tokens[key]


def from_wire(wire: WireDoc) -> Doc:
    """The plain tuples of ``to_wire`` as a Doc."""
    return Doc(wire)
