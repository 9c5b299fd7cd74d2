"""Attribution: who asserts each sentence of an article, with which verb, claim type, hedges and quotes.

Resolves pronouns and surnames to the nearest named person across sentences, and flags unsourced commentary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.nlp.text import (
    CAP,
    DENIAL_CUES_RE,
    DETERMINERS,
    INVERTED_VERBS,
    MODAL_RE,
    NAME_RUN_RE,
    NOT_NAMES,
    NOUNISH_FORMS,
    PREDICTION_RE,
    REPORTING_VERBS,
    SPEC_RE,
    TITLE_WORDS,
    clean_run,
    hedges,
    is_org,
    mask,
    person_names,
    quote_spans,
    split_title,
)
from summarizer.schemas import Article


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
            return None
        if run:
            title, name = split_title(run)
            if before:
                before = re.sub(r"^(?:the|a|an|former|then)\s+", "", before, flags=re.IGNORECASE)
                if len(before.split()) > 5:
                    return None
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
        if subj is not None and subj.kind not in {"name", "pronoun", "vague"} and verb in NOUNISH_FORMS:
            subj = None  # "the explosive claims landed": a noun, not a reporting verb
        if subj is None and not chunk.strip():
            subj = _appositive_subject(core)
        if subj is None and not chunk.strip() and verb in INVERTED_VERBS:
            subj = _inverted_subject(masked, vm.end())
        if subj is not None:
            return subj, vm
        if chunk.strip() == "" and fallback is None:
            fallback = vm
    return None, fallback


def _appositive_subject(core: str) -> _Subject | None:
    # "Dmitry Peskov, the Kremlin spokesman, said" / "His chief of staff, Karen Doyle, said".
    am = re.search(rf"({CAP}(?:\s+{CAP})*),\s+((?:the|a|an|who|whose|which)\b[^,_]{{2,90}}),\s*$", core)
    if am:
        title, name = split_title(clean_run(am.group(1)))
        app = am.group(2)
        if name and not app.startswith(("who", "which")):
            title = re.split(r"\s+(?:who|whose|which|that)\s+", re.sub(r"^(?:the|a|an)\s+", "", app))[0]
        if name and name.lower() not in NOT_NAMES:
            return _Subject("name", name, title, (am.start(1), am.start(1) + len(am.group(1))))
    bm = re.search(rf"(?:^|[,;:_]\s*)([A-Za-z][^,_;:]{{1,60}}),\s+({CAP}(?:\s+{CAP})+),\s*$", core)
    if bm:
        title, name = split_title(clean_run(bm.group(2)))
        np = re.sub(r"^(?:the|a|an|his|her|their|its)\s+", "", bm.group(1).strip(), flags=re.IGNORECASE)
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
        if name and name.lower() not in NOT_NAMES:
            return _Subject("name", name, t, (im.start(2), im.start(2) + len(im.group(2))))
    pm = re.match(r"\s+(he|she|they)\s*[.,;]", masked[at:], re.IGNORECASE)
    if pm:
        s = at + pm.start(1)
        return _Subject("pronoun", pm.group(1), None, (s, s + len(pm.group(1))))
    return None


def _unsourced(masked: str, subj: _Subject | None) -> bool:
    if subj is not None and subj.kind == "vague":
        return True
    if subj is not None and subj.kind in {"name", "pronoun", "np"}:
        return False
    if SPEC_RE.search(masked):
        return True
    narrator = masked.replace("_", " ").strip()
    if narrator.endswith("?"):
        return True
    # A narrator "could/might/may" with no source at all is the article guessing.
    return bool("_" not in masked and MODAL_RE.search(masked))


def is_unsourced(sentence: str) -> bool:
    """True for unsourced commentary or speculation ('experts say', 'could potentially', 'raises questions')."""
    masked = mask(sentence, quote_spans(sentence))
    subj, _ = _find(masked)
    return _unsourced(masked, subj)


def _claim_type(verb: str | None, masked: str, text: str) -> str:
    if verb is None:
        return "fact"
    ctype = REPORTING_VERBS.get(verb, "statement")
    if ctype in {"statement", "opinion"} and DENIAL_CUES_RE.search(text):
        return "denial"
    if ctype == "statement" and PREDICTION_RE.search(masked.replace("_", " ")):
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
        masked = mask(text, qs)
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
            if " " in name and not is_org(name):
                known_full.setdefault(name.split()[-1], name)
        if speaker and not is_org(speaker) and subj is not None and subj.kind in {"name", "pronoun"}:
            last_person = speaker
        else:
            lead = re.match(rf"\s*(?:[\"\u201c]\s*)?(?:(?:[a-z]+\s+){{0,3}})?({CAP}(?:\s+{CAP})*)", masked)
            if lead:
                _, nm = split_title(clean_run(lead.group(1)) or "")
                # A lone capitalised word counts only when it is a known surname ("Only time will tell" is not).
                if nm and not is_org(nm) and (" " in nm or nm in known_full):
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
        narrator = mask(s.text, qs).replace("_", "").strip(" \t\n.,;:!?")
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
            if ctype in {"statement", "opinion"} and DENIAL_CUES_RE.search(s.text):
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
