"""A rewrite that copies the article's sentences is never flagged for what those sentences say.

On held-out text (CNN stories and ISOT news stored as one paragraph, a Politico report, a Freedom Daily post in the
BuzzFeed-Webis corpus) the extractive rewrite, which copies most sentences unchanged, failed its own checks: a
one-paragraph story lost its whole text to "drops the hedge 'may' of sentence 1" (a neighbour sharing its words),
"I'm sorry judge, everyone - he's an asshole." was an overgeneralisation of itself, and a paragraph continuing a
quotation got "X said: " glued inside the quoted words. Our own sentences in those shapes.
"""

from __future__ import annotations

from summarizer import extractive, trust
from summarizer.ingest import from_text
from summarizer.trust.index import article_index
from summarizer.trust.voice import clash_findings

ONE_PARAGRAPH = " ".join(
    [
        "The new depot may open in May, the council said on Monday.",
        "Residents of Riverton said the depot would open in May and bring more buses to the town.",
        "The firm said it had no plans to cut the number of buses in the town.",
        "Inspectors found all of the buses in the depot safe.",
        "The mayor said he was sorry, everyone, for the delay.",
        "Some drivers said the new roster was unfair.",
        "The depot will cost 40 million pounds.",
        "Work on the roof started in March.",
    ]
)


def test_a_copied_sentence_has_no_meaning_clash_even_among_neighbours_that_share_its_words() -> None:
    art = from_text(ONE_PARAGRAPH, title="Depot")
    idx = article_index(art)
    ids = [s.id for s in art.sentences]
    assert clash_findings(idx, ONE_PARAGRAPH, ids, align=True) == []
    # An edited sentence is still checked: the hedge of its own sentence is dropped.
    edited = "The new depot will open in May, the council said on Monday."
    kinds = [k for k, *_ in clash_findings(idx, edited, ids, align=True)]
    assert "hedge_dropped" in kinds


def test_the_extractive_rewrite_of_a_one_paragraph_story_keeps_its_text() -> None:
    art = from_text(ONE_PARAGRAPH, title="Depot")
    out = extractive.rewrite(art)
    checked = trust.check(out, art)
    assert checked.ok, checked.findings
    assert len(out.paragraphs) == 1 and "may open in May" in out.paragraphs[0].text


def test_a_paragraph_continuing_a_quotation_gets_its_opening_mark_back() -> None:
    text = (
        "Jo Ames, the head of the depot, said this week:\n\n"
        "\u201cWe have tested every bus in the depot.\n\n"
        "We found no fault in any of them and the drivers are happy.\u201d\n\n"
        "The council will meet in May."
    )
    art = from_text(text, title="Depot")
    out = extractive.rewrite(art)
    para = next(p.text for p in out.paragraphs if "no fault" in p.text)
    assert para == "Jo Ames said: \u201cWe found no fault in any of them and the drivers are happy.\u201d"
    assert trust.check(out, art).ok
