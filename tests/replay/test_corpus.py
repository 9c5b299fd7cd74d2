"""The replay corpus tooling: anchors, id remapping, variants and verdicts (no article text needed)."""

from __future__ import annotations

import json

import pytest

from tests.replay.anchors import (
    RemapError,
    anchor,
    anchors_for,
    cited_ids,
    digest,
    id_map,
    remap_ids,
    request_sentences,
    request_task,
)
from tests.replay.corpus import (
    KINDS,
    Edit,
    Entry,
    Variant,
    apply_variant,
    dropped_items,
    load_entries,
    load_variants,
    verdict,
)

# Our own sentences, numbered as ingest once did.
OLD = [
    (0, "Harbour board approves a new ferry timetable."),
    (1, "Photo: a ferry at the quay."),
    (2, "The board said the new timetable starts in May."),
    (3, "Captain Ida Moss said the crews were ready."),
    (4, "The board said the fares would stay the same."),
]
# The same article after an ingest change: the caption is gone, a byline was added in front.
NEW = [
    (0, "By a staff reporter"),
    (1, "Harbour board approves a new ferry timetable."),
    (2, "The board said the new timetable starts in May."),
    (3, "Captain Ida Moss said the crews were ready."),
    (4, "The board said the fares would stay the same."),
]
REPLY = {
    "headline": "Harbour board sets a new ferry timetable",
    "summary": "The timetable starts in May.",
    "key_points": [{"text": "The timetable starts in May.", "sentence_ids": [2]}],
    "claims": [
        {
            "text": "Captain Ida Moss said the crews were ready.",
            "speaker": "Ida Moss",
            "type": "statement",
            "hedged": False,
            "sentence_ids": [3],
        },
        {
            "text": "The board said fares would not change.",
            "speaker": "Harbour board",
            "type": "statement",
            "hedged": False,
            "sentence_ids": [4, 0],
        },
    ],
}


def entry() -> Entry:
    anchors, digests = anchors_for(REPLY, OLD)
    return Entry(article="x.txt", task="brief", reply=REPLY, sentences=anchors, digests=digests)


def test_anchor_is_a_few_words_not_the_sentence() -> None:
    long = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    assert anchor(long) == "One two three four five six"
    assert len(anchor("Supercalifragilistic " * 5)) <= 40


def test_remap_follows_sentences_to_their_new_ids() -> None:
    out = entry().reply_for(NEW)
    assert out["key_points"][0]["sentence_ids"] == [2]
    assert out["claims"][0]["sentence_ids"] == [3]
    assert out["claims"][1]["sentence_ids"] == [4, 1]
    assert REPLY["claims"][1]["sentence_ids"] == [4, 0]  # the stored reply is not mutated


def test_remap_tells_apart_sentences_with_the_same_opening_by_digest() -> None:
    # Sentences 2 and 4 both open with "The board said the"; a shuffled numbering must not swap them.
    shuffled = [(0, OLD[0][1]), (1, OLD[4][1]), (2, OLD[3][1]), (3, OLD[2][1])]
    out = entry().reply_for(shuffled)
    assert out["key_points"][0]["sentence_ids"] == [3]
    assert out["claims"][1]["sentence_ids"] == [1, 0]


def test_remap_ignores_spacing_quotes_and_case() -> None:
    e = Entry("x.txt", "claims", {"claims": [{"sentence_ids": [0]}]}, {"0": "It's  \u201cnew\u201d"}, {})
    assert e.reply_for([(7, 'it\u2019s "new" and old')])["claims"][0]["sentence_ids"] == [7]


def test_remap_names_the_sentence_it_cannot_find() -> None:
    gone = [s for s in NEW if not s[1].startswith("Captain")]
    with pytest.raises(RemapError, match=r"sentence 3 \('Captain Ida Moss said the crews"):
        entry().reply_for(gone)


def test_ids_without_anchor_stay_as_they_are() -> None:
    assert remap_ids({"claims": [{"sentence_ids": [3, 99]}]}, {3: 4}) == {"claims": [{"sentence_ids": [4, 99]}]}


def test_anchors_refuse_an_id_the_request_did_not_show() -> None:
    with pytest.raises(RemapError, match="sentence 9"):
        anchors_for({"claims": [{"sentence_ids": [9]}]}, OLD)


def test_digest_tells_sentences_apart() -> None:
    assert digest(OLD[2][1]) != digest(OLD[4][1])
    assert digest("A  b") == digest("a b")
    assert id_map({"2": anchor(OLD[2][1])}, {"2": digest(OLD[2][1])}, NEW) == {2: 2}


def test_request_parsing() -> None:
    body = {
        "messages": [
            {"role": "system", "content": "rules"},
            {"role": "user", "content": "Title: t\n\n0: First one.\n1: Second one."},
        ],
        "response_format": {"type": "json_schema", "json_schema": {"name": "ClaimsDraft", "schema": {}}},
    }
    assert request_sentences(body) == [(0, "First one."), (1, "Second one.")]
    assert request_task(body) == "claims"
    body["response_format"] = {
        "type": "json_schema",
        "json_schema": {"name": "out", "schema": {"properties": {"key_points": {}, "claims": {}}}},
    }
    assert request_task(body) == "brief"


def variant(kind: str, item: str, edits: list[Edit]) -> Variant:
    return Variant(id="v1", article="x.txt", task="brief", kind=kind, item=item, edits=edits)


def test_apply_variant_changes_one_field_and_checks_before() -> None:
    v = variant("hedge_dropped", "claims[0]", [Edit("claims[0].text", "said the crews were", "confirmed crews are")])
    out = apply_variant(REPLY, v)
    assert out["claims"][0]["text"] == "Captain Ida Moss confirmed crews are ready."
    assert out["claims"][1] == REPLY["claims"][1]
    with pytest.raises(ValueError, match="does not contain"):
        apply_variant(REPLY, variant("x", "claims[0]", [Edit("claims[0].text", "not there", "y")]))
    ids = variant("wrong_id", "claims[0]", [Edit("claims[0].sentence_ids", [3], [1])])
    assert apply_variant(REPLY, ids)["claims"][0]["sentence_ids"] == [1]
    with pytest.raises(ValueError, match="is \\[3\\], not \\[2\\]"):
        apply_variant(REPLY, variant("wrong_id", "claims[0]", [Edit("claims[0].sentence_ids", [2], [1])]))


def output_of(reply: dict, *, findings: list[dict] | None = None, drop: int | None = None) -> dict:
    claims = [dict(c, id=f"c{i}", evidence=[]) for i, c in enumerate(reply["claims"]) if i != drop]
    return {
        "headline": reply["headline"],
        "summary": reply["summary"],
        "key_points": [dict(k, verified=True) for k in reply["key_points"]],
        "claims": claims,
        "checks": {"findings": findings or []},
    }


def test_verdicts() -> None:
    assert verdict(output_of(REPLY), REPLY, "claims[1]") == "kept"
    assert verdict(output_of(REPLY, drop=1), REPLY, "claims[1]") == "removed"
    # Finding paths index the output before removal: claims[0] in error and removed leaves claims[1] at index 0.
    err = [{"path": "claims[0].speaker", "severity": "error", "message": "m"}]
    assert verdict(output_of(REPLY, findings=err, drop=0), REPLY, "claims[1]") == "kept"
    assert verdict(output_of(REPLY, findings=err, drop=0), REPLY, "claims[0]") == "removed"
    err_head = [{"path": "headline", "severity": "error", "message": "m"}]
    assert verdict(output_of(REPLY, findings=err_head), REPLY, "headline") == "flagged"
    rebuilt = dict(output_of(REPLY), headline="Something else")
    assert verdict(rebuilt, REPLY, "headline") == "removed"
    marked = output_of(REPLY)
    marked["claims"][0]["verified"] = False
    assert verdict(marked, REPLY, "claims[0]") == "flagged"
    assert dropped_items(output_of(REPLY), REPLY) == []
    assert dropped_items(output_of(REPLY, drop=0), REPLY) == ["claims[0]"]


def test_stored_corpus_is_well_formed() -> None:
    """Every stored reply anchors exactly the ids it cites; every variant applies to its honest reply."""
    entries = {e.key: e for e in load_entries()}
    for e in entries.values():
        cited = sorted(cited_ids(e.reply))
        assert sorted(int(k) for k in e.sentences) == cited, e.path
        assert set(e.digests) == set(e.sentences), e.path
        assert all(len(a) <= 40 for a in e.sentences.values()), e.path
        assert e.prompt_sha256, e.path
    variants = load_variants() if entries else []
    seen = set()
    for v in variants:
        assert v.kind in KINDS, v.id
        assert v.id not in seen, v.id
        seen.add(v.id)
        base = entries[v.key]
        changed = apply_variant(base.reply, v)
        assert changed != base.reply, v.id
        assert json.dumps(changed)  # still JSON
