"""Trust checks: the evaluation set's thresholds, and one focused test per check."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from summarizer import trust
from summarizer.ingest import from_text
from summarizer.schemas import (
    Article,
    Brief,
    Claim,
    ClaimList,
    Evidence,
    KeyPoint,
    Rewrite,
    RewriteParagraph,
    RunInfo,
    evidence_for,
    source_info,
)

ROOT = Path(__file__).resolve().parents[2]


def _load_eval() -> Any:
    spec = importlib.util.spec_from_file_location("trust_eval", ROOT / "bench" / "trust_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["trust_eval"] = module
    spec.loader.exec_module(module)
    return module


EVAL = _load_eval()


# --------------------------------------------------------------------------- the evaluation set


@pytest.fixture(scope="module")
def evaluation() -> tuple[Any, Any, Any]:
    articles, cases = EVAL.load_cases()
    return articles, cases, EVAL.evaluate(articles, cases)


def test_set_is_big_enough_and_covers_every_kind(evaluation: tuple[Any, Any, Any]) -> None:
    articles, cases, _ = evaluation
    assert len(articles) >= 5
    planted = [c for c in cases if c.expect]
    assert len(planted) >= 60
    covered = {k for c in planted for k in c.expect}
    assert covered == set(EVAL.KINDS)
    assert sum(1 for c in cases if not c.expect) >= 5 + 20  # clean briefs plus tricky clean variants


def test_recall_on_planted_errors_is_at_least_95_percent_per_kind(evaluation: tuple[Any, Any, Any]) -> None:
    scores = evaluation[2]
    low = {k: scores.recall[k] for k in EVAL.KINDS if scores.recall_rate(k) < 0.95}
    assert not low, f"recall below 95%: {low}; misses: {scores.misses}"


def test_false_alarms_on_clean_outputs_at_most_2_percent(evaluation: tuple[Any, Any, Any]) -> None:
    scores = evaluation[2]
    assert scores.overall_false_alarm_rate() <= 0.02, scores.alarms
    for kind in EVAL.KINDS:
        found, opportunities = scores.false_alarms[kind]
        assert found / opportunities <= 0.02, (kind, scores.alarms)


def test_extractive_outputs_of_the_set_come_out_clean(evaluation: tuple[Any, Any, Any]) -> None:
    outputs, notes = EVAL.extractive_findings(evaluation[0])
    assert outputs == 3 * len(evaluation[0])
    assert notes == []


def test_fixture_evidence_is_cut_from_the_article(evaluation: tuple[Any, Any, Any]) -> None:
    articles, cases, _ = evaluation
    for case in cases:
        if case.name != "clean brief":
            continue
        article = articles[case.article]
        for claim in case.brief.claims:
            for ev in claim.evidence:
                assert article.text[ev.start : ev.end] == ev.quote


# --------------------------------------------------------------------------- helpers for focused tests

TEXT = (
    "Kremlin spokesman Dmitry Peskov on Monday denied that President Vladimir Putin had ordered the strike. "
    'Peskov called the report "a crude provocation" and said it was "not worth discussing".\n\n'
    "The mayor, Olga Petrova, allegedly accepted $1.2 billion in bribes between July 8 and 10% of the city budget. "
    "Revenue rose 10 percent to 1,000 rubles on 3 March, the ministry said.\n\n"
    "Critics say the policy could potentially ruin the economy. "
    "The storm hit the port of Varna on Tuesday and killed 12 people."
)


@pytest.fixture(scope="module")
def article() -> Article:
    return from_text(TEXT, title="Kremlin slams 'crude' report")


def sid(article: Article, fragment: str) -> int:
    hits = [s.id for s in article.sentences if fragment in s.text]
    assert len(hits) == 1, fragment
    return hits[0]


def make_claim(article: Article, text: str, fragment: str, *, speaker: str | None = None, type_: str = "statement",
               hedged: bool = False) -> Claim:  # fmt: skip
    ids = [sid(article, fragment)]
    return Claim(id="c1", text=text, speaker=speaker, type=type_, hedged=hedged, sentence_ids=ids,  # type: ignore[arg-type]
                 evidence=evidence_for(article, ids))  # fmt: skip


def make_brief(article: Article, *, headline: str = "Kremlin denies report on strike order",
               summary: str = "The Kremlin denied a report that the president ordered the strike.",
               key_points: list[KeyPoint] | None = None, claims: list[Claim] | None = None) -> Brief:  # fmt: skip
    if key_points is None:
        key_points = [KeyPoint(text="Dmitry Peskov denied the report.", sentence_ids=[0])]
    return Brief(headline=headline, summary=summary, key_points=key_points, claims=claims or [],
                 source=source_info(article), run=RunInfo(backend="test"))  # fmt: skip


def kinds(output: Any, article: Article, **kw: Any) -> set[str]:
    return {f.kind for f in trust.check(output, article, **kw).findings}


def claims_out(article: Article, *claims: Claim) -> ClaimList:
    return ClaimList(claims=list(claims), source=source_info(article), run=RunInfo(backend="test"))


# --------------------------------------------------------------------------- focused tests


def test_clean_brief_has_no_findings_and_report_fields(article: Article) -> None:
    report = trust.check(make_brief(article), article)
    assert report.ok and report.findings == [] and report.counts == {}
    assert report.article_id == article.id
    assert report.sensationalism.article > report.sensationalism.output == 0.0


def test_unknown_sentence(article: Article) -> None:
    brief = make_brief(article, key_points=[KeyPoint(text="Peskov denied the report.", sentence_ids=[0, 99])])
    report = trust.check(brief, article)
    assert [(f.kind, f.path, f.sentence_ids) for f in report.findings] == [
        ("unknown_sentence", "key_points[0].sentence_ids", [99])
    ]
    assert not report.ok


def test_evidence_quote_must_be_the_article_text_at_its_offsets(article: Article) -> None:
    claim = make_claim(
        article, "Peskov denied the report.", "Kremlin spokesman", speaker="Dmitry Peskov", type_="denial"
    )
    assert kinds(claims_out(article, claim), article) == set()
    ev = claim.evidence[0]
    edited = claim.model_copy(
        update={"evidence": [ev.model_copy(update={"quote": ev.quote.replace("Monday", "Sunday")})]}
    )
    assert "quote_mismatch" in kinds(claims_out(article, edited), article)
    other = article.sentences[3]
    moved = claim.model_copy(
        update={"evidence": [Evidence(sentence_id=0, quote=other.text, start=other.start, end=other.end)]}
    )
    assert "quote_mismatch" in kinds(claims_out(article, moved), article)


def test_quotations_in_text_must_be_verbatim_modulo_marks(article: Article) -> None:
    def kp(text: str) -> Brief:
        return make_brief(article, key_points=[KeyPoint(text=text, sentence_ids=[1])])

    assert kinds(kp('Peskov called the report "a crude provocation".'), article) == set()
    assert kinds(kp("Peskov called the report \u201ca crude provocation\u201d."), article) == set()
    assert kinds(kp('Peskov said it was "not worth ... discussing".'), article) == set()
    assert kinds(kp('Peskov called the report "a cheap provocation".'), article) == {"quote_mismatch"}
    assert "quote_mismatch" in kinds(make_brief(article, headline='Kremlin calls report "fake news"'), article)


@pytest.mark.parametrize(
    ("text", "fragment", "bad"),
    [
        ("Revenue rose 10% to 1000 rubles on March 3, the ministry said.", "Revenue rose", False),
        ("Revenue rose ten percent to 1,000 rubles, the ministry said.", "Revenue rose", False),
        ("Revenue rose 11 percent, the ministry said.", "Revenue rose", True),
        ("Revenue rose 10 percent on 4 March, the ministry said.", "Revenue rose", True),
        ("Petrova allegedly accepted 1.2 billion dollars in bribes.", "allegedly accepted", False),
        ("Petrova allegedly accepted $1.3 billion in bribes.", "allegedly accepted", True),
        ("Petrova allegedly accepted bribes from 8 July.", "allegedly accepted", False),
        ("The storm killed 12 people, the ministry said.", "Revenue rose", True),  # not in the cited sentence
    ],
)
def test_unsupported_number(article: Article, text: str, fragment: str, bad: bool) -> None:
    brief = make_brief(article, key_points=[KeyPoint(text=text, sentence_ids=[sid(article, fragment)])])
    assert ("unsupported_number" in kinds(brief, article)) is bad


def test_summary_numbers_may_come_from_anywhere_in_the_article(article: Article) -> None:
    ok = "A storm killed 12 people in Varna on Tuesday; revenue rose 10% to 1,000 rubles, the ministry said."
    assert "unsupported_number" not in kinds(make_brief(article, summary=ok), article)
    assert "unsupported_number" in kinds(make_brief(article, summary="A storm killed 15 people in Varna."), article)


@pytest.mark.parametrize(
    ("speaker_text", "bad"),
    [
        ("Peskov denied the report.", False),  # surname only
        ("Mr Peskov denied the report.", False),  # title variant
        ("Kremlin spokesman Dmitry Peskov denied the report.", False),
        ("Dmitry Medvedev denied the report.", True),  # invented
        ("Sergei Peskov denied the report.", True),  # another given name
        ("Officials in Moscow denied the report.", True),  # a place the article never mentions
    ],
)
def test_unsupported_entity(article: Article, speaker_text: str, bad: bool) -> None:
    brief = make_brief(article, key_points=[KeyPoint(text=speaker_text, sentence_ids=[0])])
    assert ("unsupported_entity" in kinds(brief, article)) is bad


def test_sentence_initial_ordinary_words_are_not_entities(article: Article) -> None:
    brief = make_brief(article, summary="Critics say the policy could hurt the economy. Storms hit the port of Varna.")
    assert "unsupported_entity" not in kinds(brief, article)


@pytest.mark.parametrize(
    ("speaker", "bad"),
    [("Dmitry Peskov", False), ("Peskov", False), ("Kremlin spokesman Dmitry Peskov", False),
     ("Vladimir Putin", True), ("President Putin", True), ("Olga Petrova", True)],
)  # fmt: skip
def test_speaker_mismatch_kremlin_example(article: Article, speaker: str, bad: bool) -> None:
    claim = make_claim(article, f"{speaker} denied the report.", "Kremlin spokesman", speaker=speaker, type_="denial")
    assert ("speaker_mismatch" in kinds(claims_out(article, claim), article)) is bad


def test_hedge_dropped_in_claim_and_key_point(article: Article) -> None:
    fact = make_claim(article, "Olga Petrova accepted $1.2 billion in bribes.", "allegedly accepted", type_="fact")
    kept = make_claim(article, "Olga Petrova reportedly accepted $1.2 billion in bribes.", "allegedly accepted",
                      type_="fact", hedged=True)  # fmt: skip
    assert "hedge_dropped" in kinds(claims_out(article, fact), article)
    assert "hedge_dropped" not in kinds(claims_out(article, kept), article)
    sids = [sid(article, "allegedly accepted")]
    plain = make_brief(
        article, key_points=[KeyPoint(text="Olga Petrova accepted $1.2 billion in bribes.", sentence_ids=sids)]
    )
    assert "hedge_dropped" in kinds(plain, article)
    summary = make_brief(article, summary="Olga Petrova accepted $1.2 billion in bribes.")
    assert "hedge_dropped" in kinds(summary, article)


def test_certainty_upgrade(article: Article) -> None:
    upgraded = make_brief(
        article, key_points=[KeyPoint(text="Peskov admitted the report was discussed.", sentence_ids=[1])]
    )
    assert "certainty_upgrade" in kinds(upgraded, article)
    assert "certainty_upgrade" not in kinds(make_brief(article), article)


def test_negated_factive_in_source_does_not_license_it(article: Any) -> None:
    art = from_text("The study could not prove that tea caused the difference, its author said.")
    claimed = make_brief(art, summary="The study proved that tea caused the difference.", key_points=[])
    assert "certainty_upgrade" in kinds(claimed, art)
    denied = make_brief(art, summary="The study could not prove that tea caused the difference, its author said.")
    assert "certainty_upgrade" not in kinds(denied, art)


def test_loaded_language_only_in_the_narrators_voice(article: Article) -> None:
    loaded = make_brief(article, headline="Kremlin slams report on strike order")
    assert "loaded_language" in kinds(loaded, article)
    quoted = make_brief(
        article, key_points=[KeyPoint(text='Peskov called it "a crude provocation".', sentence_ids=[1])]
    )
    assert "loaded_language" not in kinds(quoted, article)


def test_a_sources_word_in_reported_speech_is_a_warning_not_the_narrators() -> None:
    art = from_text(
        "Bus lanes approved\n\nThe council approved three bus lanes on Tuesday. Opposition leader Maria Lund said "
        "the decision was outrageous. The shocking vote came after months of protests."
    )
    reported = make_brief(art, summary="Maria Lund said the decision was outrageous.", key_points=[
        KeyPoint(text="Opposition leader Maria Lund said the decision was outrageous.", sentence_ids=[1])])  # fmt: skip
    found = trust.check(reported, art).findings
    assert [(f.kind, f.severity, f.sentence_ids) for f in found] == [("loaded_language", "warning", [1])] * 2
    # The narrator's own word, moved into someone's mouth, is still the narrator's: an error.
    moved = make_brief(art, summary="Maria Lund said the shocking vote came after months of protests.",
                       key_points=[])  # fmt: skip
    assert [(f.kind, f.severity) for f in trust.check(moved, art).findings if f.path == "summary"] == [
        ("loaded_language", "error")
    ]


def test_unsourced_commentary_typed_as_fact(article: Article) -> None:
    claim = make_claim(article, "Critics say the policy could ruin the economy.", "Critics say", speaker="Critics",
                       type_="fact", hedged=True)  # fmt: skip
    assert "unsourced_as_fact" in kinds(claims_out(article, claim), article)
    as_speculation = claim.model_copy(update={"type": "speculation"})
    assert "unsourced_as_fact" not in kinds(claims_out(article, as_speculation), article)


def test_length_findings_and_severities(article: Article) -> None:
    long_summary = make_brief(article, summary="The Kremlin denied the report. " * 10)
    report = trust.check(long_summary, article, max_words=20)
    assert [(f.kind, f.severity, f.path) for f in report.findings] == [("length", "warning", "summary")]
    long_claim = make_claim(article, "Peskov denied the report, " + "and he said more " * 10 + "that day.",
                            "Kremlin spokesman", speaker="Peskov", type_="denial")  # fmt: skip
    found = trust.check(claims_out(article, long_claim), article).findings
    assert [(f.kind, f.severity) for f in found] == [("length", "warning")]
    empty = make_brief(article, summary="", key_points=[])
    assert sorted(f.path for f in trust.check(empty, article).findings if f.kind == "length") == [
        "key_points",
        "summary",
    ]


def test_rewrite_paragraphs_are_checked(article: Article) -> None:
    rewrite = Rewrite(
        headline="Kremlin denies report",
        paragraphs=[
            RewriteParagraph(text="Kremlin spokesman Dmitry Peskov denied the report.", sentence_ids=[0]),
            RewriteParagraph(
                text="Revenue rose 15 percent, the ministry said.", sentence_ids=[sid(article, "Revenue")]
            ),
        ],
        source=source_info(article),
        run=RunInfo(backend="test"),
    )
    report = trust.check(rewrite, article)
    assert [(f.kind, f.path) for f in report.findings] == [("unsupported_number", "paragraphs[1].text")]


def _one_paragraph_rewrite(lines: list[str], old: str, new: str) -> tuple[Article, Rewrite]:
    art = from_text("Senator tours the north\n\n" + " ".join(lines) + "\n")
    assert len(art.paragraphs) == 1 and len(art.paragraphs[0].sentence_ids) == len(lines)
    text = " ".join(lines).replace(old, new)
    assert text != " ".join(lines)
    paragraph = RewriteParagraph(text=text, sentence_ids=list(art.paragraphs[0].sentence_ids))
    rewrite = Rewrite(
        headline="Senator tours the north", paragraphs=[paragraph], source=source_info(art), run=RunInfo(backend="t")
    )
    return art, rewrite


def _errors(rewrite: Rewrite, art: Article) -> list[tuple[str, list[int]]]:
    return [(f.kind, f.sentence_ids) for f in trust.check(rewrite, art).findings if f.severity == "error"]


# Daily Mail pages in the CNN/DailyMail dataset come as one paragraph of 50+ sentences. An edit to one of them
# ("blasted" -> "criticized") was checked against all of them, so a source's sentence elsewhere made the edited
# one read as "attribution dropped", and the article's only paragraph was removed. Our own sentences.
_SENATOR = [
    "Laurel Marks, the widow of a software founder, told a weekly magazine on Tuesday of her admiration for "
    "Senator Ruth Calder.",
    "Marks said the senator had been a friend to the bakery trade in Millbrook for years.",
    "The senator announced her campaign on Sunday and set off on a bus tour of the northern counties.",
    "But she was blasted for a staged visit to a bakery in Millbrook on Tuesday morning.",
    "Owen Pike, a student pictured at the table, said campaign staff had planned the visit.",
    "The campaign did not answer questions about the visit on Wednesday.",
]


def test_rewritten_sentence_in_a_long_paragraph_is_checked_against_its_closest_sentences() -> None:
    art, paraphrased = _one_paragraph_rewrite(
        _SENATOR,
        "But she was blasted for a staged visit to a bakery in Millbrook on Tuesday morning.",
        "She faced criticism over a staged visit to a bakery in Millbrook on Tuesday morning.",
    )
    assert _errors(paraphrased, art) == []
    # A real flip in the same paragraph is still caught, on its own sentence.
    art, flipped = _one_paragraph_rewrite(_SENATOR, "did not answer", "answered")
    assert [sids for _, sids in _errors(flipped, art)] == [[5]]


def test_word_swap_in_the_narrators_sentence_is_not_a_dropped_attribution() -> None:
    lines = [*_SENATOR]
    lines[4] = "Owen Pike, a student at the bakery table, said the staged visit on Tuesday morning was planned."
    art, edited = _one_paragraph_rewrite(lines, "blasted", "criticized")
    assert _errors(edited, art) == []
    # Removing the source from Pike's own sentence is still an attribution dropped.
    art, dropped = _one_paragraph_rewrite(lines, "Owen Pike, a student at the bakery table, said the", "The")
    assert ("hedge_dropped", [4]) in _errors(dropped, art)


def test_check_never_raises_on_odd_output(article: Article) -> None:
    odd = make_claim(article, "", "Kremlin spokesman", speaker="", type_="fact")
    odd = odd.model_copy(
        update={"sentence_ids": [-5, 10_000], "evidence": [Evidence(sentence_id=0, quote="x", start=-3, end=10**9)]}
    )
    report = trust.check(claims_out(article, odd), article)
    assert not report.ok
    assert {"unknown_sentence", "quote_mismatch", "length"} <= set(report.counts)


def test_error_messages_one_line_per_error(article: Article) -> None:
    brief = make_brief(article, headline="Kremlin slams report", key_points=[KeyPoint(text="x", sentence_ids=[77])])
    report = trust.check(brief, article)
    lines = trust.error_messages(report)
    assert len(lines) == sum(1 for f in report.findings if f.severity == "error") >= 2
    assert all("\n" not in line for line in lines)
    assert any(line.startswith("key_points[0].sentence_ids:") for line in lines)


def test_apply_findings_removes_or_marks_items(article: Article) -> None:
    good = KeyPoint(text="Dmitry Peskov denied the report.", sentence_ids=[0])
    bad = KeyPoint(text="Revenue rose 99 percent.", sentence_ids=[sid(article, "Revenue")])
    claim_bad = make_claim(article, "Vladimir Putin denied the report.", "Kremlin spokesman", speaker="Vladimir Putin",
                           type_="denial")  # fmt: skip
    brief = make_brief(article, key_points=[good, bad], claims=[claim_bad])

    report = trust.check(brief, article)
    removed = trust.apply_findings(brief, report, keep_unverified=False)
    assert isinstance(removed, Brief) and removed.checks is not None
    assert removed.key_points == [good] and removed.claims == []
    gone = removed.checks.removed
    assert [(r.path, r.action) for r in gone] == [("key_points[1]", "removed"), ("claims[0]", "removed")]
    assert gone[0].text == "Revenue rose 99 percent." and "'99'" in gone[0].reason
    assert gone[1].kinds == ["speaker_mismatch"] and "Peskov" in gone[1].reason
    assert removed.checks.ok is False
    # findings point at the output as printed: a removed item's findings are marked, not left on its successor
    paths = {f.path.split(".")[0] for f in removed.checks.findings if f.severity == "error"}
    assert paths == {"removed/key_points[1]", "removed/claims[0]"}
    assert len(brief.key_points) == 2  # the input is not modified

    kept = trust.apply_findings(brief, trust.check(brief, article), keep_unverified=True)
    assert isinstance(kept, Brief) and kept.checks is not None
    assert [kp.verified for kp in kept.key_points] == [True, False]
    assert [c.verified for c in kept.claims] == [False]
    assert [r.action for r in kept.checks.removed] == ["kept_unverified", "kept_unverified"]
    assert kept.checks.ok is False


def test_a_clean_output_stays_ok_with_nothing_removed(article: Article) -> None:
    out = trust.apply_findings(make_brief(article), trust.check(make_brief(article), article), keep_unverified=False)
    assert out.checks is not None and out.checks.ok and out.checks.removed == []


def test_a_failed_summary_or_headline_is_rebuilt_from_verified_key_points(article: Article) -> None:
    brief = make_brief(article, headline="Storm kills 15 in Varna", summary="A storm killed 15 people in Varna.")
    out = trust.apply_findings(brief, trust.check(brief, article), keep_unverified=False, max_words=120)
    assert isinstance(out, Brief) and out.checks is not None
    assert out.summary == "Dmitry Peskov denied the report." and out.headline == "Dmitry Peskov denied the report"
    assert "[unverified]" not in out.summary + out.headline
    rebuilt = {r.path: r for r in out.checks.removed}
    assert rebuilt["summary"].action == "rebuilt" and rebuilt["summary"].text == "A storm killed 15 people in Varna."
    assert "'15' is not in the article" in rebuilt["summary"].reason
    assert not out.checks.ok
    # the rebuilt parts pass the checks themselves
    again = trust.check(out, article)
    assert not [f for f in again.findings if f.severity == "error"]
