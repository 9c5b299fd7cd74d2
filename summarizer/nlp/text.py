"""Shared text vocabulary: word tokens, quotation spans, hedges, reporting verbs and name runs.

The common base of summarizer.nlp.lexicon and summarizer.nlp.attribution (and, through summarizer.nlp, of everything
else). Pure Python: imports only the stdlib, so it can never be part of an import cycle.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- words and quotes

_WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019.\-][A-Za-z0-9\u00C0-\u024F]+)*")


def words(text: str) -> list[str]:
    """Word tokens, for counts."""
    return _WORD_RE.findall(text)


_OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d"}
_CLOSERS = {"\u201d", "\u00bb"}
_QUOTE_CHARS_RE = re.compile('["\u201c\u201d\u00ab\u00bb\u201e]')


def _straight_is_opening(text: str, i: int) -> bool:
    # A straight quote opens when nothing word-like precedes it (start, space, bracket, dash).
    if i == 0:
        return True
    prev = text[i - 1]
    if prev.isspace() or prev in "([{\u2014\u2013-/:":
        return True
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not (prev.isalnum() or prev in ".,!?;:'\u2019)") and not nxt.isspace()


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, straight and curly, marks included (unclosed: to the paragraph end)."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_CHARS_RE.finditer(text):
        i, ch = m.start(), m.group()
        opening = _straight_is_opening(text, i) if ch == '"' else ch in _OPENERS
        if opening:
            if open_at is not None:
                # A new opening before a close: the previous quote ran to its paragraph end (multi-paragraph quote).
                spans.append((open_at, _para_end(text, open_at, i)))
            open_at = i
        else:
            if open_at is None:
                # A closing mark with no opening: the quote began before this text (a sentence mid-quote).
                start = 0 if not spans else spans[-1][1]
                para = text.rfind("\n\n", start, i)
                spans.append((para + 2 if para >= 0 else start, i + 1))
            else:
                spans.append((open_at, i + 1))
                open_at = None
    if open_at is not None:
        spans.append((open_at, _para_end(text, open_at, len(text))))
    return spans


def _para_end(text: str, start: int, limit: int) -> int:
    brk = text.find("\n\n", start, limit)
    return brk if brk >= 0 else limit


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def mask(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    # Same length as text, quoted regions blanked with "_", so narrator-voice regexes skip them.
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        for k in range(max(0, s), min(len(chars), e)):
            if chars[k] != "\n":
                chars[k] = "_"
    return "".join(chars)


DETERMINERS = frozenset("a an the this that these those its his her their our your my".split())


# --------------------------------------------------------------------------- hedges and verbs

HEDGE_MARKERS: frozenset[str] = frozenset(
    {
        "allegedly", "reportedly", "purportedly", "supposedly", "apparently", "seemingly", "possibly", "perhaps",
        "probably", "likely", "unlikely", "may", "might", "could", "would", "appears", "appeared", "appear",
        "seems", "seemed", "seem", "suggests", "suggested", "suggest", "according to", "claimed", "claims",
        "claim", "claiming", "alleged", "alleges", "allege", "alleging", "said to", "believed to", "thought to",
        "suspected", "unconfirmed", "unverified", "rumored", "rumoured", "reported", "estimated", "expected to",
        "is said", "was said", "not clear", "unclear", "it is possible", "potentially",
    }
)  # fmt: skip
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


def _forms(pairs: dict[str, str], ctype: str) -> dict[str, str]:
    out = {}
    for lemma, forms in pairs.items():
        out[lemma] = ctype
        for f in forms.split():
            out[f] = ctype
    return out


REPORTING_VERBS: dict[str, str] = {
    **_forms(
        {
            "say": "says said", "tell": "tells told", "state": "states stated", "add": "adds added",
            "note": "notes noted", "explain": "explains explained", "announce": "announces announced",
            "report": "reports reported", "write": "writes wrote", "tweet": "tweets tweeted", "post": "posted",
            "insist": "insists insisted", "acknowledge": "acknowledges acknowledged", "confirm": "confirms confirmed",
            "reply": "replies replied", "respond": "responds responded", "recall": "recalls recalled",
            "testify": "testifies testified", "declare": "declares declared", "remark": "remarks remarked",
            "admit": "admits admitted", "reveal": "reveals revealed", "concede": "concedes conceded",
            "disclose": "discloses disclosed", "tout": "touts touted", "describe": "describes described",
        },
        "statement",
    ),
    **_forms(
        {
            "deny": "denies denied", "reject": "rejects rejected", "dismiss": "dismisses dismissed",
            "refute": "refutes refuted", "dispute": "disputes disputed", "rebut": "rebuts rebutted",
            "contradict": "contradicts contradicted",
        },
        "denial",
    ),
    **_forms(
        {
            "claim": "claims claimed", "allege": "alleges alleged", "accuse": "accuses accused",
            "charge": "charged", "assert": "asserts asserted", "contend": "contends contended",
        },
        "allegation",
    ),
    **_forms(
        {
            "predict": "predicts predicted", "forecast": "forecasts forecasted", "expect": "expects expected",
            "warn": "warns warned", "project": "projected", "vow": "vows vowed", "promise": "promises promised",
            "pledge": "pledges pledged", "estimate": "estimates estimated",
        },
        "prediction",
    ),
    **_forms(
        {
            "believe": "believes believed", "think": "thinks thought", "argue": "argues argued",
            "feel": "feels felt", "suggest": "suggests suggested", "fear": "fears feared",
            "opine": "opines opined", "worry": "worries worried", "hope": "hopes hoped",
        },
        "opinion",
    ),
    "according to": "statement",
}  # fmt: skip
for _nounish in ("project", "charge", "post", "state", "note", "report", "remark", "tweet", "estimate", "forecast"):
    REPORTING_VERBS.pop(_nounish, None)
FACTIVE_VERBS: frozenset[str] = frozenset(
    "reveal reveals revealed revealing admit admits admitted admitting confirm confirms confirmed confirming "
    "prove proves proved proven proving expose exposes exposed exposing".split()
)
NOUNISH_FORMS = frozenset(
    "claim claims remarks reports notes states charges fears hopes estimates promises pledges disputes vows "
    "warns forecasts thoughts tweets posts says".split()
)
INVERTED_VERBS = frozenset(
    "said says added told wrote asked continued insisted explained argued warned replied noted claimed denied "
    "tweeted posted recalled declared".split()
)
DENIAL_CUES_RE = re.compile(
    r"\b(?:untrue|false|falsehoods?|baseless|fabricat\w*|no such|never took place|did not take place|"
    r"never happened|did not happen|didn't happen|nonsense|fake news|categorically|without foundation|"
    r"groundless|no truth|not true|absurd|a lie|lying)\b",
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

# --------------------------------------------------------------------------- names

TITLE_WORDS = frozenset(
    "president vice prime minister secretary senator sen. rep. representative gov. governor mayor judge justice "
    "general gen. col. colonel lt. captain capt. chancellor king queen prince princess pope dr. dr mr. mr mrs. mrs "
    "ms. ms miss professor prof. chief director ambassador commissioner spokesman spokeswoman spokesperson chairman "
    "chairwoman chair ceo attorney sheriff inspector speaker leader deputy foreign defense defence interior finance "
    "sergeant sgt. admiral adm. lord lady sir rev. bishop coach premier envoy adviser advisor aide commander "
    "superintendent detective officer chancellor-elect president-elect senior press executive founder auditor "
    "treasurer clerk manager member councilman councilwoman administrator official analyst economist "
    "correspondent editor".split()
)
_ORG_WORDS = frozenset(
    "house kremlin ministry department office council party committee court agency bank union nations government "
    "parliament senate congress commission police army navy times post news inc corp university institute "
    "association federation republic states kingdom organization organisation group company service services fund "
    "board authority bureau pentagon administration campaign embassy foundation network agency airlines league "
    "club team assembly cabinet duma command forces reserve exchange reuters press tribune journal".split()
)
NOT_NAMES = frozenset(
    "the a an he she they it we i you this that these those but and or so yet if in on at for from by with as "
    "after before when while then there here his her their its our my your what who why how where which "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december mr mrs ms dr according meanwhile however still also even "
    "both each every some many most one two three several other others critics experts analysts observers "
    "breaking exclusive update watch".split()
)
CAP = r"(?:[A-Z][a-z\u00C0-\u024F'\u2019]*(?:-[A-Z]?[a-z\u00C0-\u024F]+)*\.?|[A-Z]{2,}|[A-Z]\.)"
NAME_RUN_RE = re.compile(rf"{CAP}(?:\s+(?:(?:de|da|del|der|van|von|bin|al|la|le|du|di|el)\s+)?{CAP})*")


def clean_run(run: str) -> str:
    toks = run.split()
    while toks and toks[0].lower().rstrip(".") in NOT_NAMES:
        toks.pop(0)
    while toks and toks[-1].lower().rstrip(".") in NOT_NAMES:
        toks.pop()
    # A sentence's full stop is not part of the name; an initial ("J.") or a title ("Dr.") keeps its dot.
    if toks and toks[-1].endswith(".") and len(toks[-1]) > 2 and toks[-1].lower() not in TITLE_WORDS:
        toks[-1] = toks[-1][:-1]
    return " ".join(toks)


def split_title(run: str) -> tuple[str | None, str]:
    """Split 'Foreign Minister Sergei Lavrov' into ('Foreign Minister', 'Sergei Lavrov')."""
    toks = run.split()
    last_title = -1
    for i, t in enumerate(toks[:-1]):
        if t.lower() in TITLE_WORDS:
            last_title = i
    if last_title < 0:
        return None, run
    return " ".join(toks[: last_title + 1]), " ".join(toks[last_title + 1 :])


def is_org(name: str) -> bool:
    toks = name.split()
    return any(t.lower() in _ORG_WORDS for t in toks) or (len(toks) == 1 and toks[0].isupper() and len(toks[0]) > 1)


def person_names(text: str) -> list[str]:
    """Capitalised name sequences that look like people/orgs/places (titles stripped), in order, no repeats."""
    out: dict[str, None] = {}
    for m in NAME_RUN_RE.finditer(text):
        run = clean_run(m.group())
        if not run:
            continue
        at_start = m.start() == 0 or bool(re.search(r"(?:[.!?:]['\"\u201d]?\s+|[\"\u201c\n]\s*)$", text[: m.start()]))
        title, name = split_title(run)
        if not name or name.lower().rstrip(".") in TITLE_WORDS:
            continue
        # A lone capitalised word at a sentence start is usually just the first word.
        if at_start and " " not in run and name == run and m.group().split()[0] == run:
            nxt = text[m.end() : m.end() + 12]
            if not re.match(r"\s+(?:said|says|told|added|denied|claimed)\b", nxt):
                continue
        out[name] = None
    return list(out)
