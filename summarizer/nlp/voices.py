"""Voices the sentence-by-sentence attribution misses: two sources in one sentence ("Yukos has always insisted the
auction was theft but Russian authorities argued they were imposing the law": each side is its own claim; naming the
first source for the whole sentence would put the second one's words in the wrong mouth), a block quotation
whose marks the page lost ("He also said:" + a paragraph in the speaker's first person), and a person's words a
document shows ("papers show Mrs Thatcher warned ...": the papers are the evidence, she is the source)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from summarizer.nlp.parsed import Doc
from summarizer.nlp.speakers import Clause, describe
from summarizer.nlp.speakers import _subject as subject_of
from summarizer.nlp.text import DENIAL_CUES_RE
from summarizer.nlp.vocab import REPORT_LEMMAS
from summarizer.schemas import Article, Paragraph

if TYPE_CHECKING:
    from summarizer.nlp.attribution import Attribution

# What joins the two reports: a comma, semicolon or dash and/or a coordinating word, right before the second subject.
# The second part may open with an article or a possessor before the name ("and the BBC's Sarah Rainsford says").
_JOIN_RE = re.compile(
    r"(?P<join>(?:\s*[,;]|\s+[-\u2013\u2014]{1,2})?\s*(?:\b(?:but|while|whereas|and|yet)\b)?\s*)"
    r"(?P<pre>(?:(?:the|a|an)\s+)?(?:[\w.&-]+['\u2019]s\s+)?)$",
    re.IGNORECASE,
)


def second_voice(
    text: str, main: Clause | None, clauses: list[Clause], quoted: list[tuple[int, int]]
) -> tuple[int, int, Clause] | None:
    """(end of the first part, start of the second, the second clause) when the sentence joins a second report by
    another named source after its main one; None otherwise. Both parts must read as sentences: the first has its
    subject and verb before the join, the second starts at its own subject."""
    if main is None or main.kind not in ("name", "np", "doc") or main.verb == "according to":
        return None
    first_end = max(main.span[1], main.verb_span[1] if main.verb_span else 0)
    for c in clauses:
        if c is main or c.verb == "according to" or c.kind not in ("name", "np", "doc"):
            continue
        start = c.span[0]
        if start <= first_end or c.text.lower() == main.text.lower() or c.verb_span is None:
            continue
        if any(a <= start < b for a, b in quoted):
            continue  # a source inside someone's quotation
        head = text[:start]
        m = _JOIN_RE.search(head)
        if not m or not m.group("join").strip() or len(head[: m.start()].split()) < 4:
            continue  # no join ("said that X argued"), or a first part too short to stand alone
        return m.start(), m.start("pre"), c
    return None


def lend(a: Attribution, donor: Attribution, claim_type: str) -> Attribution:
    """``a`` with the speaker of the sentence that names it (a quotation's other part, a block's lead-in)."""
    return replace(
        a,
        speaker=donor.speaker,
        speaker_title=donor.speaker_title,
        verb=donor.verb,
        claim_type=claim_type,
        unsourced=False,
        subject_span=None,
        verb_span=None,
        resolved=True,
    )


def _colon_led(article: Article) -> Iterator[tuple[int, Paragraph]]:
    """(the lead-in sentence, the paragraph it introduces) for every paragraph after one ending in a colon."""
    for prev, p in zip(article.paragraphs, article.paragraphs[1:], strict=False):
        if prev.sentence_ids and article.sentences[prev.sentence_ids[-1]].text.rstrip().endswith(":"):
            yield prev.sentence_ids[-1], p


def block_quoted(article: Article) -> set[int]:
    """Sentences of a paragraph introduced by one ending in a colon ("He also said:", "The post read:"), or by a
    "Via <site>" line: a block quotation whose marks the page lost, someone else's words, never the narrator's."""
    return {i for _, p in _colon_led(article) for i in p.sentence_ids} | via_quoted(article)


_VIA_RE = re.compile(r"^(?:via|h/t|hat tip|from)\s*:?\s+\S.{0,60}$", re.IGNORECASE)


def via_quoted(article: Article) -> set[int]:
    """Sentences of the paragraph after a "Via AndrewBostom.com" line (kept apart as a heading): a blog's excerpt of
    another site whose block-quote marks the crawl lost. Whose words they are, and whom they quote in turn, the
    text does not say."""
    out: set[int] = set()
    for h in article.headings:
        if _VIA_RE.match(h.text.strip()) and h.before_paragraph < len(article.paragraphs):
            out.update(article.paragraphs[h.before_paragraph].sentence_ids)
    return out


_ASKING = frozenset("ask asks asked asking questioned quizzed pressed".split())


def block_quotes(article: Article, attrs: list[Attribution], author: str) -> list[Attribution]:
    """The sentences of a block quotation take the speaker its lead-in names (see block_quoted)."""
    # 'Wormer also told us that Roy contacted him after the attack:' + a paragraph in the first person without
    # quotation marks: the paragraph is Wormer's. Only when the lead-in names a speaker; a sentence of the block
    # with its own attribution keeps it.
    result = list(attrs)
    for lead, p in _colon_led(article):
        donor = attrs[lead]
        if donor.speaker in (None, author) or (donor.verb or "").split(" ")[0] in _ASKING:
            continue  # "Carlson asked Dr Makary what he thought ...:": the block is the answer, not the asker's
        for i in p.sentence_ids:
            a = result[i]
            if a.quotes or a.speaker not in (None, author):
                continue  # a sentence of the block naming its own speaker keeps it; "I believe" is the block's
            ctype = "denial" if DENIAL_CUES_RE.search(article.sentences[i].text) else "statement"
            result[i] = replace(lend(a, donor, ctype), reason=None)
    return result


_EVIDENCE_LEMMAS = frozenset("show reveal indicate suggest confirm".split())


def evidence_of_speech(doc: Doc, clause: Clause, proper_words: frozenset[str]) -> Clause | None:
    """'Previously unseen papers show Mrs Thatcher warned ...': a document that shows what a named person said is
    the evidence, the person is the source. The person's clause, or None."""
    if clause.kind != "doc" or clause.verb not in _EVIDENCE_LEMMAS or clause.verb_span is None:
        return None
    verb = next((t for t in doc if t.idx == clause.verb_span[0]), None)
    if verb is None:
        return None
    for inner in (c for c in verb.children if c.dep_ == "ccomp" and c.lemma_.lower() in REPORT_LEMMAS):
        if any(c.dep_ == "neg" for c in inner.children):
            continue
        subj = subject_of(inner)
        d = describe(subj, 0, proper_words) if subj is not None else None
        if d is not None and d.kind == "name":
            lemma = inner.lemma_.lower()
            span = (inner.idx, inner.idx + len(inner.text))
            ctype = REPORT_LEMMAS[lemma]
            return Clause(d.kind, d.text, d.title, d.span, lemma, ctype, clause.depth + 1, d.plural, span)
    return None
