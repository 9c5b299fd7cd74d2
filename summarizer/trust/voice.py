"""Who speaks in an output sentence: the sentences it aligns with, and whether it keeps the source's attribution.

A key point or claim that restates what a cited sentence attributes to someone ("X said ...") must keep the
attribution: a reporting verb with its subject, "according to", the source's name or a quotation.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from summarizer import nlp
from summarizer.ingest import split_sentences as sentence_spans
from summarizer.nlp.text import content, epistemic, reports_someone, words
from summarizer.nlp.vocab import FINDING_VERBS, HEDGE_WORDS, SUBJECT_FILLER
from summarizer.trust.meaning import Clause, compare
from summarizer.trust.speaker import named_people

if TYPE_CHECKING:
    from summarizer.schemas import Claim
    from summarizer.trust.index import ArticleIndex

TOP_SENTENCES = 3


def split_sentences(text: str) -> list[str]:
    """The sentences of an output text, by the one splitter (ingest's: "Dr. Kenji Mori" is not two)."""
    return [text[a:b] for a, b in sentence_spans(text)]


def _aligned(idx: ArticleIndex, cont: set[str], sids: list[int] | None, *, align: bool = False) -> list[int]:
    """The sentences an output sentence relies on: the cited ones, or the closest few of the whole article.

    ``align``: the cited sentences are a whole paragraph rewritten sentence by sentence, so each output sentence
    relies on the few of them closest to it, not on all of them (58 sentences of one paragraph share the words of
    almost any sentence, and one source's "told" there would make every edited sentence "attributed").
    """
    pool = [s.id for s in idx.article.sentences] if sids is None else list(sids)
    if sids is not None and (not align or len(pool) <= TOP_SENTENCES):
        return pool
    scored = sorted(((len(cont & idx.lemmas(sid)), sid) for sid in pool), key=lambda t: (-t[0], t[1]))
    if align and scored:
        n, sid = scored[0]
        if n >= 3 and n >= 0.8 * len(cont) and n >= 0.6 * len(idx.lemmas(sid)):
            # One sentence rewritten: it relies on that sentence alone, not on a neighbour sharing its words (a
            # one-paragraph story lost all its text to "drops the hedge 'may' of sentence 1", a sentence it was not).
            return [sid]
    best = [sid for n, sid in scored[:TOP_SENTENCES] if n >= 2]
    return best if best or sids is None else pool


def clash_findings(
    idx: ArticleIndex, text: str, sids: list[int] | None, *, claim: Claim | None = None, align: bool = False
) -> list[tuple[str, str, int, str]]:
    """(kind, severity, sentence id, message) for every meaning clash of ``text`` with what it relies on
    (``align``: ``sids`` are a rewritten paragraph's, see ``_aligned``)."""
    out: list[tuple[str, str, int, str]] = []
    for sentence in split_sentences(text):
        ws = words(sentence, fold=True)
        cont = content(ws)
        if len(cont) < 2:
            continue
        ids = _aligned(idx, cont, sids, align=align)
        source = [c for sid in ids for c in idx.clauses(sid)]
        # A sentence of the article copied whole says what the article says: no meaning of it can be flipped,
        # dropped or strengthened ("I'm sorry judge, everyone - he's an asshole." is not "everyone" overgeneralised).
        clashes = [] if _copied(idx, sentence, ids) else compare(sentence, source, anchored=sids is not None)
        for clash in clashes:
            out.append((clash.kind, clash.severity, clash.sid, clash.message))
        if sids is not None:
            # Only items that cite their sentences: a headline or summary compresses, and "the agency said" may
            # go for an uncontested event; the key points and claims keep who said what.
            dropped = _attribution_dropped(idx, sentence, ws, cont, ids, claim)
            if dropped:
                out.append(dropped)
    return out


def _frames(clauses: list[Clause], verb: str | None) -> bool:
    """The reporting verb stands in the first or last clause ("X said ...", "..., X said"), not in an aside
    ("..., as her father had claimed, ...") that leaves the rest of the sentence in the narrator's voice."""
    if not verb or not clauses:
        return True
    where = [i for i, c in enumerate(clauses) if verb.lower() in c.words]
    return not where or any(i in (0, len(clauses) - 1) for i in where)


def _copied(idx: ArticleIndex, sentence: str, ids: list[int]) -> bool:
    """The output sentence is one of its sentences copied whole (a rewrite keeps a quotation running on from the
    sentence before, where the source's own framing stands)."""
    mine = nlp.normalize_quotes(sentence).strip(" .\"'")
    return any(mine and mine == nlp.normalize_quotes(idx.text_of(sid)).strip(" .\"'") for sid in ids)


def _edited_narration(idx: ArticleIndex, ws: list[str], ids: list[int]) -> bool:
    """The output sentence is one of its sentences with a word or two replaced or deleted (a rewrite's edit), and
    that sentence names no source: an edit of the narrator's own sentence cannot drop an attribution. Nor can an
    edit of a sentence whose source is named only by the paragraph before ("He also said:" + a block quotation
    without marks): the sentence never carried the attribution itself."""
    for sid in ids:
        source = words(idx.text_of(sid), fold=True)
        if len(source) < 6 or abs(len(source) - len(ws)) > 3:
            continue
        same = difflib.SequenceMatcher(None, source, ws, autojunk=False).ratio()
        a = idx.attributions.get(sid)
        inherited = a is not None and a.resolved and a.subject_span is None and not a.quotes
        if same >= 0.85 and (a is None or not a.speaker or inherited) and not named_people(idx, sid):
            return True
    return False


def _attribution_dropped(
    idx: ArticleIndex, sentence: str, ws: list[str], cont: set[str], ids: list[int], claim: Claim | None
) -> tuple[str, str, int, str] | None:
    """A source's statement restated in the narrator's voice: no reporting verb, no source, no quotation."""
    if len(cont) < 3 or re.search(r"[\"\u201c\u201d]", sentence) or _copied(idx, sentence, ids):
        return None
    attributed: list[tuple[int, str, str | None, str | None]] = []  # (sid, speaker, title, verb)
    for sid in ids:
        a = idx.attributions.get(sid)
        if (
            a is not None
            and a.speaker
            and (a.verb or "").lower() not in FINDING_VERBS
            and _frames(idx.clauses(sid), a.verb)
        ):
            attributed.append((sid, a.speaker, a.speaker_title, a.verb))
        else:
            named = named_people(idx, sid)  # '"...," reports Science Daily' when the main clause is no source
            if named:
                attributed.append((sid, named[0], None, None))
    if not attributed or _edited_narration(idx, ws, ids):
        return None
    source_words = {w for sid, *_ in attributed for w in words(idx.text_of(sid), fold=True)}
    verbs = {v.lower() for *_, v in attributed if v}
    # A reporting verb of the output counts unless it is the source's own content ("the admission suggested")
    # rather than its attribution ("Robin Cook said").
    own = [w for w in ws if w in source_words and w not in verbs]
    if verbs & set(ws):
        return None  # the source's own attribution verb, kept ("he cautioned", "Mr Law said")
    if (
        reports_someone(sentence, ignore=own)
        or epistemic(ws)
        or any((w in HEDGE_WORDS and w not in source_words) for w in ws)
    ):
        return None
    speaker_words: set[str] = set()
    for _, who, title, _ in attributed:
        speaker_words |= set(words(who, fold=True))
        affiliation = set(words(title or "", fold=True)) - SUBJECT_FILLER
        if len(affiliation & set(ws)) >= 2:  # the affiliation named in full, not one shared word ("focus")
            speaker_words |= affiliation
    if claim is not None and claim.speaker:
        if any(nlp.same_source(claim.speaker, who) for _, who, _, _ in attributed):
            return None  # a claim carries its attribution in its speaker field
        speaker_words |= set(words(claim.speaker, fold=True))
    speaker_words -= SUBJECT_FILLER
    if speaker_words & set(ws):
        return None
    held = cont & set().union(*(idx.lemmas(sid) for sid, *_ in attributed))
    if len(held) < max(3, 0.5 * len(cont)):
        return None
    sid, who, *_ = attributed[0]
    msg = f"states as fact what sentence {sid} attributes to {who}; keep the attribution"
    return ("hedge_dropped", "error", sid, msg)
