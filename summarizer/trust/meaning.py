"""Does an output sentence keep the meaning of the source clause it restates? Polarity, hedges, quantifiers.

Each output sentence is aligned to the clauses of its cited sentences by shared content words. A clause it
covers must keep the clause's negation (a denial stays a denial), its hedge (allegedly, may), and its
quantifier ("some experts" is not "experts agree"). Only a clash on the words the two share is an error;
a looser match is at most a warning, because a paraphrase may restate only part of a clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from summarizer.nlp.text import content, epistemic, is_cue, lemma, negated, reports_someone, words
from summarizer.nlp.vocab import (
    AFFIRMATIONS,
    ATTRIBUTING,
    CONTRA,
    DENIALS,
    EPISTEMIC,
    FRAME_VERBS,
    FUNCTION_WORDS,
    HEARSAY,
    HEDGE_WORDS,
    KEEPERS,
    LOOK_VERBS,
    MARKED_HEDGES,
    NEGATIONS,
    QUANTITY,
    REPORTING_ANY,
    RESTRICTORS,
    STRONG,
    SUBJECT_FILLER,
    WEAK,
)

OUT_SPLIT = re.compile(r"\s*(?:;|,\s*(?:and|but|while|whereas)\b|\bbut\b|\bwhile\b|\bwhereas\b)\s*")
CLAUSE_SPLIT = re.compile(
    r"\s*(?:[,;:\u2014\u2013]|\s-\s|\b(?:but|while|although|whereas|before|after|because|unless|until|if)\b)\s*"
)
AGREE = "agre"  # lemma("agree"): "experts agree" claims a consensus


@dataclass(frozen=True)
class Clause:
    """A clause of a source sentence, with the words of its parts that matter to the checks."""

    sid: int
    text: str
    words: tuple[str, ...]
    content: frozenset[str]
    negated: bool
    # Content lemmas right after each negation ("no evidence" -> evidence): what a flip would keep.
    neg_heads: frozenset[str]
    # (is a denial verb, content lemmas after the cue) for each negation cue.
    scopes: tuple[tuple[bool, frozenset[str]], ...]
    hedged: bool
    # The first content lemma after each hedge ("may slow ..." -> slow): what the hedge qualifies.
    hedge_heads: frozenset[str]
    # Content lemmas of the words before a reporting verb (its subject), when the clause reports someone.
    reporter: frozenset[str] | None
    strong: frozenset[str]
    weak: bool


def clauses(sid: int, sentence: str) -> list[Clause]:
    """The clauses of one source sentence."""
    out = []
    for part in CLAUSE_SPLIT.split(sentence):
        ws = words(part, fold=True)
        if len(ws) < 2 and not negated(ws, part):  # "..., not 40, ..." still negates
            continue
        heads = set()
        scopes = []
        for i, w in enumerate(ws):
            if is_cue(ws, i, part):
                scopes.append((w in DENIALS, frozenset(content(ws[i + 1 :]))))
                for nxt in ws[i + 1 : i + 5]:
                    if len(nxt) > 2 and nxt not in FUNCTION_WORDS and nxt not in NEGATIONS:
                        heads.add(lemma(nxt))
                        break
        out.append(
            Clause(
                sid=sid,
                text=part,
                words=tuple(ws),
                content=frozenset(content(ws)),
                negated=negated(ws, part),
                neg_heads=frozenset(heads),
                scopes=tuple(scopes),
                hedged=_hedged(ws),
                hedge_heads=frozenset(_heads_after(ws, lambda w: w in HEDGE_WORDS or w in LOOK_VERBS)),
                reporter=_reporter(ws),
                strong=frozenset(lemma(w) for w in ws if w in STRONG),
                weak=any(w in WEAK for w in ws),
            )
        )
    return out


@dataclass(frozen=True)
class Clash:
    """A meaning problem between an output sentence and a source clause."""

    kind: str  # negation_flipped | hedge_dropped | overgeneralised
    severity: str  # error | warning
    sid: int
    message: str


def _heads_after(ws: list[str], cue: Callable[[str], bool]) -> set[str]:
    heads = set()
    for i, w in enumerate(ws):
        if cue(w):
            for nxt in ws[i + 1 : i + 6]:
                if len(nxt) > 2 and nxt not in FUNCTION_WORDS and nxt not in NEGATIONS and nxt != "to":
                    heads.add(lemma(nxt))
                    break
    return heads


def _reporter(ws: list[str]) -> frozenset[str] | None:
    """The subject words of a clause that reports someone ("Some residents claimed that ..."), else None."""
    for i, w in enumerate(ws):
        if w in REPORTING_ANY:
            return frozenset(lemma(x) for x in ws[:i] if len(x) > 2 and x not in SUBJECT_FILLER)
    return None


def _part_covers(pcont: set[str], source: list[Clause], anchored: bool) -> list[Clause]:
    """The source clauses one part of an output sentence restates."""
    return [c for c in source if _covers(pcont, c) >= 2 and (anchored or _restates(pcont, c))]


def _restates(cont: set[str], c: Clause) -> bool:
    """An unanchored sentence restates a clause: three shared words, half the clause or most of the sentence."""
    n = _covers(cont, c)
    return n >= 3 and (n >= 0.5 * len(c.content) or n >= 0.6 * len(cont))


def _hedged(ws: list[str]) -> bool:
    """A hedge word, where "appear" and "seem" count only as "appear to", "it seems" ("appeared in court" is not)."""
    for i, w in enumerate(ws):
        if w in LOOK_VERBS:
            if (i + 1 < len(ws) and ws[i + 1] == "to") or (i > 0 and ws[i - 1] in ("it", "there")):
                return True
        elif w in HEDGE_WORDS:
            return True
    return False


def _covers(out_content: set[str], clause: Clause) -> int:
    return len(out_content & clause.content)


def compare(sentence: str, source: list[Clause], *, anchored: bool = True) -> list[Clash]:
    """Clashes between one output sentence and the clauses of the sentences it relies on.

    ``anchored``: the item cites these sentences. A headline or summary sentence is matched against the whole
    article, so a clause counts as restated only when the sentence holds at least half of its words.
    """
    ws = words(sentence, fold=True)
    cont = content(ws)
    if len(cont) < 2:
        return []
    out_neg = negated(ws, sentence)
    covered = [c for c in source if _covers(cont, c) >= 2 and (anchored or _restates(cont, c))]
    # A reporting verb the source clause itself uses ("allegedly told donors") is content, not an attribution.
    source_words = {w for c in covered for w in c.words}
    out_keeps = (
        bool(epistemic(ws))
        or any(w in HEDGE_WORDS or (w in KEEPERS and w not in source_words) for w in ws)
        or bool(re.search(r"[\"\u201c\u201d]", sentence))
    )
    # "reportedly" in one part does not hedge another; a reporting verb ("police said") frames the whole sentence.
    attributes = any(w in KEEPERS and w not in HEDGE_WORDS and w not in source_words for w in ws) or bool(
        re.search(r"[\"\u201c\u201d]", sentence)
    )
    clashes: list[Clash] = []
    # Each coordinated part of the output keeps its own negation and hedge: "X had a heroin addiction, and his
    # parents reportedly did not know" drops the first "reportedly" although the sentence still has one.
    parts = [(p, pw, content(pw)) for p in OUT_SPLIT.split(sentence) if len(content(pw := words(p, fold=True))) >= 1]
    for part, pws, pcont in parts:
        if negated(pws, part):
            continue
        affirms = any(w in AFFIRMATIONS for w in pws)
        contra = any(w in CONTRA for w in pws)
        mine = _part_covers(pcont, source, anchored)
        mine += [c for c in source if c.negated and len(c.content) == 1 and c.content <= pcont]  # "no warning"
        # A part that restates an unnegated clause at least as well, one that has the same word ("rated the dam
        # poor and recommended repairs" beside "did not recommend lowering"), is about that clause.
        mine = [c for c in mine if not _explained(c, pcont, source)]
        hit = next(((c, m) for c in mine if (m := _flipped(c, pcont, affirms, contra))), None)
        if hit:
            clashes.append(Clash("negation_flipped", "error", hit[0].sid, hit[1]))
            break
    # A negation the output adds: only when no clause of those sentences negates anything ("about 12 acres, not
    # 40, and we have committed ..." restated whole is not a new negation of "committed").
    if out_neg and covered and not any(c.negated for c in source):
        heads = _out_neg_heads(ws) & set().union(*(c.content for c in covered))
        if heads:
            c = max(covered, key=lambda c: _covers(cont, c))
            msg = f"negates {', '.join(sorted(heads))!r}, which sentence {c.sid} states ({_snip(c.text)!r})"
            clashes.append(Clash("negation_flipped", "error", c.sid, msg))
    # Hedge: a clause the output restates is hedged, no unhedged clause says the same, and the output keeps no
    # hedge or attribution of its own.
    for _part, pws, pcont in parts:
        dropped = _hedge_dropped(pws, pcont, _part_covers(pcont, source, anchored), source, out_keeps, attributes)
        if dropped:
            clashes.append(dropped)
            break
    # Attribution: a clause that reports someone, restated with no reporting word and no word of its subject.
    if not out_keeps and not any(w in ATTRIBUTING for w in ws) and not reports_someone(sentence):
        for c in covered:
            if not c.reporter or c.reporter & cont:
                continue
            shared = cont & c.content
            if len(shared) >= 3 and not any(
                o.reporter is None and len(shared & o.content) >= 0.7 * len(shared) for o in source if o is not c
            ):
                msg = (
                    f"states as fact what sentence {c.sid} reports someone saying ({_snip(c.text)!r}); "
                    "keep the attribution"
                )
                clashes.append(Clash("hedge_dropped", "error", c.sid, msg))
                break
    # Quantifier: a universal word the cited sentences do not use.
    strong_out = {lemma(w) for w in ws if w in STRONG}
    if AGREE in {lemma(w) for w in ws} and covered and not any(AGREE in c.content for c in source):
        strong_out.add(AGREE)
    source_strong = set().union(*(c.strong | c.content for c in source)) if source else set()
    source_all = {w for c in source for w in c.words}
    strong_out |= {lemma(w) for w in ws if w in QUANTITY and w not in source_all}  # "many" for "two"
    extra = strong_out - source_strong
    if not extra:
        dropped = _restrictor_dropped(parts, source, anchored)
        if dropped:
            clashes.append(dropped)
    if extra and covered:
        c = max(covered, key=lambda c: _covers(cont, c))
        said = sorted({w for w in ws if lemma(w) in extra})
        msg = f"generalises with {', '.join(said)!r}, which sentence {c.sid} does not say ({_snip(c.text)!r})"
        clashes.append(Clash("overgeneralised", "error", c.sid, msg))
    return clashes


def _doubted(hedge: str, c: Clause, pws: list[str], substitute: bool) -> bool:
    """The output keeps doubt on what ``hedge`` qualifies: a word of doubt just before the same word
    ("could be linked" for "may be linked"), or, when the output words it differently, anywhere in the part."""
    i = c.words.index(hedge)
    head = next((lemma(w) for w in c.words[i + 1 : i + 6] if len(w) > 2 and w not in FUNCTION_WORDS), None)
    at = [j for j, w in enumerate(pws) if head is not None and lemma(w) == head]
    if not at:
        return substitute
    doubt = HEDGE_WORDS | LOOK_VERBS | EPISTEMIC
    # A word of doubt the source clause has for something else ("suggested Parliament may have been misled")
    # does not stand in for the one that was dropped.
    return any(w in doubt and (w == hedge or w not in c.words) for j in at for w in pws[max(0, j - 4) : j])


def _hedge_dropped(
    pws: list[str], pcont: set[str], covered: list[Clause], source: list[Clause], out_keeps: bool, attributes: bool
) -> Clash | None:
    """A hedged clause restated by one part of the output with no hedge of its own."""
    for c in covered:
        shared = pcont & c.content
        if not c.hedged or not (len(shared) >= 3 or len(shared) >= 0.6 * len(c.content)):
            continue
        hearsay = any(w in HEARSAY for w in c.words)
        if not hearsay and not c.hedge_heads & pcont and len(shared) < 0.75 * len(c.content):
            continue  # the output restates the clause's topic, not what the modal qualifies
        if any(not o.hedged and len(shared & o.content) >= 0.7 * len(shared) for o in source if o is not c):
            continue  # an unhedged source clause says the same thing
        said = [w for w in c.words if w in HEDGE_WORDS or w in LOOK_VERBS]
        marked = [w for w in said if w in MARKED_HEDGES]
        # A substitute hedge: a word of doubt the source clause does not already use for something else.
        substitute = any(w in HEDGE_WORDS and w not in c.words for w in pws) or any(
            w not in c.words for w in epistemic(pws)
        )
        for hedge in marked:
            # "perhaps he could feel aggrieved" -> "he said he feels aggrieved": the reporting verb keeps who
            # said it, not the doubt; only a word of doubt keeps that (a report verb for "reportedly").
            if hedge in pws or (hedge in HEARSAY and attributes) or _doubted(hedge, c, pws, substitute):
                continue
            return Clash("hedge_dropped", "error", c.sid, f"drops the hedge {hedge!r} of sentence {c.sid}; keep it")
        if said and not marked and not out_keeps:  # "did suggest" -> "showed" may be style: a warning
            msg = f"drops the hedge {said[0]!r} of sentence {c.sid}; keep it"
            return Clash("hedge_dropped", "warning", c.sid, msg)
    return None


def _restrictor_dropped(
    parts: list[tuple[str, list[str], set[str]]], source: list[Clause], anchored: bool
) -> Clash | None:
    """A part that restates a clause about "one subgroup" or "some experts" with no restrictor at all."""
    if not anchored:
        return None
    everything = {w for _, pws, _ in parts for w in pws}
    for _part, pws, pcont in parts:
        if any(w in WEAK or w.isdigit() for w in pws):
            continue
        # The part must restate the clause's own subject ("the Cantos trial showed" for "one subgroup in the
        # Cantos trial showed"), not another source's statement about it ("Hidrosur denied ...").
        said = next((i for i, w in enumerate(pws[:6]) if w in REPORTING_ANY or w in FRAME_VERBS), -1)
        reported = pws[said + 1 :] if said >= 0 else pws  # "X said [the Cantos trial showed ...]"
        subject = {lemma(w) for w in reported[:4] if len(w) > 2 and w not in FUNCTION_WORDS}
        for c in _part_covers(pcont, source, anchored):
            if len(pcont & c.content) < 3 or not subject & c.content:
                continue
            for i, w in enumerate(c.words):
                if w not in RESTRICTORS or w in everything:
                    continue
                scope = [lemma(x) for x in c.words[i + 1 : i + 4] if len(x) > 2 and x not in FUNCTION_WORDS]
                if scope and not set(scope) & pcont and any(lemma(x) in pcont for x in c.words[i + 4 : i + 12]):
                    msg = f"drops {w!r} {' '.join(c.words[i + 1 : i + 3])!r} of sentence {c.sid}: it generalises"
                    return Clash("overgeneralised", "error", c.sid, msg)
    return None


def _explained(c: Clause, pcont: set[str], source: list[Clause]) -> bool:
    """The words ``c`` negates that the part repeats also stand, unnegated, in a clause the part restates as well."""
    heads = c.neg_heads & pcont
    return bool(heads) and any(
        not o.negated and heads <= o.content and _covers(pcont, o) >= _covers(pcont, c) for o in source
    )


def _flipped(c: Clause, cont: set[str], affirms: bool, contra: bool) -> str | None:
    """Why the (non-negative) output sentence flips clause ``c``, or None."""
    if not c.negated:
        return None
    denial = any(d for d, _ in c.scopes)
    if affirms and denial and not any(w in AFFIRMATIONS for w in c.words) and len(cont & c.content) >= 3:
        return f"turns the denial in sentence {c.sid} into an admission ({_snip(c.text)!r})"
    for denial, scope in c.scopes:
        shared = scope & cont
        # "no evidence" -> "evidence": the negated head is repeated; a denial needs more of what it denies,
        # because "Peskov called the report a provocation" restates "Peskov denied the report" honestly.
        # A denial flips only when the output restates most of what is denied, and in no contrary words.
        restates = len(shared) >= 3 and len(shared) >= 0.5 * len(cont)
        if (denial and restates and not contra) or (not denial and c.neg_heads & shared):
            return f"drops the negation of sentence {c.sid} ({_snip(c.text)!r}): it says the opposite"
    return None


def _out_neg_heads(ws: list[str]) -> set[str]:
    heads = set()
    for i, w in enumerate(ws):
        if w in NEGATIONS or w.endswith("n't"):
            for nxt in ws[i + 1 : i + 5]:
                if len(nxt) > 2 and nxt not in FUNCTION_WORDS and nxt not in NEGATIONS:
                    heads.add(lemma(nxt))
                    break
    return heads


def _snip(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"
