"""Who is speaking in one sentence, read off the dependency parse: the subject of a reporting verb.

Precision first: a subject counts only when it is a name (a PERSON/ORG entity or proper noun), a role or
organisation noun phrase ("a Delta spokesperson", "sources close to Bieber"), a document ("the study") for
verbs such as "found", a pronoun (resolved later by summarizer.nlp.attribution) or the narrator's "I"/"we".
Generic crowds ("critics say") are marked vague so the sentence counts as unsourced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.nlp.names import is_org
from summarizer.nlp.parsed import Doc, Span, Token
from summarizer.nlp.tags import (
    SUBJECT_DEPS,
    denial_agent,
    depth,
    described,
    inverted_object,
    main_clause,
    participle_source,
    reported_inside,
)
from summarizer.nlp.verbs import not_yet_said, only_a_topic, run_on, says_something
from summarizer.nlp.vocab import (
    CONTENT_VERBS,
    DOC_NOUNS,
    DOC_VERBS,
    QUOTING_LEMMAS,
    REPORT_LEMMAS,
    ROLE_NOUNS,
    TITLE_WORDS,
    VAGUE_NOUNS,
)

_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_CUT_DEPS = frozenset({"relcl", "acl", "appos", "punct", "advcl", "cc", "conj"})
_DEEP_CUT_DEPS = frozenset({"relcl", "advcl"})


@dataclass(frozen=True)
class Clause:
    """A reporting clause found in a sentence: its subject (as written) and its verb."""

    kind: str  # "name" | "np" | "pronoun" | "author" | "vague" | "doc"
    text: str
    title: str | None
    span: tuple[int, int]  # sentence-relative span of the subject
    verb: str  # lemma ("say", "deny") or "according to"
    claim_type: str
    depth: int = 0
    plural: bool = False
    verb_span: tuple[int, int] | None = None  # sentence-relative span of the verb as written


@dataclass(frozen=True)
class Source:
    """A source a sentence names in one of its reporting clauses: who (the full name when the article gives it),
    their title or affiliation, the verb, and the kind of subject ("name", "np" for a role, "doc")."""

    speaker: str
    title: str | None
    verb: str
    kind: str


def _ent(tok: Token) -> Span | None:
    for e in tok.doc.ents:
        if e.start <= tok.i < e.end:
            return e
    return None


def _proper(tok: Token, proper_words: frozenset[str]) -> bool:
    ent = _ent(tok)
    if ent is not None and ent.label_ in _NAME_LABELS:
        return True
    # The small model tags some surnames as nouns ("Bieber"); a word the article capitalises mid-sentence is a name.
    # A lower-case word is no name even when the model tags it PROPN ("Russia's foreign ministry said").
    return (tok.pos_ == "PROPN" and not tok.text[:1].islower()) or (tok.text[:1].isupper() and tok.text in proper_words)


def _name_span(tok: Token) -> tuple[int, int]:
    ent = _ent(tok)
    if ent is not None and ent.label_ in _NAME_LABELS and ent.end - ent.start <= 6:
        return ent.start, ent.end
    left = tok.i
    todo = [tok]
    while todo:
        # A compound of a compound is part of the name too: "United" -> "Nations" -> "High Commissioner".
        for c in todo.pop().children:
            # "Liberal Democrats": a capitalised modifier inside the sentence is part of the name ("Former" opening
            # the sentence is not).
            if (
                (c.dep_ in ("compound", "flat") or (c.dep_ == "amod" and c.i > 0))
                and c.i < tok.i
                and c.text[:1].isupper()
            ):
                left = min(left, c.i)
                todo.append(c)
    doc = tok.doc
    for j in range(tok.i - 1, left - 1, -1):
        if doc[j].lower_.rstrip(".") in TITLE_WORDS and not is_org(doc[j + 1 : tok.i + 1].text):
            # "Senate Foreign Relations Chairman Bob Corker": the title ends the name ("World Health Organization"
            # and "Home Office" are names, not a title and a name).
            k = j + 1
            while k < tok.i and doc[k].is_punct:
                k += 1  # "Lt. David Lelevier" tokenised "Lt" "." "David": the title's full stop goes with it
            return k, tok.i + 1
    return left, tok.i + 1


def _name_tail(tok: Token, a: int, b: int) -> int:
    """Where a name of an office or body ends: "Office for National Statistics", "Secretary of State for Health",
    "High Commissioner for Human Rights" go on with "for"/"of" and capitalised words ("Rod Taylor of Exeter
    University" is a person and where he works, not one name)."""
    if not (tok.lower_ in TITLE_WORDS or is_org(tok.text)):
        return b
    doc = tok.doc
    while b < len(doc) - 1 and doc[b].lower_ in ("for", "of") and a <= doc[b].head.i < b:
        tail = sorted(doc[b].subtree, key=lambda t: t.i)
        words = [t for t in tail[1:] if t.lower_ not in ("and", "the", "&", ",")]
        if not words or tail[-1].i - tail[0].i + 1 != len(tail) or not all(t.text[:1].isupper() for t in words):
            break
        b = tail[-1].i + 1
    return b


def _phrase(head: Token, *, conjuncts: bool = False) -> list[Token]:
    """The subject's noun phrase without relative clauses, appositions or trailing clauses; with ``conjuncts``
    the nouns joined to it stay ("law enforcement and security officials")."""
    keep = {"cc", "conj"} if conjuncts else set()
    cut: set[int] = set()
    for c in head.children:
        if c.i > head.i and c.dep_ in _CUT_DEPS and c.dep_ not in keep:
            cut.update(t.i for t in c.subtree)
    for t in head.subtree:
        # "a member of GreatFire.org, who uses a pseudonym", "lawyers for Menatep, a group through which ...": a
        # clause, or an apposition that describes (not one that names: ", Elena Ruiz,"), hung on a word inside the
        # phrase goes too.
        described = t.dep_ == "appos" and t.pos_ == "NOUN" and min(t.subtree, key=lambda x: x.i).dep_ == "det"
        deep = t.dep_ in _DEEP_CUT_DEPS or described
        if t.i > head.i and t.head.i != head.i and deep:
            cut.update(x.i for x in t.subtree)
    toks = [t for t in head.subtree if t.i not in cut]
    while toks and (toks[0].dep_ == "det" or toks[0].is_punct):
        toks = toks[1:]
    while toks and toks[-1].is_punct and not (toks[-1].text == ")" and any(t.text == "(" for t in toks)):
        toks = toks[:-1]  # "(NOAA)" keeps its closing bracket
    while toks and toks[-1].dep_ == "cc":
        toks = toks[:-1]
    return _whole_word(_balanced(toks))


def _balanced(toks: list[Token]) -> list[Token]:
    """Brackets closed: "Administration (NOAA" takes the ")" that follows it, or ends before the "("."""
    opened = sum(1 for t in toks if t.text == "(") - sum(1 for t in toks if t.text == ")")
    if opened <= 0 or not toks:
        return toks
    doc = toks[-1].doc
    nxt = toks[-1].i + 1
    if opened == 1 and nxt < len(doc) and doc[nxt].text == ")":
        return toks + [doc[nxt]]
    last = max(k for k, t in enumerate(toks) if t.text == "(")
    out = toks[:last]
    while out and out[-1].is_punct:
        out = out[:-1]
    return out


def _glued(a: Token, b: Token) -> bool:
    """``b`` follows ``a`` with no space between them, across a hyphen ("co" "-" "chairman")."""
    return b.idx == a.idx + len(a.text) and (a.text == "-" or b.text == "-")


def _whole_word(toks: list[Token]) -> list[Token]:
    """The phrase never ends inside a hyphenated word: the small model parses "The Tory co-chairman attacked" with
    "co" as the subject and "-chairman" apart, and "Tory co" is not a speaker."""
    if not toks:
        return toks
    doc, out = toks[-1].doc, list(toks)
    while out[-1].i + 1 < len(doc) and _glued(out[-1], doc[out[-1].i + 1]):
        out.append(doc[out[-1].i + 1])
    return out if out[-1].text != "-" else toks


def _with_conjuncts(tok: Token, text: str, proper_words: frozenset[str]) -> str:
    # "Tomas Reyes and Helen Park said": both people are the speaker.
    others = [c for c in tok.children if c.dep_ == "conj" and _proper(c, proper_words)]
    if not others:
        return text
    names = [text] + [tok.doc[slice(*_name_span(c))].text for c in others]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _text(toks: list[Token]) -> str:
    """The words as written ("Finch's attorney", not "Finch 's attorney")."""
    return toks[0].doc[toks[0].i : toks[-1].i + 1].text if toks else ""


def _role(word: str) -> bool:
    """A noun that names people by what they do: a listed role, or a profession ("meteorologists",
    "physicians", "activists")."""
    return word in ROLE_NOUNS or (len(word) > 6 and bool(re.search(r"(?:ist|ician)s?$", word)))


# A noun for someone who does something ("programmer", "inventor", "consultant"), as a first role before a name.
_AGENT_RE = re.compile(r"(?:er|or|ist|ian|ant|ent)$")


def _size(toks: list[Token]) -> int:
    return sum(1 for t in toks if not t.is_punct and t.dep_ != "case")


def _rel(doc: Doc, a: int, b: int, start: int) -> tuple[int, int]:
    return doc[a].idx - start, doc[b - 1].idx + len(doc[b - 1].text) - start


def describe(subj: Token, start: int, proper_words: frozenset[str]) -> Clause | None:
    """Classify a subject token as a speaker (kind, text, title, span); None when it is not one."""
    low = subj.text.lower()
    doc = subj.doc
    span = _rel(doc, subj.i, subj.i + 1, start)
    if subj.pos_ == "PRON":
        if low in ("he", "she", "they", "it"):
            return Clause("pronoun", low, None, span, "", "")
        if low in ("i", "we"):
            return Clause("author", low, None, span, "", "")
        return None
    if subj.pos_ not in ("PROPN", "NOUN", "NUM"):
        return None
    # "Author and activist Jane Doe said", "..., warns former programmer and columnist Bill Thompson": the model
    # makes the name a conjunct of the first role; with a role of its own before it, it is one person, two roles.
    if subj.pos_ == "NOUN" and (_role(subj.lower_) or (_AGENT_RE.search(subj.lower_) and low not in DOC_NOUNS)):
        for c in subj.children:
            if c.dep_ == "conj" and c.pos_ == "PROPN" and _proper(c, proper_words):
                roles = [t for t in c.children if t.dep_ == "compound" and t.pos_ == "NOUN" and _role(t.lower_)]
                if roles:
                    a, b = _name_span(c)
                    first = min(t.i for t in subj.subtree if t.dep_ != "det")
                    return Clause("name", doc[a:b].text, doc[first:a].text or None, _rel(doc, a, b, start), "", "")
    # "His lawyer, Christopher Brown, said": the person named in apposition is the speaker; so is Ji in "Sorrento's
    # CEO, Dr Henry Ji, told Fox", where the model tags the capitalised role as a name.
    role_word = not _proper(subj, proper_words) or (subj.pos_ == "PROPN" and (low in TITLE_WORDS or _role(low)))
    for c in subj.children if role_word else ():
        if c.dep_ == "appos" and _proper(c, proper_words) and c.pos_ != "NOUN":
            a, b = _name_span(c)
            role = _text(_phrase(subj))
            names = _with_conjuncts(c, doc[a:b].text, proper_words)
            return Clause("name", names, role or None, _rel(doc, a, b, start), "", "", plural=names != doc[a:b].text)
    if _proper(subj, proper_words) and not (subj.pos_ == "NOUN" and low in ROLE_NOUNS | DOC_NOUNS | VAGUE_NOUNS):
        a, b = _name_span(subj)  # titles in the compound chain ("Foreign Minister Sergei Lavrov") left out
        b = _name_tail(subj, a, b)
        before = [t for t in _phrase(subj) if t.i < a and t.dep_ not in ("poss", "case")]
        title = doc[before[0].i : before[-1].i + 1].text if before else None
        for c in subj.children:
            if c.dep_ == "appos":
                title = _text(_phrase(c)) or title
            elif (
                c.dep_ == "prep"
                and c.lower_ in ("of", "from", "at")
                and c.i >= b
                and any(_proper(t, proper_words) for t in c.subtree)
            ):
                # "Rod Taylor, of Exeter University, said": the person, and where they work (as the rules give it).
                title = f"{title} {_text(list(c.subtree))}" if title else _text(list(c.subtree))
        names = _with_conjuncts(subj, doc[a:b].text, proper_words)
        return Clause("name", names, title, _rel(doc, a, b, start), "", "", plural=names != doc[a:b].text)
    toks = _phrase(subj, conjuncts=not any(_proper(c, proper_words) for c in subj.children if c.dep_ == "conj"))
    if _size(toks) > 9:
        # Keep the head with its modifiers and at most one short prepositional tail ("a staffer at the festival").
        head_part = [t for t in toks if t.i <= subj.i]
        preps = [c for c in subj.children if c.dep_ == "prep" and c.i > subj.i]
        tail = sorted(preps[0].subtree, key=lambda t: t.i) if preps else []
        toks = head_part + tail if _size(head_part) + _size(tail) <= 9 else head_part
    if not toks or _size(toks) > 9:
        return None
    text = doc[toks[0].i : toks[-1].i + 1].text
    rel = _rel(doc, toks[0].i, toks[-1].i + 1, start)
    lemma = subj.lemma_.lower()
    words = {t.lower_ for t in toks} | {t.lemma_.lower() for t in toks}
    named = any(_proper(t, proper_words) for t in toks if t.i != subj.i)
    plural = subj.tag_ in ("NNS", "NNPS")
    if low in DOC_NOUNS or lemma in DOC_NOUNS:
        return Clause("doc", text, None, rel, "", "", plural=plural)
    vague = low in VAGUE_NOUNS or lemma in VAGUE_NOUNS
    one = vague and subj.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in subj.children)
    if vague and not named and len(toks) <= 2 and not one:
        # "Critics say", "experts believe": a crowd that names nobody. "An insider told the outlet" and "the expert
        # warned" are one unnamed source, as "a source said" is.
        return Clause("vague", text, None, rel, "", "", plural=plural)
    if any(_role(w) for w in words) or named or one:
        return Clause("np", text, None, rel, "", "", plural=plural)
    return None


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) >= 2:
        # The small model sometimes makes the possessor and the split words of a compound subjects of their own
        # ("Mateen's ex-wife, Sitora Yusufiy, told": "Mateen", "ex", "-", "wife"): the owner is never the
        # speaker, and of adjacent words the one carrying the apposition that names the speaker is taken.
        owned = [t for t in subjects if not any(c.dep_ == "case" for c in t.children)]
        subjects = owned or subjects
        run = [subjects[0]]
        while len(run) < len(subjects) and subjects[len(run)].i == run[-1].i + 1:
            run.append(subjects[len(run)])
        named = [t for t in run if any(c.dep_ == "appos" for c in t.children)]
        if named and len(run) > 1:
            subjects = [named[-1], *subjects[len(run) :]]
    if len(subjects) >= 2 and _misparsed_apposition(subjects[0], subjects[1]):
        return subjects[1]
    if subjects:
        return subjects[0]
    inverted = inverted_object(verb)
    if inverted is not None:
        return inverted
    # A conjoined or open-complement verb shares its head's subject ("He downplayed critics ... and said").
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        for c in verb.head.children:
            if c.dep_ in SUBJECT_DEPS:
                return c
    return None


def _misparsed_apposition(role: Token, name: Token) -> bool:
    """A role, a comma and a name, both parsed as subjects ("The chairman of the Bar Council, Guy Mansfield QC
    warned", "US Congresswoman representing Tampa Bay, Kathy Castor wrote"): the name is the speaker, in apposition
    to the role, as it would be with a comma after it."""
    if role.pos_ not in ("NOUN", "PROPN") or name.pos_ != "PROPN" or not _role(role.lower_):
        return False
    last = max(t.i for t in role.subtree if not t.is_punct)
    first = min(t.i for t in name.subtree)
    return [t.text for t in role.doc[last + 1 : first]] == [","]


def find_clauses(
    doc: Doc, quoted: list[tuple[int, int]], proper_words: frozenset[str], *, side: bool = False
) -> list[Clause]:
    """Every reporting clause of one parsed sentence outside quotation marks, in sentence order.

    Only clauses heading the sentence by default; with ``side`` also a source's own side clause ("While Bobby
    claimed ..., her grandmother clarified ..."), never a verb inside what another source reports.
    """
    start = 0

    def in_quote(t: Token) -> bool:
        i = t.idx - start
        return any(s <= i < e for s, e in quoted)

    found: list[Clause] = []
    according: Clause | None = None
    for t in doc:
        lemma = t.lemma_.lower()
        if in_quote(t):
            continue
        if t.lower_ == "according" and according is None:
            for to in (c for c in t.children if c.lower_ == "to"):
                for p in (g for g in to.children if g.dep_ == "pobj"):
                    d = describe(p, start, proper_words)
                    if d is not None and d.kind in ("name", "np", "doc"):
                        span = (t.idx, to.idx + len(to.text))
                        according = Clause(
                            d.kind, d.text, d.title, d.span, "according to", "statement", 99, d.plural, span
                        )
            continue
        if t.tag_ == "VBG" and lemma in REPORT_LEMMAS and t.dep_ in ("acl", "advcl"):
            who = participle_source(t)
            d = describe(who, start, proper_words) if who is not None and not in_quote(who) else None
            if d is not None and who is not None and (d.kind == "name" or (d.kind == "np" and not described(who))):
                span = (t.idx, t.idx + len(t.text))
                ctype = REPORT_LEMMAS.get(lemma) or "statement"
                found.append(Clause(d.kind, d.text, d.title, d.span, lemma, ctype, depth(t), d.plural, span))
            continue
        quoting = side and lemma in QUOTING_LEMMAS  # "Lindqvist called the results 'preliminary'"
        if t.pos_ not in ("VERB", "AUX") or (lemma not in REPORT_LEMMAS and lemma not in DOC_VERBS and not quoting):
            continue
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children):
            agent = denial_agent(t, lemma)
            if agent is not None and not in_quote(agent):
                d = describe(agent, start, proper_words)
                if d is not None and d.kind in ("name", "np"):
                    span = (t.idx, t.idx + len(t.text))
                    found.append(Clause(d.kind, d.text, d.title, d.span, lemma, "denial", depth(t), d.plural, span))
            continue  # passive ("was told"); "the claims were rejected by the ministry" is the ministry's denial
        if not main_clause(t) and (not side or reported_inside(t)):
            continue  # a verb in a side clause ("after she posted pictures, ...")
        ctype = REPORT_LEMMAS.get(lemma) or DOC_VERBS.get(lemma) or "statement"
        if any(c.dep_ == "neg" for c in t.children):
            continue  # "did not say": no statement was made; "does not deny" is no denial either
        if lemma == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in t.children):
            continue
        if not quoted and run_on(t, _subject(t)):
            continue
        if not_yet_said(t):
            continue  # "Mr Brown will undoubtedly claim ...", "The minister may claim ...": the narrator's guess
        if not quoted and only_a_topic(t):
            continue  # "Dr Bostom reported on this rare condition": a topic, nothing said about it
        if lemma in CONTENT_VERBS and not quoted and not says_something(t):
            continue  # "China maintains tight control", "Snow continued to fly": nothing is said
        subj = _subject(t)
        inverted = subj is not None and subj.dep_ == "dobj"
        if subj is None or in_quote(subj):
            continue
        if any(c.lower_ in ("neither", "no", "none", "nobody") for c in subj.subtree if c.i <= subj.i):
            continue  # "Neither CHAI nor the Clinton Foundation have announced ...": nobody announced anything
        if t.dep_ == "conj" and subj.head.i == t.i and t.head.lemma_.lower() not in REPORT_LEMMAS and not inverted:
            continue  # "He is not wrong, and the article acknowledges as much": two voices in one sentence
        d = describe(subj, start, proper_words)
        if d is None or (lemma not in REPORT_LEMMAS and d.kind != "doc" and not quoting):
            continue
        if lemma in DOC_VERBS and lemma not in REPORT_LEMMAS and d.kind != "doc" and not quoting:
            continue
        span = (t.idx, t.idx + len(t.text))
        found.append(Clause(d.kind, d.text, d.title, d.span, lemma, ctype, depth(t), d.plural, span))
    return found + ([according] if according is not None else [])


def find_clause(doc: Doc, quoted: list[tuple[int, int]], proper_words: frozenset[str]) -> Clause | None:
    """The reporting clause of one parsed sentence outside quotation marks, highest in the tree first; None if none."""
    found = find_clauses(doc, quoted, proper_words)
    verbs = [c for c in found if c.verb != "according to"]
    if verbs:
        return min(verbs, key=lambda c: c.depth)
    return found[-1] if found else None
