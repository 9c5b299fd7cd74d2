"""Every word edit neutralize() makes on the real-article corpus passes a guard that accepts only safe operations.

Allowed: replacing a lexicon word by its entry's replacement (or participle / fallback) when the parser tags the
word with the entry's part of speech; deleting an adjective or adverb entry (with a comma or "and" left dangling);
re-choosing "a"/"an"; re-capitalising a sentence's first word. Never anything inside quotation marks.
"""

from __future__ import annotations

import difflib
import re

import pytest

from summarizer import nlp
from summarizer.ingest import load_source
from summarizer.nlp import parser
from tests.realtext import measure

_TOKEN = re.compile(r"[\w'\u2019-]+|[^\w\s]")
_POS = {"verb": {"VERB"}, "adj": {"ADJ", "VERB"}, "noun": {"NOUN", "PROPN"}, "adv": {"ADV"}}


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in _TOKEN.finditer(text)]


def _guard(text: str, out: str, quotes: list[tuple[int, int]]) -> list[str]:
    """What is wrong with the edits that turned ``text`` into ``out`` (empty when every edit is allowed)."""
    a, b = _tokens(text), _tokens(out)
    lex = nlp.load_lexicon()
    tags = {off: pos for off, pos, _, _ in (parser.tags(text) or ())}
    problems: list[str] = []
    sm = difflib.SequenceMatcher(a=[t.lower() for t, _ in a], b=[t.lower() for t, _ in b], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        old = [t for t, _ in a[i1:i2]]
        new = [t for t, _ in b[j1:j2]]
        start = a[i1][1] if i1 < len(a) else len(text)
        if any(s <= start < e for s, e in quotes):
            problems.append(f"edit inside a quotation: {old} -> {new}")
            continue
        if old and new and old[0].lower() in ("a", "an") and new[0].lower() in ("a", "an"):
            old, new = old[1:], new[1:]  # "an astonishing reversal" -> "a reversal": the article follows the noun
            start = a[i1 + 1][1] if i1 + 1 < len(a) else start
            if not old and not new:
                continue
        words = [w for w in old if w not in {",", "and"}]
        term = " ".join(words).lower()
        entry = lex.get(term) or lex.get(term.replace(" - ", "-"))
        if entry is None:
            problems.append(f"{old} -> {new}: not a lexicon term")
            continue
        pos = tags.get(start)
        if pos is not None and entry.pos in _POS and " " not in term and "-" not in term and pos not in _POS[entry.pos]:
            problems.append(f"{old} -> {new}: tagged {pos}, the entry is a {entry.pos}")
        if new:
            allowed = {x.lower() for x in (entry.replacement, entry.participle, entry.fallback) if x}
            if " ".join(new).lower() not in allowed:
                problems.append(f"{old} -> {new}: not the entry's replacement {sorted(allowed)}")
        elif entry.pos not in ("adj", "adv") or entry.replacement is not None:
            problems.append(f"{old} deleted, but only adjectives and adverbs may be")
    return problems


def test_every_edit_on_the_corpus_is_a_safe_operation() -> None:
    reason = measure.missing_reason()
    if reason is not None:
        if measure.in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    if parser.model() is None:
        pytest.skip("spaCy model not installed (the nlp extra): the guard checks parts of speech")
    edits = 0
    problems: list[str] = []
    for path in sorted((measure.REALTEXT / "articles").glob("*.txt")):
        art = load_source(str(path))
        quotes = nlp.sentence_quote_spans(art)
        for s, qs in zip(art.sentences, quotes, strict=True):
            out = nlp.neutralize(s.text, protected=qs)
            if out == s.text:
                continue
            edits += 1
            problems += [f"{path.name} s{s.id}: {p}" for p in _guard(s.text, out, qs)]
    assert edits > 10  # the corpus is sensational: the guard must have seen real edits
    assert problems == []


def test_the_guard_rejects_a_meaning_changing_edit() -> None:
    # The guard itself can fail: the edits issue 9 found on real articles are each refused.
    if parser.model() is None:
        pytest.skip("spaCy model not installed (the nlp extra): the guard checks parts of speech")
    assert _guard("No one was injured in the Jersey blast.", "No one was injured in the Jersey criticize.", [])
    assert _guard('He said "a ridiculous idea".', 'He said "an idea".', [(8, 27)])  # never inside quotes
    assert _guard("The so-called metadata leaked.", "The notable metadata leaked.", [])
