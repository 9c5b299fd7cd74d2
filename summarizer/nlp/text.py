"""Words, hedges and the narrator-voice patterns (speculation, denial cues, predictions).

Pure Python over the word lists of summarizer.nlp.vocab; the base of the lexicon and of attribution.
"""

from __future__ import annotations

import re

from summarizer.nlp.vocab import HEDGE_MARKERS

_WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019.\-][A-Za-z0-9\u00C0-\u024F]+)*")


def words(text: str) -> list[str]:
    """Word tokens, for counts."""
    return _WORD_RE.findall(text)


_HEDGE_RE = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(h).replace(r"\ ", r"\s+") for h in HEDGE_MARKERS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def hedges(text: str) -> list[str]:
    """Hedge markers found in ``text`` (lower-case, in order of first appearance, no repeats)."""
    found = (re.sub(r"\s+", " ", m.group().lower()) for m in _HEDGE_RE.finditer(text))
    return list(dict.fromkeys(found))


DENIAL_CUES_RE = re.compile(
    r"\b(?:untrue|false|falsehoods?|baseless|fabricat\w*|no such|never took place|did not take place|"
    r"never happened|did not happen|didn't happen|nonsense|fake news|categorically|without foundation|"
    r"groundless|no truth|not true|absurd|a lie|lying|distort(?:ed|ion|ing)|(?:taken|quoted) out of context|"
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
