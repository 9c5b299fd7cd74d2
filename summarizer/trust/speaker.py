"""Who said it: is a claim's speaker the one making the statement in its evidence?

nlp.attribute gives one speaker per sentence. A name written right before the reporting verb ("Her lawyer,
Pavel Dusek, said"), right after it ('"...," said Dorothy Walsh') or after "according to" is more reliable
than pronoun resolution, so those explicit speakers win when a sentence has them; nlp.attribute fills in
for pronouns and generic speakers ("the company said").
"""

from __future__ import annotations

import re

from summarizer import nlp
from summarizer.trust import text as tt
from summarizer.trust.index import ArticleIndex, ids_text, quote_spans

# Words that open a speaker phrase without naming anyone ("Her lawyer", "Some residents", "The Herald").
_FUNCTION = frozenset(
    "he she they it we i you his her their its our my your the a an some many several most all few other others "
    "this that these those one two three four five six seven eight nine ten".split()
)
_NAME_AT_END = re.compile(rf"(?:{tt._NAME_SEQ.pattern})\s*,?\s*$")
_NAME_AT_START = re.compile(rf"^\s*(?:{tt._NAME_SEQ.pattern})")
# Time phrases and adverbs between a subject and its verb: "Peskov on Monday denied", "Lin flatly denied".
_TRAILING_ADVERBIAL = re.compile(
    r"(?:\s+(?:on|last|this|early|late|next)\s+[A-Z][a-z]+(?:\s+\d{1,2})?|\s+(?:yesterday|today|tonight|also|again|"
    r"later|earlier|then|once|[a-z]+ly))+\s*,?\s*$"
)
# "Linda Park, who owns a company in Belmar, said": the speaker is before the relative clause.
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose|whom|a|an|the)\b[^,]*,\s*$")
_ACCORDING = re.compile(rf"\baccording to\s+(?:the\s+)?({tt._NAME_SEQ.pattern})")


def _clean_name(raw: str) -> str:
    """Drop pronouns, determiners and titles from a capitalised run: "The Herald" → "Herald"."""
    tokens = [tt.strip_possessive(t) for t in raw.replace(",", " ").split()]
    keep = [t for t in tokens if t and t.lower() not in _FUNCTION and t.lower() not in tt.TITLE_WORDS]
    return " ".join(keep)


def explicit_speakers(sentence: str) -> list[str]:
    """Names written next to a reporting verb in ``sentence`` (outside quotations)."""
    masked = tt.outside_spans(sentence, quote_spans(sentence))
    verbs = nlp.REPORTING_VERBS
    out: list[str] = []
    for m in re.finditer(r"[a-z]+", masked):
        if m.group(0) not in verbs:
            continue
        before = _TRAILING_ADVERBIAL.sub("", _RELATIVE_CLAUSE.sub("", masked[: m.start()]))
        hit = _NAME_AT_END.search(before)
        name = _clean_name(hit.group(0)) if hit else ""
        if not name and before.strip(" ,") == "" or before.rstrip().endswith(","):
            # Inverted order after a quotation: '"...," said Dorothy Walsh'.
            after = _NAME_AT_START.match(masked[m.end() :])
            name = name or (_clean_name(after.group(0)) if after else "")
        if name and not re.search(rf"\b{re.escape(name.split()[-1])}['\u2019]s\b", sentence):
            out.append(name)
    for m in _ACCORDING.finditer(masked):
        name = _clean_name(m.group(1))
        if name:
            out.append(name)
    return list(dict.fromkeys(out))


def _tokens(name: str, drop: set[str] | None = None) -> list[str]:
    words = [tt.strip_possessive(w).lower() for w in re.findall(r"[\w'\u2019.-]+", name)]
    drop = drop or set()
    return [
        w
        for w in words
        if w and w not in tt.TITLE_WORDS and w not in tt.CONNECTORS and w not in _FUNCTION and w not in drop
    ]


def _same(idx: ArticleIndex, speaker: str, name: str, title: str | None = None) -> bool:
    """Full name, surname only or a title variant of the same person; or the body named in the person's title."""
    drop = {w.lower() for w in re.findall(r"[\w'-]+", title or "")}
    mine, theirs = _tokens(speaker, drop), _tokens(name)
    if not mine or not theirs:
        return False
    if set(mine) <= set(theirs) or set(theirs) <= set(mine) or mine[-1] == theirs[-1]:
        return _given_names_agree(idx, mine, theirs)
    # "the Kremlin" for "Kremlin spokesman Dmitry Peskov": the organisation named in the speaker's title.
    return bool(drop) and set(_tokens(speaker)) <= drop


def _given_names_agree(idx: ArticleIndex, mine: list[str], theirs: list[str]) -> bool:
    """ "Presidential spokesman Tomas Halik" is Halik; "John Halik" is not when the article knows a Tomas Halik."""
    if len(mine) < 2 or len(theirs) < 2 or mine[-2] == theirs[-2]:
        return True
    given = {seq[-2].lower() for seq in idx.seqs if len(seq) >= 2 and seq[-1].lower() == mine[-1]}
    return mine[-2] not in given or mine[-2] in theirs


def _is_named(speaker: str) -> bool:
    return any(
        t[:1].isupper() and t.lower() not in tt.STOPWORDS and t.lower() not in _FUNCTION for t in speaker.split()
    )


def speaker_problem(idx: ArticleIndex, speaker: str, sids: list[int]) -> str | None:
    """Why ``speaker`` is not the one making the statement in sentences ``sids``; None when it is."""
    explicit = [name for sid in sids for name in explicit_speakers(idx.text_of(sid))]
    if explicit:
        if any(_same(idx, speaker, name) for name in explicit):
            return None
        return f"speaker {speaker!r} but {ids_text(sids)} quotes {', '.join(dict.fromkeys(explicit))}"
    attrs = [a for a in (idx.attributions.get(s) for s in sids) if a is not None]
    said = [(a.speaker, a.speaker_title) for a in attrs if a.speaker]
    named = [(who, title) for who, title in said if _is_named(who)]
    if named:
        if any(_same(idx, speaker, who, title) for who, title in named):
            return None
        names = ", ".join(dict.fromkeys(who for who, _ in named))
        return f"speaker {speaker!r} but {ids_text(sids)} is attributed to {names}"
    # Generic ("the company said") or pronoun ("She said") speakers: accept the claim's speaker only when the
    # cited sentence names it, or, when its subject is such a reference, one of the two sentences before does.
    if any(_same(idx, speaker, who) for who, _ in said):
        return None
    surname = (_tokens(speaker) or [""])[-1]
    window: set[int] = set(sids)
    for sid in sids:
        first = (idx.text_of(sid).split() or [""])[0].lower()
        if said or first in _FUNCTION:
            window |= {sid - 1, sid - 2}
    text = " ".join(idx.text_of(i) for i in sorted(window) if i >= 0)
    if surname and re.search(rf"\b{re.escape(surname)}\b", text, re.IGNORECASE):
        return None
    return f"speaker {speaker!r} is not named in {ids_text(sids)}"


def names_a_source(sentence: str) -> bool:
    """The sentence attributes itself to a named person or body ("Analyst Priya Shah said"), not "critics"."""
    people = {t for name in nlp.person_names(sentence) for t in name.split()}
    return any(set(name.split()) & people for name in explicit_speakers(sentence))
