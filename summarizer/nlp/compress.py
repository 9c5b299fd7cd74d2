"""A long sentence cut to headline length by dropping whole modifier phrases from its parse.

"A little-known Russian company has bought the main production unit of oil giant Yukos at auction in Moscow"
becomes "A little-known Russian company has bought the main production unit of oil giant Yukos": only whole
phrases go (subordinate clauses first, then the least important prepositional and adverbial phrases); the
subject, the verb with its auxiliaries, objects and complements, negations, hedges, restrictors and
attributions always stay, so the shorter sentence says less, never something else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from summarizer.nlp import parser
from summarizer.nlp.numbers import number_mentions
from summarizer.nlp.quotes import quote_spans
from summarizer.nlp.text import words
from summarizer.nlp.vocab import HEDGE_WORDS, KEEPERS, NEGATIONS, RESTRICTORS, STOPWORDS

# Subordinate clauses and parentheticals: the first to go, whole.
_CLAUSES = frozenset("advcl relcl acl appos parataxis conj".split())
# Phrases that may go next: modifiers of a verb or a noun.
_MODIFIERS = frozenset("prep npadvmod agent advmod dative".split())
_OPENERS = frozenset([",", "(", "-", "\u2014", "\u2013", "--"])
_CLOSERS = frozenset([",", ")", "-", "\u2014", "\u2013", "--"])
# Words whose phrase carries the statement's meaning: "without a licence", "according to police", "only in
# some patients", a negation, a hedge or an attribution: a phrase holding one is never dropped.
_KEEP_WORDS = (
    KEEPERS
    | NEGATIONS
    | RESTRICTORS
    | frozenset(
        """than except instead despite unlike against only mainly mostly largely partly chiefly primarily almost
        nearly roughly approximately least""".split()
    )
)
# A negation or hedge anywhere in a phrase keeps it: the checks read a dropped one as a changed meaning.
_NEVER_DROPPED = NEGATIONS | HEDGE_WORDS
# What may stand before the subject and go with it ("On Monday, as the family argued, ..."); a statement that
# precedes its reporting verb ("X could happen, a study warns") is the verb's complement and stays.
_INTRO = frozenset("prep advcl npadvmod advmod cc intj".split())
# Complements that make a verb's first prepositional phrase optional ("bought X at auction"); without one the
# phrase is the verb's argument ("was placed in a chokehold", "was accused of lying") and stays.
_COMPLEMENTS = frozenset("dobj attr acomp ccomp xcomp oprd".split())
_SUBJECTS = frozenset("nsubj nsubjpass expl csubj".split())
_DEMONSTRATIVES = frozenset("that this it these those".split())
# Adverbs that only place or link a statement; any other adverb ("prematurely") is part of what it says.
_DISPENSABLE = frozenset(
    """also again now today yesterday tonight recently currently already just then later earlier meanwhile
    however even further finally ultimately subsequently immediately""".split()
)
# Nouns that say nothing without the clause that follows them ("the way he handled it", "the fact that").
_LIGHT_NOUNS = frozenset("way ways reason fact extent manner kind sort thing things something anything".split())
_FRACTIONS = frozenset(
    "half halves third thirds quarter quarters fifth fifths tenth tenths twice double triple".split()
)
_BAD_END = frozenset("a an the of to in on at by for with from and or but that which who as".split())
_QUOTE_RE = re.compile("[\"\u201c\u201d\u2018\u2019']")
_OPEN_QUOTE_RE = re.compile("[\"\u201c\u201d]|(?:^|[\\s(])['\u2018]|(?<![sS])['\u2019](?=[\\s,.;:!?)]|$)")
_DASH_RE = re.compile(r"\s[-\u2013\u2014]\s|--|[\u2013\u2014]")


def has_quote_marks(text: str) -> bool:
    """A quotation mark in ``text``: double marks anywhere, single ones at a word's edge (not "Jobs' widow")."""
    return bool(_OPEN_QUOTE_RE.search(text))


def parsing() -> bool:
    """Whether sentences can be parsed here (the ``nlp`` extra installed and not switched off)."""
    return parser.parse_sentences(["It is."]) is not None


def _count(text: str) -> int:
    return max(len(words(text)), len(text.split()))


def main_clause(text: str, max_words: int, weights: Mapping[str, float] | None = None) -> str | None:
    """``text`` cut to at most ``max_words`` words by dropping whole phrases, or None.

    Clauses and set-off parentheticals go first (the rightmost first), then modifier phrases, the least
    important first: a phrase's importance is the highest ``weights`` value (how often the article uses the
    word) among its content words. None without a parser, when the sentence has no subject and verb, or when
    it cannot be cut that short without touching what must stay.
    """
    if not re.search(r"[.!?]['\"\u2019\u201d)]*\s*$", text):
        text = text.rstrip() + "."  # parsed as the sentence it is: without its full stop the parse differs
    docs = parser.parse_sentences([text])
    if not docs:
        return None
    cut = _Cut(docs[0], weights or {})
    return cut.run(max_words)


class _Cut:
    """One sentence's parse and the tokens still kept."""

    def __init__(self, doc: Any, weights: Mapping[str, float]) -> None:
        self.doc = doc
        self.weights = weights
        self.edges = {t.i: _edges(t) for t in doc}
        self.root = next((t for t in doc if t.dep_ == "ROOT"), None)
        self.keep: set[int] = {t.i for t in self.root.subtree} if self.root is not None else set()
        self.protected = self._arguments()
        self.quotes = quote_spans(doc.text)  # the one quotation algorithm's spans, marks included

    def run(self, max_words: int) -> str | None:
        """The kept text once it is ``max_words`` long or shorter, or None."""
        root = self.root
        subjects = self._subjects()
        if root is None or not subjects:
            return None
        first = min(self.edges[s.i][0] for s in subjects)
        # What comes before the subject ("On Monday, as the family argued, ..."), unless it attributes.
        for c in list(root.children):
            if c.i < first and c.dep_ in _INTRO and not self._attributes(c) and not _QUOTE_RE.fullmatch(c.text):
                self._drop(c)
        # Asides set off by punctuation (", a matronly sister, ", ", in front of a packed room, "), and the
        # root's side remarks: kept, an aside would read as part of what now stands before it.
        for t in self.doc:
            if t.dep_ in _CLAUSES | _MODIFIERS and self._droppable(t):
                lo = self.edges[t.i][0]
                set_off = lo > 0 and self.doc[lo - 1].text in _OPENERS
                if t.dep_ == "conj" and t.head is root and lo > 1 and self.doc[lo - 1].dep_ == "cc":
                    set_off = self.doc[lo - 2].text == ","  # ", but has admitted ...": a second statement
                if (set_off and (t.dep_ in _CLAUSES or t.head is root)) or (t.dep_ == "parataxis" and t.head is root):
                    self._drop(t)
        for t in list(root.children):  # ", its board decided, the first rise since 2022": an object after a comma
            lo = self.edges[t.i][0]  # is an aside the parse took for the object
            if t.dep_ == "dobj" and t.i > root.i and lo > 0 and self.doc[lo - 1].text == "," and not self._numeric(t):
                self._drop(t)
        out = self._text()
        while _count(out) > max_words:
            pick = self._next(_count(out) - max_words)
            if pick is None:
                return None
            self._drop(pick)
            out = self._text()
        return out if self._whole(out, first) else None

    def _subjects(self) -> list[Any]:
        """The root verb's subjects; none when the parse is not a clause or is a known misparse."""
        root = self.root
        if root is None or root.pos_ not in ("VERB", "AUX"):
            return []
        subjects = [c for c in root.children if c.dep_ in _SUBJECTS]
        if len(subjects) > 1:
            return []  # two subjects for one verb: a misparse ("SURABAYA (Reuters) - Rescuers searching ...")
        has_aux = any(c.dep_ in ("aux", "auxpass") for c in root.children)
        if root.tag_ in ("VBN", "VBG") and not has_aux:
            return []  # a participle parsed as the verb ("A group of doctors, alarmed that ...")
        if subjects and root.i > 0 and self.doc[root.i - 1].text == "," and not has_aux:
            subject = max(subjects, key=lambda c: c.i)
            aside = ("appos", "acl", "relcl", "amod", "nummod")
            if not any(c.dep_ in aside and c.i > subject.i for c in subject.children):
                return []  # "A group of physicians, alarmed that ..., is urging": the verb is further on
        return subjects

    def _next(self, over: int) -> Any | None:
        """The phrase to drop next when the text is ``over`` words too long."""
        cands = [t for t in self.doc if t.dep_ in _CLAUSES | _MODIFIERS and self._droppable(t)]
        enough = [t for t in cands if self._size(t) >= over]
        if enough:  # one phrase is enough: the least important of those, the shortest on a tie
            return min(enough, key=lambda t: (self._weight(t), self._size(t)))
        clauses = [t for t in cands if t.dep_ in _CLAUSES and t.dep_ != "conj"]
        if clauses:  # subordinate clauses first, the rightmost first
            return max(clauses, key=lambda t: self.edges[t.i][0])
        mods = [t for t in cands if t.dep_ in _MODIFIERS]
        if mods:
            return min(mods, key=lambda t: (self._weight(t), -self.edges[t.i][0]))
        # the root's second predicate ("... and booted from the festival") last
        return max(cands, key=lambda t: self.edges[t.i][0]) if cands else None

    def _whole(self, out: str, first: int) -> bool:
        """The text left is a clause that stands on its own."""
        root = self.root
        kept = sorted(self.keep)
        fronted: set[int] = set()  # "Fares will rise, the board decided": the statement before its verb
        for c in root.children if root is not None else ():
            if c.i < first and c.dep_ in ("ccomp", "dobj", "xcomp"):
                fronted.update(range(self.edges[c.i][0], self.edges[c.i][1] + 1))
        early = [i for i in kept if i < first and i not in fronted and not self.doc[i].is_punct]
        if root is None or not kept or early or self.doc[kept[-1]].lower_ in _BAD_END:
            return False  # something before the subject stayed (a misparse), or the phrase ends mid-way
        if len(self.keep) < len(list(root.subtree)) and any(
            t.i in self.keep and t.dep_ in _SUBJECTS and t.lower_ in _DEMONSTRATIVES and t.head is not root
            for t in self.doc
        ):
            return False  # "found that that was not ...": a pronoun that may point at what went
        after_root = [c for c in root.children if c.i > root.i and not c.is_punct]
        if after_root and not any(c.i in self.keep for c in after_root) and not fronted:
            return False  # "Troy Price called": the verb without anything it said or did
        for t in self.doc:  # a finite verb kept without its subject is a misparse's fragment
            finite = t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.dep_ in ("ROOT", "ccomp", "relcl", "advcl")
            if t.i in self.keep and finite and not any(c.i in self.keep and c.dep_ in _SUBJECTS for c in t.children):
                return False
        # two statements, a dash aside, or a quotation (a headline quotes no one)
        return not (re.search(r"[:;]", out) or _DASH_RE.search(out) or has_quote_marks(out))

    # ------------------------------------------------------------------ what may go

    def _arguments(self) -> set[int]:
        """A verb's first prepositional phrase when it has no object or complement: its argument."""
        out: set[int] = set()
        for t in self.doc:
            if t.pos_ not in ("VERB", "AUX") or any(c.dep_ in _COMPLEMENTS for c in t.children):
                continue
            after = [c for c in t.children if c.i > t.i and c.dep_ in ("prep", "agent", "dative")]
            if after:
                out.add(min(after, key=lambda c: c.i).i)
        for t in self.doc:  # how much something changed: "cut stays by a third", "rose by 5%"
            if t.dep_ == "prep" and t.lower_ == "by" and t.head.pos_ == "VERB" and self._numeric(t):
                out.add(t.i)
        return out

    def _numeric(self, t: Any) -> bool:
        lo, hi = self.edges[t.i]
        toks = list(self.doc[lo : hi + 1])
        return any(x.pos_ == "NUM" or x.lower_ in _FRACTIONS for x in toks) or bool(
            number_mentions(" ".join(x.text for x in toks))
        )

    def _size(self, t: Any) -> int:
        lo, hi = self.edges[t.i]
        return len([x for x in self.doc[lo : hi + 1] if x.i in self.keep and not x.is_punct])

    def _attributes(self, t: Any) -> bool:
        lo, hi = self.edges[t.i]
        return any(x.lower_ in KEEPERS and x.lower_ not in ("may", "might", "could") for x in self.doc[lo : hi + 1])

    def _droppable(self, t: Any) -> bool:
        if t.i not in self.keep or t is self.root or t.i in self.protected:
            return False
        lo, hi = self.edges[t.i]
        doc = self.doc
        if any(x.lower_ in _NEVER_DROPPED for x in doc[lo : hi + 1]):
            return False  # a negation or hedge goes nowhere, even with the clause it qualifies
        if t.dep_ in _CLAUSES:
            # Never the attribution of the rest ("..., police said", "as X told the BBC").
            frame = t.head is self.root and t.dep_ in ("advcl", "parataxis", "conj")
            if frame and (t.lower_ in KEEPERS or any(c.lower_ == "according" for c in t.children)):
                return False
            if t.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children):
                return False  # "no evidence that cuts reduce the risk": the noun's content
            if t.dep_ in ("relcl", "acl") and t.head.lower_ in _LIGHT_NOUNS:
                return False  # "unhappy with the way he handled it": "the way" alone says nothing
            if t.dep_ == "advcl" and doc[lo].lower_ in ("to", "in") and any(c.lower_ == "to" for c in t.children):
                return False  # "must work to prevent ...": the purpose is the point
        elif t.head.lower_ in _KEEP_WORDS or any(x.lower_ in _KEEP_WORDS for x in self._own(t)):
            return False  # "in no way", "only in some patients", "according to police"
        if t.dep_ in ("advmod", "npadvmod") and t.head.pos_ not in ("VERB", "AUX"):
            return False  # "63 per cent more likely": inside a phrase, not a clause's modifier
        if t.dep_ == "advmod" and t.lower_ not in _DISPENSABLE:
            return False  # "dying prematurely", "partly funded": the adverb is part of what is said
        if t.dep_ == "conj" and t.head is not self.root and not any(c.dep_.startswith("nsubj") for c in t.children):
            return False  # a list of things, or verbs sharing an object ("killed and ate a rabbit"), stays whole
        if t.dep_ == "prep" and t.lower_ == "of" and t.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            return False  # "the risk of heart attacks", "a diet of nuts": the noun's content
        if (
            t.dep_ == "acl"
            and t.head.pos_ in ("NOUN", "PROPN")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        ):
            return False  # "an effort to establish ...": the noun's content
        if t.dep_ == "appos" and (any(c.dep_ in ("conj", "cc") for c in t.children) or _in_list(t)):
            return False  # "a fake nose, a wig, skirt and makeup": a list, not an apposition
        # Never half a word ("little-known") or half a quotation.
        if lo > 0 and (lo - 1) in self.keep and _joined(doc, lo - 1, lo) and doc[lo - 1].text not in '("\u201c\u2018':
            return False
        after = doc[hi + 1].text if hi + 1 < len(doc) and (hi + 1) in self.keep else ""
        if (
            after
            and _joined(doc, hi, hi + 1)
            and after not in (",", ".", ";", ":", "!", "?", ")", '"', "\u201d", "\u2019")
        ):
            return False
        return not self._crosses_quote(lo, hi)

    def _own(self, t: Any) -> list[Any]:
        """The phrase's words outside the clauses nested in it (which qualify only themselves)."""
        lo, hi = self.edges[t.i]
        nested: set[int] = set()
        for x in self.doc[lo : hi + 1]:
            if x is not t and x.dep_ in ("relcl", "acl", "advcl", "ccomp"):
                a, b = self.edges[x.i]
                nested.update(range(a, b + 1))
        return [x for x in self.doc[lo : hi + 1] if x.i not in nested]

    def _crosses_quote(self, lo: int, hi: int) -> bool:
        """A quotation starts or ends inside the phrase, not both (half a quotation would be left)."""
        a, b = self.doc[lo].idx, self.doc[hi].idx + len(self.doc[hi].text)
        return any((a <= s < b) != (a < e <= b) for s, e in self.quotes)

    def _weight(self, t: Any) -> float:
        lo, hi = self.edges[t.i]
        ws = [w for x in self.doc[lo : hi + 1] if x.i in self.keep for w in words(x.text, fold=True)]
        content = [w for w in ws if w not in STOPWORDS]
        weight = max((self.weights.get(w, 1.0) for w in content), default=0.0)
        if self._numeric(t):
            weight += 1000.0  # a number is a key fact: it goes last
        return weight

    # ------------------------------------------------------------------ dropping and the text left

    def _drop(self, t: Any) -> None:
        lo, hi = self.edges[t.i]
        for i in range(lo, hi + 1):
            self.keep.discard(i)
        before = max((i for i in self.keep if i < lo), default=-1)
        after = min((i for i in self.keep if i > hi), default=-1)
        opener = self.doc[before].text if before >= 0 else ""
        closer = self.doc[after].text if after >= 0 else ""
        if opener in _OPENERS and (closer in _CLOSERS or after < 0 or closer == "."):
            self.keep.discard(before)  # ", who ..., ": the pair of commas goes with it
            if closer in _CLOSERS and (opener == closer or (opener, closer) == ("(", ")")):
                self.keep.discard(after)
        elif opener in _OPENERS and t.dep_ in ("conj", "parataxis", "advcl", "relcl", "acl", "appos"):
            self.keep.discard(before)
        elif closer == "," and t.i < t.head.i and t.dep_ in ("advcl", "prep", "npadvmod", "advmod"):
            self.keep.discard(after)  # "that while X did Y, Z did W": the fronted clause's comma goes too
        if before >= 0 and self.doc[before].dep_ == "cc" and t.dep_ == "conj":
            self.keep.discard(before)  # "... and booted": the conjunction goes with its conjunct
            comma = max((i for i in self.keep if i < before), default=-1)
            if comma >= 0 and self.doc[comma].text == ",":
                self.keep.discard(comma)

    def _text(self) -> str:
        out = ""
        prev = None
        for t in self.doc:
            if t.i not in self.keep:
                continue
            if prev is not None:
                if prev.i + 1 == t.i:
                    out += self.doc.text[prev.idx + len(prev.text) : t.idx]
                elif not (t.is_punct and t.text in ",.;:!?"):
                    out += " "
            out += t.text
            prev = t
        out = re.sub(r"\s+([,;:.!?])", r"\1", out)
        out = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", out)
        out = re.sub(r"^[\s,;:\-\u2014\u2013]+|[\s,;:\-\u2014\u2013.!?]+$", "", out)
        return re.sub(r"\s{2,}", " ", out)


def _edges(t: Any) -> tuple[int, int]:
    ids = [x.i for x in t.subtree]
    return min(ids), max(ids)


def _joined(doc: Any, a: int, b: int) -> bool:
    """Tokens a and b are written together, with no space between ("little" "-" "known")."""
    return doc[a].idx + len(doc[a].text) == doc[b].idx


def _in_list(t: Any) -> bool:
    head = t.head
    return any(c.dep_ in ("conj", "cc") for c in head.children)
