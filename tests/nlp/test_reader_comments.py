"""Readers' comments appended below a report, and the opinion pieces they must not be confused with.

A shape met on real pages outside the development corpus: BBC News reports of 2004-2005 end with a dozen readers'
comments, one short paragraph each, with no names left (the BBC News dataset of Greene & Cunningham stores them so).
Before, the comments' "I" and "you" made the whole report an opinion piece: every comment was "the author"'s, and
comments reached the brief. Every sentence here is our own. Both clause finders must hold: the spaCy parse (when
installed) and the pure-Python rules.
"""

from __future__ import annotations

from summarizer import nlp
from summarizer.extractive import brief, rewrite
from summarizer.ingest import from_text

REPORT = (
    "The regulator said phone firms were too slow to warn customers about rogue dialling.\n\n"
    'Its spokesman Carl Owen said: "Firms should call customers the day a bill jumps."\n\n'
    "Telecoms adviser Nina Hart said the firms already had the tools to spot the calls.\n\n"
    "The government has ordered a review of premium line services.\n\n"
)
# More comment sentences than report sentences, as on the real pages: the comments' "I" then falls inside the
# opening stretch the opinion-piece test reads.
COMMENTS = (
    "I use a firewall at home and have never had a problem. It cost nothing to install.\n\n"
    "Why don't the phone firms block these numbers by default? They know which ones they are.\n\n"
    "The blame lies with the makers of home computers. A modem should never dial on its own.\n\n"
    "I was charged 140 pounds and my provider would not refund a penny! The bill came with no warning.\n\n"
    "You would not leave your front door open, so why leave your modem on? Unplug it at night.\n\n"
    "My neighbour lost money this way. He still pays it off every month.\n"
)


def _attrs(text: str, title: str = "Phone firms told to act on dialling scams") -> dict[str, nlp.Attribution]:
    art = from_text(text, title=title)
    return {s.text: a for s, a in zip(art.sentences, nlp.attribute(art), strict=True)}


def test_comments_below_a_report_are_nobodys_claim_and_never_the_authors(engine: str) -> None:
    got = _attrs(REPORT + COMMENTS)
    comment = got["I use a firewall at home and have never had a problem."]
    assert comment.speaker is None and comment.unsourced and comment.reason == nlp.COMMENTARY
    # The one comment without "I" or "you" is still a comment: it sits among them.
    assert got["The blame lies with the makers of home computers."].unsourced
    assert nlp.AUTHOR not in {a.speaker for a in got.values()}
    # The report above them keeps its sources and its facts.
    assert got["Telecoms adviser Nina Hart said the firms already had the tools to spot the calls."].speaker == (
        "Nina Hart"
    )
    facts = got["The government has ordered a review of premium line services."]
    assert not facts.unsourced and facts.speaker is None


def test_no_comment_reaches_the_brief_the_claims_or_the_rewrite(engine: str) -> None:
    art = from_text(REPORT + COMMENTS, title="Phone firms told to act on dialling scams")
    b = brief(art)
    shown = " ".join([b.headline, b.summary, *(k.text for k in b.key_points), *(c.text for c in b.claims)])
    for words in ("firewall", "makers of home computers", "140 pounds", "front door"):
        assert words not in shown
    assert {c.speaker for c in b.claims} >= {"Carl Owen", "Nina Hart"}
    kept = " ".join(p.text for p in rewrite(art).paragraphs)
    assert "review of premium line services" in kept
    assert "firewall" not in kept and "front door" not in kept


def test_an_opinion_pieces_closing_paragraphs_stay_its_authors(engine: str) -> None:
    # The writer says "I" from the start: the short first-person paragraphs at the end are the column's own.
    column = (
        "I have written about phone scams for ten years, and I have never seen firms so slow.\n\n"
        "The regulator said phone firms were too slow to warn customers.\n\n"
        "Telecoms adviser Nina Hart said the firms already had the tools to spot the calls.\n\n"
        "I think the firms should pay.\n\n"
        "Why should a customer carry the cost?\n\n"
        "You would not accept it from a bank.\n\n"
        "We deserve better.\n"
    )
    got = _attrs(column)
    assert got["I think the firms should pay."].speaker == nlp.AUTHOR
    assert got["We deserve better."].speaker == nlp.AUTHOR


def test_long_closing_paragraphs_are_not_readers_comments(engine: str) -> None:
    # Readers write a few sentences each; a closing argument in long paragraphs is the piece's own text, kept.
    long_close = " ".join(
        [
            "You may ask why this matters.",
            "The firms make money on every call.",
            "The regulator has few powers.",
            "The review will take a year.",
            "Customers pay in the meantime.",
        ]
    )
    text = REPORT + "\n\n".join([long_close] * 3)
    got = _attrs(text)
    assert got["The firms make money on every call."].reason != nlp.COMMENTARY


def test_a_report_without_sources_has_no_comment_tail(engine: str) -> None:
    # Without a body that quotes its sources, nothing marks where a report ends and readers begin.
    text = "The council met on Monday.\n\n" + COMMENTS
    got = _attrs(text)
    assert got["The blame lies with the makers of home computers."].reason != nlp.COMMENTARY
