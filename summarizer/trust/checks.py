"""Deterministic checks of an output (Brief, ClaimList, Rewrite) against its Article → findings.

Evidence is by sentence id (see DESIGN.md), so every check asks one question: is what the output says
supported by the sentences it cites (or, for a headline and summary, by the article)? Nothing here calls a
model; a brief against a 5,000-word article is checked in milliseconds because the per-article work is cached.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from summarizer import nlp
from summarizer.schemas import (
    Article,
    Brief,
    CheckReport,
    Claim,
    ClaimList,
    Finding,
    Rewrite,
    Sensationalism,
)
from summarizer.trust.index import (
    CACHE,
    CACHE_LOCK,
    ArticleIndex,
    article_index,
    factives,
    ids_text,
    keeps_hedge,
    quote_spans,
)
from summarizer.trust.speaker import names_a_source, speaker_verdict
from summarizer.trust.support import leaks_prompt, repeats_instruction
from summarizer.trust.voice import clash_findings

Output = Brief | ClaimList | Rewrite

MAX_CLAIM_WORDS = 40
# Below this share of its content words in the cited sentences an item is not about them; when another single
# sentence holds at least WRONG_ID_OTHER of them, the item cites the wrong sentence.
WRONG_ID_CITED = 0.5
WRONG_ID_OTHER = 0.6
WRONG_ID_GAP = 0.35
WRONG_ID_MIN_WORDS = 4
# Content not supported by the cited sentences at all (a planted instruction obeyed, an invented point).
UNSUPPORTED_SHARE = 0.2
UNSUPPORTED_MIN_WORDS = 6  # fewer content words say too little to tell one sentence from another


# --------------------------------------------------------------------------- checks


@dataclass
class _Unit:
    """One piece of output text and what it may rely on (sids None = the whole article)."""

    path: str
    text: str
    sids: list[int] | None
    claim: Claim | None = None


class _Checker:
    def __init__(self, idx: ArticleIndex, findings: list[Finding]) -> None:
        self.idx = idx
        self.findings = findings

    def add(self, kind: str, path: str, message: str, sids: Iterable[int] = (), severity: str = "error") -> None:
        self.findings.append(
            Finding(kind=kind, severity=severity, path=path, sentence_ids=sorted(set(sids)), message=message)  # type: ignore[arg-type]
        )

    def known(self, path: str, sids: list[int]) -> list[int]:
        """The cited ids that exist; an unknown one is a finding."""
        ok: list[int] = []
        for sid in sids:
            if self.idx.article.sentence(sid) is None:
                self.add("unknown_sentence", path, f"cites sentence {sid}, which does not exist", [sid])
            else:
                ok.append(sid)
        return ok

    def unit(self, u: _Unit) -> None:
        text = u.text or ""
        spans = quote_spans(text)
        narrator = nlp.outside_spans(text, spans)
        self.quotes(u, text, spans)
        self.numbers(u, text)
        self.entities(u, narrator)
        self.factives(u, narrator)
        self.loaded(u, text, spans)
        self.injection(u, text)
        paragraph = u.path.startswith("paragraphs")
        for kind, severity, sid, message in clash_findings(self.idx, text, u.sids, claim=u.claim, align=paragraph):
            self.add(kind, u.path, message, [sid], severity)
        if u.sids:
            self.wrong_id(u, text)

    def quotes(self, u: _Unit, text: str, spans: list[tuple[int, int]]) -> None:
        for start, end in spans:
            for seg in nlp.quote_segments(text[start:end]):
                if seg not in self.idx.norm_full and not self._copied_sentences(seg):
                    msg = f"quotation {text[start:end]!r} is not in the article"
                    self.add("quote_mismatch", u.path, msg, u.sids or [])
                    break

    def _copied_sentences(self, seg: str) -> bool:
        """A "quotation" that runs over whole sentences copied from the article: the quote marks of two different
        quotations paired up across the text between them, not an altered quotation."""
        pieces = [p.strip(" \"'") for p in re.split(r"(?<=[.!?])[\"']?\s+", seg)]
        pieces = [p for p in pieces if len(p.split()) >= 3]
        return len(pieces) >= 2 and all(p in self.idx.norm_full for p in pieces)

    def numbers(self, u: _Unit, text: str) -> None:
        if u.sids is None:
            source = self.idx.numbers_all
        else:
            source = set().union(*(self.idx.numbers(s) for s in u.sids)) if u.sids else set()
        where = "the article" if u.sids is None else ids_text(u.sids) if u.sids else "any cited sentence"
        for m in nlp.number_mentions(text, include_one=False):
            if m.key in source:
                continue
            if m.text.isalpha() and m.key in self.idx.numbers_all and m.key[0] == "n" and float(m.key[1]) <= 10:  # type: ignore[arg-type]
                # "the two men" for "the men", with the two named elsewhere: a count, not a changed figure
                msg = f"{m.text!r} is not in {where} (the article has it elsewhere)"
                self.add("unsupported_number", u.path, msg, u.sids or [], "warning")
                continue
            self.add("unsupported_number", u.path, f"{m.text!r} is not in {where}", u.sids or [])

    def entities(self, u: _Unit, narrator: str) -> None:
        idx = self.idx
        for ns in nlp.name_sequences(narrator):
            known: list[str | None] = []  # None breaks a run of name tokens
            for tok in ns.tokens:
                low = tok.lower()
                if low in nlp.MONTHS or low in nlp.WEEKDAYS or low in nlp.TITLE_WORDS:
                    known.append(None)
                elif low in nlp.STOPWORDS and not tok.isupper():
                    known.append(None)  # "But Kenji Mori": a capitalised function word is not part of the name
                elif tok in idx.cap_tokens or (tok.isupper() and tok in idx.acronyms):
                    known.append(tok)
                elif low in nlp.STOPWORDS or nlp.stem(low) in idx.lower_stems or low in idx.lower_stems:
                    known.append(None)  # an ordinary word capitalised (sentence start, title-case headline)
                elif _demonym(tok, idx.cap_tokens):
                    known.append(None)
                elif ns.sentence_initial and tok is ns.tokens[0] and (_ordinary_form(low) or _alone(ns)):
                    # "Shocking study ...", "Relatives of ...": a capitalised first word alone is not a name.
                    known.append(None)
                else:
                    self.add("unsupported_entity", u.path, f"{tok!r} is never mentioned in the article", u.sids or [])
                    known.append(None)
            for run in _runs(known):
                if len(run) >= 2 and not self._names_together(run):
                    # Every word is in the article: another form of a name ("Dan Hanks" for Dan 'Detective
                    # Danno' Hanks) or two names side by side, not an invented one.
                    name = " ".join(run)
                    msg = f"the article never writes {name!r} together; check it is one of its names"
                    self.add("unsupported_entity", u.path, msg, u.sids or [], "warning")

    def _names_together(self, run: tuple[str, ...]) -> bool:
        idx = self.idx
        if any(nlp.is_subsequence(run, seq) for seq in idx.seqs):
            return True
        # Same surname with another given name in the article: a different (or invented) person.
        if any(len(seq) >= 2 and seq[-1] == run[-1] for seq in idx.seqs):
            return False
        return any(set(run) <= caps for caps in idx.sentence_caps())

    def factives(self, u: _Unit, narrator: str) -> None:
        used = factives(narrator)
        if not used:
            return
        source = self.idx.factive_all if u.sids is None else factives(" ".join(self.idx.text_of(s) for s in u.sids))
        for root in sorted(used - source):
            self.add(
                "certainty_upgrade",
                u.path,
                f"uses a factive verb ({root}...) the source does not; say 'said' or keep the source's verb",
                u.sids or [],
            )

    def loaded(self, u: _Unit, text: str, spans: list[tuple[int, int]]) -> None:
        source = " ".join(self.idx.text_of(s) for s in u.sids).lower() if u.sids else ""
        reported = u.claim is not None and u.claim.speaker is not None
        for term in nlp.loaded_terms(text):
            if any(a <= term.start < b for a, b in spans):
                continue  # inside quotation marks: the source's own words
            repl = term.entry.replacement
            hint = f"; use {repl!r}" if repl else "; drop it"
            said = self._reported_in(term.text.lower(), u.sids) if term.reported else []
            if said:
                # What a source said, reported ("She said the ruling was outrageous"): a swap would misreport it.
                msg = f"the source's loaded word {term.text!r} in reported speech, as in {ids_text(said)}"
                self.add("loaded_language", u.path, msg, said, "warning")
                continue
            if u.path.startswith("paragraphs") and term.text.lower() in source:
                # A rewrite keeps a word it cannot neutralise without changing the meaning ("so-called"): report it.
                msg = f"loaded word {term.text!r} kept from {ids_text(u.sids or [])}{hint}"
                self.add("loaded_language", u.path, msg, u.sids or [], "warning")
                continue
            if reported and term.text.lower() in source:
                # The source's own word in reported speech: better quoted, but not the narrator's judgement.
                msg = f"the source's loaded word {term.text!r} outside quotation marks; quote it or{hint[1:]}"
                self.add("loaded_language", u.path, msg, u.sids or [], "warning")
                continue
            msg = f"loaded word {term.text!r} in the narrator's voice{hint}"
            self.add("loaded_language", u.path, msg, u.sids or [])

    def _reported_in(self, word: str, sids: list[int] | None) -> list[int]:
        """The cited sentences (for a headline or summary, any sentence) where a source says ``word``."""
        pool = sids if sids else [s.id for s in self.idx.article.sentences]
        return [
            sid
            for sid in pool
            if word in self.idx.text_of(sid).lower()
            and any(t.reported and t.text.lower() == word for t in nlp.loaded_terms(self.idx.text_of(sid)))
        ]

    def injection(self, u: _Unit, text: str) -> None:
        idx = self.idx
        planted = idx.instruction_texts
        if planted and repeats_instruction(text, planted):
            where = ids_text(sorted(idx.instructions))
            msg = f"repeats an instruction planted in the article ({where}) instead of reporting the article"
            self.add("injection", u.path, msg, sorted(idx.instructions))
        elif leaks_prompt(text, idx.grams):
            self.add("injection", u.path, "repeats the tool's own instructions, not the article")

    def wrong_id(self, u: _Unit, text: str) -> None:
        """An item whose words are mostly in another sentence than the ones it cites."""
        drop = u.claim.speaker or "" if u.claim is not None else ""
        sup = self.idx.support(text, u.sids or [], drop=drop)
        if sup.words >= WRONG_ID_MIN_WORDS and (
            sup.best_sid is not None
            and sup.cited < WRONG_ID_CITED
            and sup.best_other >= WRONG_ID_OTHER
            and sup.best_other - sup.cited >= WRONG_ID_GAP
        ):
            msg = (
                f"what it says is not in {ids_text(u.sids or [])} but in {ids_text([sup.best_sid])}; "
                "cite the sentence that says it"
            )
            self.add("wrong_sentence", u.path, msg, [*(u.sids or []), sup.best_sid])
        elif sup.words >= UNSUPPORTED_MIN_WORDS and sup.cited < UNSUPPORTED_SHARE:
            msg = f"{ids_text(u.sids or [])} does not say this: {sup.cited:.0%} of its words are there"
            self.add("wrong_sentence", u.path, msg, u.sids or [])

    def claim(self, i: int, c: Claim) -> None:
        path = f"claims[{i}]"
        sids = self.known(f"{path}.sentence_ids", list(c.sentence_ids))
        for j, ev in enumerate(c.evidence):
            epath = f"{path}.evidence[{j}]"
            sent = self.idx.article.sentence(ev.sentence_id)
            if sent is None:
                self.add("unknown_sentence", epath, f"evidence cites sentence {ev.sentence_id}, which does not exist")
                continue
            if ev.sentence_id not in sids:
                sids.append(ev.sentence_id)
            exact = 0 <= ev.start <= ev.end <= len(self.idx.article.text) and (
                self.idx.article.text[ev.start : ev.end] == ev.quote
            )
            inside = sent.start <= ev.start and ev.end <= sent.end and ev.end > ev.start
            if not exact or not inside:
                why = "is not the article text at its offsets" if not exact else "lies outside its sentence"
                self.add("quote_mismatch", epath, f"evidence quote {why}", [ev.sentence_id])
        n_words = len(c.text.split())
        if n_words > MAX_CLAIM_WORDS:
            self.add("length", f"{path}.text", f"claim has {n_words} words (max {MAX_CLAIM_WORDS})", sids, "warning")
        if not c.text.strip():
            self.add("length", f"{path}.text", "claim text is empty", sids)
        self.unit(_Unit(f"{path}.text", c.text, sids, c))
        if not sids:
            return
        if c.speaker:
            self.speaker(path, c.speaker, sids)
        if c.type == "fact":
            self.fact_claim(path, c, sids)

    def fact_claim(self, path: str, c: Claim, sids: list[int]) -> None:
        """A claim typed as fact: its evidence must be sourced, and not hedged or attributed to someone else."""
        attrs = [self.idx.attributions.get(s) for s in sids]
        unsourced = [
            s
            for s, a in zip(sids, attrs, strict=True)
            if ((a is not None and a.unsourced) or nlp.is_unsourced(self.idx.text_of(s)))
            and not names_a_source(self.idx, s)  # "Analyst Priya Shah said ... could" is sourced
        ]
        if unsourced:
            msg = f"type 'fact' but {ids_text(unsourced)} is unsourced commentary"
            self.add("unsourced_as_fact", f"{path}.type", msg, unsourced, "warning")
        attributed = [
            s for s, a in zip(sids, attrs, strict=True) if self.idx.hedged(s) or (a is not None and a.speaker)
        ]
        if attributed and not c.speaker and not keeps_hedge(c.text):
            msg = f"typed as a fact with no speaker, but {ids_text(attributed)} is hedged or attributed"
            self.add("hedge_dropped", f"{path}.type", msg, attributed, "warning")

    def _attributed(self, speaker: str, sids: list[int]) -> bool:
        """``speaker`` is what the attribution of a cited sentence itself says ("the professor", "the author"), its
        main one or the second source it joins ("..., but the owner said ...")."""
        want = speaker.strip().lower()
        return any(
            (a := self.idx.attributions.get(s)) is not None
            and want in ((a.speaker or "").lower(), ((a.second[2] or "") if a.second else "").lower())
            for s in sids
        )

    def speaker(self, path: str, speaker: str, sids: list[int]) -> None:
        if speaker.strip().lower() == str(getattr(nlp, "AUTHOR", "the author")).lower():
            return  # the narrator of an opinion piece ("the author"), not an entity of the article
        if not nlp.mentioned(speaker, self.idx.full) and not self._attributed(speaker, sids):
            self.add("unsupported_entity", f"{path}.speaker", f"the article never names {speaker!r}", sids)
            return
        verdict = speaker_verdict(self.idx, speaker, sids)
        if verdict.severity:
            self.add("speaker_mismatch", f"{path}.speaker", verdict.message, sids, verdict.severity)


def _alone(ns: nlp.NameSeq) -> bool:
    """The first word of a sentence not followed by another capitalised word ("Relatives of Bobbi ..."):
    capitalised because it starts the sentence."""
    raw = ns.text.split()
    return len(raw) == 1 or not raw[1][:1].isupper()


def _ordinary_form(word: str) -> bool:
    if word.endswith(("ing", "ly", "ed", "ous", "ful", "ive", "able", "ible")):
        return True
    return bool(nlp.loaded_terms(word))


def _runs(tokens: list[str | None]) -> list[tuple[str, ...]]:
    runs: list[tuple[str, ...]] = []
    cur: list[str] = []
    for t in [*tokens, None]:
        if t is None:
            if cur:
                runs.append(tuple(cur))
            cur = []
        else:
            cur.append(t)
    return runs


_DEMONYM_SUFFIXES = ("n", "an", "ian", "ese", "ish", "i", "ic", "er", "ers", "ans", "ns", "ians")


def _demonym(token: str, caps: set[str]) -> bool:
    """``Russian`` for ``Russia``, ``Japanese`` for ``Japan``: a place in the article plus a demonym suffix."""
    for suffix in _DEMONYM_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            base = token[: -len(suffix)]
            if base in caps or any(base + v in caps for v in ("a", "e", "y", "o")):
                return True
    return False


# --------------------------------------------------------------------------- public API


def check(output: Output, article: Article, *, max_words: int | None = None) -> CheckReport:
    """Check every quote, number, name, speaker, hedge and loaded word of ``output`` against ``article``."""
    idx = article_index(article)
    findings: list[Finding] = []
    ck = _Checker(idx, findings)
    narrator_parts: list[str] = []
    try:
        _check_output(ck, output, max_words, narrator_parts)
    except Exception as exc:  # odd output must yield a report, never a crash
        # An error, not a warning: an output the checks could not finish is not verified (checks.ok is false).
        ck.add("internal", "", f"check stopped early: {type(exc).__name__}: {exc}")
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return CheckReport(
        ok=not any(f.severity == "error" for f in findings),
        article_id=article.id,
        counts=counts,
        findings=findings,
        sensationalism=Sensationalism(
            article=round(idx.sensationalism, 3), output=round(float(nlp.sensationalism(" ".join(narrator_parts))), 3)
        ),
    )


def _check_output(ck: _Checker, output: Output, max_words: int | None, parts: list[str]) -> None:
    if isinstance(output, Brief | Rewrite):
        if not output.headline.strip():
            ck.add("length", "headline", "headline is empty")
        parts.append(output.headline)
        ck.unit(_Unit("headline", output.headline, None))
    if isinstance(output, Brief):
        n = len(output.summary.split())
        if not output.summary.strip():
            ck.add("length", "summary", "brief has no summary")
        elif max_words is not None and n > max_words:
            ck.add("length", "summary", f"summary has {n} words (max {max_words})", severity="warning")
        if not output.key_points:
            ck.add("length", "key_points", "brief has no key points", severity="warning")
        parts.append(output.summary)
        ck.unit(_Unit("summary", output.summary, None))
        for i, kp in enumerate(output.key_points):
            sids = ck.known(f"key_points[{i}].sentence_ids", list(kp.sentence_ids))
            parts.append(kp.text)
            ck.unit(_Unit(f"key_points[{i}].text", kp.text, sids))
    if isinstance(output, Brief | ClaimList):
        for i, c in enumerate(output.claims):
            parts.append(c.text)
            ck.claim(i, c)
    if isinstance(output, Rewrite):
        if not output.paragraphs:
            ck.add("length", "paragraphs", "rewrite has no paragraphs", severity="warning")
        for i, p in enumerate(output.paragraphs):
            sids = ck.known(f"paragraphs[{i}].sentence_ids", list(p.sentence_ids))
            parts.append(p.text)
            ck.unit(_Unit(f"paragraphs[{i}].text", p.text, sids))


def clear_cache() -> None:
    """Forget the cached article indexes (benchmarks; long jobs free memory this way)."""
    with CACHE_LOCK:
        CACHE.clear()


def error_messages(report: CheckReport) -> list[str]:
    """One line per error finding (path: message)."""
    return [f"{f.path}: {f.message}" for f in report.findings if f.severity == "error"]
