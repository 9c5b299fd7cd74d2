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
from typing import TYPE_CHECKING

from summarizer import nlp
from summarizer.trust.text import STOPWORDS

if TYPE_CHECKING:
    from summarizer.schemas import Claim
    from summarizer.trust.index import ArticleIndex

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")

# Words that make a clause negative. "No 10" (Downing Street) and "No. 5" are not negations.
NEGATIONS = frozenset(
    """not no never none nothing nobody neither nor without cannot can't couldn't didn't don't doesn't isn't
    aren't wasn't weren't won't wouldn't hasn't haven't hadn't shouldn't deny denies denied denying denial
    denials reject rejects rejected rejecting refute refutes refuted dismissed dismisses declined declines
    refused refuses failed fails unable lack lacks lacked absence struggled struggle struggles""".split()
)
DENIALS = frozenset(
    """deny denies denied denying denial denials reject rejects rejected rejecting refute refutes refuted dismissed
    dismisses declined declines refused refuses""".split()
)
REPORTING = frozenset("said says say told tells according claimed claims argued stated added insisted warned".split())
_SUBJECT_FILLER = frozenset("the and some many several most few other others also had has have who which that".split())
REPORTING_ANY = REPORTING | frozenset(
    """claim alleged alleges allege argue argues insist insists contend contends contended maintain maintains
    maintained believe believes believed think thinks thought fear fears feared warn warns suggest suggests
    suggested""".split()
)
# Words that keep a denial a denial in other terms ("the palace slammed the report as false").
CONTRA = frozenset(
    """slam slams slammed criticise criticises criticised criticize criticizes criticized condemn condemns condemned
    dispute disputes disputed contest contests contested rebut rebuts rebutted false untrue baseless fabricated
    inaccurate fake lies nonsense provocation""".split()
)
# What a denial becomes when it is flipped: an admission.
AFFIRMATIONS = frozenset(
    """accept accepts accepted accepting admit admits admitted admitting confirm confirms confirmed confirming
    acknowledge acknowledges acknowledged acknowledging concede concedes conceded agree agrees agreed""".split()
)
HEDGES = frozenset(
    """allegedly alleged alleges allege alleging reportedly purportedly purported supposedly apparently seemingly
    possibly possible perhaps probably likely unlikely may might could appear appears appeared seem seems seemed
    suggest suggests suggested suspected suspect unconfirmed unverified rumoured rumored believed thought
    potentially potential estimated expected""".split()
)
_LOOK_VERBS = frozenset("appear appears appeared seem seems seemed".split())
# Verbs of belief that keep a statement someone's view, even when the source uses them too.
EPISTEMIC = frozenset(
    """think thinks believe believes expects expect fear fears hope hopes link links linked associated
    association tied plan plans planned intend intends intended aim aims""".split()
)
# Hedges whose loss changes what is asserted even when the sentence keeps its reporting verb.
MARKED_HEDGES = frozenset(
    """appear appears appeared seem seems seemed allegedly alleged reportedly purportedly purported supposedly
    apparently possibly perhaps probably likely unlikely may might could unconfirmed unverified rumoured
    rumored""".split()
)
# Hedges that say "someone says so": an explicit attribution in the output keeps them.
HEARSAY = frozenset("allegedly alleged reportedly purportedly purported supposedly rumoured rumored".split())
# Words that keep a statement attributed or uncertain in an output sentence.
KEEPERS = HEDGES | frozenset(
    """according claim claims claimed claiming accused accuses accusing accusation said says say saying told tells
    reported reports report insisted insists argued argues contended contends maintained maintains stated states
    added adds warned warns described describes called calls believes believe thinks think denied denies
    allegation allegations""".split()
)
STRONG = frozenset(
    """all every everyone everybody unanimous unanimously universal universally always entire entirely consensus
    overwhelming overwhelmingly invariably wholly""".split()
)
_OUT_SPLIT = re.compile(r"\s*(?:;|,\s*(?:and|but|while|whereas)\b|\bbut\b|\bwhile\b|\bwhereas\b)\s*")
_AGREE = "agre"  # lemma("agree"): "experts agree" claims a consensus
WEAK = frozenset("some several few certain handful number one two three minority many part".split())
_CLAUSE_SPLIT = re.compile(
    r"\s*(?:[,;:\u2014\u2013]|\s-\s|\b(?:but|while|although|whereas|before|after|because|unless|until|if)\b)\s*"
)
_IRREGULAR = {
    "found": "find",
    "shown": "show",
    "showed": "show",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "made": "make",
    "knew": "know",
    "known": "know",
    "saw": "see",
    "seen": "see",
    "told": "tell",
    "said": "say",
    "paid": "pay",
    "held": "hold",
    "met": "meet",
    "won": "win",
    "lost": "lose",
    "led": "lead",
    "left": "leave",
    "kept": "keep",
    "brought": "bring",
    "thought": "think",
    "sought": "seek",
    "went": "go",
    "gone": "go",
    "came": "come",
    "did": "do",
    "done": "do",
    "had": "have",
    "has": "have",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
}
_FUNCTION_WORDS = STOPWORDS | {"did", "does", "do", "has", "have", "had", "was", "were", "is", "are", "be", "been"}


def lemma(word: str) -> str:
    """A comparable form: irregular verbs mapped, then -s/-es/-ed/-ing and a final -e stripped (change = changed)."""
    w = word.lower().replace("\u2019", "'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    else:
        for suffix in ("ing", "ed", "es", "s"):
            if len(w) > len(suffix) + 2 and w.endswith(suffix) and not w.endswith(("ss", "us", "is")):
                w = w[: -len(suffix)]
                break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (apostrophes kept, so "didn't" is one word)."""
    return [w.replace("\u2019", "'") for w in WORD_RE.findall(text.lower())]


def content(ws: list[str]) -> set[str]:
    """Lemmas of the words that carry meaning (reporting verbs and negations carry the frame, not the content)."""
    return {
        lemma(w) for w in ws if len(w) > 2 and w not in _FUNCTION_WORDS and w not in NEGATIONS and w not in REPORTING
    }


def _is_cue(ws: list[str], i: int, text: str) -> bool:
    """``ws[i]`` negates: not "No 10" / "No. 5", not "in the absence of" (a condition)."""
    w = ws[i]
    if not (w in NEGATIONS or w.endswith("n't")):
        return False
    if w == "no" and re.search(r"\bNo\.?\s*\d", text):
        return False
    return not (w == "absence" and i >= 2 and ws[i - 2] == "in")


def negated(ws: list[str], text: str) -> bool:
    """The words contain a negation ("No 10" and "No. 5" do not count)."""
    return any(_is_cue(ws, i, text) for i in range(len(ws)))


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
    for part in _CLAUSE_SPLIT.split(sentence):
        ws = words(part)
        if len(ws) < 2:
            continue
        heads = set()
        scopes = []
        for i, w in enumerate(ws):
            if _is_cue(ws, i, part):
                scopes.append((w in DENIALS, frozenset(content(ws[i + 1 :]))))
                for nxt in ws[i + 1 : i + 5]:
                    if len(nxt) > 2 and nxt not in _FUNCTION_WORDS and nxt not in NEGATIONS:
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
                hedge_heads=frozenset(_heads_after(ws, lambda w: w in HEDGES or w in _LOOK_VERBS)),
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
                if len(nxt) > 2 and nxt not in _FUNCTION_WORDS and nxt not in NEGATIONS and nxt != "to":
                    heads.add(lemma(nxt))
                    break
    return heads


def _reporter(ws: list[str]) -> frozenset[str] | None:
    """The subject words of a clause that reports someone ("Some residents claimed that ..."), else None."""
    for i, w in enumerate(ws):
        if w in REPORTING_ANY:
            return frozenset(lemma(x) for x in ws[:i] if len(x) > 2 and x not in _SUBJECT_FILLER)
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
        if w in _LOOK_VERBS:
            if (i + 1 < len(ws) and ws[i + 1] == "to") or (i > 0 and ws[i - 1] in ("it", "there")):
                return True
        elif w in HEDGES:
            return True
    return False


def _covers(out_content: set[str], clause: Clause) -> int:
    return len(out_content & clause.content)


def compare(sentence: str, source: list[Clause], *, anchored: bool = True) -> list[Clash]:
    """Clashes between one output sentence and the clauses of the sentences it relies on.

    ``anchored``: the item cites these sentences. A headline or summary sentence is matched against the whole
    article, so a clause counts as restated only when the sentence holds at least half of its words.
    """
    ws = words(sentence)
    cont = content(ws)
    if len(cont) < 2:
        return []
    out_neg = negated(ws, sentence)
    covered = [c for c in source if _covers(cont, c) >= 2 and (anchored or _restates(cont, c))]
    # A reporting verb the source clause itself uses ("allegedly told donors") is content, not an attribution.
    source_words = {w for c in covered for w in c.words}
    out_keeps = any(w in HEDGES or w in EPISTEMIC or (w in KEEPERS and w not in source_words) for w in ws) or bool(
        re.search(r"[\"\u201c\u201d]", sentence)
    )
    clashes: list[Clash] = []
    # Each coordinated part of the output keeps its own negation and hedge: "X had a heroin addiction, and his
    # parents reportedly did not know" drops the first "reportedly" although the sentence still has one.
    parts = [(p, pw, content(pw)) for p in _OUT_SPLIT.split(sentence) if len(content(pw := words(p))) >= 1]
    for part, pws, pcont in parts:
        if negated(pws, part):
            continue
        affirms = any(w in AFFIRMATIONS for w in pws)
        contra = any(w in CONTRA for w in pws)
        mine = _part_covers(pcont, source, anchored)
        mine += [c for c in source if c.negated and len(c.content) == 1 and c.content <= pcont]  # "no warning"
        hit = next(((c, m) for c in mine if (m := _flipped(c, pcont, affirms, contra))), None)
        if hit:
            clashes.append(Clash("negation_flipped", "error", hit[0].sid, hit[1]))
            break
    if out_neg and covered and not any(c.negated for c in covered):
        heads = _out_neg_heads(ws) & set().union(*(c.content for c in covered))
        if heads:
            c = max(covered, key=lambda c: _covers(cont, c))
            msg = f"negates {', '.join(sorted(heads))!r}, which sentence {c.sid} states ({_snip(c.text)!r})"
            clashes.append(Clash("negation_flipped", "error", c.sid, msg))
    # Hedge: a clause the output restates is hedged, no unhedged clause says the same, and the output keeps no
    # hedge or attribution of its own.
    for _part, pws, pcont in parts:
        dropped = _hedge_dropped(pws, pcont, _part_covers(pcont, source, anchored), source, out_keeps)
        if dropped:
            clashes.append(dropped)
            break
    # Attribution: a clause that reports someone, restated with no reporting word and no word of its subject.
    if not out_keeps and not any(w in ATTRIBUTING for w in ws) and not _reports_someone(sentence):
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
    if _AGREE in {lemma(w) for w in ws} and covered and not any(_AGREE in c.content for c in source):
        strong_out.add(_AGREE)
    source_strong = set().union(*(c.strong | c.content for c in source)) if source else set()
    extra = strong_out - source_strong
    if extra and covered:
        c = max(covered, key=lambda c: _covers(cont, c))
        said = sorted({w for w in ws if lemma(w) in extra})
        msg = f"generalises with {', '.join(said)!r}, which sentence {c.sid} does not say ({_snip(c.text)!r})"
        clashes.append(Clash("overgeneralised", "error", c.sid, msg))
    return clashes


def _hedge_dropped(
    pws: list[str], pcont: set[str], covered: list[Clause], source: list[Clause], out_keeps: bool
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
        hedge = next((w for w in c.words if w in HEDGES or w in _LOOK_VERBS), "hedge")
        if hedge in MARKED_HEDGES:
            # "perhaps he could feel aggrieved" -> "he said he feels aggrieved": the reporting verb keeps who
            # said it, not the doubt; only a word of doubt keeps that (a report verb for "reportedly").
            substitute = any((w in HEDGES or w in EPISTEMIC) and w not in c.words for w in pws) or hedge in pws
            kept, severity = substitute or (hedge in HEARSAY and out_keeps), "error"
        else:
            kept, severity = out_keeps, "warning"  # "did appear to lead" -> "led" may be style
        if not kept:
            return Clash("hedge_dropped", severity, c.sid, f"drops the hedge {hedge!r} of sentence {c.sid}; keep it")
    return None


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
                if len(nxt) > 2 and nxt not in _FUNCTION_WORDS and nxt not in NEGATIONS:
                    heads.add(lemma(nxt))
                    break
    return heads


def _snip(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


# Words that show an output sentence reports someone's finding or statement, not the narrator's own.
ATTRIBUTING = KEEPERS | frozenset("found finds concluded concludes showed shows".split())
_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_ABBREV = frozenset("mr mrs ms dr prof st sen gov gen rep jr sr lt col capt sgt no vs u.s a.m p.m".split())
TOP_SENTENCES = 3


def split_sentences(text: str) -> list[str]:
    """The sentences of an output text ("Dr. Kenji Mori" is not two)."""
    out: list[str] = []
    start = 0
    for m in _SENT_SPLIT.finditer(text):
        before = text[start : m.start()].split()
        if before and before[-1].rstrip(".\"'\u201d\u2019").lower() in _ABBREV:
            continue
        out.append(text[start : m.start()])
        start = m.end()
    out.append(text[start:])
    return [s for s in out if s.strip()]


def _aligned(idx: ArticleIndex, cont: set[str], sids: list[int] | None) -> list[int]:
    """The sentences an output sentence relies on: the cited ones, or the closest few of the whole article."""
    if sids is not None:
        return list(sids)
    scored = sorted(((len(cont & idx.lemmas(s.id)), s.id) for s in idx.article.sentences), key=lambda t: (-t[0], t[1]))
    return [sid for n, sid in scored[:TOP_SENTENCES] if n >= 2]


def clash_findings(
    idx: ArticleIndex, text: str, sids: list[int] | None, *, claim: Claim | None = None
) -> list[tuple[str, str, int, str]]:
    """(kind, severity, sentence id, message) for every meaning clash of ``text`` with what it relies on."""
    out: list[tuple[str, str, int, str]] = []
    for sentence in split_sentences(text):
        ws = words(sentence)
        cont = content(ws)
        if len(cont) < 2:
            continue
        ids = _aligned(idx, cont, sids)
        source = [c for sid in ids for c in idx.clauses(sid)]
        for clash in compare(sentence, source, anchored=sids is not None):
            out.append((clash.kind, clash.severity, clash.sid, clash.message))
        if sids is not None:
            # Only items that cite their sentences: a headline or summary compresses, and "the agency said" may
            # go for an uncontested event; the key points and claims keep who said what.
            dropped = _attribution_dropped(idx, sentence, ws, cont, ids, claim)
            if dropped:
                out.append(dropped)
    return out


_REPORT_VERBS = (REPORTING_ANY | DENIALS | KEEPERS) - HEDGES


def _reports_someone(sentence: str) -> bool:
    """A reporting verb with a subject before it ("Lord Goldsmith denied", "the column says"), or "according to"."""
    if re.search(r"\baccording to\b", sentence, re.IGNORECASE):
        return True
    toks = [t.lower() for t in re.findall(r"[A-Za-z][\w'\u2019-]*", sentence)]
    verbs = _REPORT_VERBS | {v for v in nlp.REPORTING_VERBS if " " not in v}
    return any(t in verbs for t in toks[1:])


def _frames(clauses: list[Clause], verb: str | None) -> bool:
    """The reporting verb stands in the first or last clause ("X said ...", "..., X said"), not in an aside
    ("..., as her father had claimed, ...") that leaves the rest of the sentence in the narrator's voice."""
    if not verb or not clauses:
        return True
    where = [i for i, c in enumerate(clauses) if verb.lower() in c.words]
    return not where or any(i in (0, len(clauses) - 1) for i in where)


def _attribution_dropped(
    idx: ArticleIndex, sentence: str, ws: list[str], cont: set[str], ids: list[int], claim: Claim | None
) -> tuple[str, str, int, str] | None:
    """A source's statement restated in the narrator's voice: no reporting verb, no source, no quotation."""
    if len(cont) < 3 or re.search(r"[\"\u201c\u201d]", sentence):
        return None
    attributed = [
        (sid, a)
        for sid in ids
        if (a := idx.attributions.get(sid)) is not None and a.speaker and _frames(idx.clauses(sid), a.verb)
    ]
    if not attributed:
        return None
    source_words = {w for sid, _ in attributed for w in words(idx.text_of(sid))}
    if _reports_someone(sentence) or any((w in HEDGES or w in EPISTEMIC) and w not in source_words for w in ws):
        return None
    speaker_words: set[str] = set()
    for _, a in attributed:
        speaker_words |= set(words(a.speaker or "")) | set(words(a.speaker_title or ""))
    if claim is not None and claim.speaker:
        speaker_words |= set(words(claim.speaker))
    speaker_words -= _SUBJECT_FILLER
    if speaker_words & set(ws):
        return None
    held = cont & set().union(*(idx.lemmas(sid) for sid, _ in attributed))
    if len(held) < max(3, 0.5 * len(cont)):
        return None
    sid, a = attributed[0]
    msg = f"states as fact what sentence {sid} attributes to {a.speaker}; keep the attribution"
    return ("hedge_dropped", "error", sid, msg)
