"""Who said it: is a claim's speaker the source of the sentences it cites?

A speaker is right when the cited sentences (outside quotations) name it, in any of its forms: full name,
surname, a nickname form ("Dan 'Detective Danno' Hanks"), the person of "X, of Y, said" or the body Y, an
acronym ("CRUK" for Cancer Research UK). A sentence with a pronoun, a generic subject or no attribution of its
own (a quotation running on) may rely on the two sentences before it. Only when the cited sentences name a
*different* source and the claim's speaker is nowhere in reach is it an error; anything less sure is a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer import nlp
from summarizer.trust.index import ArticleIndex, ids_text, quote_spans

_FUNCTION = frozenset(
    "he she they it we i you his her their its our my your the a an some many several most all few other others "
    "this that these those one two three four five six seven eight nine ten mr mrs ms dr".split()
)
# A run of capitalised words, connectors allowed inside ("Bank of Eastland").
NAME_TOKEN = r"(?:[A-Z][\w'\u2019.\-]*|[A-Z]{2,})"
NAME_SEQ = re.compile(rf"{NAME_TOKEN}(?:\s+(?:(?:of|for|de|van|von|der|da|al|bin|the|la|le)\s+)*{NAME_TOKEN})*")
_NAME_AT_END = re.compile(rf"(?:{NAME_SEQ.pattern})\s*,?\s*$")
_NAME_AT_START = re.compile(rf"^\s*(?:{NAME_SEQ.pattern})")
_TRAILING_ADVERBIAL = re.compile(
    r"(?:\s+(?:on|last|this|early|late|next)\s+[A-Z][a-z]+(?:\s+\d{1,2})?|\s+(?:yesterday|today|tonight|also|again|"
    r"later|earlier|then|once|[a-z]+ly))+\s*,?\s*$"
)
# "Linda Park, who owns a company in Belmar, said" / "Rod Taylor, of Exeter University, said": the speaker is
# the name before the appositive; the appositive's names are affiliations.
_APPOSITIVE = re.compile(r",\s+[^,]{1,160},\s*$")
_POSSESSIVE_ANY = re.compile(r"\w['\u2019]s\b")
_POSSESSIVE_END = re.compile(r"['\u2019]s?\s*$|['\u2019]s\s+\w+\s*$")
# Verbs that introduce a quotation without being general reporting verbs ("called the results 'preliminary'").
_QUOTING_VERBS = frozenset(
    """called calls described describes labelled labeled branded termed clarified stressed emphasised emphasized
    countered maintained maintains cautioned urged observed""".split()
)
_ACCORDING = re.compile(rf"\baccording to\s+(?:the\s+)?({NAME_SEQ.pattern})")
MAX_REACH = 6
_GENERIC_NAME_WORDS = frozenset(
    """scottish british english welsh irish american national united new party executive university council
    department ministry office association foundation institute group company news bank state general royal
    international health world public federal government court committee commission agency service centre center
    league union society trust board""".split()
)


def _clean_name(raw: str) -> str:
    tokens = [nlp.strip_possessive(t) for t in raw.replace(",", " ").split()]
    keep = [t for t in tokens if t and t.lower() not in _FUNCTION and t.lower() not in nlp.TITLE_WORDS]
    return " ".join(keep)


def explicit_speakers(masked: str) -> tuple[list[str], list[str]]:
    """(speakers, affiliations) written next to a reporting verb in a sentence whose quotations are blanked."""
    verbs = nlp.REPORTING_VERBS
    speakers: list[str] = []
    affiliations: list[str] = []
    framed_at = -1  # where the sentence's own attribution ends: later verbs report inside it
    for m in re.finditer(r"[a-z]+", masked):
        if m.group(0) not in verbs and m.group(0) not in _QUOTING_VERBS:
            continue
        if framed_at >= 0 and not re.search(r"[,;:]", masked[framed_at : m.start()]):
            continue  # "He also says Lord Goldsmith warned ...": Goldsmith is reported, not the source
        before = _TRAILING_ADVERBIAL.sub("", masked[: m.start()])
        if re.search(r"\b(?:he|she|they|i|we)\s*$", before, re.IGNORECASE):
            framed_at = m.end()
            continue
        appositive = _APPOSITIVE.search(before)
        if appositive:
            head = _NAME_AT_END.search(before[: appositive.start()])
            inner = [_clean_name(ns.text) for ns in nlp.name_sequences(appositive.group(0))]
            if head and not _POSSESSIVE_END.search(before[: appositive.start()]):
                # "Rod Taylor, of Exeter University, said": the name, then its affiliation.
                affiliations += inner
                before = before[: appositive.start()]
            elif inner:
                # "Finch's attorney, Robert Lin, said": a description, then the name.
                speakers.append(inner[0])
                description = before[: appositive.start()]
                if not _POSSESSIVE_ANY.search(description):  # "Finch's attorney" is not Finch
                    affiliations.append(_clean_name(description))
                continue
        hit = _NAME_AT_END.search(before)
        name = _clean_name(hit.group(0)) if hit and not _POSSESSIVE_END.search(before) else ""
        if not name and (before.strip(" ,") == "" or before.rstrip().endswith(",")):
            after = _NAME_AT_START.match(masked[m.end() :])  # '"...," said Dorothy Walsh'
            name = _clean_name(after.group(0)) if after else ""
        if name:
            speakers.append(name)
            framed_at = m.end()
    for m in _ACCORDING.finditer(masked):
        name = _clean_name(m.group(1))
        if name:
            speakers.append(name)
    return list(dict.fromkeys(speakers)), [a for a in dict.fromkeys(affiliations) if a]


def name_tokens(name: str) -> list[str]:
    """The distinctive words of a name, lower case: titles, function words and connectors dropped."""
    words = [nlp.strip_possessive(w).lower() for w in re.findall(r"[\w'\u2019.-]+", name)]
    return [
        w for w in words if len(w) >= 2 and w not in nlp.TITLE_WORDS and w not in nlp.CONNECTORS and w not in _FUNCTION
    ]


def _initials(name: str) -> str:
    """``Cancer Research UK`` -> ``CRUK``; ``World Health Organization`` -> ``WHO``."""
    parts = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if w.lower() not in nlp.CONNECTORS]
    return "".join(w if w.isupper() and len(w) > 1 else w[0].upper() for w in parts)


def _given_agree(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)) or _token_match(a, b)


def _token_match(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)  # "Mac" / "MacDonell" (a split name)


def same_source(speaker: str, name: str) -> bool:
    """``speaker`` and ``name`` can be the same source: the same surname or head word, a one-word name found in
    the other, two shared words, or one is the other's acronym ("Scottish Executive" is not "Scottish National
    Party")."""
    mine, theirs = name_tokens(speaker), name_tokens(name)
    if mine and theirs:
        if mine[-1] == theirs[-1] or _token_match(mine[-1], theirs[-1]):
            # "John Halik" is not "Tomas Halik"
            return len(mine) < 2 or len(theirs) < 2 or _given_agree(mine[-2], theirs[-2])
        shared = sum(any(_token_match(x, y) for y in theirs) for x in mine)
        if shared >= 2 or (shared == 1 and (len(mine) == 1 or len(theirs) == 1)):
            return True
    acr_mine, acr_theirs = _initials(speaker).lower(), _initials(name).lower()
    return (len(acr_theirs) >= 2 and acr_theirs in mine) or (len(acr_mine) >= 2 and acr_mine in theirs)


def mentioned(speaker: str, text: str) -> bool:
    """Some form of ``speaker`` appears in ``text`` (a name word, or an acronym either way)."""
    raw = re.findall(r"[\w'\u2019-]+", text)
    words = {w.lower() for w in raw} | {nlp.strip_possessive(w).lower() for w in raw}
    # Any distinctive word of the name identifies it ("Law" of Jack Law, "Bobby" of Bobby Brown), but not the
    # generic words organisations share ("Scottish" of the Scottish Executive and the Scottish National Party).
    mine = [t for t in name_tokens(speaker) if t not in _GENERIC_NAME_WORDS] or name_tokens(speaker)
    if any(_token_match(t, w) for t in mine for w in words if len(w) >= 3 or w == t):
        return True
    acr = _initials(speaker).lower()
    if len(acr) >= 2 and acr in words:
        return True
    return any(same_source(speaker, ns.text) for ns in nlp.name_sequences(text) if len(ns.tokens) > 1)


@dataclass(frozen=True)
class SpeakerVerdict:
    """What the speaker check concluded: severity None when the speaker is fine."""

    severity: str | None
    message: str = ""


def speaker_verdict(idx: ArticleIndex, speaker: str, sids: list[int]) -> SpeakerVerdict:
    """Is ``speaker`` the source of sentences ``sids``?"""
    named: list[str] = []
    reach: list[int] = []
    for sid in sids:
        masked = idx.masked(sid)
        speakers, affiliations = explicit_speakers(masked)
        if any(same_source(speaker, n) for n in speakers + affiliations):
            return SpeakerVerdict(None)
        if mentioned(speaker, masked):
            if not speakers:
                return SpeakerVerdict(None)  # no named source of its own: the one it mentions may be it
            if not _reported_on(speaker, masked):
                # Named outside what another source says ("While Bobby claimed ..., her grandmother Cissy
                # Houston clarified ..."): a second source with a verb we do not know; not demonstrably wrong.
                others = ", ".join(speakers)
                msg = f"speaker {speaker!r}: {ids_text([sid])} names {others} as the source"
                return SpeakerVerdict("warning", msg)
        a = idx.attributions.get(sid)
        if a is not None and (
            (a.speaker and same_source(speaker, a.speaker))
            or (
                a.speaker_title
                and not _POSSESSIVE_ANY.search(a.speaker_title)
                and same_source(speaker, a.speaker_title)
            )
        ):
            return SpeakerVerdict(None)
        people = [n for n in speakers if name_tokens(n)]
        if a is not None and a.speaker and not a.resolved and not people and a.speaker[:1].isupper():
            people.append(a.speaker)  # a source the sentence names in a form we do not parse ("Shepherd: ...")
        named += people
        if not people:
            # A pronoun, a generic subject or a quotation running on: the speaker is named a little before.
            reach += _reach(idx, sid)
    if any(mentioned(speaker, idx.text_of(i)) for i in reach):
        return SpeakerVerdict(None)
    # Who the sentences before name as the source, when the cited one only says "he said".
    named += [n for i in reach for n in explicit_speakers(idx.masked(i))[0] if name_tokens(n)]
    if named and mentioned(speaker, idx.full):
        others = ", ".join(dict.fromkeys(named))
        return SpeakerVerdict("error", f"speaker {speaker!r} but {ids_text(sids)} attributes it to {others}")
    return SpeakerVerdict("warning", f"speaker {speaker!r} is not named in {ids_text(sids)} or just before it")


def _reported_on(speaker: str, masked: str) -> bool:
    """``speaker`` is named only after another source's reporting verb, with no clause break between: the
    subject of what is reported ("Peskov denied that President Vladimir Putin had ordered ...")."""
    verbs = nlp.REPORTING_VERBS
    tail = name_tokens(speaker)[-1:] or [""]
    for m in re.finditer(r"[a-z]+", masked):
        if m.group(0) in verbs or m.group(0) in _QUOTING_VERBS:
            head, rest = masked[: m.start()], masked[m.end() :]
            stop = re.search(r"[,;:]", rest)
            scope = rest[: stop.start()] if stop else rest
            before = mentioned(speaker, head) if tail[0] else False
            return not before and mentioned(speaker, scope)
    return False


def _reach(idx: ArticleIndex, sid: int) -> list[int]:
    """The sentences before ``sid`` back to the nearest one that names a speaker (at most MAX_REACH)."""
    out = []
    for i in range(sid - 1, max(-1, sid - 1 - MAX_REACH), -1):
        out.append(i)
        if any(name_tokens(n) for n in explicit_speakers(idx.masked(i))[0]):
            break
    return out


def names_a_source(sentence: str) -> bool:
    """The sentence attributes itself to a named person or body ("Analyst Priya Shah said"), not "critics"."""
    masked = nlp.outside_spans(sentence, quote_spans(sentence))
    people = {t for name in nlp.person_names(sentence) for t in name.split()}
    return any(set(name.split()) & people for name in explicit_speakers(masked)[0])
