"""The speaker check reads each sentence's sources from the one extractor (nlp.attribute), on both clause finders.

Each article is our own, written in the style of the real one named in the comment: the sentences where the old
regex extractor of the checks and the nlp core disagreed, and the verdict that is right on them.
"""

from __future__ import annotations

import pytest

from summarizer import trust
from summarizer.ingest import from_text
from summarizer.schemas import Article, Claim, ClaimList, RunInfo, evidence_for, source_info


def _speaker_findings(article: Article, fragment: str, speaker: str, text: str) -> list[tuple[str, str]]:
    ids = [s.id for s in article.sentences if fragment in s.text]
    assert len(ids) == 1, fragment
    claim = Claim(id="c1", text=text, speaker=speaker, type="statement", hedged=False, sentence_ids=ids,
                  evidence=evidence_for(article, ids))  # fmt: skip
    out = ClaimList(claims=[claim], source=source_info(article), run=RunInfo(backend="test"))
    report = trust.check(out, article)
    return [(f.kind, f.severity) for f in report.findings if f.kind == "speaker_mismatch"]


FAMILY = from_text(
    "Relatives of the patient gave conflicting accounts on Sunday. While Tom Reyes claimed his son was awake, "
    "the boy's aunt Helen Park clarified that he was still unresponsive. Doctors at Mercy Hospital declined to "
    "give details.",
    title="Family gives conflicting accounts",
)


@pytest.mark.parametrize("speaker", ["Tom Reyes", "Helen Park", "Ms Park"])
def test_either_source_of_a_two_source_sentence_is_right(engine: str, speaker: str) -> None:
    # 14-bobbi-kristina: "While Bobby claimed ..., her grandmother Cissy Houston clarified ...".
    assert _speaker_findings(FAMILY, "While Tom Reyes", speaker, "The family disagreed about his state.") == []


STUDY = from_text(
    "A study of 9,000 adults linked green tea to better memory. Lead author Dr. Kenji Mori of Kyoto University "
    'said the results were promising. "We adjusted for many factors," Mori said. Professor Nina Vogel, a chemist '
    'at Lund University who was not involved, called the results "interesting but early". She said a trial '
    "would be needed.",
    title="Green tea and memory",
)


def test_a_quoting_verb_names_the_source_the_claim_must_match(engine: str) -> None:
    # fixtures/trust science: "Professor Anna Lindqvist, a neurologist ..., called the results 'preliminary'".
    assert _speaker_findings(STUDY, "called the results", "Nina Vogel", "Vogel said the results were early.") == []
    wrong = _speaker_findings(STUDY, "called the results", "Kenji Mori", "Mori said the results were early.")
    assert wrong and wrong[0][0] == "speaker_mismatch"


def test_a_pronoun_reaches_back_to_the_source_named_before(engine: str) -> None:
    assert _speaker_findings(STUDY, "She said a trial", "Nina Vogel", "Vogel said a trial is needed.") == []
    assert _speaker_findings(STUDY, "She said a trial", "Kenji Mori", "Mori said a trial is needed.") == [
        ("speaker_mismatch", "error")
    ]


def test_the_affiliation_of_a_source_is_not_a_different_source(engine: str) -> None:
    # 07-salt-review: "Simon Capewell of Liverpool University said ..." claimed for the university.
    assert _speaker_findings(STUDY, "Lead author", "Kyoto University", "The university said it was promising.") == []


PARTIES = from_text(
    "The minister refused to publish the advice on Monday. The Greens and Liberal Democrats say they still want "
    "the full advice published. The minister's office said it would not comment.",
    title="Advice row",
)


def test_a_party_named_in_a_joint_subject_is_its_source(engine: str) -> None:
    # 13-goldsmith-denial: "The Conservatives and Liberal Democrats say they still want the publication ...".
    found = _speaker_findings(PARTIES, "Liberal Democrats say", "Liberal Democrats", "The party wants it published.")
    assert ("speaker_mismatch", "error") not in found


AIRLINE = from_text(
    "Ms Ellen Park, a flight attendant, was suspended after posting photos in uniform. Ms Park said she had not "
    'been told which rules she broke. A spokesperson for Harbor Airlines told a local paper: "We do not discuss '
    'staff matters." Meteorologists said the storm that week grounded 40 flights. The Red Cross opened a shelter.',
    title="Attendant suspended",
)


def test_a_role_that_names_its_body_is_a_source_like_a_name(engine: str) -> None:
    # 15-blogger-grounded: "A spokesperson for Delta Airlines told BBC News Online: ..." given to the blogger.
    assert _speaker_findings(AIRLINE, "We do not discuss", "Harbor Airlines", "The airline would not comment.") == []
    swapped = _speaker_findings(AIRLINE, "We do not discuss", "Ellen Park", "Park would not discuss it.")
    assert swapped == [("speaker_mismatch", "error")]


def test_a_group_is_a_different_source_from_a_body_named_elsewhere(engine: str) -> None:
    # fixtures/trust disaster: "Meteorologists said ..." given to the Red Cross.
    found = _speaker_findings(AIRLINE, "Meteorologists said", "Red Cross", "The Red Cross said 40 flights stopped.")
    assert found == [("speaker_mismatch", "error")]


RULING = from_text(
    "Lord Harwood gave his legal opinion to the cabinet in March. Critics say the opinion was changed later. "
    "The attorney general has denied that his statement to Parliament was drafted by officials.",
    title="Harwood denies statement was drafted by officials",
)


def test_a_role_of_one_person_is_no_different_source(engine: str) -> None:
    # 13-goldsmith-denial: "The attorney general has denied ..." claimed for Lord Goldsmith, named elsewhere.
    found = _speaker_findings(RULING, "attorney general has denied", "Lord Harwood", "Harwood denied it.")
    assert ("speaker_mismatch", "error") not in found
