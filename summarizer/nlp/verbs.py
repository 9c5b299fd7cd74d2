"""When a reporting verb reports a speech that was made: not a misparsed side remark, not one the narrator only
expects, and, for verbs that also mean something else ("maintains", "continued"), with something said after it."""

from __future__ import annotations

import re

from summarizer.nlp.parsed import Token
from summarizer.nlp.vocab import GUESS_ADVERBS, MAYBE_MODALS


def run_on(verb: Token, subj: Token | None) -> bool:
    """ "Baikal paid $9bn, nowhere near the $27bn Russia says Yukos owes": a clause on each side of the verb, the
    left one running into the subject with no comma or dash, is a misparse of a side remark (what Russia says is
    only what Yukos owes). "Yukos owes $27bn, Russia says" and "... -- Hoenig said the next ..." are not."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    left = [c for c in comps if c.i < verb.i]
    if not left or not any(c.i > verb.i for c in comps) or subj is None:
        return False
    doc = verb.doc
    end = max(x.i for x in left[-1].subtree)
    first = min(x.i for x in subj.subtree)
    return end < first and not any(doc[k].is_punct for k in range(end + 1, first))


def not_yet_said(verb: Token) -> bool:
    """A speech the narrator expects or imagines, not one that was made: a modal of possibility ("may claim"), or
    "will" with a guess ("will undoubtedly claim"). "The mayor will say in a speech today" is a briefed speech."""
    kids = list(verb.children)
    aux = {c.lower_ for c in kids if c.dep_ == "aux"}
    if aux & MAYBE_MODALS:
        return True
    return bool(aux & {"will", "'ll", "\u2019ll"}) and any(c.lower_ in GUESS_ADVERBS for c in kids)


def says_something(verb: Token) -> bool:
    """The verb has something said after it: a clause, or a colon or quotation mark opening what was said."""
    if any(c.dep_ in ("ccomp", "parataxis") for c in verb.children):
        return True
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and nxt.text[:1] in ":\"'\u201c\u2018"


# Verbs that may name only a topic: "Dr Bostom reported on this condition", "the mayor commented on the vote"; as
# lemmas for the parse, and as the written forms' stems for the plain rules (summarizer.nlp.rules).
TOPIC_VERBS = frozenset("report comment write speak talk testify post blog".split())
TOPIC_FORMS_RE = re.compile(r"(?:report|comment|wrote|write|sp[eo]k|talk|testif|post|blog)")


def only_a_topic(verb: Token) -> bool:
    """ "reported on this rare condition": the verb names what was talked about, not anything said about it (no
    clause, object, colon or quotation after it; "commented on the vote, saying it was fair" says something)."""
    if verb.lemma_.lower() not in TOPIC_VERBS or verb.dep_ == "xcomp":
        return False  # "declined to comment on the case" is a response of its own
    kids = list(verb.children)
    if not any(c.dep_ == "prep" and c.lower_ in ("on", "about") and c.i > verb.i for c in kids):
        return False
    if any(c.dep_ in ("ccomp", "parataxis", "advcl", "dobj", "xcomp", "conj") for c in kids):
        return False
    return not any(t.text[:1] in ":\"'\u201c\u2018" for t in verb.doc[verb.i + 1 :])
