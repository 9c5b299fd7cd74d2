"""The loaded-language lexicon: find loaded terms in the narrator's voice, neutralise them, score sensationalism.

The lexicon itself is summarizer/data/loaded_language.txt. Quoted speech is never rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from summarizer.nlp import parser
from summarizer.nlp.quotes import inside, mask, quote_spans
from summarizer.nlp.reported import reported_speech
from summarizer.nlp.text import words
from summarizer.nlp.vocab import DETERMINERS


@dataclass(frozen=True)
class LexiconEntry:
    """One loaded term and its neutral replacement (None = remove the word)."""

    term: str
    replacement: str | None
    pos: str
    # Used instead of removal where removal would leave a hole ("the news was shocking." -> "... unexpected.").
    fallback: str | None = None
    # Verbs whose written form is both past tense and participle: the replacement after an auxiliary, where the
    # past-tense replacement would be ungrammatical ("has soared" -> "has risen", not "has rose").
    participle: str | None = None
    # "=" in the file: a loaded word with no safe edit in any context ("so-called", "lying"); found and reported only.
    report_only: bool = False


@dataclass(frozen=True)
class LoadedTerm:
    """A lexicon match in a text: span, the text as written, its entry, and whether an edit is safe."""

    start: int
    end: int
    text: str
    entry: LexiconEntry
    # False when no edit keeps the meaning and the grammar (a predicative adjective without a fallback, a verb or
    # noun with no replacement, "a ridiculous approach" after "is"): the word stays and is reported.
    editable: bool = True
    # In reported speech ("She said the ruling was outrageous", "calling the plan absurd", "..., police said"):
    # the source's word, not the narrator's. Never edited (a swap would misreport what was said), only reported.
    reported: bool = False


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
        extra = parts[3].strip() if len(parts) > 3 and parts[3].strip() else None
        # The 4th column is the participle replacement for verbs, the hole-filling fallback for everything else.
        fallback, participle = (None, extra) if pos == "verb" else (extra, None)
        out[term] = LexiconEntry(
            term=term,
            report_only=repl == "=",
            replacement=None if repl in {"-", "", "="} else repl,
            pos=pos,
            fallback=fallback,
            participle=participle,
        )
    return out


@lru_cache(maxsize=1)
def _lexicon_re() -> re.Pattern[str]:
    terms = sorted(load_lexicon(), key=lambda t: (-len(t), t))
    alts = []
    for t in terms:
        pat = re.escape(t).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]?")
        alts.append(pat)
    return re.compile(r"(?<![\w'\u2019-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    out: set[str] = set()
    for t in load_lexicon():
        out.add(re.split(r"[-\s]", t)[0])
        out.add(t.replace("-", "").split()[0])  # "jaw-dropping" may be written "jawdropping"
    return frozenset(out)


_WORD = re.compile(r"(?<![\w'\u2019-])[A-Za-z]+")


def _matches(text: str) -> list[re.Match[str]]:
    """The lexicon regex's matches, same as finditer, but tried only at words that start a term.

    The alternation of ~400 terms is slow to try at every character of a long article; a set lookup of
    each word rules out almost every position first.
    """
    pattern, firsts = _lexicon_re(), _first_words()
    out: list[re.Match[str]] = []
    end = 0
    for w in _WORD.finditer(text):
        pos = w.start()
        if pos < end or w.group().lower() not in firsts:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


# Literal senses that are not loaded: the next word decides ("explosive device", "massive stroke" stays loaded).
_LITERAL_NEXT = {
    "explosive": {"device", "devices", "material", "materials", "charge", "charges", "ordnance", "vest", "vests"},
    "panic": {"attack", "attacks", "button", "room"},
    "shock": {"absorber", "absorbers", "therapy", "troops"},
    "crushing": {"machine"},
    "lying": {"on", "in", "down", "at", "under", "beside", "face", "dead", "around", "across", "low", "still", "next"},
    "lies": {"on", "in", "at", "under", "beside", "ahead", "behind", "within", "across", "near", "between"},
}
# Rhetorical-only verbs: count only with a person/argument object ("destroyed his critics", not "destroyed a bridge").
_RHETORICAL_ONLY = {"destroys", "destroyed", "destroying"}
_RHETORICAL_OBJ_RE = re.compile(
    r"\s+(?:(?:his|her|their|the|a)\s+)?(?:[A-Z][a-z]|him\b|her\b|them\b|critics?\b|opponents?\b|rivals?\b|"
    r"reporters?\b|journalists?\b|hosts?\b|interviewers?\b|arguments?\b|case\b|narrative\b|claims?\b|"
    r"challengers?\b|detractors?\b)"
)


_FIRE_TERM_RE = re.compile(r"\bfir(?:e|es|ed|ing) back\b|\bunder fire\b")  # "fired back at", "came under fire"
_WEAPONS_RE = re.compile(
    r"\b(?:guns?|gunm[ae]n|gunfire|shots?|shooting|shooter|rifles?|pistols?|bullets?|weapons?|armed|troops)\b",
    re.IGNORECASE,
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
    if _FIRE_TERM_RE.search(entry.term) and _WEAPONS_RE.search(text):
        return None  # "grabbed the gun and fired back at them": shots, not words
    return entry


_POS = {"verb": ("VERB",), "adj": ("ADJ", "VERB"), "noun": ("NOUN", "PROPN"), "adv": ("ADV",)}
_COPULA_NOMINAL_RE = re.compile(r"\b(?:is|was|are|were|be|been|being|seems?|seemed)\s+(?:a|an|the|such\s+a)\s+$", re.I)
_DET_BEFORE_RE = re.compile(r"\b(?:a|an|the|this|that|its|his|her|their|our)\s+(?:[a-z]+\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=2048)
def _tags(text: str) -> tuple[tuple[int, str, str, str], ...] | None:
    return parser.tags(text)


_SENT_EDGE_RE = re.compile(r"(?<=[.!?][\"'\u201d\u2019)]) +|(?<=[.!?]) +|\n+")


def _sentence_tags(text: str, at: int) -> tuple[tuple[int, str, str, str], ...] | None:
    """Tags of the sentence around offset ``at`` (offsets in ``text``): a long text is never parsed whole, and an
    article's own sentences come from the parse the attribution already made."""
    start = 0
    for m in _SENT_EDGE_RE.finditer(text, 0, at):
        start = m.end()
    nxt = _SENT_EDGE_RE.search(text, at)
    end = nxt.start() if nxt else len(text)
    found = _tags(text[start:end])
    if found is None:
        return None
    return tuple((off + start, pos, dep, head) for off, pos, dep, head in found)


def _sense(text: str, start: int, entry: LexiconEntry, use_parser: bool) -> tuple[bool, bool]:
    """(the match is the entry's word sense, an edit is safe) from its part of speech and syntax."""
    if entry.report_only:
        return True, False
    single = re.fullmatch(r"[a-z]+", entry.term) is not None  # the parser's tokens are single words
    # All-caps text defeats the tagger (every word looks like a proper noun): the plain rules decide there.
    tags = _sentence_tags(text, start) if use_parser and single and entry.pos in _POS and not text.isupper() else None
    before = text[max(0, start - 40) : start]
    if tags is None:
        if entry.pos == "verb" and _DET_BEFORE_RE.search(before):
            return False, False  # "the blast", "a Jersey blast": a noun, not the verb of criticism
        if entry.pos in ("verb", "noun") and entry.replacement is None:
            return True, False
        return True, not (entry.pos == "adj" and _COPULA_NOMINAL_RE.search(before))
    tok = next((t for t in tags if t[0] == start), None)
    if tok is None:
        return True, entry.replacement is not None
    _, pos, dep, head_dep = tok
    if pos not in _POS[entry.pos] or (entry.pos == "adj" and pos == "VERB" and dep != "amod"):
        return False, False  # "Tannerite, an explosive ...": the noun sense of an adjective entry
    if entry.replacement is not None:
        return True, True
    if entry.pos == "adj":
        # Deleting an attributive adjective keeps the sentence; not inside "is a ridiculous approach".
        if dep == "amod":
            return True, head_dep != "attr"
        return True, entry.fallback is not None
    return True, entry.pos == "adv"


def loaded_terms(
    text: str,
    *,
    include_quoted: bool = False,
    protected: list[tuple[int, int]] | None = None,
    use_parser: bool = True,
) -> list[LoadedTerm]:
    """Lexicon terms in ``text`` in their loaded sense; by default only the narrator's voice (outside quotes)."""
    spans = [] if include_quoted else quote_spans(text) + list(protected or [])
    out: list[LoadedTerm] = []
    for m in _matches(text):
        if spans and inside(spans, m.start(), m.end()):
            continue
        entry = _entry_for(text, m)
        if entry is None:
            continue
        sense, editable = _sense(text, m.start(), entry, use_parser)
        if not sense:
            continue
        # A phrase ("sent shockwaves through", "fired back") frames events in the narrator's voice.
        reported = entry.pos != "phrase" and reported_speech(text, m.start(), m.end())
        out.append(LoadedTerm(m.start(), m.end(), m.group(), entry, editable and not reported, reported))
    return out


def sensationalism(text: str) -> float:
    """Loaded terms per 100 words in the narrator's voice (outside quotation marks)."""
    spans = quote_spans(text)
    narrator = words(mask(text, spans).replace("_", " "))
    if not narrator:
        return 0.0
    return round(100.0 * len(loaded_terms(text)) / len(narrator), 2)


_COPULAS = frozenset(
    "is was were are be been being am seems seemed seem looks looked look became become becomes remain remained "
    "remains so very too more most less least truly quite rather as how".split()
)
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
# A perfect or passive auxiliary right before a verb, maybe with adverbs between ("has soared", "had already
# plunged", "hasn't really soared", "it's soared"): the verb there is a past participle, not a past tense.
_AUX_BEFORE_RE = re.compile(
    r"(?:\b(?:has|have|had|having|been|be|being|is|was|were|are|am)(?:n['\u2019]t)?|\w['\u2019](?:s|ve|d))"
    r"(?:\s+(?:not|never|\w+ly|already|also|now|just|even|still|since|ever|again|long|all|both)){0,3}\s+$",
    re.IGNORECASE,
)


def neutralize(text: str, *, protected: list[tuple[int, int]] | None = None) -> str:
    """Replace or remove loaded terms outside quotes (and ``protected`` spans); fix spacing, a/an and capitals."""
    terms = loaded_terms(text, protected=protected)
    if not terms:
        return text
    out: list[str] = []
    pos = 0
    capitalize_next = False
    for t in terms:
        if t.start < pos or not t.editable:
            continue  # overlapped by an absorbed neighbour, or no safe edit: the word stays (and is reported)
        before = text[pos : t.start]
        rest = text[t.end :]
        repl = t.entry.replacement
        if t.entry.participle and _AUX_BEFORE_RE.search(text, max(0, t.start - 80), t.start):
            repl = t.entry.participle
        if repl is None and _leaves_hole(t.entry, "".join(out) + before, rest):
            if t.entry.fallback is None:
                continue  # no same-sense word: the word stays as written (the text before it goes out with the next)
            repl = t.entry.fallback
        if capitalize_next and before.strip():
            before = _cap_first(before)
            capitalize_next = False
        out.append(before)
        written = "".join(out)
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
        pos_shift = 0
        if re.search(r",\s*$", written) and (
            re.match(r"\s*,", rest) or (t.entry.pos == "adj" and re.match(r"\s+\w", rest))
        ):
            # An aside set off by commas goes with both commas ("Prices, needless to say, rose" -> "Prices rose");
            # a second adjective with its comma ("a large, shocking loss" -> "a large loss").
            written = re.sub(r",\s*$", " ", written)
            out[:] = [written]
            trimmed = re.sub(r"^\s*,", "", rest)
            pos_shift, rest = len(rest) - len(trimmed), trimmed
        skip = re.match(r"\s*(?:,\s*(?:and\s+)?|and\s+)?" if _ends_with_det_or_start(written) else r"\s*", rest)
        pos = t.end + pos_shift + (skip.end() if skip else 0)
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


def _leaves_hole(entry: LexiconEntry, written: str, rest: str) -> bool:
    """Removing this adjective would leave a hole ("the news was shocking." -> "the news was .")."""
    prev_word = re.search(r"([A-Za-z]+)\W*$", written)
    prev = prev_word.group(1).lower() if prev_word else ""
    nxt = re.match(r"\s*([A-Za-z]+)", rest)
    return (
        entry.pos == "adj"
        and (prev in _COPULAS or not nxt or nxt.group(1).lower() in _FUNCTION_WORDS)
        and not re.match(r"\s*,\s*(?:and\s+)?[A-Za-z]", rest)
    )


_FUNCTION_WORDS = frozenset(
    "to for that and but or as in on of at by with from than is was were are be been about after before "
    "over under into onto while when because since if so".split()
)


def _ends_with_det_or_start(written: str) -> bool:
    if _SENT_START_RE.search(written):
        return True
    m = re.search(r"([A-Za-z]+)\s*$", written)
    return bool(m and m.group(1).lower() in DETERMINERS)


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
