"""The one text core: the sentences that decided where the engine's and the checks' old helpers disagreed.

Every sentence here is our own, written in the style of a real failure; the article it came from is named.
"""

from __future__ import annotations

import pytest

from summarizer import nlp
from summarizer.ingest import from_text
from summarizer.nlp import parser


def _attrs(text: str) -> list[nlp.Attribution]:
    return nlp.attribute(from_text(text, title="Test"))


# Splitter: the checks had their own; ingest's is the one (it keeps "Jan. 5", "Acme Inc. Chief", "5 p.m.").
def test_one_splitter_keeps_abbreviations_inside_sentences() -> None:
    text = "The hearing was set for Jan. 5 in Dover. Acme Inc. Chief Dan Roe said it would go ahead at 5 p.m. Friday."
    art = from_text(text, title="T")
    assert [s.text for s in art.sentences] == [
        "The hearing was set for Jan. 5 in Dover.",
        "Acme Inc. Chief Dan Roe said it would go ahead at 5 p.m. Friday.",
    ]


# Quotes: the engine knew only double quotes, the checks' regex missed single quotes with apostrophes inside.
# Daily Mail style (14-bobbi-kristina): single-quoted statements running over paragraphs.
def test_single_quotes_across_paragraphs_are_quotes_and_apostrophes_are_not() -> None:
    text = "Her aunt said: 'I can't stay long today.\n\n'We are hopeful. Keep her in your prayers.'\n\nIt's Bob's car."
    spans = nlp.quote_spans(text)
    quoted = [text[a:b] for a, b in spans]
    assert quoted == ["'I can't stay long today.", "'We are hopeful. Keep her in your prayers.'"]


def test_capitalised_mac_and_mc_names_stay_whole() -> None:
    # 16-drink-remark: "MacDonell" was cut into "Mac" + "Donell", and the checks then flagged "Donell".
    names = nlp.person_names("The prize went to Angus MacKenzie and Jack McBride.")
    assert names == ["Angus MacKenzie", "Jack McBride"]


def test_affiliation_is_not_the_speaker(engine: str) -> None:
    # "Rachel Thompson, of the WCRF, said" (issue 9) was given to the WCRF.
    (a,) = _attrs("Maria Lopez, of the Harbour Trust, said the plan was sound.")
    assert a.speaker == "Maria Lopez"


def test_she_added_continues_the_last_speaker_not_the_last_named_person(engine: str) -> None:
    # 15-blogger-grounded: "She added" after a Delta spokesperson was given to the blogger named earlier.
    text = (
        'Ms Ellen Park said the rules were "unclear". A spokesperson for the airline said: "We do not comment." '
        "She added she could not say whether the case was unusual."
    )
    attrs = _attrs(text)
    assert attrs[0].speaker == "Ellen Park"
    assert "spokesperson" in (attrs[1].speaker or "")
    if engine == "parser":
        assert "spokesperson" in (attrs[2].speaker or "")
    else:
        assert attrs[2].speaker in (None, attrs[1].speaker)  # the rules may abstain, never pick Ellen Park


def test_ambiguous_pronoun_abstains_with_a_reason(engine: str) -> None:
    text = "Tom Reed met Sam Hale on Monday. Later he said the deal was off."
    attrs = _attrs(text)
    assert attrs[1].speaker is None or attrs[1].speaker == "Sam Hale"  # never a guess between two men...
    if engine == "parser":
        assert attrs[1].speaker is None and attrs[1].reason and "could be" in attrs[1].reason


def test_acronym_and_surname_are_the_same_speaker() -> None:
    art = from_text("Ellen Park of Cancer Research UK said so. Ms Park added more.", title="T")
    assert nlp.same_speaker(art, "CRUK", "Cancer Research UK")
    assert nlp.same_speaker(art, "Ms Park", "Ellen Park")
    assert not nlp.same_speaker(art, "Tom Reed", "Ellen Park")


def test_denial_typing(engine: str) -> None:
    attrs = _attrs(
        "The agency denied that any call took place. Jo Kim said the plan does not change the priorities. "
        'Lee Ward said: "That is completely untrue."'
    )
    assert [a.claim_type for a in attrs] == ["denial", "statement", "denial"]
    (a,) = _attrs('A Kremlin spokesman said: "No such meeting took place."')
    assert a.claim_type == "denial"
    (a,) = _attrs("The minister does not deny that the two men met.")
    assert a.claim_type != "denial"
    # A Daily Mail report outside the corpus: "Bird disagreed, saying his role was ...". Our own sentence.
    (a,) = _attrs("Ben Ortiz disagreed, saying his role at the event had been small.")
    assert (a.speaker, a.claim_type) == ("Ben Ortiz", "denial")


def test_blast_the_noun_is_not_criticism() -> None:
    # An AP wire (issue 9): "the blast" became "criticize"; only the verb of criticism is loaded.
    if parser.model() is None:
        pytest.skip("spaCy model not installed (the nlp extra)")
    assert nlp.neutralize("No one was injured in the Jersey blast.") == "No one was injured in the Jersey blast."
    assert nlp.neutralize("The senator blasted the plan.") == "The senator criticized the plan."
    assert nlp.sensationalism("No one was injured in the blast on Monday.") == 0.0


def test_no_edit_when_none_keeps_the_meaning() -> None:
    # "That is a ridiculous approach." became "That is an approach."; "so-called" became "notable".
    for text in ("That is a ridiculous approach.", "The so-called metadata was published."):
        assert nlp.neutralize(text) == text
        assert nlp.loaded_terms(text) and not any(t.editable for t in nlp.loaded_terms(text))
    assert nlp.sensationalism("The police are lying.") > 0.0


def test_furniture_and_headings_leave_the_sentences() -> None:
    text = (
        "Scroll down for video\n\nPictured: the mayor at the opening on Monday\n\nThe mayor opened the bridge on "
        "Monday. It cost $4 million.\n\nNew Timetable\n\nTrains will run every ten minutes.\n\nBy: Jo Smith / Wire\n\n"
        "Source: http://example.com/story"
    )
    art = from_text(text, title="Bridge opens")
    assert [s.text for s in art.sentences] == [
        "The mayor opened the bridge on Monday.",
        "It cost $4 million.",
        "Trains will run every ten minutes.",
    ]
    assert [(h.text, h.before_paragraph) for h in art.headings] == [("New Timetable", 1)]


def test_captions_glued_into_a_paragraph_leave_the_sentences() -> None:
    # The CNN/DailyMail news dataset (Daily Mail pages as one paragraph): captions and bylines end in " .", and
    # captions point at the picture (", left,", "(pictured with ...)"); "(CNN)" is glued to the first word.
    # Our own sentences in that style.
    text = (
        "(CNN)The council approved the new bus depot on Monday. By . Jo Smith . "
        "Councillor Ann Reyes, pictured, backed the depot at the meeting . "
        "The depot will open in 2027 and employ 140 drivers. Scroll down for video . "
        "BUSY ROUTE: The 14 bus, left, and the night service, right, will move to the depot . "
        "Residents near the site said they feared more traffic.\n\n"
        "Mayor Lee Park (left, pictured with the depot plans) said the site was the right choice.\n\n"
        "Opponents said they would appeal."
    )
    art = from_text(text, title="Depot approved")
    assert [s.text for s in art.sentences] == [
        "The council approved the new bus depot on Monday.",
        "The depot will open in 2027 and employ 140 drivers.",
        "Residents near the site said they feared more traffic.",
        "Opponents said they would appeal.",
    ]
    assert [p.sentence_ids for p in art.paragraphs] == [[0, 1, 2], [3]]
    # The same cues in running prose are left alone: "pictured sitting", "left the party", "right," after "is".
    prose = (
        "Austin Reed, one of the men pictured sitting at the table, said the event was staged. "
        "She left the party in 2019. He said it is right, and fair, to ask."
    )
    assert len(from_text(prose, title="T").sentences) == 3


def test_reduced_attribution_is_said_once_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    saved = dict(parser._state)
    try:
        parser.reset()
        parser._state["nlp"] = None  # as when spaCy is not installed
        parser._state.pop("warned", None)
        parser._state.pop("nlp")
        orig = parser._load
        parser._load = lambda: None  # type: ignore[assignment]
        try:
            assert parser.model() is None and parser.model() is None
            art = from_text("Jo Kim said the plan was sound.", title="T")
            assert nlp.attribute(art)[0].speaker == "Jo Kim"  # the rules still name plain speakers
        finally:
            parser._load = orig  # type: ignore[assignment]
        err = capsys.readouterr().err
        assert err.count("attribution is reduced") == 1
    finally:
        parser._state.clear()
        parser._state.update(saved)


def test_web_furniture_of_unseen_pages_is_dropped() -> None:
    # Shapes met on real pages outside the development corpus (held-out sets built from the SemEval-2019 hyperpartisan
    # articles, Reuters/AP wire copy in newspaper3k's and goose3's test pages): wire datelines, credit lines, a
    # columnist's closing bio, reader prompts, link lines, an embedded tweet's text, widgets, a slash photo credit.
    # Our own sentences in those shapes.
    text = (
        "A short standfirst about the depot vote.\n\n"
        "RIVERTON, Ore. (AP) \u2014 The council approved the new bus depot on Monday.\n\n"
        "Tue, March 3, 2026\n\n"
        "The depot will open in 2027 and employ 140 drivers. "
        "Watch the video below, and scroll through this gallery!\n\n"
        "&gt;&gt; Read about the latest on the depot here\n\n"
        "Mayor Lee Park of the city on the stage in 2024. Jo Ames/Riverton Post/Media Group\n\n"
        "Residents said they feared more traffic (See pictures of the site.) near the school.\n\n"
        "The depot is great news for all of us!\n\n"
        "\u2014 Riverton Mayor (@rivertonmayor) March 2, 2026\n\n"
        "Readers, do you think the depot is a good idea? Let us know!\n\n"
        "This is a modal window.\n\n"
        "[\u2026]\n\n"
        "Opponents said they would appeal, and the news &amp; views page agreed.\n\n"
        "The Associated Press and Post staff writer Al Moss contributed.\n\n"
        "(Additional reporting by Ana Ruiz in SALEM; Editing by Tom Bell)\n\n"
        "Kim Lowe is a regular columnist for the Post. Her latest book is Buses. Write to her at kim@post.example.\n\n"
        "(C) 2026 RIVERTON POST MEDIA."
    )
    art = from_text(text, title="Depot approved")
    assert [s.text for s in art.sentences] == [
        "A short standfirst about the depot vote.",
        "The council approved the new bus depot on Monday.",
        "The depot will open in 2027 and employ 140 drivers.",
        "Residents said they feared more traffic near the school.",
        "Opponents said they would appeal, and the news & views page agreed.",
    ]


def test_shapes_like_furniture_in_running_prose_are_kept() -> None:
    # The negatives of the rules above: an acronym before a dash is no dateline, "contributed" and "let us know"
    # inside the story, a lead-in to a statement ending in ":", a bio-like sentence that does not close the piece.
    text = (
        "NATO - the alliance - met on Monday.\n\n"
        "He said he contributed.\n\n"
        'She said: "Let us know if you see him."\n\n'
        "The charity said donors support us every year.\n\n"
        "Read the full statement below:\n\n"
        "The depot board met at noon.\n\n"
        "Kim Lowe is a regular columnist who sued the council.\n\n"
        "The board said the case would be heard in May.\n\n"
        "Police said the van was found.\n\n"
        "The council will decide on March 3, 2026."
    )
    assert len(from_text(text, title="T").paragraphs) == 10


def test_a_document_showing_what_someone_said_is_evidence_not_the_source() -> None:
    # A Telegraph report outside the corpus: "Previously unseen papers show Mrs Thatcher warned ... that she did not
    # like the sound of the new exam" was the papers' claim. Our own sentences; the parse sees the nested clause.
    if parser.model() is None:
        pytest.skip("spaCy model not installed (the nlp extra)")
    a, b, c = _attrs(
        "Newly released papers show Mayor Ana Ruiz warned that the depot would close. "
        "Court documents show Tom Vance told police he had been at home. "
        "The study shows that salt raises blood pressure."
    )
    assert (a.speaker, b.speaker, c.speaker) == ("Ana Ruiz", "Tom Vance", "study")
