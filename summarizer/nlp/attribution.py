"""Attribution: who asserts each sentence of an article, with which verb, claim type, hedges and quotes.

The one speaker extractor of the project: the extractive engine builds claims from it and the trust checks
compare a claim's speaker with it. The reporting clause comes from the dependency parse when the spaCy model is
installed (summarizer.nlp.speakers) and from regexes otherwise (summarizer.nlp.rules). Then, the same for both:
surnames and honorifics become the full name, "he"/"she" is resolved only when exactly one person fits (gender,
recency, "she added" = the last speaker), quotes split over sentences inherit their speaker, and the narrator's
own opinions are the author's in an opinion piece and unsourced otherwise.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from summarizer.nlp import parser, rules
from summarizer.nlp.names import same_source
from summarizer.nlp.people import COMMENT_VOICE_RE, KIN_AND_COUNSEL, People, author_voice, comment_tail
from summarizer.nlp.quotes import mask, quote_spans
from summarizer.nlp.speakers import Clause, Source, find_clause, find_clauses
from summarizer.nlp.text import DENIAL_CUES_RE, MODAL_RE, PREDICTION_RE, SPEC_RE, hedges, no_month_may
from summarizer.nlp.vocab import ROLE_NOUNS, STOPWORDS, VAGUE_NOUNS
from summarizer.nlp.voices import (
    block_quoted,
    block_quotes,
    evidence_of_speech,
    first_person_blocks,
    lend,
    second_voice,
    via_quoted,
)
from summarizer.schemas import Article

AUTHOR = "the author"
COMMENTARY = "commentary outside the report (no source, first or second person)"
EXCERPT = "an excerpt the page quotes without marks ('Via ...', a letter after a lead-in): whose words, it does not say"
# Verbs of correction: with a negation in what follows, the speaker is denying something ("clarified ... is not").
_CORRECTING = frozenset("clarify insist maintain stress correct counter respond reply".split())
# "Finch's attorney": a title that names someone else, not the speaker's organisation.
POSSESSIVE_RE = re.compile(r"\w['\u2019]s\b")
_NEGATION_RE = re.compile(r"\b(?:not|no|never|nor|nothing|n't)\b", re.IGNORECASE)
# A document word alone names no source ("the statement", "the letter"); "a major study" or "the Variety report"
# still stands for its authors.
_ANONYMOUS_DOCS = frozenset({"statement", "letter", "email", "e-mail", "memo", "post", "tweet", "message", "note"})
_RELATIVE_RE = re.compile(r"(?:his|her|their|its)\s", re.IGNORECASE)
_LABEL_RE = re.compile(
    r"(?:^|(?<=[\u2014\u2013]\s)|(?<=\d\d:\d\d\s)|(?<=[.?!\u201d\"]\s))([A-Z][\w'\u2019-]+(?:\s[A-Z][\w'\u2019-]+)?):\s*\S",
    re.MULTILINE,
)
_FIRST_SECOND = re.compile(r"\b(?:I|I'm|I\u2019m|me|my|we|us|our|you|your)\b")


@dataclass(frozen=True)
class Attribution:
    """Who asserts one sentence, how (verb, claim type), whether hedged or unsourced, and its direct quotes."""

    sentence_id: int
    speaker: str | None
    speaker_title: str | None
    verb: str | None
    claim_type: str
    hedged: bool
    unsourced: bool
    quotes: tuple[tuple[int, int], ...]
    # Sentence-relative span of the subject as written ("he", "Peskov"); lets callers swap a pronoun for a name.
    subject_span: tuple[int, int] | None = None
    # True when the speaker came from a pronoun or a neighbouring sentence rather than this sentence's words.
    resolved: bool = False
    # Why no speaker was named although the sentence reports speech ("ambiguous pronoun"), for the checks' messages.
    reason: str | None = None
    # Sentence-relative span of the reporting verb as written ("denied"), when there is one.
    verb_span: tuple[int, int] | None = None
    # Every source the sentence itself names in a reporting clause, its own attribution first ("While Bobby
    # claimed ..., her grandmother Cissy Houston clarified ..." names both); never one it only reports on.
    sources: tuple[Source, ...] = ()
    # A second source joined after the main one ("X insisted ... but Y argued ..."): (end of the first part, start
    # of the second, speaker, title, claim type), sentence-relative; claims split the sentence there.
    second: tuple[int, int, str | None, str | None, str] | None = None


def sentence_quote_spans(article: Article, spans: list[tuple[int, int]] | None = None) -> list[list[tuple[int, int]]]:
    """Per sentence, the sentence-relative spans that lie inside quotation marks (multi-sentence quotes included)."""
    spans = quote_spans(article.text) if spans is None else spans
    out: list[list[tuple[int, int]]] = []
    j = 0
    for s in article.sentences:
        while j < len(spans) and spans[j][1] <= s.start:
            j += 1
        cur: list[tuple[int, int]] = []
        k = j
        while k < len(spans) and spans[k][0] < s.end:
            a, b = max(spans[k][0], s.start), min(spans[k][1], s.end)
            if a < b:
                cur.append((a - s.start, b - s.start))
            k += 1
        out.append(cur)
    return out


def _unsourced(masked: str, clause: Clause | None) -> bool:
    if clause is not None and clause.kind == "vague":
        return True
    if clause is not None:
        return False
    plain = no_month_may(masked)  # "The council will meet in May." guesses nothing
    if SPEC_RE.search(plain):
        return True
    narrator = masked.replace("_", " ").strip()
    if narrator.endswith("?"):
        return True
    # A narrator "could/might/may" with no source at all is the article guessing.
    return bool("_" not in masked and MODAL_RE.search(plain))


def is_unsourced(sentence: str) -> bool:
    """True for unsourced commentary or speculation ('experts say', 'could potentially', 'raises questions')."""
    masked = mask(sentence, quote_spans(sentence))
    clause, _ = rules.find_clause(masked)
    return _unsourced(masked, clause)


def claim_type(clause: Clause | None, masked: str, text: str) -> str:
    """The claim type of an attributed sentence: the verb's type, made a denial or prediction by what it says."""
    if clause is None:
        return "fact"
    ctype = clause.claim_type or "statement"
    if ctype in {"statement", "opinion"} and DENIAL_CUES_RE.search(text):
        return "denial"
    if clause.verb in _CORRECTING:
        after = masked[clause.span[1] :]
        if _NEGATION_RE.search(after.replace("_", " ")) or _NEGATION_RE.search(text[clause.span[1] :]):
            return "denial"
    if ctype == "statement" and PREDICTION_RE.search(masked.replace("_", " ")):
        return "prediction"
    return ctype


def _clauses(
    article: Article, masked: list[str], quotes: list[list[tuple[int, int]]], people: People
) -> tuple[list[Clause | None], list[list[Clause]]]:
    docs = parser.parse_sentences([s.text for s in article.sentences]) if article.sentences else None
    out: list[Clause | None] = []
    every: list[list[Clause]] = []
    for i in range(len(article.sentences)):
        clause: Clause | None
        if docs is not None:
            every.append(find_clauses(docs[i], quotes[i], people.proper_words, side=True))
            clause = find_clause(docs[i], quotes[i], people.proper_words)
            if clause is not None:  # "papers show Mrs Thatcher warned ...": the person is the source
                clause = evidence_of_speech(docs[i], clause, people.proper_words) or clause
            if clause is None or clause.verb == "according to":
                # The small model misparses some quote tags ('"...," Pike told a dinner'); the plain pattern with
                # a person the article names, or a pronoun, is safe to take.
                backup, _ = rules.find_clause(masked[i])
                if (
                    backup is not None
                    # next to a quotation, where the model misparses the tag, or a denial it misparsed ("In the
                    # book, a rep denied Lack ever took retaliatory action": the model made "rep" no subject)
                    and ("_" in masked[i] or backup.claim_type == "denial")
                    and backup.verb != "according to"
                    and (
                        backup.kind == "pronoun"
                        or people.person(backup.text)
                        or _name_like(backup)
                        or (backup.claim_type == "denial" and backup.kind == "np")
                    )
                ):
                    clause = backup
        else:
            every.append(rules.find_clauses(masked[i]))
            clause, _ = rules.find_clause(masked[i])
        out.append(clause)
    out = _transcript(article, out, people)
    return out, [([c] if c is not None else []) + rest for c, rest in zip(out, every, strict=True)]


def _transcript(article: Article, clauses: list[Clause | None], people: People) -> list[Clause | None]:
    # Transcript lines ("Shepherd: I was presenting both arguments."): in an article whose lines carry the same
    # speaker labels more than once, the sentences after a label are that person's until the next label or until
    # the narrator speaks about someone in the third person.
    seen: dict[str, int] = {}
    for m in _LABEL_RE.finditer(article.text):
        seen[m.group(1)] = seen.get(m.group(1), 0) + 1
    labels_ok = {lab for lab, k in seen.items() if k >= 2}
    if not labels_ok:
        return clauses
    out = list(clauses)
    for p in article.paragraphs:
        text = article.text[p.start : p.end]
        labels = [(m.start(1) + p.start, m.group(1)) for m in _LABEL_RE.finditer(text) if m.group(1) in labels_ok]
        if not labels:
            continue
        ended_at = -1
        for sid in p.sentence_ids:
            s = article.sentences[sid]
            current = [(at, lab) for at, lab in labels if at < s.end]
            if not current:
                continue
            at, lab = current[-1]
            if at <= ended_at:
                continue
            own = out[sid]
            if own is not None and own.kind not in ("author", "pronoun"):
                continue
            if own is None and people.mentions[sid] and not _FIRST_SECOND.search(s.text[max(0, at - s.start) :]):
                ended_at = s.end  # the narrator is back ("By C-16, Rambukkana is referring to ...")
                continue
            who = people.person(lab) or lab
            start = max(0, at - s.start)
            out[sid] = Clause("name", who, None, (start, start + len(lab)), "label", "statement")
    return out


def attribute(article: Article) -> list[Attribution]:
    """One Attribution per sentence, in order; pronouns and surnames resolved only when one person fits."""
    return cached_attribute(article)


def _attribute(article: Article) -> list[Attribution]:
    quotes = sentence_quote_spans(article)
    masked = [mask(s.text, q) for s, q in zip(article.sentences, quotes, strict=True)]
    people = People.of(article, masked)
    clauses, every = _clauses(article, masked, quotes, people)
    blocks = block_quoted(article, masked)
    tail = comment_tail(article, masked, clauses, blocks)
    opinion = author_voice(article, masked, clauses, blocks, end=tail)
    if opinion:
        tail = len(article.sentences)  # an opinion piece's closing paragraphs are its author's
    excerpt = via_quoted(article) | first_person_blocks(article, masked)
    out: list[Attribution] = []
    last: list[tuple[int, str, str]] = []  # (sentence id, speaker, kind) of recent speakers, newest last
    for s, qs, m, clause in zip(article.sentences, quotes, masked, clauses, strict=True):
        speaker: str | None = None
        title: str | None = None
        resolved = False
        reason: str | None = None
        if clause is not None and clause.kind == "name":
            speaker, title = people.canonical(clause.text, clause.title)
        elif clause is not None and clause.kind in ("np", "doc"):
            speaker = re.sub(r"^(?:the|a|an)\s+", "", clause.text, flags=re.IGNORECASE)
            if clause.kind == "doc" and speaker.lower() in _ANONYMOUS_DOCS:
                # "the statement continued": whose statement is for the reader of the article to know, not a name.
                speaker, reason = None, f"'{speaker}' alone names no source"
            elif _RELATIVE_RE.match(speaker) and speaker.split()[-1].lower() in KIN_AND_COUNSEL:
                # "his lawyer": only a person the article introduced as such, never a guess.
                speaker, reason = people.relative(speaker)
                resolved = speaker is not None
        elif clause is not None and clause.kind == "pronoun":
            before = masked[s.id - 1] if s.id else ""
            speaker, reason = people.resolve(clause.text, s.id, clause.verb, last, article, before)
            resolved = speaker is not None
            title = people.title_of(speaker) if speaker else None
        elif clause is not None and clause.kind == "author":
            speaker = AUTHOR if opinion else None
            reason = None if opinion else "first person in a news report"
        unsourced = _unsourced(m, clause)
        ctype = claim_type(clause, m, s.text) if not unsourced else "speculation"
        if unsourced:
            speaker, title = (AUTHOR, None) if opinion else (None, None)
        if s.id in excerpt and (clause is None or clause.kind == "author" or unsourced):
            # An excerpt after "Via <site>": another source's words, speaker unknown; not the narrator's.
            speaker, title, unsourced, reason = None, None, False, EXCERPT
        if speaker and clause is not None and clause.kind != "author":
            kind = "name" if resolved else clause.kind + ("-plural" if clause.plural else "")
            last.append((s.id, speaker, kind))
        out.append(
            Attribution(
                sentence_id=s.id,
                speaker=speaker,
                speaker_title=title,
                verb=_written_verb(s.text, clause),
                claim_type=ctype,
                hedged=bool(hedges(s.text)),
                unsourced=unsourced,
                quotes=tuple(qs),
                subject_span=clause.span if clause is not None and speaker else None,
                resolved=resolved,
                reason=reason,
                verb_span=clause.verb_span if clause is not None else None,
            )
        )
    out = [replace(a, sources=people.sources(cs)) for a, cs in zip(out, every, strict=True)]
    out = [_second(article, a, quotes[a.sentence_id], every[a.sentence_id], clauses, people) for a in out]
    out = _inherit_quote_speakers(article, out, quotes)
    out = block_quotes(article, out, AUTHOR, masked, people.person)
    if opinion:
        return _author_opinions(article, out, masked, people, excerpt)
    return _commentary_paragraphs(article, out, masked, tail, excerpt)


def _second(
    article: Article,
    a: Attribution,
    quoted: list[tuple[int, int]],
    found: list[Clause],
    clauses: list[Clause | None],
    people: People,
) -> Attribution:
    main = clauses[a.sentence_id]
    if not a.speaker or a.resolved or a.unsourced or main is None:
        return a
    text = article.sentences[a.sentence_id].text
    hit = second_voice(text, main, found, quoted)
    if hit is None:
        return a
    end, start, c = hit
    who: str | None
    if c.kind == "name":
        who, title = people.canonical(c.text, c.title)
    else:
        who, title = re.sub(r"^(?:the|a|an)\s+", "", c.text, flags=re.IGNORECASE), None
        if c.kind == "doc" and who.lower() in _ANONYMOUS_DOCS:
            who = None  # "..., and the statement added": the second part is nobody's the tool can name
        elif _RELATIVE_RE.match(who) and who.split()[-1].lower() in KIN_AND_COUNSEL:
            who, _ = people.relative(who)  # "his lawyer": only one the article introduced
    if who is not None and same_source(who, a.speaker):
        return a
    ctype = "denial" if c.claim_type == "denial" or DENIAL_CUES_RE.search(text[start:]) else c.claim_type
    return replace(a, second=(end, start, who, title, ctype if ctype not in ("fact", "speculation") else "statement"))


def _commentary_paragraphs(
    article: Article, attrs: list[Attribution], masked: list[str], tail: int, excerpt: set[int]
) -> list[Attribution]:
    # In a news report, a paragraph nobody is quoted in, whose narrator says "I", "we" or "you" or exclaims, is
    # commentary (a blogger's aside): unsourced, never a fact of the report. So is every sentence from ``tail`` on,
    # the readers' comments a page appends below its report: no brief, claim list or rewrite carries them.
    result = list(attrs)
    for i in range(tail, len(attrs)):
        if attrs[i].speaker in (None, AUTHOR):
            result[i] = replace(
                attrs[i], speaker=None, speaker_title=None, claim_type="speculation", unsourced=True, reason=COMMENTARY
            )
    for p in article.paragraphs:
        ids = p.sentence_ids
        if not ids or ids[0] >= tail:
            continue
        if any(attrs[i].speaker for i in ids) or not any(COMMENT_VOICE_RE.search(masked[i]) for i in ids):
            continue
        if any(i in excerpt for i in ids):
            continue  # someone else's words (an excerpt, a letter quoted without marks), not the narrator's aside
        for i in ids:
            if not attrs[i].quotes:
                result[i] = replace(attrs[i], unsourced=True, claim_type="speculation", reason=COMMENTARY)
    return result


def _name_like(clause: Clause) -> bool:
    # A capitalised name the rules found next to a quotation ('Trump told donors: "..."'), not a crowd or a role.
    words = clause.text.split()
    return clause.kind == "name" and all(
        w[:1].isupper() and w.lower() not in STOPWORDS and w.lower() not in ROLE_NOUNS | VAGUE_NOUNS for w in words
    )


def _written_verb(text: str, clause: Clause | None) -> str | None:
    # The verb as written ("denied"), which is what REPORTING_VERBS and the headline's tenses are keyed by.
    if clause is None:
        return None
    if clause.verb_span is not None and clause.verb != "according to":
        return re.sub(r"\s+", " ", text[clause.verb_span[0] : clause.verb_span[1]].lower())
    return clause.verb or None


def _author_opinions(
    article: Article, attrs: list[Attribution], masked: list[str], people: People, excerpt: set[int]
) -> list[Attribution]:
    # In an opinion piece the narrator's own judgements are claims of the author (typed opinion), not facts;
    # ``excerpt`` (see via_quoted) is another site's words.
    from summarizer.nlp.people import narrator_opinion

    result = list(attrs)
    for i, a in enumerate(attrs):
        if i in excerpt:
            continue  # another site's words (see via_quoted)
        if a.speaker is None and not a.quotes and narrator_opinion(masked[i], bool(people.mentions[i])):
            result[i] = replace(a, speaker=AUTHOR, claim_type="opinion", unsourced=True)
    return result


def _inherit_quote_speakers(
    article: Article, attrs: list[Attribution], per_sentence: list[list[tuple[int, int]]]
) -> list[Attribution]:
    # A quote split over sentences: the unattributed parts take the speaker of the part that names one.
    n = len(attrs)
    result = list(attrs)
    for i, a in enumerate(attrs):
        if a.speaker is not None or a.unsourced or not a.quotes:
            continue
        s = article.sentences[i]
        qs = per_sentence[i]
        narrator = mask(s.text, qs).replace("_", "").strip(" \t\n.,;:!?")
        open_end = bool(qs) and qs[-1][1] >= len(s.text.rstrip()) and not s.text.rstrip().endswith(("\u201d", '"'))
        open_start = bool(qs) and qs[0][0] == 0 and not s.text.lstrip().startswith(("\u201c", '"', "\u00ab"))
        donor: Attribution | None = None
        if open_end:
            # Only a later part of the same quotation can name its speaker ('"... One. Two," he said.').
            for j in range(i + 1, min(n, i + 5)):
                nxt = article.sentences[j]
                if nxt.paragraph != s.paragraph or not per_sentence[j] or per_sentence[j][0][0] != 0:
                    break
                if attrs[j].speaker is not None and attrs[j].speaker != AUTHOR:
                    donor = attrs[j]
                    break
        if donor is None and (open_start or not narrator) and i > 0:
            prev = result[i - 1]
            prev_text = article.sentences[i - 1].text.rstrip()
            if prev.speaker is not None and prev.speaker != AUTHOR and (prev.quotes or prev_text[-1:] == ":"):
                donor = prev
        if donor is not None:
            ctype = donor.claim_type if donor.claim_type not in ("fact", "speculation") else "statement"
            if ctype in {"statement", "opinion"} and DENIAL_CUES_RE.search(s.text):
                ctype = "denial"
            result[i] = lend(a, donor, ctype)
    return result


_CACHE_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple[str, int], list[Attribution]] = OrderedDict()


def clear_cache() -> None:
    """Forget every article's attributions (tests that switch between the parser and the rules)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def cached_attribute(article: Article) -> list[Attribution]:
    """attribute(), computed once per article for the engine and the checks alike (thread-safe, last 16 kept)."""
    key = (article.id, len(article.sentences))
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    result = _attribute(article)
    with _CACHE_LOCK:
        _CACHE[key] = result
        while len(_CACHE) > 16:
            _CACHE.popitem(last=False)
    return result


def same_speaker(article: Article, claimed: str, attributed: str, title: str | None = None) -> bool:
    """Whether a claim's speaker is the attributed one: the one name rule (names.same_source: surname, honorific
    form, acronym), the same person of the article, or the organisation named in the attributed person's title."""
    if same_source(claimed, attributed):
        return True
    people = People.of(article)
    pa = people.person(claimed)
    if pa is not None and pa == people.person(attributed):
        return True
    return bool(title) and not POSSESSIVE_RE.search(title or "") and same_source(claimed, title or "")
