"""Who said it: is a claim's speaker the source of the sentences it cites?

The sources of a sentence come from the one speaker extractor (nlp.attribute: every reporting clause it finds,
with full names and titles); names are compared by the one rule (nlp.same_source). A speaker is right when a
cited sentence names it as a source, in any of its forms, or as the source's organisation ("X, of Y, said").
A sentence with a pronoun, a generic subject or no attribution of its own (a quotation running on) may rely on
the sentences before it. Only when the cited sentences name a *different* source and the claim's speaker is
nowhere in reach is it an error; anything less sure is a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer import nlp
from summarizer.trust.index import ArticleIndex, ids_text

MAX_REACH = 6


@dataclass(frozen=True)
class SpeakerVerdict:
    """What the speaker check concluded: severity None when the speaker is fine."""

    severity: str | None
    message: str = ""


def sources(idx: ArticleIndex, sid: int) -> tuple[nlp.Source, ...]:
    """The sources sentence ``sid`` itself names in its reporting clauses (nlp.attribute)."""
    a = idx.attributions.get(sid)
    return a.sources if a is not None else ()


def named_people(idx: ArticleIndex, sid: int) -> list[str]:
    """The named persons and bodies (not roles or documents) sentence ``sid`` gives as its sources."""
    return [s.speaker for s in sources(idx, sid) if s.kind == "name" and nlp.name_tokens(s.speaker)]


def named_roles(idx: ArticleIndex, sid: int) -> list[str]:
    """The roles sentence ``sid`` gives as its sources that name a body ("a spokesperson for Delta Airlines"):
    as sure a source as a name."""
    proper = idx.proper_tokens()
    return [
        s.speaker
        for s in sources(idx, sid)
        if s.kind == "np"
        and any(w in proper for w in s.speaker.split())
        and not nlp.DOC_NOUNS & set(s.speaker.lower().split())  # "a Newsweek article" is a document, not a voice
    ]


def _other_roles(idx: ArticleIndex, sid: int, speaker: str) -> list[str]:
    """The groups sentence ``sid`` gives as its sources ("Meteorologists said") that the article never calls
    ``speaker``. A role of one person is no different source: "The attorney general has denied ..." may well be
    the Lord Goldsmith the article names elsewhere."""
    proper = idx.proper_tokens()
    out = []
    for s in sources(idx, sid):
        if s.kind != "np" or any(w in proper for w in s.speaker.split()):
            continue
        head = re.split(r"\s+(?:of|for|at|from|in|with|to)\s+", s.speaker.lower())[0].split()[-1:]
        plural = bool(head) and head[0].endswith("s") and not head[0].endswith("ss")
        if plural and not _holds(idx, speaker, head[0]):
            out.append(s.speaker)
    return out


def _holds(idx: ArticleIndex, speaker: str, role: str) -> bool:
    """The article calls ``speaker`` by ``role`` somewhere: the role's word within a few words of the name."""
    names = [re.escape(t) for t in nlp.name_tokens(speaker)]
    if not names:
        return False
    stem = re.escape(nlp.stem(role))
    name = "|".join(names)
    near = rf"\b{stem}\w*\W+(?:\w+\W+){{0,4}}?(?:{name})\b|\b(?:{name})\W+(?:\w+\W+){{0,4}}?{stem}"
    return re.search(near, idx.full, re.IGNORECASE) is not None


def _is_source(speaker: str, source: nlp.Source) -> bool:
    """``speaker`` is the source, or the organisation in its title ("Kremlin" of "Kremlin spokesman")."""
    if nlp.same_source(speaker, source.speaker):
        return True
    title = source.title or ""
    return bool(title) and not nlp.POSSESSIVE_RE.search(title) and nlp.same_source(speaker, title)


def speaker_verdict(idx: ArticleIndex, speaker: str, sids: list[int]) -> SpeakerVerdict:
    """Is ``speaker`` the source of sentences ``sids``?"""
    named: list[str] = []
    reach: list[int] = []
    for sid in sids:
        masked = idx.masked(sid)
        own = sources(idx, sid)
        if any(_is_source(speaker, s) for s in own):
            return SpeakerVerdict(None)
        people = named_people(idx, sid) + named_roles(idx, sid)
        if nlp.mentioned(speaker, masked):
            if not people:
                return SpeakerVerdict(None)  # no named source of its own: the one it mentions may be it
            if not _reported_on(speaker, masked):
                # Named outside what another source says, with a verb the extractor does not take as reporting:
                # perhaps a second source; not demonstrably wrong.
                msg = f"speaker {speaker!r}: {ids_text([sid])} names {', '.join(people)} as the source"
                return SpeakerVerdict("warning", msg)
        a = idx.attributions.get(sid)
        if a is not None and a.speaker and _is_source(speaker, nlp.Source(a.speaker, a.speaker_title, "", "")):
            return SpeakerVerdict(None)  # a pronoun or a quotation running on, resolved by attribution
        if a is not None and a.speaker and not a.resolved and not people and a.speaker[:1].isupper():
            people.append(a.speaker)  # a source the sentence names in a form we do not parse ("Shepherd: ...")
        named += people + _other_roles(idx, sid, speaker)
        if not people:
            # A pronoun, a generic subject or a quotation running on: the speaker is named a little before.
            reach += _reach(idx, sid)
    if any(nlp.mentioned(speaker, idx.text_of(i)) for i in reach):
        return SpeakerVerdict(None)
    # Who the sentences before name as the source, when the cited one only says "he said".
    named += [n for i in reach for n in named_people(idx, i) + named_roles(idx, i)]
    if named and nlp.mentioned(speaker, idx.full):
        others = ", ".join(dict.fromkeys(named))
        return SpeakerVerdict("error", f"speaker {speaker!r} but {ids_text(sids)} attributes it to {others}")
    return SpeakerVerdict("warning", f"speaker {speaker!r} is not named in {ids_text(sids)} or just before it")


_REPORTING = frozenset(nlp.REPORTING_VERBS) | nlp.QUOTING_VERBS


def _reported_on(speaker: str, masked: str) -> bool:
    """``speaker`` is named only after the first reporting verb, with no clause break between: the subject of
    what is reported ("Peskov denied that President Vladimir Putin had ordered ...")."""
    tail = nlp.name_tokens(speaker)[-1:]
    for m in re.finditer(r"[a-z]+", masked):
        if m.group(0) in _REPORTING:
            head, rest = masked[: m.start()], masked[m.end() :]
            stop = re.search(r"[,;:]", rest)
            scope = rest[: stop.start()] if stop else rest
            before = nlp.mentioned(speaker, head) if tail else False
            return not before and nlp.mentioned(speaker, scope)
    return False


def _reach(idx: ArticleIndex, sid: int) -> list[int]:
    """The sentences before ``sid`` back to the nearest one that names a source (at most MAX_REACH)."""
    out = []
    for i in range(sid - 1, max(-1, sid - 1 - MAX_REACH), -1):
        out.append(i)
        if named_people(idx, i) or named_roles(idx, i):
            break
    return out


def names_a_source(idx: ArticleIndex, sid: int) -> bool:
    """Sentence ``sid`` attributes itself to a named person or body ("Analyst Priya Shah said"), not "critics"."""
    text = idx.text_of(sid)
    people = {t for name in nlp.person_names(text) for t in name.split()}
    return any(set(s.speaker.split()) & people for s in sources(idx, sid) if s.kind == "name")
