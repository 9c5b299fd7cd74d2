"""nlp.py: quotes, the lexicon and neutralize, hedges, unsourced commentary, attribution and pronoun resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import nlp
from summarizer.ingest import from_text
from summarizer.schemas import CLAIM_TYPES

ROOT = Path(__file__).resolve().parents[2]


def _attrs(text: str) -> list[nlp.Attribution]:
    return nlp.attribute(from_text(text))


# --------------------------------------------------------------------------- quotes


def test_quote_spans_straight_and_curly_include_the_marks() -> None:
    text = 'He said "no comment" and she said \u201cmaybe later\u201d.'
    spans = nlp.quote_spans(text)
    assert [text[s:e] for s, e in spans] == ['"no comment"', "\u201cmaybe later\u201d"]


def test_quote_spans_closing_mark_without_opening_starts_at_text_start() -> None:
    text = 'There were no calls," Peskov said.'
    (span,) = nlp.quote_spans(text)
    assert text[span[0] : span[1]] == 'There were no calls,"'


def test_quote_spans_unclosed_quote_runs_to_paragraph_end() -> None:
    text = '"First part of a long quote.\n\nNext paragraph.'
    (span,) = nlp.quote_spans(text)
    assert text[span[0] : span[1]] == '"First part of a long quote.'


def test_apostrophes_are_not_quotes() -> None:
    assert nlp.quote_spans("The mayor's office didn\u2019t reply.") == []


# --------------------------------------------------------------------------- lexicon and neutralize


def test_lexicon_loads_with_replacements_and_removals() -> None:
    lex = nlp.load_lexicon()
    assert len(lex) >= 150
    assert lex["slams"].replacement == "criticizes"
    assert lex["firestorm"].replacement == "controversy"
    assert lex["shocking"].replacement is None
    assert all(e.pos in {"adj", "verb", "noun", "adv", "phrase"} for e in lex.values())


def test_no_replacement_is_itself_loaded() -> None:
    for entry in nlp.load_lexicon().values():
        for word in (entry.replacement, entry.fallback, entry.participle):
            if word:
                assert nlp.loaded_terms(word) == [], (entry.term, word)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The senator slammed the plan.", "The senator criticized the plan."),
        ("The mayor slams the board.", "The mayor criticizes the board."),
        ("It was a shocking report.", "It was a shocking report."),
        ("An explosive report landed.", "A report landed."),
        ("A shocking, explosive memo leaked.", "A memo leaked."),
        ("The news was shocking.", "The news was unexpected."),
        ("The decision sent shockwaves through the city.", "The decision affected the city."),
        ("Shockingly, the vote failed.", "The vote failed."),
        ("The claims caused a firestorm.", "The claims caused a controversy."),
        ("The claims sparked a firestorm.", "The claims drew criticism."),
        ("Police found an explosive device.", "Police found an explosive device."),
        # realtext 04: the lede labels two lecturers "neo-Marxist" and says they "berate" a TA (our own words).
        ("Two neo-Marxist lecturers were heard berating a tutor.", "Two lecturers were heard criticizing a tutor."),
        # A word kept because removing it would leave a hole is written once, not with the text before it again.
        (
            "The board described the report as ridiculous on Friday.",
            "The board described the report as ridiculous on Friday.",
        ),
        ("It was ridiculous, and the shocking vote passed.", "It was ridiculous, and the vote passed."),
        # "hit back at" is a phrase of its own: "responded at critics" is not English.
        ("The minister hit back at critics on Monday.", "The minister responded to critics on Monday."),
        ("The club fired back at the league.", "The club responded to the league."),
        # An aside removed with both its commas (BBC, set A: "And, needless to say, there will be" -> "And,,").
        ("And, needless to say, the vote passed.", "And the vote passed."),
        ("The vote, shockingly, failed.", "The vote failed."),
        ("A huge, shocking loss followed.", "A large loss followed."),
    ],
)
def test_neutralize(text: str, expected: str) -> None:
    assert nlp.neutralize(text) == expected


def test_neutralize_never_changes_quoted_words() -> None:
    text = 'Critics slammed the plan. "This is a shocking, explosive betrayal," she said.'
    out = nlp.neutralize(text)
    assert '"This is a shocking, explosive betrayal,"' in out
    assert "slammed" not in out
    assert [t.text for t in nlp.loaded_terms(out)] == []
    assert {t.text for t in nlp.loaded_terms(out, include_quoted=True)} == {"shocking", "explosive"}


def test_neutralize_respects_protected_spans() -> None:
    text = "This is a shocking betrayal."
    assert nlp.neutralize(text, protected=[(0, len(text))]) == text


def test_all_caps_match_keeps_case_style() -> None:
    assert nlp.neutralize("MAYOR SLAMS BOARD") == "MAYOR CRITICIZES BOARD"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The budget has soared to $2.3 billion.", "The budget has risen to $2.3 billion."),
        ("The senator had slammed the plan.", "The senator had criticized the plan."),
        ("Prices soared last year.", "Prices rose last year."),
        ("Prices have already soared.", "Prices have already risen."),
        ("Shares had sharply plummeted by noon.", "Shares had sharply fallen by noon."),
        ("Costs haven't plunged.", "Costs haven't fallen."),
        ("It's skyrocketed since May.", "It's risen since May."),
        ("Protests have erupted.", "Protests have begun."),
        ("Protests erupted.", "Protests began."),
        ("The plan was slammed by critics.", "The plan was criticized by critics."),
        ("The senator has gone nuclear.", "The senator has escalated."),
        ("Prices rose after costs soared.", "Prices rose after costs rose."),
    ],
)
def test_neutralize_uses_participles_after_an_auxiliary(text: str, expected: str) -> None:
    assert nlp.neutralize(text) == expected


def test_participle_column_is_only_for_verbs() -> None:
    lex = nlp.load_lexicon()
    assert lex["soared"].replacement == "rose"
    assert lex["soared"].participle == "risen"
    assert lex["soared"].fallback is None
    assert lex["shocking"].fallback == "unexpected"
    assert lex["shocking"].participle is None


def test_demo_article_budget_sentence_stays_grammatical() -> None:
    text = (ROOT / "fixtures/demo_article.txt").read_text(encoding="utf-8")
    out = nlp.neutralize(text)
    assert "budget has risen to $2.3 billion" in out
    assert "has rose" not in out


def test_sensationalism_counts_narrator_voice_only() -> None:
    quoted = '"Shocking, explosive, stunning," he said.'
    assert nlp.sensationalism(quoted) == 0.0
    assert nlp.sensationalism("A shocking and explosive report.") > 0


def test_rhetorical_only_verbs() -> None:
    assert [t.text for t in nlp.loaded_terms("He destroyed his critics on live television.")] == ["destroyed"]
    assert nlp.loaded_terms("The flood destroyed a bridge.") == []


# --------------------------------------------------------------------------- hedges, verbs, unsourced


def test_hedges() -> None:
    assert nlp.hedges("He allegedly took the money, according to police, and may resign.") == [
        "allegedly",
        "according to",
        "may",
    ]
    assert nlp.hedges("The council approved the budget.") == []
    assert {"allegedly", "reportedly", "may", "might", "could", "according to", "claimed"} <= nlp.HEDGE_MARKERS


def test_reporting_verbs_and_factives() -> None:
    assert nlp.REPORTING_VERBS["denied"] == "denial"
    assert nlp.REPORTING_VERBS["said"] == "statement"
    assert nlp.REPORTING_VERBS["alleged"] == "allegation"
    assert nlp.REPORTING_VERBS["predicted"] == "prediction"
    assert nlp.REPORTING_VERBS["argued"] == "opinion"
    assert set(nlp.REPORTING_VERBS.values()) <= set(CLAIM_TYPES)
    assert {"revealed", "admitted", "confirmed", "proved", "exposed", "reveals"} <= nlp.FACTIVE_VERBS


@pytest.mark.parametrize(
    "sentence",
    [
        "Experts have noted that the move could backfire.",
        "Analysts say the deal is fragile.",
        "Critics argue the timing is suspicious.",
        "Some believe the mayor wants control of the board.",
        "Many fear the worst is yet to come.",
        "The plan could potentially collapse.",
        "The episode raises questions about oversight.",
        "Observers suggest a deal is near.",
        "It remains to be seen whether the plan survives.",
        "Is this the end of the road?",
    ],
)
def test_unsourced_commentary(sentence: str) -> None:
    assert nlp.is_unsourced(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Kremlin spokesman Dmitry Peskov said the calls never took place.",
        '"We will publish everything," Rowe said.',
        "The board approved the budget on Tuesday.",
        "According to the city clerk, 300 people attended.",
    ],
)
def test_sourced_or_plain_sentences_are_not_unsourced(sentence: str) -> None:
    assert not nlp.is_unsourced(sentence)


# --------------------------------------------------------------------------- attribution


def test_title_kept_apart_from_name() -> None:
    (a,) = _attrs("Kremlin spokesman Dmitry Peskov denied that the calls took place.")
    assert (a.speaker, a.speaker_title) == ("Dmitry Peskov", "Kremlin spokesman")
    assert (a.verb, a.claim_type) == ("denied", "denial")


def test_capitalised_title_split() -> None:
    (a,) = _attrs("Foreign Minister Sergei Lavrov said the talks would continue.")
    assert (a.speaker, a.speaker_title) == ("Sergei Lavrov", "Foreign Minister")


def test_quote_then_speaker_and_surname_resolution() -> None:
    attrs = _attrs('Kremlin spokesman Dmitry Peskov spoke on Monday. "There were no calls," Peskov said.')
    assert attrs[1].speaker == "Dmitry Peskov"
    assert attrs[1].quotes and attrs[1].claim_type == "statement"


def test_inverted_speaker_with_appositive_title() -> None:
    (a,) = _attrs('"This is a lie," said Maria Zakharova, the foreign ministry spokeswoman.')
    assert (a.speaker, a.speaker_title, a.verb) == ("Maria Zakharova", "foreign ministry spokeswoman", "said")


def test_accusing_someone_of_lying_is_no_denial() -> None:
    # BBC, "Fox attacks Blair's Tory 'lies'" (ZitRos/news-articles-dataset): "Tony Blair lied ... so has no qualms
    # about lying in the election campaign, say the Tories" was typed a denial. Our own sentences.
    accusing, rejecting, calling = _attrs(
        "The minister lied about the contract and has no qualms about lying to voters, say the Greens. "
        "A spokesman for the minister said the reports were lies. "
        'Her family say the police are lying, and the officers "did not follow the rules".'
    )
    assert accusing.claim_type != "denial"
    assert rejecting.claim_type == "denial"
    assert calling.claim_type == "denial"


def test_colon_introduced_quote() -> None:
    (a,) = _attrs('Trump told donors: "I told him I would do it."')
    assert (a.speaker, a.verb) == ("Trump", "told")
    assert len(a.quotes) == 1


def test_pronoun_resolved_to_nearest_named_person() -> None:
    attrs = _attrs(
        'Kremlin spokesman Dmitry Peskov rejected the report. "It is fiction," he said. '
        "Donald Trump repeated the claim. He said he stood by it."
    )
    assert attrs[1].speaker == "Dmitry Peskov" and attrs[1].resolved
    assert attrs[1].speaker_title == "Kremlin spokesman"
    assert attrs[3].speaker == "Donald Trump" and attrs[3].resolved


def test_multi_sentence_quote_takes_speaker_of_its_attributed_part() -> None:
    attrs = _attrs('"The board has nothing to hide. We will publish every invoice," said Anita Rowe.')
    assert [a.speaker for a in attrs] == ["Anita Rowe", "Anita Rowe"]


def test_claim_types_from_verbs() -> None:
    attrs = _attrs(
        "Smith denied the report. Jones alleged that funds were missing. Lee argued the policy failed. "
        "Park predicted a recession. Kim said the meeting ended."
    )
    assert [a.claim_type for a in attrs] == ["denial", "allegation", "opinion", "prediction", "statement"]


def test_denial_cue_in_a_statement() -> None:
    (a,) = _attrs('"These claims are false," Feld said.')
    assert a.claim_type == "denial"


def test_unsourced_attribution_has_no_speaker() -> None:
    (a,) = _attrs("Experts have noted that the scandal could potentially bring down the board.")
    assert a.unsourced and a.speaker is None and a.claim_type == "speculation"


def test_negated_reporting_verb_is_not_a_statement() -> None:
    (a,) = _attrs("Granite Flow Systems did not respond to requests for comment.")
    assert a.speaker is None


def test_noun_claims_is_not_a_verb() -> None:
    (a,) = _attrs("The explosive claims landed in a tense week.")
    assert a.speaker is None and a.claim_type == "fact"


def test_one_attribution_per_sentence_in_order() -> None:
    art = from_text("One sentence here. Another one there. A third, said Kim.")
    attrs = nlp.attribute(art)
    assert [a.sentence_id for a in attrs] == [s.id for s in art.sentences]


def test_initials_keep_their_full_stops() -> None:
    # Extra set C (codelucas/newspaper@1618b54 tests/data/text) wrote "P.J. Crowley" and "Thomas M. Hoenig"; the
    # speaker came out as "P J Crowley", later "J Crowley". Our own sentences with the same shapes:
    names = nlp.person_names("State Department spokesman T.J. Marsh said the talks would resume.")
    assert "T.J. Marsh" in names
    article = from_text(
        "Talks resume\n\nSpokesman T.J. Marsh said the talks would resume in May. Banker Ruth K. Holm said rates "
        "would stay low. Marsh added that both sides had agreed. Holm said the outlook was mixed."
    )
    speakers = [a.speaker for a in nlp.attribute(article)]
    assert speakers == ["T.J. Marsh", "Ruth K. Holm", "T.J. Marsh", "Ruth K. Holm"]


def test_person_names_and_words() -> None:
    names = nlp.person_names("President Donald Trump met Dmitry Peskov in Moscow. The talks ended.")
    assert names[:3] == ["Donald Trump", "Dmitry Peskov", "Moscow"]
    assert "The" not in names
    assert nlp.words("It's a 3-day, $4.2 million deal.") == ["It's", "a", "3-day", "4.2", "million", "deal"]


def test_prefiltered_lexicon_scan_finds_exactly_what_the_full_regex_finds() -> None:
    import glob

    from summarizer.nlp import lexicon

    root = Path(__file__).resolve().parents[2] / "fixtures"
    texts = [Path(f).read_text(encoding="utf-8") for f in glob.glob(str(root / "**" / "*.txt"), recursive=True)]
    texts.append("a jawdropping, Jaw-Dropping and JAW DROPPING bombshell; in a stunning turn of events; SLAMMED")
    for text in texts:
        full = [(m.start(), m.end()) for m in lexicon._lexicon_re().finditer(text)]
        fast = [(m.start(), m.end()) for m in lexicon._matches(text)]
        assert fast == full
    assert len(lexicon._matches(texts[-1])) >= 4


@pytest.mark.parametrize(
    "text",
    [
        # What a source said, reported without quotation marks: a swap would misreport them ("disputed" is not
        # what she called it). Our own sentences, modelled on patterns in the unseen sets (see README).
        "Opposition leader Maria Lund fired back, calling the plan absurd and a waste of money.",
        "She said the decision was outrageous and would hurt local shops.",
        "The decision was outrageous, said Ms Lund.",
        "The shocking vote came after months of protests, officials said on Tuesday.",
        "Critics branded the outrageous plan a disgrace.",
    ],
)
def test_reported_speech_keeps_the_sources_word(text: str) -> None:
    terms = [t for t in nlp.loaded_terms(text) if t.entry.pos != "phrase"]
    assert terms and all(t.reported and not t.editable for t in terms)
    assert all(t.text in nlp.neutralize(text) for t in terms)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The narrator's own words around a speech verb are still edited.
        (
            "In a furious response, the minister said the figures were wrong.",
            "In a response, the minister said the figures were wrong.",
        ),
        (
            "Mueller said in scathing remarks that the vote was wrong.",
            "Mueller said in remarks that the vote was wrong.",
        ),
        ("The claims caused a firestorm.", "The claims caused a controversy."),
        ("His calls for a shocking purge failed.", "His calls for a purge failed."),
        # Literal shots are not a retort.
        ("Police fired back at the gunmen.", "Police fired back at the gunmen."),
        (
            "The convoy came under fire from gunmen near the border.",
            "The convoy came under fire from gunmen near the border.",
        ),
        ("The minister came under fire from her own party.", "The minister faced criticism from her own party."),
    ],
)
def test_narrator_words_next_to_speech_are_still_neutralised(text: str, expected: str) -> None:
    assert nlp.neutralize(text) == expected


def test_verbs_that_report_speech_only_with_something_said() -> None:
    # Extra sets B and C: "China maintains tight control ...", "Snow also continued to fly ...", "She wrote
    # individual reports ..." and "X and Y testified before the committee" were claims of China, Snow, the nun
    # and the witnesses. Our own sentences with the same shapes; the last three do say something.
    article = from_text(
        "Dam report\n\n"
        "The ministry maintains strict control over the river. Rain also continued to fall in the north. "
        "Engineer Ruth Kell wrote detailed reports on each dam. Two inspectors testified before the committee. "
        "Ruth Kell maintains that the dam is sound. A council spokesman wrote: 'The spillway needs work.' "
        "Lt. Omar Baines said the road would reopen."
    )
    speakers = [a.speaker for a in nlp.attribute(article)]
    assert speakers == [None, None, None, None, "Ruth Kell", "council spokesman", "Omar Baines"]


def test_group_speakers_are_whole_and_end_cleanly() -> None:
    # Extra set C: "said a member of GreatFire.org, who uses a pseudonym" kept the clause, "U.S. law enforcement
    # and security officials said" lost its second group, and "Experts from the ... Administration (NOAA) and ..."
    # ended on an open bracket. Our own sentences with the same shapes.
    article = from_text(
        "Dam report\n\n"
        '"It is fine," said a member of the Dam Watch group, who asked not to be named. '
        "State police and fire officials said the road was closed. "
        "Engineers from the Regional Water Authority (RWA) and the county estimated the flow."
    )
    speakers = [a.speaker for a in nlp.attribute(article)]
    assert speakers == [
        "member of the Dam Watch group",
        "State police and fire officials",
        "Engineers from the Regional Water Authority (RWA)",
    ]


def test_one_unnamed_source_is_a_source_a_crowd_is_not() -> None:
    # Extra set B (Fox News, Sputnik): '"...," an insider told the outlet' and '"...," the expert warned' were
    # unsourced speculation, while "a source said" was a source. Our own sentences.
    article = from_text(
        "Label row\n\n"
        '"She is upset," an insider told the magazine. "It will pass," the insider added. '
        '"Prices will rise," the expert warned. Critics say the plan is weak. Some experts believe it failed.'
    )
    attrs = nlp.attribute(article)
    assert [a.speaker for a in attrs] == ["insider", "insider", "expert", None, None]
    assert [a.claim_type for a in attrs][3:] == ["speculation", "speculation"]


def test_a_speech_the_narrator_only_expects_is_nobodys_statement() -> None:
    # BBC budget analysis (set A): "Mr Brown will undoubtedly claim the forecasts are simply wrong" was a claim
    # of Gordon Brown; it is the reporter's forecast. A briefed speech ("will say in a speech today") stays his.
    article = from_text(
        "Budget week\n\n"
        "Finance Minister Ana Ruiz will undoubtedly claim the figures are wrong. The minister may argue that the "
        "deficit is falling. Ana Ruiz will say in a speech today that taxes will not rise."
    )
    assert [a.speaker for a in nlp.attribute(article)] == [None, None, "Ana Ruiz"]


def test_a_clause_on_each_side_of_the_verb_is_a_misparse_not_a_statement() -> None:
    # BBC, Yukos (set A): "Baikal paid 260.75bn roubles ... - nowhere near the $27bn Russia says Yukos owes in
    # taxes" was all Russia's claim: the parser hung the main clause on "says". Our own sentences.
    article = from_text(
        "Tax row\n\n"
        "The buyer paid $2bn for the plant, far below the $9bn the ministry says the firm owes. "
        "The firm owes $9bn in taxes, the ministry says. "
        '"We are done," the chairman said, "and we will appeal the ruling in the spring." '
        "Speaking of the rules the bill sets -- yet does not enforce -- the chairman said the next audit would decide."
    )
    assert [a.speaker for a in nlp.attribute(article)] == [None, "ministry", "chairman", "chairman"]


def test_offices_named_with_for_and_of_are_whole() -> None:
    # Al Bawaba (set B): "United Nations High Commissioner for Human Rights" came out cut at "for"; the same rule
    # gave "Office" for the Office for National Statistics. Our own sentences with real bodies' names.
    article = from_text(
        "Figures week\n\n"
        "The Office for National Statistics said prices rose in May. "
        "The Secretary of State for Health said the plan would work. "
        "The Department for Environment, Food and Rural Affairs said the scheme was ready. "
        "Rod Taylor of Exeter University said the data were sound."
    )
    attrs = nlp.attribute(article)
    assert [a.speaker for a in attrs] == [
        "Office for National Statistics",
        "Secretary of State for Health",
        "Department for Environment, Food and Rural Affairs",
        "Rod Taylor",
    ]
    assert attrs[3].speaker_title == "of Exeter University"


def test_a_straight_mark_glued_between_a_word_and_a_capital_opens_a_quote() -> None:
    # A crawl that lost the space before a tweet's quotation ('... is WILD KFC"She knew what she signed up for."')
    # read the mark as a closing one with no opening, and the whole one-paragraph story before it as quoted.
    text = 'The clip was shared widely on Monday and went viral fast KFC"She knew what it meant." Then it was gone.'
    (span,) = nlp.quote_spans(text)
    assert text[span[0] : span[1]] == '"She knew what it meant."'
