"""The pure-Python speaker finder: regexes on capitalised runs, used when the spaCy model is not installed.

Less sure than the parser (it cannot tell a noun from a verb), so summarizer.nlp.attribution trusts it only for
plain patterns: "X said", "said X", "X, the role, said", "according to X", a pronoun before a reporting verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.nlp.names import CAP, NAME_RUN_RE, clean_run, split_title
from summarizer.nlp.speakers import Clause
from summarizer.nlp.verbs import TOPIC_FORMS_RE
from summarizer.nlp.vocab import (
    DETERMINERS,
    INVERTED_VERBS,
    NOT_NAMES,
    NOUNISH_FORMS,
    QUOTING_VERBS,
    REPORTING_VERBS,
    TITLE_WORDS,
)

_PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "any", "we": "any", "i": "any"}
_VAGUE = frozenset(
    "experts analysts critics observers commentators pundits insiders skeptics sceptics watchers onlookers people "
    "others some many most everyone nobody few supporters detractors opponents economists scholars historians "
    "strategists sources-say".split()
)
_QUANT = frozenset("some many most few several numerous countless other various certain".split())
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten dozens multiple".split())
_PREPOSITIONS = frozenset("to of for from with near at about by".split())
_PASSIVE_AUX = frozenset("was were been being is are be".split())
_FILLER_RE = re.compile(
    r"(?:\s+(?:\w+ly|also|later|then|again|previously|once|has|have|had|did|does|do|not|never|would|will|further|"
    r"earlier|himself|herself|themselves|still|even|now|on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
    r"(?:last|this)\s+(?:week|month|year)))+\s*$"
)
_BOUNDARY_RE = re.compile(
    r"(?:[_;:(\u2014\u2013]|(?<!\d),|,(?!\d)|\s-\s|\b(?:that|and|but|while|as|after|before|because|when|although|though|"
    r"which|where|if|since|so)\b)\s*"
)
_SUBORDINATE_OPENER = re.compile(r"\s*(?:While|Although|Though|As|After|Before|When|If|Since|Because|Despite)\b")


def _verb_re(verbs: set[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(v).replace(r"\ ", r"\s+") for v in verbs), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.IGNORECASE)


_VERB_RE = _verb_re(set(REPORTING_VERBS))
_SIDE_VERB_RE = _verb_re(set(REPORTING_VERBS) | QUOTING_VERBS)
_INVERTED_RE = re.compile(
    rf"\s+(?:the\s+|a\s+)?((?:[a-z]+\s+){{0,3}}?)({CAP}(?:\s+{CAP})*)(?:,\s+((?:the|a|an)\s+[^,.;_]{{2,80}}))?"
)


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
    head = next((t.lower() for t in toks if t.lower() not in _QUANT and t.lower() not in DETERMINERS), "")
    if first in _QUANT or head in _VAGUE or low in _VAGUE:
        return _Subject("vague", stripped, None, span)
    runs = list(NAME_RUN_RE.finditer(stripped))
    last = runs[-1] if runs else None
    if last is not None and last.end() == len(stripped):
        run = clean_run(last.group())
        before = stripped[: last.start()].strip()
        before_toks = before.lower().split()
        if run and before_toks and before_toks[-1] in {"for", "of", "at", "in", "from", "to", "with", "on"}:
            if first in DETERMINERS or stripped[0].islower():
                np = re.sub(r"^(?:the|a|an)\s+", "", stripped, flags=re.IGNORECASE)
                return _Subject("np", np, None, span)
            prep = before.split()[-1]
            inner = _parse_subject(before[: len(before) - len(prep)], offset + lead)
            if inner is not None and inner.kind == "name" and prep.lower() in {"of", "at", "from"}:
                # "Analyst Priya Shah of Halvorsen Securities said": the person, and where they work.
                affiliation = f"{prep} {run}"
                role = f"{inner.title} {affiliation}" if inner.title else affiliation
                return _Subject("name", inner.text, role, inner.span)
            return None
        if run:
            title, name = split_title(run)
            if before:
                before = re.sub(r"^(?:the|a|an|former|then)\s+", "", before, flags=re.IGNORECASE)
                if len(before.split()) > 5 or set(before.lower().split()) & _PREPOSITIONS:
                    return None  # "Sources close to the singer Mara Lind told": the name is not who speaks
                title = (before + (" " + title if title else "")).strip() or None
            if name.lower() in NOT_NAMES or name.lower().rstrip(".") in TITLE_WORDS:
                return None
            return _Subject("name", name, title, span)
    counted = first in DETERMINERS or first in _NUMBER_WORDS or first.isdigit()
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
    found, fallback = _scan(masked, side=False)
    return found[0] if found else (None, fallback)


def _scan(masked: str, *, side: bool) -> tuple[list[tuple[_Subject, re.Match[str]]], re.Match[str] | None]:
    """Reporting verbs with a recognisable subject, in order (only the first unless ``side``), and the first verb
    without one. With ``side`` a subordinate opener's verb counts too ("While Bobby claimed ..."), but a verb
    inside what an earlier source reports does not ("He says Goldsmith warned ...")."""
    fallback: re.Match[str] | None = None
    found: list[tuple[_Subject, re.Match[str]]] = []
    for vm in (_SIDE_VERB_RE if side else _VERB_RE).finditer(masked):
        if found and not side:
            break
        if found and not re.search(r"[,;:]", masked[found[-1][1].end() : vm.start()]):
            continue  # inside what the last source reports, no clause break between
        if vm.group()[:1].isupper() and re.search(r"[A-Za-z]", masked[: vm.start()]):
            continue  # a capitalised word inside the sentence is part of a name ("the United States faced ...")
        verb = re.sub(r"\s+", " ", vm.group().lower())
        after = masked[vm.end() : vm.end() + 4]
        if verb == "according to":
            np = re.match(r"\s+([^,.;:_()]{2,80})", masked[vm.end() :])
            if np:
                chunk = re.split(r"\s+(?:who|which|that|on|in a|last)\s+", np.group(1))[0]
                subj = _parse_subject(chunk, vm.end() + np.start(1))
                if subj is not None:
                    found.append((subj, vm))
                    continue
            fallback = fallback or vm
            continue
        if re.match(r"\s+by\b", after):
            continue
        rest = masked[vm.end() :]
        if (
            TOPIC_FORMS_RE.match(verb)
            and re.match(r"\s+(?:on|about)\b", rest)
            and not re.search(r"[:_]|\b(?:that|saying|said|says)\b", rest)
        ):
            continue  # "Dr Bostom reported on this rare condition": a topic, nothing said about it
        pre = masked[: vm.start()]
        filler = _FILLER_RE.search(pre)
        core = pre[: filler.start()] if filler else pre
        words_before = core.rstrip().split()
        if words_before and words_before[-1].lower() in _PASSIVE_AUX:
            continue
        if filler and re.search(r"\b(?:not|never)\b", filler.group()):
            continue  # "did not respond", "does not deny": no statement, no denial
        if not side and _SUBORDINATE_OPENER.match(masked) and "," in masked[vm.end() :] and "," not in core:
            continue  # "While Bobby claimed ..., her grandmother clarified ...": the main clause comes later
        start = 0
        for bm in _BOUNDARY_RE.finditer(core):
            start = bm.end()
        if re.search(r",\s+(?:and|but)\s+$", core[:start]) and not _VERB_RE.search(core[:start]):
            continue  # "He is not wrong, and the article acknowledges": two voices, the first not reported
        chunk = core[start:]
        if re.search(r"(?i:\bneither\b[^,;:]*\bnor)(?:\s+\S+){1,7}\s*$", core):
            continue  # "Neither CHAI nor the Clinton Foundation have announced ...": nobody announced anything
        subj = _parse_subject(chunk, start) if chunk.strip() else None
        if subj is not None and subj.kind not in {"name", "pronoun", "vague"} and verb in NOUNISH_FORMS:
            subj = None  # "the explosive claims landed": a noun, not a reporting verb
        if subj is None and not chunk.strip():
            subj = _appositive_subject(core)
        if subj is None and not chunk.strip() and verb in INVERTED_VERBS and not re.search(r"\b(?:and|but)\s*$", core):
            # '"...," said Dorothy Walsh'; not "..., and said his Parliamentary statement": that verb shares a subject
            subj = _inverted_subject(masked, vm.end())
        if subj is not None:
            found.append((subj, vm))
            continue
        if chunk.strip() == "" and fallback is None:
            fallback = vm
    return found, fallback


def _appositive_subject(core: str) -> _Subject | None:
    # "Dmitry Peskov, the Kremlin spokesman, said" / "Jack Law, chief executive of X, said" / "Misty Buswell, Save the
    # Children's director, told ABC News" / "His chief of staff, Karen Doyle, said".
    am = re.search(
        rf"({CAP}(?:\s+{CAP})*),\s+((?:the|a|an|who|whose|which|[a-z]|{CAP}(?:\s+(?:the|of|for|and|{CAP}))*['\u2019]s\s|"
        rf"[A-Z]-[A-Z][a-z]+\.?,?)"
        rf"[^,_]{{0,160}}),\s*$",
        core,
    )
    if am:
        title, name = split_title(clean_run(am.group(1)))
        app = am.group(2)
        if name and not app.startswith(("who", "which")):
            title = re.split(r"\s+(?:who|whose|which|that)\s+", re.sub(r"^(?:the|a|an)\s+", "", app))[0]
        if name and name.lower() not in NOT_NAMES:
            return _Subject("name", name, title, (am.start(1), am.start(1) + len(am.group(1))))
    bm = re.search(rf"(?:^|[,;:_]\s*)([A-Za-z][^,_;:]{{1,60}}),\s+({CAP}(?:\s+{CAP})*),\s*$", core)
    one_word = bm is not None and " " not in bm.group(2).strip()
    if bm and one_word and not re.match(r"(?:and\s+|but\s+)?(?:the|a|an|his|her|their|its)\s", bm.group(1).strip()):
        bm = None  # a one-word name only after a description ("the dam operator, Hidrosur, denied")
    if bm:
        title, name = split_title(clean_run(bm.group(2)))
        np = re.sub(r"^(?:(?:and|but)\s+)?(?:the|a|an|his|her|their|its)\s+", "", bm.group(1).strip(), flags=re.I)
        if name and name.lower() not in NOT_NAMES and len(np.split()) <= 6:
            return _Subject("name", name, np, (bm.start(2), bm.start(2) + len(bm.group(2))))
    return None


def _inverted_subject(masked: str, at: int) -> _Subject | None:
    # '"...," said Dmitry Peskov, the Kremlin spokesman.' / '"...," said he.'
    im = _INVERTED_RE.match(masked, at)
    if im:
        run = clean_run(im.group(2))
        title, name = split_title(run) if run else (None, "")
        pre_title = im.group(1).strip() or None
        t = " ".join(x for x in (pre_title, title) if x) or None
        if im.group(3):
            t = re.sub(r"^(?:the|a|an)\s+", "", im.group(3).strip())
        possessive = re.match(r"['\u2019]s\b", masked[im.end(2) :])
        if name and name.lower() not in NOT_NAMES and len(name) > 1 and not possessive:
            return _Subject("name", name, t, (im.start(2), im.start(2) + len(im.group(2))))
    pm = re.match(r"\s+(he|she|they)\s*[.,;]", masked[at:], re.IGNORECASE)
    if pm:
        s = at + pm.start(1)
        return _Subject("pronoun", pm.group(1), None, (s, s + len(pm.group(1))))
    return None


_KIND = {"name": "name", "np": "np", "pronoun": "pronoun", "vague": "vague"}


def _clause(subj: _Subject, vm: re.Match[str] | None) -> Clause:
    verb = re.sub(r"\s+", " ", vm.group().lower()) if vm else ""
    kind = _KIND[subj.kind]
    if kind == "pronoun" and subj.text.lower() in ("i", "we"):
        kind = "author"
    ctype = REPORTING_VERBS.get(verb, "statement")
    span = vm.span() if vm else None
    return Clause(kind, subj.text, subj.title, subj.span, verb, ctype, verb_span=span)


def find_clause(masked: str) -> tuple[Clause | None, str | None]:
    """The reporting clause of a sentence whose quotations are masked with "_", and the verb when no subject fits."""
    subj, vm = _find(masked)
    verb = re.sub(r"\s+", " ", vm.group().lower()) if vm else None
    if subj is None:
        return None, verb
    return _clause(subj, vm), verb


def find_clauses(masked: str) -> list[Clause]:
    """Every reporting clause of a masked sentence in order, side clauses included (see _scan)."""
    found, _ = _scan(masked, side=True)
    return [_clause(subj, vm) for subj, vm in found]
