"""Voices the sentence-by-sentence attribution misses: two sources in one sentence ("Yukos has always insisted the
auction was theft but Russian authorities argued they were imposing the law": each side is its own claim; naming the
first source for the whole sentence would put the second one's words in the wrong mouth), a block quotation
whose marks the page lost ("He also said:" + a paragraph in the speaker's first person), and a person's words a
document shows ("papers show Mrs Thatcher warned ...": the papers are the evidence, she is the source)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
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


# The writer's own first person, outside quotations ("I", "my", "me"; not the generic "we"/"our" of news).
_SINGULAR_FIRST = re.compile(r"\b(?:I|I'm|I\u2019m|I've|I\u2019ve|I'd|I\u2019d|me|my|My|myself)\b")


def _colon_led(article: Article, masked: list[str] | None = None) -> Iterator[tuple[int, Paragraph]]:
    """(the lead-in sentence, a paragraph it introduces) for every paragraph after one ending in a colon.

    With ``masked`` (the sentences with their quotations masked), the block runs on over the paragraphs after it
    that stay in someone's first person ("this entry appeared on her blog:" + a letter of ten paragraphs), as long as
    the report before the lead-in never spoke in the first person itself: a news report's narrator does not, so the
    "I" there is the excerpt's writer. No heading may come between the paragraphs of one run."""
    paras = article.paragraphs
    headed = {h.before_paragraph for h in article.headings}
    for k in range(1, len(paras)):
        prev = paras[k - 1]
        if not prev.sentence_ids or not article.sentences[prev.sentence_ids[-1]].text.rstrip().endswith(":"):
            continue
        lead = prev.sentence_ids[-1]
        yield lead, paras[k]
        if masked is None or any(_SINGULAR_FIRST.search(masked[i]) for i in range(lead)):
            continue

        def first_person(ids: list[int]) -> bool:
            return bool(ids) and 2 * sum(bool(_SINGULAR_FIRST.search(masked[i])) for i in ids) >= len(ids)

        if not first_person(paras[k].sentence_ids):
            continue  # the block itself is not in anyone's first person: nothing tells where it would end
        for j in range(k + 1, len(paras)):
            if j in headed or not first_person(paras[j].sentence_ids):
                break
            yield lead, paras[j]


def block_quoted(article: Article, masked: list[str] | None = None) -> set[int]:
    """Sentences of a paragraph introduced by one ending in a colon ("He also said:", "The post read:"), or by a
    "Via <site>" line: a block quotation whose marks the page lost, someone else's words, never the narrator's."""
    return {i for _, p in _colon_led(article, masked) for i in p.sentence_ids} | via_quoted(article)


def first_person_blocks(article: Article, masked: list[str]) -> set[int]:
    """Sentences of the colon-led paragraphs (see _colon_led) written in someone's first person, in a report whose
    narrator never said "I" before the lead-in: a letter or post the page quotes without marks. They are the
    writer's words, never the narrator's, and never the report's facts."""
    out: set[int] = set()
    for lead, p in _colon_led(article, masked):
        if any(_SINGULAR_FIRST.search(masked[i]) for i in range(lead)):
            continue
        if any(_SINGULAR_FIRST.search(masked[i]) for i in p.sentence_ids):
            out.update(p.sentence_ids)
    return out


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
# "this entry appeared on Leelah's blog ...:": the one whose blog, letter or post it is wrote the block.
_WRITINGS_RE = re.compile(
    r"\b([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)['\u2019]s\s+(?:own\s+|personal\s+|final\s+|last\s+)?(?:blog|letter|note|diary|"
    r"journal|essay|memo|e-?mail|(?:Facebook|Instagram|Tumblr|blog|social media)\s+(?:post|page|account))\b"
)


def block_quotes(
    article: Article,
    attrs: list[Attribution],
    author: str,
    masked: list[str] | None = None,
    writer: Callable[[str], str | None] | None = None,
) -> list[Attribution]:
    """The sentences of a block quotation take the speaker its lead-in names (see block_quoted)."""
    # 'Wormer also told us that Roy contacted him after the attack:' + a paragraph in the first person without
    # quotation marks: the paragraph is Wormer's. Only when the lead-in names a speaker; a sentence of the block
    # with its own attribution keeps it.
    result = list(attrs)
    for lead, p in _colon_led(article, masked):
        donor = attrs[lead]
        if donor.speaker is None and writer is not None:
            m = _WRITINGS_RE.search(article.sentences[lead].text)
            who = writer(m.group(1)) if m else None
            if who:
                donor = replace(donor, speaker=who, speaker_title=None, verb="wrote")
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
