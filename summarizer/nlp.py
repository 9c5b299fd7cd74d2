"""Shared text knowledge: quotes, the loaded-language lexicon, hedges, and attribution (who said what).

Pure Python (compiled regexes, word lists) so the extractive engine, the trust checks and the HTML renderer
can call it on every output without a model. Imports only the stdlib and summarizer.schemas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from summarizer.schemas import Article

# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class LexiconEntry:
    """One loaded term and its neutral replacement (None = remove the word)."""

    term: str
    replacement: str | None
    pos: str
    # Used instead of removal where removal would leave a hole ("the news was shocking." -> "... unexpected.").
    fallback: str | None = None


@dataclass(frozen=True)
class LoadedTerm:
    """A lexicon match in a text: span, the text as written and its entry."""

    start: int
    end: int
    text: str
    entry: LexiconEntry


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


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _mask(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    # Same length as text, quoted regions blanked with "_", so narrator-voice regexes skip them.
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        for k in range(max(0, s), min(len(chars), e)):
            if chars[k] != "\n":
                chars[k] = "_"
    return "".join(chars)


# --------------------------------------------------------------------------- lexicon


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, LexiconEntry]:
    """The loaded-language lexicon from summarizer/data/loaded_language.txt, keyed by lower-case term (cached)."""
    raw = resources.files("summarizer").joinpath("data/loaded_language.txt").read_text(encoding="utf-8")
    out: dict[str, LexiconEntry] = {}
    for line in raw.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        term, repl, pos = parts[0].strip().lower(), parts[1].strip(), parts[2].strip()
        fallback = parts[3].strip() if len(parts) > 3 and parts[3].strip() else None
        out[term] = LexiconEntry(term=term, replacement=None if repl in {"-", ""} else repl, pos=pos, fallback=fallback)
    return out


@lru_cache(maxsize=1)
def _lexicon_re() -> re.Pattern[str]:
    terms = sorted(load_lexicon(), key=lambda t: (-len(t), t))
    alts = []
    for t in terms:
        pat = re.escape(t).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]?")
        alts.append(pat)
    return re.compile(r"(?<![\w'\u2019-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


# Literal senses that are not loaded: the next word decides ("explosive device", "massive stroke" stays loaded).
_LITERAL_NEXT = {
    "explosive": {"device", "devices", "material", "materials", "charge", "charges", "ordnance", "vest", "vests"},
    "panic": {"attack", "attacks", "button", "room"},
    "shock": {"absorber", "absorbers", "therapy", "troops"},
    "crushing": {"machine"},
}
# Rhetorical-only verbs: count only with a person/argument object ("destroyed his critics", not "destroyed a bridge").
_RHETORICAL_ONLY = {"destroys", "destroyed", "destroying"}
_RHETORICAL_OBJ_RE = re.compile(
    r"\s+(?:(?:his|her|their|the|a)\s+)?(?:[A-Z][a-z]|him\b|her\b|them\b|critics?\b|opponents?\b|rivals?\b|"
    r"reporters?\b|journalists?\b|hosts?\b|interviewers?\b|arguments?\b|case\b|narrative\b|claims?\b|"
    r"challengers?\b|detractors?\b)"
)


def _entry_for(text: str, m: re.Match[str]) -> LexiconEntry | None:
    key = re.sub(r"\s+", " ", m.group().lower())
    lex = load_lexicon()
    entry = lex.get(key) or lex.get(key.replace(" ", "-")) or lex.get(key.replace("-", " "))
    if entry is None:
        entry = next((e for t, e in lex.items() if t.replace("-", "") == key.replace("-", "").replace(" ", "")), None)
    if entry is None:
        return None
    nxt = re.match(r"\s+([A-Za-z]+)", text[m.end() :])
    if entry.term in _LITERAL_NEXT and nxt and nxt.group(1).lower() in _LITERAL_NEXT[entry.term]:
        return None
    if entry.term in _RHETORICAL_ONLY and not _RHETORICAL_OBJ_RE.match(text, m.end()):
        return None
    return entry


def loaded_terms(
    text: str, *, include_quoted: bool = False, protected: list[tuple[int, int]] | None = None
) -> list[LoadedTerm]:
    """Lexicon terms in ``text``; by default only the narrator's voice (outside quotation marks and ``protected``)."""
    spans = [] if include_quoted else quote_spans(text) + list(protected or [])
    out: list[LoadedTerm] = []
    for m in _lexicon_re().finditer(text):
        if spans and _inside(spans, m.start(), m.end()):
            continue
        entry = _entry_for(text, m)
        if entry is not None:
            out.append(LoadedTerm(m.start(), m.end(), m.group(), entry))
    return out


def sensationalism(text: str) -> float:
    """Loaded terms per 100 words in the narrator's voice (outside quotation marks)."""
    spans = quote_spans(text)
    narrator = words(_mask(text, spans).replace("_", " "))
    if not narrator:
        return 0.0
    return round(100.0 * len(loaded_terms(text)) / len(narrator), 2)


_COPULAS = frozenset(
    "is was were are be been being am seems seemed seem looks looked look became become becomes remain remained "
    "remains so very too more most less least truly quite rather as how".split()
)
_DETERMINERS = frozenset("a an the this that these those its his her their our your my".split())
_AN_EXCEPTIONS = ("eu", "uni", "use", "usu", "one", "once", "u.s", "ukr", "uk ", "uganda", "ura", "eur", "ewe")
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")


def _wants_an(word: str) -> bool:
    w = word.lower()
    if w.startswith(_SILENT_H):
        return True
    if not w or w[0] not in "aeiou":
        return False
    return not w.startswith(_AN_EXCEPTIONS)


def _match_case(src: str, repl: str) -> str:
    if not repl:
        return repl
    if len(src) > 1 and src.isupper():
        return repl.upper()
    if src[0].isupper():
        return repl[0].upper() + repl[1:]
    return repl


_SENT_START_RE = re.compile(r"(?:^|[.!?]['\"\u201d\u2019]?\s+|\n\s*)$")


def neutralize(text: str, *, protected: list[tuple[int, int]] | None = None) -> str:
    """Replace or remove loaded terms outside quotes (and ``protected`` spans); fix spacing, a/an and capitals."""
    terms = loaded_terms(text, protected=protected)
    if not terms:
        return text
    out: list[str] = []
    pos = 0
    capitalize_next = False
    for t in terms:
        if t.start < pos:
            continue  # overlapped by an absorbed neighbour
        before = text[pos : t.start]
        if capitalize_next and before.strip():
            before = _cap_first(before)
            capitalize_next = False
        out.append(before)
        written = "".join(out)
        repl = t.entry.replacement
        rest = text[t.end :]
        if repl is None:
            prev_word = re.search(r"([A-Za-z]+)\W*$", written)
            prev = prev_word.group(1).lower() if prev_word else ""
            nxt = re.match(r"\s*([A-Za-z]+)", rest)
            hole = (
                t.entry.pos == "adj"
                and (prev in _COPULAS or not nxt or nxt.group(1).lower() in _FUNCTION_WORDS)
                and not re.match(r"\s*,\s*(?:and\s+)?[A-Za-z]", rest)
            )
            if hole:
                repl = t.entry.fallback or "notable"
        if repl:
            at_start = bool(_SENT_START_RE.search(written))
            rep = _match_case(t.text, repl)
            if at_start:
                rep = _cap_first(rep)
            _fix_article(out, rep)
            out.append(rep)
            pos = t.end
            continue
        # Removal: drop the term and the space after it; a dangling ", " or "and " joins the next word.
        at_start = bool(_SENT_START_RE.search(written))
        skip = re.match(r"\s*(?:,\s*(?:and\s+)?|and\s+)?" if _ends_with_det_or_start(written) else r"\s*", rest)
        pos = t.end + (skip.end() if skip else 0)
        nothing_follows = pos >= len(text) or text[pos] in ".,;:!?)"
        if nothing_follows and out and out[-1].endswith(" "):
            out[-1] = out[-1][:-1]  # trim the space we left before the removed word
        nxt_word = re.match(r"([A-Za-z]+)", text[pos:])
        if nxt_word:
            _fix_article(out, nxt_word.group(1))
        if at_start or (t.text[:1].isupper() and not _ends_with_det_or_start("".join(out))):
            capitalize_next = at_start
    tail = text[pos:]
    if capitalize_next:
        tail = _cap_first(tail)
    out.append(tail)
    result = "".join(out)
    return re.sub(r"(?<=\S)  +(?=\S)", " ", result) if "  " in result and "  " not in text else result


_FUNCTION_WORDS = frozenset(
    "to for that and but or as in on of at by with from than is was were are be been about after before "
    "over under into onto while when because since if so".split()
)


def _ends_with_det_or_start(written: str) -> bool:
    if _SENT_START_RE.search(written):
        return True
    m = re.search(r"([A-Za-z]+)\s*$", written)
    return bool(m and m.group(1).lower() in _DETERMINERS)


def _cap_first(s: str) -> str:
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1 :]
    return s


def _fix_article(out: list[str], next_word: str) -> None:
    # Re-choose "a"/"an" when the word after the article changed.
    if not out:
        return
    if len(out) > 1:
        joined = "".join(out)
        out.clear()
        out.append(joined)
    m = re.search(r"\b([Aa]n?)(\s+)$", out[-1])
    if not m:
        return
    art = m.group(1)
    want = "an" if _wants_an(next_word) else "a"
    if art.lower() != want:
        new = want if art[0] == "a" else want.capitalize()
        out[-1] = out[-1][: m.start(1)] + new + m.group(2)


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

# --------------------------------------------------------------------------- names

_TITLE_WORDS = frozenset(
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
_NOT_NAMES = frozenset(
    "the a an he she they it we i you this that these those but and or so yet if in on at for from by with as "
    "after before when while then there here his her their its our my your what who why how where which "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december mr mrs ms dr according meanwhile however still also even "
    "both each every some many most one two three several other others critics experts analysts observers "
    "breaking exclusive update watch".split()
)
_CAP = r"(?:[A-Z][a-z\u00C0-\u024F'\u2019]*(?:-[A-Z]?[a-z\u00C0-\u024F]+)*\.?|[A-Z]{2,}|[A-Z]\.)"
_NAME_RUN_RE = re.compile(rf"{_CAP}(?:\s+(?:(?:de|da|del|der|van|von|bin|al|la|le|du|di|el)\s+)?{_CAP})*")


def _name_tokens(run: str) -> list[str]:
    return run.split()


def _clean_run(run: str) -> str:
    toks = run.split()
    while toks and toks[0].lower().rstrip(".") in _NOT_NAMES:
        toks.pop(0)
    while toks and toks[-1].lower().rstrip(".") in _NOT_NAMES:
        toks.pop()
    # A sentence's full stop is not part of the name; an initial ("J.") or a title ("Dr.") keeps its dot.
    if toks and toks[-1].endswith(".") and len(toks[-1]) > 2 and toks[-1].lower() not in _TITLE_WORDS:
        toks[-1] = toks[-1][:-1]
    return " ".join(toks)


def _split_title(run: str) -> tuple[str | None, str]:
    """Split 'Foreign Minister Sergei Lavrov' into ('Foreign Minister', 'Sergei Lavrov')."""
    toks = run.split()
    last_title = -1
    for i, t in enumerate(toks[:-1]):
        if t.lower() in _TITLE_WORDS:
            last_title = i
    if last_title < 0:
        return None, run
    return " ".join(toks[: last_title + 1]), " ".join(toks[last_title + 1 :])


def _is_org(name: str) -> bool:
    toks = name.split()
    return any(t.lower() in _ORG_WORDS for t in toks) or (len(toks) == 1 and toks[0].isupper() and len(toks[0]) > 1)


def person_names(text: str) -> list[str]:
    """Capitalised name sequences that look like people/orgs/places (titles stripped), in order, no repeats."""
    out: dict[str, None] = {}
    for m in _NAME_RUN_RE.finditer(text):
        run = _clean_run(m.group())
        if not run:
            continue
        at_start = m.start() == 0 or bool(re.search(r"(?:[.!?:]['\"\u201d]?\s+|[\"\u201c\n]\s*)$", text[: m.start()]))
        title, name = _split_title(run)
        if not name or name.lower().rstrip(".") in _TITLE_WORDS:
            continue
        # A lone capitalised word at a sentence start is usually just the first word.
        if at_start and " " not in run and name == run and m.group().split()[0] == run:
            nxt = text[m.end() : m.end() + 12]
            if not re.match(r"\s+(?:said|says|told|added|denied|claimed)\b", nxt):
                continue
        out[name] = None
    return list(out)


# --------------------------------------------------------------------------- attribution

_PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "any", "we": "any", "i": "any"}
_VAGUE = frozenset(
    "experts analysts critics observers commentators pundits insiders skeptics sceptics watchers onlookers people "
    "others some many most everyone nobody few supporters detractors opponents economists scholars historians "
    "strategists sources-say".split()
)
_QUANT = frozenset("some many most few several numerous countless other various certain".split())
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten dozens multiple".split())
_PASSIVE_AUX = frozenset("was were been being is are be".split())
_FILLER_RE = re.compile(
    r"(?:\s+(?:\w+ly|also|later|then|again|previously|once|has|have|had|did|does|do|not|never|would|will|further|"
    r"earlier|himself|herself|themselves|still|even|now|on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
    r"(?:last|this)\s+(?:week|month|year)))+\s*$"
)
_BOUNDARY_RE = re.compile(
    r"(?:[_,;:(\u2014\u2013]|\s-\s|\b(?:that|and|but|while|as|after|before|because|when|although|though|"
    r"which|where|if|since|so)\b)\s*"
)
_VERB_RE = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in REPORTING_VERBS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_NOUNISH_FORMS = frozenset(
    "claim claims remarks reports notes states charges fears hopes estimates promises pledges disputes vows "
    "warns forecasts thoughts tweets posts says".split()
)
_INVERTED_VERBS = frozenset(
    "said says added told wrote asked continued insisted explained argued warned replied noted claimed denied "
    "tweeted posted recalled declared".split()
)
_INVERTED_RE = re.compile(
    rf"\s+(?:the\s+|a\s+)?((?:[a-z]+\s+){{0,3}}?)({_CAP}(?:\s+{_CAP})*)(?:,\s+((?:the|a|an)\s+[^,.;_]{{2,80}}))?"
)
_DENIAL_CUES_RE = re.compile(
    r"\b(?:untrue|false|falsehoods?|baseless|fabricat\w*|no such|never took place|did not take place|"
    r"never happened|did not happen|didn't happen|nonsense|fake news|categorically|without foundation|"
    r"groundless|no truth|not true|absurd|a lie|lying)\b",
    re.IGNORECASE,
)
_PREDICTION_RE = re.compile(r"\b(?:will|going to|expects?|predicts?|forecasts?)\b", re.IGNORECASE)


@dataclass
class _Subject:
    kind: str  # "name" | "np" | "pronoun" | "vague"
    text: str
    title: str | None
    span: tuple[int, int]


def _parse_subject(chunk: str, offset: int) -> _Subject | None:
    """Classify the words right before (or after) a reporting verb as a speaker."""
    stripped = chunk.strip()
    if not stripped or "_" in stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip())
    span = (offset + lead, offset + lead + len(stripped))
    toks = stripped.split()
    if len(toks) > 9:
        return None
    low = stripped.lower()
    if low in _PRONOUNS:
        return _Subject("pronoun", stripped, None, span)
    if re.search(r"['\u2019]s$", stripped):
        return None  # possessive: "Trump's claims" is a noun phrase, not a speaker
    first = toks[0].lower()
    head = next((t.lower() for t in toks if t.lower() not in _QUANT and t.lower() not in _DETERMINERS), "")
    if first in _QUANT or head in _VAGUE or low in _VAGUE:
        return _Subject("vague", stripped, None, span)
    runs = list(_NAME_RUN_RE.finditer(stripped))
    last = runs[-1] if runs else None
    if last is not None and last.end() == len(stripped):
        run = _clean_run(last.group())
        before = stripped[: last.start()].strip()
        before_toks = before.lower().split()
        if run and before_toks and before_toks[-1] in {"for", "of", "at", "in", "from", "to", "with", "on"}:
            if first in _DETERMINERS or stripped[0].islower():
                np = re.sub(r"^(?:the|a|an)\s+", "", stripped, flags=re.IGNORECASE)
                return _Subject("np", np, None, span)
            return None
        if run:
            title, name = _split_title(run)
            if before:
                before = re.sub(r"^(?:the|a|an|former|then)\s+", "", before, flags=re.IGNORECASE)
                if len(before.split()) > 5:
                    return None
                title = (before + (" " + title if title else "")).strip() or None
            if name.lower() in _NOT_NAMES or name.lower().rstrip(".") in _TITLE_WORDS:
                return None
            return _Subject("name", name, title, span)
    counted = first in _DETERMINERS or first in _NUMBER_WORDS or first.isdigit()
    if counted and 2 <= len(toks) <= 6 and stripped[-1].isalpha():
        if toks[-1].lower() in _VAGUE:
            return _Subject("vague", stripped, None, span)
        np = re.sub(r"^the\s+", "", stripped, flags=re.IGNORECASE)
        return _Subject("np", np, None, span)
    if len(toks) == 1 and stripped.islower() and stripped.endswith("s") and stripped.isalpha():
        return _Subject("np", stripped, None, span)  # "officials", "investigators"
    return None


def _find(masked: str) -> tuple[_Subject | None, re.Match[str] | None]:
    """The first reporting verb in narrator text that has a recognisable subject, and that subject."""
    fallback: re.Match[str] | None = None
    for vm in _VERB_RE.finditer(masked):
        verb = re.sub(r"\s+", " ", vm.group().lower())
        after = masked[vm.end() : vm.end() + 4]
        if verb == "according to":
            np = re.match(r"\s+([^,.;:_()]{2,80})", masked[vm.end() :])
            if np:
                chunk = re.split(r"\s+(?:who|which|that|on|in a|last)\s+", np.group(1))[0]
                subj = _parse_subject(chunk, vm.end() + np.start(1))
                if subj is not None:
                    return subj, vm
            fallback = fallback or vm
            continue
        if re.match(r"\s+by\b", after):
            continue
        pre = masked[: vm.start()]
        filler = _FILLER_RE.search(pre)
        core = pre[: filler.start()] if filler else pre
        words_before = core.rstrip().split()
        if words_before and words_before[-1].lower() in _PASSIVE_AUX:
            continue
        if filler and re.search(r"\b(?:not|never)\b", filler.group()) and REPORTING_VERBS.get(verb) != "denial":
            continue  # "did not respond", "has not said": no statement was made
        start = 0
        for bm in _BOUNDARY_RE.finditer(core):
            start = bm.end()
        chunk = core[start:]
        subj = _parse_subject(chunk, start) if chunk.strip() else None
        if subj is not None and subj.kind not in {"name", "pronoun", "vague"} and verb in _NOUNISH_FORMS:
            subj = None  # "the explosive claims landed": a noun, not a reporting verb
        if subj is None and not chunk.strip():
            subj = _appositive_subject(core)
        if subj is None and not chunk.strip() and verb in _INVERTED_VERBS:
            subj = _inverted_subject(masked, vm.end())
        if subj is not None:
            return subj, vm
        if chunk.strip() == "" and fallback is None:
            fallback = vm
    return None, fallback


def _appositive_subject(core: str) -> _Subject | None:
    # "Dmitry Peskov, the Kremlin spokesman, said" / "His chief of staff, Karen Doyle, said".
    am = re.search(rf"({_CAP}(?:\s+{_CAP})*),\s+((?:the|a|an|who|whose|which)\b[^,_]{{2,90}}),\s*$", core)
    if am:
        title, name = _split_title(_clean_run(am.group(1)))
        app = am.group(2)
        if name and not app.startswith(("who", "which")):
            title = re.split(r"\s+(?:who|whose|which|that)\s+", re.sub(r"^(?:the|a|an)\s+", "", app))[0]
        if name and name.lower() not in _NOT_NAMES:
            return _Subject("name", name, title, (am.start(1), am.start(1) + len(am.group(1))))
    bm = re.search(rf"(?:^|[,;:_]\s*)([A-Za-z][^,_;:]{{1,60}}),\s+({_CAP}(?:\s+{_CAP})+),\s*$", core)
    if bm:
        title, name = _split_title(_clean_run(bm.group(2)))
        np = re.sub(r"^(?:the|a|an|his|her|their|its)\s+", "", bm.group(1).strip(), flags=re.IGNORECASE)
        if name and name.lower() not in _NOT_NAMES and len(np.split()) <= 6:
            return _Subject("name", name, np, (bm.start(2), bm.start(2) + len(bm.group(2))))
    return None


def _inverted_subject(masked: str, at: int) -> _Subject | None:
    # '"...," said Dmitry Peskov, the Kremlin spokesman.' / '"...," said he.'
    im = _INVERTED_RE.match(masked, at)
    if im:
        run = _clean_run(im.group(2))
        title, name = _split_title(run) if run else (None, "")
        pre_title = im.group(1).strip() or None
        t = " ".join(x for x in (pre_title, title) if x) or None
        if im.group(3):
            t = re.sub(r"^(?:the|a|an)\s+", "", im.group(3).strip())
        if name and name.lower() not in _NOT_NAMES:
            return _Subject("name", name, t, (im.start(2), im.start(2) + len(im.group(2))))
    pm = re.match(r"\s+(he|she|they)\s*[.,;]", masked[at:], re.IGNORECASE)
    if pm:
        s = at + pm.start(1)
        return _Subject("pronoun", pm.group(1), None, (s, s + len(pm.group(1))))
    return None


_SPEC_RE = re.compile(
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
_MODAL_RE = re.compile(r"\b(?:could|might|may)\b", re.IGNORECASE)


def _unsourced(masked: str, subj: _Subject | None) -> bool:
    if subj is not None and subj.kind == "vague":
        return True
    if subj is not None and subj.kind in {"name", "pronoun", "np"}:
        return False
    if _SPEC_RE.search(masked):
        return True
    narrator = masked.replace("_", " ").strip()
    if narrator.endswith("?"):
        return True
    # A narrator "could/might/may" with no source at all is the article guessing.
    return bool("_" not in masked and _MODAL_RE.search(masked))


def is_unsourced(sentence: str) -> bool:
    """True for unsourced commentary or speculation ('experts say', 'could potentially', 'raises questions')."""
    masked = _mask(sentence, quote_spans(sentence))
    subj, _ = _find(masked)
    return _unsourced(masked, subj)


def _claim_type(verb: str | None, masked: str, text: str) -> str:
    if verb is None:
        return "fact"
    ctype = REPORTING_VERBS.get(verb, "statement")
    if ctype in {"statement", "opinion"} and _DENIAL_CUES_RE.search(text):
        return "denial"
    if ctype == "statement" and _PREDICTION_RE.search(masked.replace("_", " ")):
        return "prediction"
    return ctype


def _article_quote_spans(article: Article) -> list[tuple[int, int]]:
    return quote_spans(article.text)


def sentence_quote_spans(article: Article, spans: list[tuple[int, int]] | None = None) -> list[list[tuple[int, int]]]:
    """Per sentence, the sentence-relative spans that lie inside quotation marks (multi-sentence quotes included)."""
    spans = _article_quote_spans(article) if spans is None else spans
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


def attribute(article: Article) -> list[Attribution]:
    """One Attribution per sentence, in order; pronouns and surnames resolved to the nearest named person."""
    per_sentence = sentence_quote_spans(article)
    known_full: dict[str, str] = {}  # surname -> full name
    titles: dict[str, str] = {}
    last_person: str | None = None
    last_speaker: str | None = None
    out: list[Attribution] = []
    for s, qs in zip(article.sentences, per_sentence, strict=True):
        text = s.text
        masked = _mask(text, qs)
        subj, vm = _find(masked)
        verb = re.sub(r"\s+", " ", vm.group().lower()) if vm else None
        speaker: str | None = None
        title: str | None = None
        resolved = False
        if subj is not None and subj.kind == "name":
            speaker = subj.text
            if " " not in speaker and speaker in known_full:
                speaker = known_full[speaker]
            title = subj.title or titles.get(speaker)
            if subj.title:
                titles[speaker] = subj.title
        elif subj is not None and subj.kind == "np":
            speaker = subj.text
        elif subj is not None and subj.kind == "pronoun":
            speaker = last_person if subj.text.lower() in {"he", "she"} else (last_speaker or last_person)
            if speaker is None and subj.text.lower() in {"he", "she"}:
                speaker = last_speaker
            title = titles.get(speaker) if speaker else None
            resolved = speaker is not None
        unsourced = _unsourced(masked, subj)
        if unsourced:
            speaker, title = None, None
        ctype = "speculation" if unsourced else _claim_type(verb if (subj or vm) else None, masked, text)
        if speaker is None and not unsourced and verb == "according to":
            ctype = "statement"
        # Track people for later pronouns: the speaker, else a name opening the sentence (its subject).
        for name in person_names(masked):
            if " " in name and not _is_org(name):
                known_full.setdefault(name.split()[-1], name)
        if speaker and not _is_org(speaker) and subj is not None and subj.kind in {"name", "pronoun"}:
            last_person = speaker
        else:
            lead = re.match(rf"\s*(?:[\"\u201c]\s*)?(?:(?:[a-z]+\s+){{0,3}})?({_CAP}(?:\s+{_CAP})*)", masked)
            if lead:
                _, nm = _split_title(_clean_run(lead.group(1)) or "")
                # A lone capitalised word counts only when it is a known surname ("Only time will tell" is not).
                if nm and not _is_org(nm) and (" " in nm or nm in known_full):
                    last_person = known_full.get(nm, nm)
        if speaker:
            last_speaker = speaker
        out.append(
            Attribution(
                sentence_id=s.id,
                speaker=speaker,
                speaker_title=title,
                verb=verb if (speaker or unsourced or vm) else None,
                claim_type=ctype,
                hedged=bool(hedges(text)),
                unsourced=unsourced,
                quotes=tuple(qs),
                subject_span=subj.span if subj is not None and speaker else None,
                resolved=resolved,
            )
        )
    return _inherit_quote_speakers(article, out, per_sentence)


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
        narrator = _mask(s.text, qs).replace("_", "").strip(" \t\n.,;:!?")
        open_end = bool(qs) and qs[-1][1] >= len(s.text.rstrip()) and not s.text.rstrip().endswith(("\u201d", '"'))
        open_start = bool(qs) and qs[0][0] == 0 and not s.text.lstrip().startswith(("\u201c", '"', "\u00ab"))
        donor: Attribution | None = None
        if open_end:
            for j in range(i + 1, min(n, i + 5)):
                if attrs[j].speaker is not None:
                    donor = attrs[j]
                    break
                if not attrs[j].quotes:
                    break
        if donor is None and (open_start or not narrator) and i > 0:
            prev = result[i - 1]
            if prev.speaker is not None and (
                prev.quotes or (prev.verb and article.sentences[i - 1].text.rstrip()[-1:] == ":")
            ):
                donor = prev
        if donor is not None:
            ctype = donor.claim_type if donor.claim_type != "fact" else "statement"
            if ctype in {"statement", "opinion"} and _DENIAL_CUES_RE.search(s.text):
                ctype = "denial"
            result[i] = Attribution(
                sentence_id=a.sentence_id,
                speaker=donor.speaker,
                speaker_title=donor.speaker_title,
                verb=donor.verb,
                claim_type=ctype,
                hedged=a.hedged,
                unsourced=False,
                quotes=a.quotes,
                subject_span=None,
                resolved=True,
            )
    return result
