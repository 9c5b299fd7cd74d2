"""The people of one article: full names, honorifics, gender cues, and pronoun resolution that never guesses.

"Ms Simonetti" becomes "Ellen Simonetti" when the article names her in full; "he"/"she" becomes a person only
when exactly one candidate fits (gender from honorifics, relations and pronouns next to the name; recency;
"she added" continues the last speaker); otherwise the speaker stays unknown, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.nlp import parser
from summarizer.nlp.names import is_org, person_names
from summarizer.nlp.speakers import Clause, Source
from summarizer.nlp.text import words
from summarizer.nlp.vocab import MONTHS, WEEKDAYS
from summarizer.schemas import Article, Paragraph

_HONORIFICS = frozenset("mr mrs ms miss dr prof professor sir dame lord lady baroness baron rev mx".split())
_MALE = frozenset(
    "mr sir lord baron king prince he him his himself man boy father son brother husband uncle grandfather "
    "spokesman businessman actor nephew".split()
)
_FEMALE = frozenset(
    "mrs ms miss dame lady baroness queen princess she her hers herself woman girl mother daughter sister wife aunt "
    "grandmother spokeswoman chairwoman businesswoman actress niece".split()
)
KIN_AND_COUNSEL = frozenset(
    "wife husband mother father daughter son sister brother grandmother grandfather aunt uncle niece nephew cousin "
    "ex-wife ex-husband partner girlfriend boyfriend fiance fiancee lawyer attorney spokesman spokeswoman "
    "spokesperson manager agent publicist friend".split()
)
_RELATION_RE = re.compile(
    r"\b(?:his|her|their|[A-Z][\w-]+['\u2019]s)\s+(?:[a-z-]+\s+){0,2}("
    + "|".join(sorted(KIN_AND_COUNSEL, key=len, reverse=True))
    + r"),?\s+((?:[A-Z][\w'\u2019-]+\s?){1,3})"
)
# Last words that make a capitalised run a place or an institution, not a person ("Northgate Dam", "Easton Ledger").
_PLACE_RE = re.compile(
    r"\b(?:Dam|River|Lake|Street|Road|Avenue|Square|Bridge|Park|Hall|Hospital|Center|Centre|Ledger|Herald|Times|"
    r"Post|News|Daily|Gazette|Journal|Tribune|Club|Festival|Institute|Library|School|College|University|Airlines?|"
    r"Foundation|Trust|Fund|Council|Museum|Station|Airport|Stadium|Island|Valley|County|City|State|Road)$"
    # a region named by its compass point ("the Middle East", "North Korea", "West Bank") is no person either
    r"|^(?:Middle|Far|Near|North|South|East|West|Northern|Southern|Eastern|Western|Central)\s"
)
# A sentence that opens on a group as its subject ("But the Tories insisted ..."): a later "they" may be them.
_GROUP_OPENS_RE = re.compile(
    r"\W*(?:(?:But|And|Yet|So|Meanwhile|However|Now),?\s+)?(?:the|The)\s+((?:[A-Z][\w-]*\s+)*[\w-]+s)\s+[a-z]"
)
# A sentence that opens on an organisation as its subject ("The FDA sent a letter ..."): a later "it" may be it.
_ORG_OPENS_RE = re.compile(
    r"\W*(?:(?:But|And|Yet|So|Meanwhile|However|Now|Later|Then),?\s+)?(?:[Tt]he\s+)?"
    r"((?:[A-Z][\w&.-]*\s+){0,4}[A-Z][\w&.-]*)\s+[a-z]+\b"
)
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My)\b")
# A reporting verb after a word that is no pronoun or quotation ("... who spoke with CNN said"; not "she said").
_SAID_RE = re.compile(
    r"\b(?!(?:he|she|they|He|She|They|I|we|We)\b)[^\W_]+,?\s+(?:said|says|told|added|explained|insisted)\b"
)
# After a name, "for" and a capital make it an organisation's name: "Ilhan for Congress paid ..." mentions a
# campaign committee, not the candidate ("Warren of Massachusetts" is still the senator).
_NAMES_AN_ORG = re.compile(r"\s+for\s+[A-Z]")
_OPINION_RE = re.compile(
    r"\b(?:must|should|ought to|I think|I believe|I expect|we need|it is time|let's|let us)\b|!\s*$|\?\s*$"
)


@dataclass
class People:
    """Names of the people in one article, with surnames, honorific-free forms and gender cues."""

    full: dict[str, str] = field(default_factory=dict)  # surname / first name / written form -> full name
    gender: dict[str, str] = field(default_factory=dict)  # full name -> "m" | "f"
    titles: dict[str, str] = field(default_factory=dict)
    mentions: list[list[str]] = field(default_factory=list)  # per sentence, full names of the people it mentions
    subjects: list[str | None] = field(default_factory=list)  # per sentence, the person who opens it, if any
    outside: list[set[str]] = field(default_factory=list)  # per sentence, the mentions made outside its quotations
    proper_words: frozenset[str] = frozenset()
    relations: dict[str, set[str]] = field(default_factory=dict)  # "wife" -> names introduced as someone's wife
    paragraphs: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, article: Article, masked: list[str] | None = None) -> People:
        """Collect the article's people (from the parser's entities when available, else capitalised runs);
        ``masked`` (the sentences with their quotations masked) tells which mentions a quotation makes."""
        people = cls()
        proper: set[str] = set()
        for s in article.sentences:
            for k, m in enumerate(re.finditer(r"[A-Z][\w'\u2019-]+", s.text)):
                if k and m.start() > 0 and not s.text[: m.start()].rstrip().endswith((".", ":", "\u201c", '"')):
                    proper.add(m.group())
        people.proper_words = frozenset(proper)
        docs = parser.parse_sentences([s.text for s in article.sentences]) if article.sentences else None
        names_per: list[list[str]] = []
        for i, s in enumerate(article.sentences):
            if docs is not None and docs[i].has_annotation("ENT_IOB"):
                names = [e.text for e in docs[i].ents if e.label_ == "PERSON"]
            else:
                # Without the entity model only full names count here ("Delta", "Dayton" are not people); a
                # lone surname or first name is added below once the article has given it in full.
                names = [n for n in person_names(s.text) if " " in n and not is_org(n) and not _PLACE_RE.search(n)]
            # "last September's Hartlepool by-election": no person's name opens with a month or a weekday.
            bare = [_strip_honorific(n) for n in names]
            names_per.append([n for n in bare if n and not _calendar_word(n)])
        for names in names_per:
            for n in names:
                toks = n.split()
                if len(toks) >= 2:
                    for key in (toks[-1], toks[0]):
                        prev = people.full.get(key)
                        people.full[key] = n if prev in (None, n) else ""  # "" marks an ambiguous short form
        known = {k for k, v in people.full.items() if v}
        for i, s in enumerate(article.sentences):
            full = [people.canonical(n)[0] or n for n in names_per[i]]
            # A surname or first name the article gave in full elsewhere is a mention too ("Tillerson tied ...").
            for m in re.finditer(r"[A-Z][\w'\u2019-]+", s.text):
                if m.group() in known and not _NAMES_AN_ORG.match(s.text, m.end()):
                    full.append(people.full[m.group()])
            people.mentions.append(list(dict.fromkeys(full)))
            opener = re.match(
                r"\W*(?:(?:Mr|Mrs|Ms|Dr|Prof|Professor|Sir|Lord|Lady)\.?\s+)?([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)*)",
                s.text,
            )
            org_name = opener is not None and _NAMES_AN_ORG.match(s.text, opener.end())
            subject = people.person(opener.group(1)) if opener and not org_name else None
            people.subjects.append(subject)
            people._gender_cues(s.text, people.mentions[-1])
        people.paragraphs = [s.paragraph for s in article.sentences]
        for i, names in enumerate(people.mentions):
            text = masked[i] if masked is not None and i < len(masked) else article.sentences[i].text
            people.outside.append({n for n in names if _named_in(n, text)})
        for m in _RELATION_RE.finditer(article.text):
            who = people.person(m.group(2))
            if who:
                people.relations.setdefault(m.group(1).lower(), set()).add(who)
        return people

    def relative(self, phrase: str) -> tuple[str | None, str | None]:
        """'his lawyer' -> the one person the article introduced as someone's lawyer; else (None, reason)."""
        head = phrase.split()[-1].lower()
        names = self.relations.get(head, set())
        if len(names) == 1:
            return next(iter(names)), None
        return None, f"'{phrase}' names no one the article introduced as {head}"

    def _gender_cues(self, text: str, names: list[str]) -> None:
        for n in names:
            # An honorific or a relation written right before the name ("Mrs May", "his wife Alicia").
            first, last = re.escape(n.split()[0]), re.escape(n.split()[-1])
            before = re.findall(rf"([A-Za-z]+)\.?\s+(?:[A-Z][\w'-]+\s+)?(?:{first}|{last})\b", text)
            for w in (b.lower() for b in before):
                if w in _MALE:
                    self.gender.setdefault(n, "m")
                elif w in _FEMALE:
                    self.gender.setdefault(n, "f")
        surname = names[0].split()[-1] if len(names) == 1 else ""
        at = text.find(surname) if surname else -1
        if 0 <= at <= 30 and names[0] not in self.gender:
            # The one person named, as the sentence's subject, and only one gender of pronoun after the name
            # ("Ms Park started her blog"); "She called on Pike ..." says nothing about Pike.
            toks = {w.lower() for w in words(text[at:])}
            m, f = bool(toks & {"he", "him", "his", "himself"}), bool(toks & {"she", "her", "hers", "herself"})
            if m != f:
                self.gender[names[0]] = "m" if m else "f"

    def person(self, written: str) -> str | None:
        """The full name of a person the article names, from a full name, surname or first name; None if unknown."""
        bare = _strip_honorific(written)
        if not bare:
            return None
        if any(bare == n for ms in self.mentions for n in ms):
            return bare
        return self.full.get(bare) or self.full.get(bare.split()[-1]) or None

    def canonical(self, written: str, title: str | None = None) -> tuple[str, str | None]:
        """A speaker as written ("Ms Simonetti") -> the article's full name ("Ellen Simonetti") and title."""
        bare = _strip_honorific(written) or written
        full = self.full.get(bare) if " " not in bare else None
        name = full or bare
        if title:
            self.titles.setdefault(name, title)
        return name, title or self.titles.get(name)

    def sources(self, clauses: list[Clause]) -> tuple[Source, ...]:
        """The named sources of a sentence's reporting clauses (names, roles, documents; pronouns and crowds are
        not named), full names as the article gives them, without changing what the article's people know."""
        out: dict[str, Source] = {}
        for c in clauses:
            if c.kind == "name":
                bare = _strip_honorific(c.text) or c.text
                who = (self.full.get(bare) if " " not in bare else None) or bare
                title = c.title or self.titles.get(who)
            elif c.kind in ("np", "doc"):
                who, title = re.sub(r"^(?:the|a|an)\s+", "", c.text, flags=re.IGNORECASE), None
            else:
                continue
            out.setdefault(who, Source(who, title, c.verb, c.kind))
        return tuple(out.values())

    def _fix(self, name: str, gender: str) -> str:
        # A pronoun resolved to a person is evidence of their gender for the next pronoun.
        self.gender.setdefault(name, gender)
        return name

    def title_of(self, name: str) -> str | None:
        """The role the article gave this person ("chief executive of Alcohol Focus Scotland"), if any."""
        return self.titles.get(name)

    def resolve(
        self,
        pronoun: str,
        sid: int,
        verb: str,
        last: list[tuple[int, str, str]],
        article: Article,
        before: str = "",
    ) -> tuple[str | None, str | None]:
        """The speaker a pronoun subject refers to, or (None, reason) unless exactly one candidate fits; ``before``
        is the sentence before with its quotations masked."""
        p = pronoun.lower()
        para = self.paragraphs[sid] if sid < len(self.paragraphs) else 0
        recent = [x for x in last if sid - x[0] <= 6 and para - self.paragraphs[x[0]] <= 1]
        if p in ("they", "it"):
            for at, spk, kind in reversed(recent[-2:]):
                plural = kind.endswith("-plural")
                org = kind in ("np", "doc") or is_org(spk)
                if p == "they" and (plural or org):
                    between = [article.sentences[i].text for i in range(at + 1, sid)]
                    rival = next((m.group(1) for t in between if (m := _GROUP_OPENS_RE.match(t))), None)
                    if rival is not None and rival.lower() not in spk.lower():
                        return None, f"'{pronoun}' could be {spk} or {rival}"
                    return spk, None
                if p == "it" and org and not plural:
                    between = [article.sentences[i].text for i in range(at + 1, sid)]
                    rival = next((m.group(1) for t in between if (m := _ORG_OPENS_RE.match(t))), None)
                    if rival is not None and rival.lower() not in spk.lower() and is_org(rival):
                        return None, f"'{pronoun}' could be {spk} or {rival}"  # "The FDA sent ... It concluded"
                    return spk, None
            return None, f"'{pronoun}' refers to no recent group or organisation"
        want = "m" if p == "he" else "f"
        # "An undocumented worker who spoke with CNN said ... He said ...": the sentence before reports someone the
        # tool could not name; "he" may be that person, not the last one it named.
        if (
            sid > 0
            and self.paragraphs[sid - 1] >= para - 1
            and not any(x[0] == sid - 1 for x in last)
            and _SAID_RE.search(before)
        ):
            return None, f"'{pronoun}' may be the unnamed speaker of the sentence before"
        text = article.sentences[sid].text
        found = re.search(rf"\b{re.escape(pronoun)}\b", text, re.IGNORECASE)
        after = text[found.end() :] if found else ""

        # A person the sentence names only inside its quotation is talked about, not the one quoted ("'... so that
        # Rep. Omar would ...,' he wrote").
        quoted_only = set(self.mentions[sid]) - self.outside[sid] if sid < len(self.outside) else set()

        def fits(name: str, kind: str) -> bool:
            if kind in ("np-plural", "doc", "doc-plural") or name in quoted_only:
                return False
            if after and _named_in(name if kind == "name" else name.split()[-1], after):
                return False  # "He said ... a comment about Roy", "... Steven is not for sale": someone else
            if is_org(name) and kind != "np":
                return False
            return self.gender.get(name, want) == want

        if recent and verb in ("add", "continue") and fits(recent[-1][1], recent[-1][2]):
            return self._fix(recent[-1][1], want), None  # "she added" continues the last speaker
        if recent and recent[-1][0] == sid - 1 and fits(recent[-1][1], recent[-1][2]):
            return self._fix(recent[-1][1], want), None
        prev_subject = self.subjects[sid - 1] if sid > 0 and self.paragraphs[sid - 1] >= para - 1 else None
        rivals = [n for n in self.mentions[sid - 1] if n != prev_subject and fits(n, "name")] if sid > 0 else []
        if prev_subject and fits(prev_subject, "name") and not rivals:
            return self._fix(prev_subject, want), None  # the previous sentence's subject is the one continued
        window = [i for i in range(max(0, sid - 4), sid + 1) if para - self.paragraphs[i] <= 1]
        candidates: list[str] = []
        for i in window:
            # A name only inside a quotation is someone talked about ("accept offers for Steven"), not a speaker.
            for n in (x for x in self.mentions[i] if x in self.outside[i]):
                if fits(n, "name") and n not in candidates:
                    candidates.append(n)
        for _, spk, kind in recent:
            if fits(spk, kind) and spk not in candidates and kind == "name":
                candidates.append(spk)
        if len(candidates) == 1:
            return self._fix(candidates[0], want), None
        if not candidates:
            return None, f"no person fits '{pronoun}' nearby"
        return None, f"'{pronoun}' could be {' or '.join(candidates[:3])}"


# Months that are nobody's first name ("April Ryan", "June Carter", "Jan Brewer" are people).
_NAMELESS_MONTHS = frozenset(m for m in MONTHS if len(m) > 3) - {"april", "may", "june", "august"}


def _calendar_word(name: str) -> bool:
    first = name.split()[0].lower() if name.split() else ""
    return first in _NAMELESS_MONTHS or first in WEEKDAYS


def _named_in(name: str, text: str) -> bool:
    """The name, its surname or its first name occurs in ``text`` as a word."""
    toks = name.split()
    forms = {toks[0], toks[-1]} if toks else set()
    return any(re.search(rf"(?<![\w'\u2019-]){re.escape(f)}(?![\w-])", text) for f in forms if len(f) >= 2)


def _strip_honorific(name: str) -> str:
    """ "Dr. Ana Ruiz's" -> "Ana Ruiz"; the name keeps its own dots ("P.J. Crowley", "Thomas M. Hoenig")."""
    toks = name.split()
    while toks and (toks[0].lower().rstrip(".") in _HONORIFICS or not any(ch.isalnum() for ch in toks[0])):
        toks = toks[1:]
    toks = [re.sub(r"['\u2019]s$", "", t) for t in toks]
    return " ".join(toks)


def narrator_opinion(masked: str, names_someone: bool) -> bool:
    """The narrator judges or exhorts: first person, "must", "should", "!", "?", or loaded words about no one named."""
    from summarizer.nlp.lexicon import loaded_terms

    text = masked.replace("_", " ")
    if _FIRST_PERSON.search(text) or _OPINION_RE.search(text):
        return True
    return not names_someone and bool(loaded_terms(text))


_TOLD_US_RE = re.compile(
    r"\b(?:told|tell|tells|telling|asked|emailed|e-mailed|sent|showed|gave|wrote to|said to|confirmed to|"
    r"explained to)\s+$",
    re.IGNORECASE,
)


def author_voice(
    article: Article, masked: list[str], clauses: list, quoted: set[int] | None = None, end: int | None = None
) -> bool:
    """True for an opinion piece: the narrator speaks in the first person early on, outside any quotation (and
    outside ``quoted``, the block quotations a colon introduces); ``end`` is where the piece stops (reader comments
    may follow)."""
    n = len(article.sentences)
    early = min(max(3, int(n * 0.4)), n if end is None else end)
    hits = 0
    for i in range(early):
        if quoted and i in quoted:
            continue
        clause = clauses[i]
        if clause is not None and clause.kind not in ("author",):
            continue
        # "our" alone is the generic first person of news ("our early ancestors", "our planet"), not a narrator;
        # nor is the reporter's "us" after a speech verb ("which he told us came from a box cutter").
        text = masked[i].replace("_", " ")
        if any(
            m.group().lower() != "our" and not (m.group().lower() == "us" and _TOLD_US_RE.search(text[: m.start()]))
            for m in _FIRST_PERSON.finditer(text)
        ):
            hits += 1
    # A report that is mostly a letter it quotes without marks is no essay of its writer's.
    stop = n if end is None else end
    mostly_quoted = 2 * len([i for i in quoted or () if i < stop]) > stop
    return hits >= 1 or (not mostly_quoted and _essay(masked[:stop], clauses))


def _essay(masked: list[str], clauses: list) -> bool:
    # An argument with next to no sources: a column in the writer's voice even without "I" or "we" (a National
    # Review column reasoning through a crisis: 1 sourced sentence of 46). A news report quotes or names its
    # sources; here at most 1 sentence in 10 has a reporting clause and at most 1 in 4 a quotation.
    n = len(masked)
    sourced = sum(1 for c in clauses[:n] if c is not None and c.kind != "author")
    quoted = sum(1 for m in masked if "_" in m)
    return n >= 15 and sourced <= 0.1 * n and quoted <= 0.25 * n


# A reader's voice: first or second person, or a question or exclamation at the end.
COMMENT_VOICE_RE = re.compile(r"\b(?:I|I'm|I\u2019m|me|my|we|us|our|you|your)\b|[!?]\s*$")
_OPENS_QUOTE_RE = re.compile(r"\s*[\"\u201c\u2018']")


def comment_tail(article: Article, masked: list[str], clauses: list, quoted: set[int] | None = None) -> int:
    """The first sentence of reader comments appended below a report, or the number of sentences when there are none.

    The comments are the last paragraphs of the page, at least three and most of them four sentences or shorter,
    none with a reporting clause or opening on a quotation (a report's closing quote), the first of them and at least
    60% of them in a reader's voice, after a body that quotes its sources in at least two paragraphs, and not a block
    quotation (``quoted``) the report introduced with a colon. Whether the body is itself an opinion piece (whose
    closing paragraphs are its author's) is for the caller to decide."""
    n = len(article.sentences)
    paras = [p for p in article.paragraphs if p.sentence_ids]

    def sourced(p: Paragraph) -> bool:
        return any(clauses[i] is not None and clauses[i].kind != "author" for i in p.sentence_ids)

    def voiced(p: Paragraph) -> bool:
        return any(COMMENT_VOICE_RE.search(masked[i].replace("_", " ")) for i in p.sentence_ids)

    k = len(paras)
    while k > 0 and not sourced(paras[k - 1]) and not _OPENS_QUOTE_RE.match(article.text[paras[k - 1].start :]):
        k -= 1
    while k < len(paras) and not voiced(paras[k]):
        k += 1
    tail = paras[k:]
    if tail and quoted and tail[0].sentence_ids[0] in quoted:
        return n  # a letter the report quotes after its lead-in ("this post appeared online:"), not readers
    if len(tail) < 3 or sum(map(voiced, tail)) < 0.6 * len(tail) or sum(map(sourced, paras[:k])) < 2:
        return n
    if sorted(len(p.sentence_ids) for p in tail)[len(tail) // 2] > 4:
        return n  # readers write a few sentences each; long paragraphs are the piece's own
    return tail[0].sentence_ids[0]
