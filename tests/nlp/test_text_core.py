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


def test_furniture_of_wire_blog_and_newspaper_pages_is_dropped() -> None:
    # Shapes met on real pages outside the development corpus (held-out sets from the ISOT and McIntire fake/real
    # news data, CNN stories of the CNN/DailyMail corpus, and the Article-Bias-Prediction crawl of 11 outlets): share
    # widgets, video players, "Read more" links, a story-age banner, ticker codes and bracketed links in wire copy, a
    # blog's "Posted on ... by ... Share This", a tweet's links and signature inside a paragraph, "EXCLUSIVE:", an
    # agency caption, "Pictured:", a bio and a newspaper's footer, and the credits and promotions glued into the
    # last paragraph of a story. Our own sentences in those shapes.
    text = (
        "Depot approved after long fight Posted on March 3, 2026 by Kim Lowe in Politics Share This\n\n"
        "Click to email this to a friend (Opens in new window)\n\n"
        "This article is more than 7 months old\n\n"
        "EXCLUSIVE: The council approved the new bus depot (RVTN.N) on Monday [rvtn.rs/2xYz9] after a long fight.\n\n"
        "Opponents say the depot will bring traffic [via Riverton Post ] and noise.\n\n"
        "Depot row: what happens next Read more\n\n"
        "Play Video 2:14 The depot site from the air\n\n"
        "Related Video Video length 1 minute 3 seconds 1:03 Mayor defends depot\n\n"
        "A worker is pictured on the depot site on March 2, 2026, in Riverton, Oregon.\n\n"
        "We do not want more buses here pic.twitter.com/AbC123 \u2014 Jo Ames (@joames) March 2, 2026\n\n"
        "The mayor said the depot would open in 2027. Pictured: The mayor at the site on Monday\n\n"
        "[insert]\n\n"
        "Featured image via screen capture\n\n"
        "Kim Lowe teaches journalism at Riverton College. She wrote this for the Post.\n\n"
        "To read more columns, go to the Opinion page and follow us on Twitter @RivertonPost.\n\n"
        "The board will meet again in May. Opinion: Why does Riverton need a depot? Jo Ames reported from Riverton, "
        "and Al Moss wrote and reported from Salem. The Post's Ana Ruiz contributed to this report. Watch Kim Lowe "
        "weekdays 7pm ET. For the latest from Kim Lowe click here."
    )
    art = from_text(text, title="Depot approved after long fight")
    assert [s.text for s in art.sentences] == [
        "The council approved the new bus depot on Monday after a long fight.",
        "Opponents say the depot will bring traffic and noise.",
        "The mayor said the depot would open in 2027.",
        "The board will meet again in May.",
    ]
    # A tweet glued into a long paragraph (the crawl lost its line breaks): its links and signature go, the text stays.
    long = " ".join(["The depot has 40 bays."] * 16)
    art = from_text(
        f"{long} Residents feared more buses pic.twitter.com/AbC123 Jo Ames (@joames) March 2, 2026 and the mayor "
        "replied.",
        title="T",
    )
    assert art.sentences[-1].text == "Residents feared more buses Jo Ames and the mayor replied."


def test_furniture_of_health_news_and_fact_check_pages_is_dropped() -> None:
    # Shapes of the ReCOVery COVID-19 news crawl and the BuzzFeed-Webis corpus: shortened links and a fact check's
    # "(here)" markers inside sentences, a "(stock)" photo caption, "Pictured above with ...", lead-ins to pictures
    # the crawl lost, "Also read:", "TRENDING:", a sources list of bare domains, "Comment on this article at",
    # "Updated on ...", a fact-check team credit, a reposting credit, a Patreon plea. Our own sentences.
    text = (
        "The mayor said the depot passed its safety test. \u201cIt is in very good shape overall.\u201d "
        "reut.rs/3xYzAbc\n\n"
        "The council wrote to the firm about the late buses and the noise in a letter posted bit.ly/3aBcDeF on "
        "Twitter.\n\n"
        "A video shows a bus leaving the depot (here) . Others made similar claims (here, here, here).\n\n"
        "He then walked into the depot. He was seen two days later (stock)\n\n"
        "The mayor opened the depot in March. Pictured above with his wife Ana and their dog\n\n"
        "Here\u2019s a photo of the workers holding the keys to the new depot:\n\n"
        "Figure 1 from the report:\n\n"
        "This map shows the new bus routes around the depot:\n\n"
        "Also read: Why Buses Are Taking Over The World\n\n"
        'TRENDING: "Back of the Bus!" - Mayor Tries to Cut in Line\n\n'
        "Updated on April 23 at 8:20 a.m. ET\n\n"
        "From the Riverton Post News Foundation:\n\n"
        "Comment on this article at RivertonPost.com.\n\n"
        "This article was produced by the Riverton Fact Check team.\n\n"
        "Liked it? Take a second to support Riverton Post on Patreon!\n\n"
        "More of the latest news about the depot is available at Depot.news.\n\n"
        "Sources for this article include:\n\n"
        "RivertonPost.com\n\n"
        "Rivertrans RVTI.MM did not reply. (This story corrects to Friday from Thursday in first paragraph)\n\n"
        "The board will meet again in May. Sources:"
    )
    art = from_text(text, title="Depot opens")
    assert [s.text for s in art.sentences] == [
        "The mayor said the depot passed its safety test.",
        "\u201cIt is in very good shape overall.\u201d",
        "The council wrote to the firm about the late buses and the noise in a letter posted on Twitter.",
        "A video shows a bus leaving the depot.",
        "Others made similar claims.",
        "He then walked into the depot.",
        "The mayor opened the depot in March.",
        "Rivertrans did not reply.",
        "The board will meet again in May.",
    ]
    # Kept: what a video shows, said in the story's own words.
    kept = from_text(
        "The video, filmed by a neighbour on Friday night, shows officers stopping the bus:\n\nThe driver was fine.",
        title="T",
    )
    assert [s.text for s in kept.sentences][0].startswith("The video, filmed by a neighbour")


def test_an_excerpt_after_a_via_line_is_nobodys_the_tool_can_name(engine: str) -> None:
    # A Gateway Pundit post in the ReCOVery crawl: "Via AndrewBostom.com" and then a long paragraph of Bostom's post,
    # its block-quote marks lost; in the writer's opinion piece it became "the author"'s, President Trump's quoted
    # words included. Our own sentences in that shape.
    text = (
        "I think the mayor has done enough damage to this town.\n\n"
        "We should not let him build another depot.\n\n"
        "Jo Ames wrote about the depot this week.\n\n"
        "Via JoAmes.com\n\n"
        "The depot will double the traffic on Main Street. I totally disagree with the mayor on buses.\n\n"
        "He should resign now."
    )
    art = from_text(text, title="The depot")
    got = {s.text: a for s, a in zip(art.sentences, nlp.attribute(art), strict=True)}
    assert got["I think the mayor has done enough damage to this town."].speaker == nlp.AUTHOR
    for line in ("The depot will double the traffic on Main Street.", "I totally disagree with the mayor on buses."):
        assert got[line].speaker is None and not got[line].unsourced and got[line].reason == nlp.EXCERPT
    from summarizer import api

    brief = api.brief(art, backend="extractive")
    assert "traffic on Main Street" not in brief.summary + " ".join(k.text for k in brief.key_points)


def test_sentences_glued_without_a_space_are_split_but_names_and_addresses_are_not() -> None:
    # Crawls that lost the space after a full stop ("it s hilarious.And if this", in the ISOT fake-news data): one
    # run-on sentence hid the facts, and "States.In" looked like a name the article never wrote.
    art = from_text(
        "The depot opened in the United States.In fact, it is the first one. Maybe.It will not be the last. "
        "See www.Riverton.Example for details. Mrs.Lowe and P.J. Ames and the U.S. Army came. "
        "He wanted those \u201cmaking real efforts.\u201dHook made it clear.",
        title="T",
    )
    assert [s.text for s in art.sentences] == [
        "The depot opened in the United States.",
        "In fact, it is the first one.",
        "Maybe.",
        "It will not be the last.",
        "See www.Riverton.Example for details.",
        "Mrs.Lowe and P.J. Ames and the U.S. Army came.",
        "He wanted those \u201cmaking real efforts.\u201d",  # a closing quotation mark glued to the next sentence
        "Hook made it clear.",
    ]
    assert ("United", "States") in [ns.tokens for ns in nlp.name_sequences(art.text)]


def test_credits_and_captions_shapes_inside_the_story_are_kept() -> None:
    # The negatives: a correspondent reporting what she found is a sentence of the story; a past-tense sentence
    # with a date and a place is no caption; "Read more" inside a sentence is not a link line.
    text = (
        "Police arrested a man on October 14, 2015, in Riverton, Oregon.\n\n"
        "Readers can read more about the depot in the council's report, the mayor said.\n\n"
        "Photos by a neighbour show the van leaving the depot at night, police said.\n\n"
        "Our correspondent Jo Ames reported from Riverton that the depot had closed."
    )
    assert len(from_text(text, title="T").sentences) == 4


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


def test_an_owner_is_never_the_speaker_of_their_relative_s_words(engine: str) -> None:
    # A Reuters/Guardian report in the McIntire fake/real news data: "Mateen’s ex-wife, Sitora Yusufiy, told CNN ..."
    # was Mateen's claim: the small model made the owner and each piece of "ex-wife" subjects of "told". Our words.
    (a,) = _attrs("Vance\u2019s ex-wife, Rita Lowe, told reporters she did not know where he was.")
    assert a.speaker == "Rita Lowe"


def test_two_roles_before_one_name_are_one_person(engine: str) -> None:
    # A BBC column in the BBC News dataset opens "A new European directive could put software writers at risk of
    # legal action, warns former programmer and technology columnist Bill Thompson": the speaker was "new European
    # directive". The small model reads "X and Y Name" as two conjoined subjects, and an inverted tag's speaker as
    # the verb's object. Our own sentences; the plain rules cannot read the inverted tag and must not guess.
    a, b = _attrs(
        "Author and activist Jane Doe said the rules were unfair. "
        "New rules could put small firms at risk, warns former programmer and columnist Bill Moss."
    )
    assert a.speaker == "Jane Doe" and "activist" in (a.speaker_title or "")
    assert b.speaker == ("Bill Moss" if engine == "parser" else None)


def test_the_name_in_apposition_to_a_role_is_the_speaker_whatever_its_shape(engine: str) -> None:
    # COVID news in the ReCOVery crawl and an ABC report in the BuzzFeed-Webis corpus: "'...,' Sorrento's CEO, Dr
    # Henry Ji, told Fox" gave "Sorrento CEO"; "US Congresswoman representing Tampa Bay, Kathy Castor wrote:" gave
    # "US Congresswoman"; and "Misty Buswell, Save the Children's regional advocacy director ..., told ABC News" gave
    # "ABC News", the listener, to her words and to the three sentences of her quotation after them. Our own text.
    a, b, c, d = _attrs(
        "\u2018We want to say there is a cure,\u2019 Riverton\u2019s CEO, Dr Jane Doe, told Fox. "
        "State Senator representing Lake County, Bill Moss wrote: \u201cThe depot will not open.\u201d "
        "\u201cWe heard the trucks all night,\u201d Rita Lowe, Friends of the River\u2019s local director for the "
        "north valley, told ABC News. "
        "\u201cThis is a new low for the town.\u201d"
    )
    assert a.speaker == "Jane Doe"
    assert b.speaker == "Bill Moss"
    assert c.speaker == "Rita Lowe"
    assert d.speaker == "Rita Lowe"


def test_it_after_another_organisation_opens_a_sentence_abstains(engine: str) -> None:
    # A Daily Caller report in the BuzzFeed-Webis corpus: "The World Health Organization reported irregularities
    # ... The FDA sent a warning letter ... It concluded that the drugs ...": "it" went to the WHO. Our own text.
    a, b, c = _attrs(
        "The World Health Organization said it found problems with three drugs. "
        "The FDA sent a warning letter to the firm in 2006. "
        "It concluded that the drugs were weak."
    )
    assert a.speaker == "World Health Organization"
    assert c.speaker is None
    # With no other organisation in between, "it" is still the one that spoke.
    *_, d = _attrs(
        "The World Health Organization said it found problems with three drugs. "
        "In 2006, inspectors visited the plant. "
        "It concluded that the drugs were weak."
    )
    assert d.speaker == ("World Health Organization" if engine == "parser" else None)


def test_a_verb_naming_only_a_topic_reports_nothing(engine: str) -> None:
    # "Dr. Andrew Bostom reported on this rare inflammatory condition" (Gateway Pundit, in the ReCOVery crawl) was
    # put down as Bostom's claim. The same verbs with something said stay claims. Our own sentences.
    a, b, c, d = _attrs(
        "Dr. Jane Doe reported on this rare condition in children last month. "
        "The mayor commented on the vote, saying it was fair. "
        "The company reported on Tuesday that profits fell. "
        "A spokesman for the council declined to comment on the report."
    )
    assert a.speaker is None and not a.unsourced
    assert c.speaker == "company"
    if engine == "parser":
        assert b.speaker == "mayor" and d.speaker == "spokesman for the council"


def test_a_statement_released_or_a_participle_says_whose_words_they_are(engine: str) -> None:
    # Wire shapes of the ReCOVery crawl, the Guardian and CNN: "the Department of Health ... released a statement
    # saying ...", "Mueller broke his public silence on Wednesday, denying that ...", and a passive denial ("The
    # allegations have consistently been rejected by the Chinese Foreign Ministry"). All had no speaker. Our text.
    a, b, c, d, e, f, g = _attrs(
        "On May 6, the Department of Roads released a statement saying the bridge was safe. "
        "Jane Doe broke her silence on Friday, denying that she had hidden the costs. "
        "The claims have consistently been rejected by the Riverton Transport Ministry. "
        "The appeal was rejected by the court on Monday. "
        "The video showed a driver saying he was tired. "
        "The city lawyer and councillor later issued a statement, saying the case was about money. "
        "He walked out of the room, saying nothing."
    )
    if engine == "parser":
        assert (a.speaker, a.claim_type) == ("Department of Roads", "statement")
        assert (b.speaker, b.claim_type) == ("Jane Doe", "denial")
        assert (c.speaker, c.claim_type) == ("Riverton Transport Ministry", "denial")
    else:
        assert a.speaker is None and b.speaker is None and c.speaker is None  # the rules do not read these
    assert d.speaker is None  # a court's ruling is no denial of a claim
    assert e.speaker != "driver"  # whose words a noun with a participle carries, the sentence does not say
    assert f.speaker is None  # "the city lawyer and councillor": someone named before, described again
    assert g.speaker is None


def test_the_month_may_is_no_hedge_and_no_guess(engine: str) -> None:
    # "The council will meet in May." was unsourced speculation (its "May" read as the modal), so the rewrite
    # dropped it and claims dated in May were marked hedged. Seen on the ReCOVery crawl (May 2020 news).
    a, b, c, d = _attrs(
        "The council will meet in May. "
        "Theresa May said the talks went well. "
        "The council may meet in June. "
        "May 5 was the day the depot opened."
    )
    assert not a.unsourced and a.speaker is None and not a.hedged
    assert b.speaker is not None and b.speaker.startswith("Theresa") and not b.hedged
    assert c.unsourced and c.hedged
    assert not d.unsourced and not d.hedged


def test_a_denial_the_model_misparses_falls_back_to_the_rules(engine: str) -> None:
    # "In the book, a rep denied Lack ever took retaliatory action against Laird" (NY Post) and "It's not clear if the
    # allegations ... are true and Facebook denies them" (a McIntire column): the small model gave no subject, the
    # rules read the denial. Our own sentences in those shapes.
    a, b = _attrs(
        "In the book, a rep denied Ames ever took retaliatory action against Lowe. "
        "It is not clear if the claims are true and Rivertrans denies them."
    )
    assert (a.speaker, a.claim_type) == ("rep", "denial")
    assert (b.speaker, b.claim_type) == ("Rivertrans", "denial")


# An argument in the writer's voice with no "I" or "we" and next to no sources: a National Review column on Iran in
# the Article-Bias-Prediction crawl (1 sourced sentence of 46). Our own sentences.
ESSAY = " ".join(
    [
        "The city has three choices after the depot vote.",
        "One, it can stop the project and pay the penalties.",
        "That would cost more than finishing the depot.",
        "Two, it can build the depot and hope that traffic stays low.",
        "Hope is not a plan.",
        "Three, it can redesign the site and move the entrance to the highway.",
        "That is the only sensible answer.",
        "The council should have chosen it a year ago.",
        "Delay has already doubled the price of the land.",
        "Residents deserve a straight answer about the buses.",
        "The depot will shape the east side for decades.",
        "A redesign would take six months.",
        "The state would likely pay half.",
        "Nothing else on the table comes close.",
        "The choice is obvious, even if it is late.",
    ]
)


def test_an_argument_without_sources_is_the_authors_opinion_piece(engine: str) -> None:
    attrs = {a.sentence_id: a for a in _attrs(ESSAY)}
    assert attrs[7].speaker == nlp.AUTHOR  # "The council should have chosen it a year ago."
    assert nlp.AUTHOR in {a.speaker for a in attrs.values()}


def test_a_report_with_sources_is_no_opinion_piece(engine: str) -> None:
    # The same sentences with sources quoted in a third of them: a news report, whose unsourced judgements are
    # speculation, never an author's.
    sourced = ESSAY.replace(". ", ", the mayor said. ", 5)
    assert nlp.AUTHOR not in {a.speaker for a in _attrs(sourced)}


def test_he_after_a_speaker_the_tool_could_not_name_is_left_unresolved(engine: str) -> None:
    # A CNN feature in the Article-Bias-Prediction crawl: "an undocumented agriculture worker who spoke with CNN said
    # ... He said he's planning to hunker down" went to the farmer quoted two paragraphs before (the parse found no
    # subject for "said"). Our own sentences; "she said" in the sentence before still lets "She says" continue.
    a = _attrs(
        "Farmer Tom Vance said the harvest was late.\n\n"
        "In the next county, a worker who spoke with the Post said the town was scared. "
        "He said he would stay home all weekend."
    )
    assert a[-1].speaker != "Tom Vance"
    b = _attrs(
        "Rita Lowe said she understands the anger.\n\n"
        "For too long, she said, the town has been ignored. She says the council had this coming."
    )
    assert b[-1].speaker == "Rita Lowe"
