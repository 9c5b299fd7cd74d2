"""Words and word forms, hedges, negation cues and the narrator-voice patterns (speculation, denial cues).

Pure Python over the word lists of summarizer.nlp.vocab; the base of the lexicon, of attribution and of the trust
checks' meaning comparison (lemma, content words, negation and belief cues).
"""

from __future__ import annotations

import re

from summarizer.nlp.vocab import (
    ATTRIBUTING,
    EPISTEMIC,
    FRAME_VERBS,
    FUNCTION_WORDS,
    HEDGE_MARKERS,
    INTENT_SUBJECTS,
    INTENTIONS,
    IRREGULAR_VERBS,
    NEGATIONS,
    REPORT_VERBS,
    REPORTING_VERBS,
)

_WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019.\-][A-Za-z0-9\u00C0-\u024F]+)*")
# The compared form starts with a letter: numbers are compared by summarizer.nlp.numbers, not as words.
_LETTER_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def words(text: str, *, fold: bool = False) -> list[str]:
    """Word tokens as written, for counts; with ``fold``, the form the checks compare: letter words in lower case
    (apostrophes kept, so "didn't" is one word), and "May" inside a sentence is the month ``may-month``, not the
    hedge."""
    if not fold:
        return _WORD_RE.findall(text)
    out = []
    for i, w in enumerate(_LETTER_WORD_RE.findall(text)):
        out.append("may-month" if w == "May" and i > 0 else w.lower().replace("\u2019", "'"))
    return out


def lemma(word: str) -> str:
    """A comparable form: irregular verbs mapped, then -s/-es/-ed/-ing and a final -e stripped (change = changed)."""
    w = word.lower().replace("\u2019", "'")
    if w in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[w]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    else:
        for suffix in ("ing", "ed", "es", "s"):
            if len(w) > len(suffix) + 2 and w.endswith(suffix) and not w.endswith(("ss", "us", "is")):
                w = w[: -len(suffix)]
                break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


def content(ws: list[str]) -> set[str]:
    """Lemmas of the words that carry meaning (reporting verbs and negations carry the frame, not the content)."""
    return {
        lemma(w) for w in ws if len(w) > 2 and w not in FUNCTION_WORDS and w not in NEGATIONS and w not in FRAME_VERBS
    }


def is_cue(ws: list[str], i: int, text: str) -> bool:
    """``ws[i]`` negates: not "No 10" / "No. 5", not "in the absence of" (a condition)."""
    w = ws[i]
    if not (w in NEGATIONS or w.endswith("n't")):
        return False
    if w == "no" and re.search(r"\bNo\.?\s*\d", text):
        return False
    if w in ("no", "not", "nothing") and ws[i + 1 : i + 3] in (["more", "than"], ["less", "than"], ["only"], ["but"]):
        return False  # "no more than a parody" = "just a parody"; "not only ... but"
    return not (w == "absence" and i >= 2 and ws[i - 2] == "in")


def negated(ws: list[str], text: str) -> bool:
    """The words contain a negation ("No 10" and "No. 5" do not count)."""
    return any(is_cue(ws, i, text) for i in range(len(ws)))


def epistemic(ws: list[str]) -> list[str]:
    """The words of belief and intention in ``ws`` ("think", "plans to"; not "the plan")."""
    out = []
    for i, w in enumerate(ws):
        takes_to = i + 1 < len(ws) and ws[i + 1] == "to"
        # "plans to", "we plan to"; not "Trump's plan to keep forces" (a noun)
        verb = w[-1] in "sd" or (i > 0 and ws[i - 1] in INTENT_SUBJECTS)
        if w in EPISTEMIC or (w in INTENTIONS and takes_to and verb):
            out.append(w)
    return out


def reports_someone(sentence: str, *, ignore: list[str] | tuple[str, ...] = ()) -> bool:
    """A reporting verb after the first word ("Lord Goldsmith denied", "the column says"), or "according to";
    words in ``ignore`` do not count."""
    if re.search(r"\baccording to\b", sentence, re.IGNORECASE):
        return True
    toks = [t.lower() for t in re.findall(r"[A-Za-z][\w'\u2019-]*", sentence)]
    verbs = REPORT_VERBS | ATTRIBUTING | {v for v in REPORTING_VERBS if " " not in v}
    return any(t in verbs and t not in ignore for t in toks[1:])


_HEDGE_RE = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(h).replace(r"\ ", r"\s+") for h in HEDGE_MARKERS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


# "May" capitalised inside a sentence, or before a day, is the month (or Theresa May), never the modal.
_MAY_NOUN_RE = re.compile(r"(?<=[\w,;:)\u2019'\"] )May\b|^May(?=\s+\d)")


def no_month_may(text: str) -> str:
    """``text`` with the month "May" (and the name) written so that no modal pattern takes it for "may"."""
    return _MAY_NOUN_RE.sub("M_y", text)


def hedges(text: str) -> list[str]:
    """Hedge markers found in ``text`` (lower-case, in order of first appearance, no repeats)."""
    found = (re.sub(r"\s+", " ", m.group().lower()) for m in _HEDGE_RE.finditer(no_month_may(text)))
    return list(dict.fromkeys(found))


DENIAL_CUES_RE = re.compile(
    r"\b(?:untrue|false|falsehoods?|baseless|fabricat\w*|no such|never took place|did not take place|"
    r"never happened|did not happen|didn't happen|nonsense|fake news|categorically|without foundation|"
    r"groundless|no truth|not true|absurd|(?:is|are|was|were|'s|'re) (?:a lie|lies|lying)|"
    r"distort(?:ed|ion|ing)|(?:taken|quoted) out of context|"
    r"misrepresent\w*|played no (?:part|role)|had no (?:part|role|involvement)|(?:was|were) not involved|"
    r"no (?:other )?\w+(?: or \w+)? (?:was|were) involved|no \w+(?: \w+){0,2} (?:took|had taken|has taken) place)\b",
    re.IGNORECASE,
)
PREDICTION_RE = re.compile(r"\b(?:will|going to|expects?|predicts?|forecasts?)\b", re.IGNORECASE)

# Unsourced speculation in the narrator's voice ("could potentially", "experts say", "raises questions").
SPEC_RE = re.compile(
    r"\b(?:(?:could|may|might)\s+potentially|raises?\s+(?:\w+\s+)?questions|raising\s+(?:\w+\s+)?questions|"
    r"questions\s+(?:remain|linger)|(?:it\s+)?remains\s+to\s+be\s+seen|one\s+can\s+only\s+(?:wonder|imagine|speculate)|"
    r"(?:many|some|others)\s+are\s+(?:asking|wondering|saying|speculating)|"
    r"(?:it\s+is|it's)\s+(?:widely\s+)?(?:believed|thought|feared|rumou?red|speculated|whispered)|"
    r"there\s+(?:are|is)\s+(?:growing\s+|mounting\s+)?(?:fears?|concerns?|suspicions?|speculation)\b|"
    r"anyone's\s+guess|only\s+time\s+will\s+tell|speculation\s+(?:is\s+)?(?:mounting|growing|swirling|rife)|"
    r"rumou?rs\s+(?:are\s+)?(?:swirling|circulating|flying)|"
    r"(?:could|may|might)\s+(?:well\s+|even\s+|ultimately\s+|very\s+well\s+)?(?:signal|spell|herald|trigger|spark|"
    r"unleash|lead\s+to|mark\s+the|be\s+the\s+(?:beginning|end|start))|"
    r"(?:experts|analysts|critics|observers|commentators|pundits|insiders|skeptics|sceptics|watchers|some|many|others)"
    r"\s+(?:have\s+|had\s+|are\s+)?(?:\w+ly\s+)?(?:say|said|note|noted|noting|argue|argued|believe|believed|suggest|"
    r"suggested|fear|feared|warn|warned|speculate|speculated|wonder|wondered|think|thought|claim|claimed|"
    r"point\s+out|pointed\s+out|worry|worried|predict|predicted|question|questioned|ask|asked|agree|agreed|"
    r"contend|contended|suspect|suspected|whisper|whispered))\b",
    re.IGNORECASE,
)
MODAL_RE = re.compile(r"\b(?:could|might|may)\b", re.IGNORECASE)
