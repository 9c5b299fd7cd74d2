"""The extractive engine against the acceptance criteria of issue 3, on the fixture articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarizer import extractive, nlp
from summarizer.ingest import from_text, load_source
from summarizer.schemas import Article, Brief, ClaimList, Rewrite

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ARTICLES = ["articles/sensational.txt", "articles/wire.txt", "articles/quotes.txt", "demo_article.txt"]
# The unsourced commentary written into the sensational fixtures, by its opening words.
SPECULATION = [
    "Experts have noted",
    "Many fear",
    "Critics argue",
    "Some believe",
    "It remains to be seen",
    "Observers suggest",
    "Is this the",
    "Only time will tell",
]
PRONOUNS = re.compile(r"\b(?:he|she|they|it)\b", re.IGNORECASE)


def _article(name: str) -> Article:
    return load_source(str(FIXTURES / name))


@pytest.fixture(scope="module", params=ARTICLES)
def case(request: pytest.FixtureRequest) -> tuple[Article, Brief, ClaimList, Rewrite]:
    art = _article(request.param)
    return art, extractive.brief(art), extractive.claims(art), extractive.rewrite(art)


def _narrator_texts(brief: Brief) -> list[str]:
    return [brief.headline, brief.summary, *(k.text for k in brief.key_points)]


def _unsourced_ids(art: Article) -> set[int]:
    return {s.id for s in art.sentences if any(s.text.lstrip('"\u201c').startswith(p) for p in SPECULATION)}


def _inner(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]].strip('"\u201c\u201d\u00ab\u00bb ,.')


def test_no_loaded_language_in_narrator_voice(case: tuple[Article, Brief, ClaimList, Rewrite]) -> None:
    _, brief, claims, rewrite = case
    texts = _narrator_texts(brief) + [c.text for c in claims.claims] + [p.text for p in rewrite.paragraphs]
    for text in [*texts, rewrite.headline]:
        assert nlp.loaded_terms(text) == [], text


def test_quotes_in_outputs_are_verbatim_from_the_article(case: tuple[Article, Brief, ClaimList, Rewrite]) -> None:
    art, brief, claims, rewrite = case
    texts = _narrator_texts(brief) + [c.text for c in claims.claims] + [p.text for p in rewrite.paragraphs]
    seen = 0
    for text in texts:
        for span in nlp.quote_spans(text):
            inner = _inner(text, span)
            assert inner in art.text, inner
            seen += 1
    assert seen > 0


def test_every_quote_in_kept_rewrite_paragraphs_survives(case: tuple[Article, Brief, ClaimList, Rewrite]) -> None:
    art, _, _, rewrite = case
    for para in rewrite.paragraphs:
        for sid in para.sentence_ids:
            s = art.sentences[sid]
            for a, b in nlp.quote_spans(s.text):
                assert s.text[a:b] in para.text


def test_claim_speakers_appear_in_or_are_resolved_by_evidence(
    case: tuple[Article, Brief, ClaimList, Rewrite],
) -> None:
    art, _, claims, _ = case
    assert claims.claims
    for c in claims.claims:
        if c.speaker is None:
            continue
        key = c.speaker.split()[-1]
        evidence = " ".join(e.quote for e in c.evidence)
        if key in evidence:
            continue
        # Resolved: a pronoun or an unattributed quote whose speaker is named in an earlier sentence.
        first = min(c.sentence_ids)
        earlier = art.text[: art.sentences[first].start]
        assert key in earlier, (c.speaker, evidence)
        assert PRONOUNS.search(evidence) or nlp.quote_spans(evidence), (c.speaker, evidence)


def test_denials_are_typed_denial(case: tuple[Article, Brief, ClaimList, Rewrite]) -> None:
    art, _, claims, _ = case
    by_sentence = {sid: c for c in claims.claims for sid in c.sentence_ids}
    for s in art.sentences:
        masked = nlp.neutralize(s.text)  # same words; only used to find narrator-voice verbs below
        outside = re.sub(r'"[^"]*"|\u201c[^\u201d]*\u201d', "", masked)
        if re.search(r"\b(?:denied|rejected|disputed)\b", outside):
            assert s.id in by_sentence, s.text
            assert by_sentence[s.id].type == "denial", s.text


def test_unsourced_speculation_absent_from_summary_and_key_points(
    case: tuple[Article, Brief, ClaimList, Rewrite],
) -> None:
    art, brief, claims, rewrite = case
    bad = _unsourced_ids(art)
    for k in brief.key_points:
        assert not set(k.sentence_ids) & bad
    for text in _narrator_texts(brief):
        for opening in SPECULATION:
            assert opening.lower() not in text.lower(), text
    for c in claims.claims:
        if set(c.sentence_ids) & bad:
            assert c.type == "speculation" and c.speaker is None
        assert not (c.type == "fact" and set(c.sentence_ids) & bad)
    kept = {sid for p in rewrite.paragraphs for sid in p.sentence_ids}
    assert not kept & bad


def test_sensational_fixtures_do_contain_speculation() -> None:
    # Guards the test above against passing vacuously.
    for name in ("articles/sensational.txt", "demo_article.txt"):
        art = _article(name)
        assert len(_unsourced_ids(art)) >= 5
        assert nlp.sensationalism(art.text) > 1.0


def test_evidence_quotes_equal_source_text(case: tuple[Article, Brief, ClaimList, Rewrite]) -> None:
    art, brief, claims, _ = case
    for c in [*brief.claims, *claims.claims]:
        assert c.evidence
        for e in c.evidence:
            assert e.quote == art.text[e.start : e.end]
            assert e.sentence_id in c.sentence_ids
    ids = {s.id for s in art.sentences}
    assert all(set(k.sentence_ids) <= ids for k in brief.key_points)


def test_outputs_are_deterministic(case: tuple[Article, Brief, ClaimList, Rewrite]) -> None:
    art, brief, claims, rewrite = case
    assert extractive.brief(art).model_dump() == brief.model_dump()
    assert extractive.claims(art).model_dump() == claims.model_dump()
    assert extractive.rewrite(art).model_dump() == rewrite.model_dump()


def test_provenance_and_shape(case: tuple[Article, Brief, ClaimList, Rewrite]) -> None:
    art, brief, claims, rewrite = case
    for out in (brief, claims, rewrite):
        assert out.run.backend == "extractive" and out.run.path == "extractive" and out.run.model is None
        assert out.source.id == art.id and out.source.sentences == len(art.sentences)
    assert [c.id for c in claims.claims] == [f"c{i}" for i in range(1, len(claims.claims) + 1)]
    assert brief.summary and brief.key_points and brief.headline
    assert all(len(nlp.words(c.text)) <= 40 for c in claims.claims)


def test_summary_within_max_words_and_in_article_order() -> None:
    art = _article("articles/quotes.txt")
    for limit in (40, 80, 120):
        b = extractive.brief(art, max_words=limit)
        assert 0 < len(nlp.words(b.summary)) <= limit
    b = extractive.brief(art, max_words=120)
    starts = [art.text.find(s.rstrip(".").split(",")[0][:30]) for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", b.summary)]
    found = [p for p in starts if p >= 0]
    assert found == sorted(found)


def test_all_caps_title_is_desensationalised() -> None:
    art = _article("articles/sensational.txt")
    headline = extractive.brief(art).headline
    assert not headline.isupper()
    # Built from the lead fact (the mayor's accusation), attributed, never the source's shouting title.
    assert headline.startswith("Holloway ") and "water board" in headline
    assert "bombshell" not in headline.lower() and "!" not in headline and "slam" not in headline.lower()


def test_hype_title_is_replaced_by_the_lead_claim() -> None:
    art = _article("demo_article.txt")
    headline = extractive.brief(art).headline
    assert "believe" not in headline.lower()
    assert headline.startswith("Pike says he had threatened")


def test_missing_title_still_gives_a_clean_headline() -> None:
    body = (FIXTURES / "articles/sensational.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    art = from_text(body)
    headline = extractive.brief(art).headline
    assert headline and nlp.loaded_terms(headline) == []


def test_wire_story_headline_is_its_lead_fact() -> None:
    art = _article("articles/wire.txt")
    headline = extractive.brief(art).headline
    # The first sentence's main clause (a narrator fact), sentence-cased as written in the body.
    assert art.sentences[0].text.startswith(headline)
    assert len(headline.split()) < 20


def test_pronoun_subjects_are_named_in_key_points() -> None:
    art = _article("articles/sensational.txt")
    b = extractive.brief(art, max_words=400)
    for text in [b.summary, *(k.text for k in b.key_points)]:
        assert not re.match(r"(?:He|She|They) (?:said|added|told)", text)


def test_a_pronoun_standing_for_a_role_gets_its_article() -> None:
    # "He said" for "the professor" became "Professor said" (Daily Mail, 01-paracetamol-heart-risk in realtext);
    # '..., he said.' for "the mayor" became '..., mayor said.' (BBC, the London mayor story). Our own sentences.
    art = _article("articles/wire.txt")
    claims = extractive.claims(art).claims
    texts = [c.text for c in claims if c.speaker == "authority"]
    assert any(t.startswith("The authority also said") for t in texts), texts
    assert not any(re.match(r"Authority\b", t) for t in texts)
    art = from_text(
        "Budget row\n\nThe mayor said the budget would be balanced by March. "
        '"We will not cut the bus routes," he said.\n'
    )
    second = [c.text for c in extractive.claims(art).claims if c.sentence_ids == [1]]
    assert second == ['"We will not cut the bus routes," the mayor said.'], second


def test_extractive_outputs_pass_the_trust_checks() -> None:
    from summarizer import trust

    for name in ARTICLES:
        art = _article(name)
        for out in (extractive.brief(art), extractive.claims(art), extractive.rewrite(art)):
            report = trust.check(out, art, max_words=120)
            errors = [f for f in report.findings if f.severity == "error"]
            assert errors == [], (name, out.kind, [(f.kind, f.path, f.message) for f in errors])


def test_a_very_short_article_still_gets_a_summary_and_headline() -> None:
    from summarizer import trust
    from summarizer.ingest import from_text

    art = from_text("The council met on Monday.")
    b = extractive.brief(art)
    assert b.summary == "The council met on Monday."
    assert b.headline == "The council met on Monday"
    assert b.key_points[0].sentence_ids == [0]
    assert trust.check(b, art, max_words=120).ok


def test_our_alone_does_not_make_a_news_report_an_opinion_piece() -> None:
    # Daily Mail science report (CNN/DailyMail dataset): "the diet of our early ancestors" made the whole report
    # "the author"'s opinion and its headline "Opinion piece argues ...". Our own sentences.
    news = from_text(
        "Ancient diet\n\nResearchers at a university in Leeds have found that an early human relative ate mostly "
        "roots and insects. The team studied the wear on 40 fossil teeth from Kenya and Ethiopia. "
        "Theories about the diet of our early ancestors have changed over the years. "
        "The study was published on Wednesday in a journal of palaeontology.\n"
    )
    assert not any(a.speaker == nlp.AUTHOR for a in nlp.attribute(news))
    assert not extractive.brief(news).headline.startswith("Opinion piece")
    # A narrator who says "I" is still an opinion piece, and its headline says so, in sentence case.
    column = from_text(
        "Trust and technology\n\nI have spent twenty years writing about computers in government. "
        "A major government department went without e-mail for a week last month. "
        "Ministers should publish a full report on the failure before the summer.\n"
    )
    headline = extractive.brief(column).headline
    assert headline.startswith("Opinion piece argues "), headline
    assert not re.match(r"Opinion piece argues [A-Z][a-z]? ", headline), headline


def test_a_sentence_leaning_on_the_one_before_is_no_headline() -> None:
    # CNN opinion (CNN/DailyMail dataset): "Opinion piece argues twenty of them are women". Our own sentences.
    column = from_text(
        "Campaign video\n\nI watched the new campaign video twice this week. "
        "It features forty voters from six states. Twenty of them are retired teachers. "
        "The campaign should talk to younger voters before it is too late in the race.\n"
    )
    headline = extractive.brief(column).headline
    assert "of them" not in headline, headline


def test_he_said_with_no_one_to_name_stays_out_of_the_summary() -> None:
    # BBC, "Fox attacks Blair's Tory 'lies'" (ZitRos/news-articles-dataset): 'He said: "This is three-party
    # politics."' (Charles Kennedy) followed a Liam Fox sentence in the summary and read as his. Our own sentences.
    art = from_text(
        "Election week\n\nParty chair Ruth Calder told BBC Radio the campaign would focus on housing and rents. "
        "Green leader Tom Ashby and Labour's Ian Frost spoke at the same rally in Leeds on Monday evening. "
        'He said: "This is a three-party race and every seat in the north is now open."\n'
    )
    attrs = nlp.attribute(art)
    assert attrs[2].speaker is None  # two men fit "He": the tool does not guess
    b = extractive.brief(art, max_words=400)
    assert all("three-party" not in t for t in [b.summary, *(k.text for k in b.key_points)])


def test_a_quotation_is_closed_with_the_mark_that_opened_it() -> None:
    # Daily Mail pages (extra set A) open quotations with ' and lose the closing mark at the paragraph's end; the
    # claim text closed them with ". Our own article with the same shape: double marks elsewhere, single here.
    article = from_text(
        'Dam report\n\nThe agency called the report "thorough" on Monday.\n\n'
        "Engineer Ruth Kell said: 'The dam is sound. The spillway needs work. It will take a year.\n\n"
        'A council member said the repairs were "overdue" and should start now.'
    )
    texts = [c.text for c in extractive.claims(article).claims]
    kell = [t for t in texts if "spillway" in t]
    assert kell and all(t.count("'") % 2 == 0 and '"' not in t for t in kell), kell


def test_a_paragraph_continuing_a_roles_quotation_names_the_role_with_the() -> None:
    # BBC (set A, Livingstone): a paragraph of the mayor's words came out 'Mayor said: "We are ..."'. Our own text.
    art = from_text(
        'Bridge vote\n\nThe mayor said he had heard "many complaints from drivers" about the work. '
        '"I do not say that lightly. "But the bridge is old.\n\n'
        '"We are sorry for the delays and the work cannot wait any longer." A council member said the vote was close.\n'
    )
    text = extractive.rewrite(art).paragraphs[-1].text
    assert text.startswith('The mayor said: "We are sorry'), text


def test_a_quotation_nobody_is_named_for_stays_out_of_the_summary() -> None:
    # A report opening on a bare quotation from a letter (FNC-1 bodies: the teenager's words as an epigraph): read in
    # a brief, the quotation says nothing of whose words they are. Our own sentences.
    text = (
        '"Nobody at the college listened to me."\n\n'
        "A 19-year-old student died in a fall from a bridge in Marlow on Sunday, police said.\n\n"
        "Officers said no one else was involved in the fall, which happened shortly after midnight.\n\n"
        "The college said it was reviewing its support services for students in their first year."
    )
    brief = extractive.brief(from_text(text, title="Student dies in fall"))
    assert "listened to me" not in brief.summary
    assert all("listened to me" not in k.text for k in brief.key_points)
    assert "Marlow" in brief.summary
