import json
from collections.abc import Callable
from typing import Any

import pytest

from summarizer.backends import Completion
from summarizer.backends.fake import ScriptedBackend
from summarizer.errors import BackendError, OutputValidationError
from summarizer.llm.prompts import PromptSet
from summarizer.llm.structured import Review, compact_schema, complete_structured, parse_json
from summarizer.schemas import ClaimsDraft

GOOD = {"claims": [{"text": "A said B.", "speaker": "A", "type": "statement", "hedged": False, "sentence_ids": [0]}]}
MSGS = PromptSet().get("claims").render(title="T", sentences="0: A said B.", max_claims=5)
REPAIR = PromptSet().get("repair")
REASK = PromptSet().get("reask")


def test_malformed_json_then_valid_takes_one_reask_with_the_error_shown() -> None:
    be = ScriptedBackend(['{"claims": [', json.dumps(GOOD)])
    res = complete_structured(be, MSGS, ClaimsDraft, repair=REPAIR)
    assert res.retries == 1 and len(res.completions) == 2
    assert res.value.claims[0].speaker == "A"
    second = be.calls[1]["messages"]
    assert second[-2].role == "assistant" and second[-2].content == '{"claims": ['
    assert "not valid JSON" in second[-1].content


def test_schema_violation_is_reported_by_field() -> None:
    bad = {"claims": [{"text": "x", "speaker": None, "type": "rumour", "hedged": False, "sentence_ids": [0]}]}
    be = ScriptedBackend([json.dumps(bad), json.dumps(GOOD)])
    complete_structured(be, MSGS, ClaimsDraft, repair=REPAIR)
    assert "claims.0.type" in be.calls[1]["messages"][-1].content


def test_gives_up_after_max_retries_with_the_errors() -> None:
    be = ScriptedBackend(["nope"] * 3)
    with pytest.raises(OutputValidationError) as info:
        complete_structured(be, MSGS, ClaimsDraft, max_retries=2, repair=REPAIR)
    assert len(be.calls) == 3
    assert info.value.last_reply == "nope"
    assert "3 attempt" in str(info.value)


def test_code_fences_are_tolerated() -> None:
    assert parse_json('```json\n{"a": 1}\n```') == {"a": 1}


def _flag_first(reply_bad: int) -> Callable[[ClaimsDraft], Review]:
    """A validator that finds ``reply_bad`` bad items in every reply."""

    def validate(v: ClaimsDraft) -> Review:
        return Review(errors=["- claims[0]: loaded word"] * bool(reply_bad), bad_items=reply_bad)

    return validate


def test_item_errors_are_reasked_once_with_the_reask_prompt_then_the_reply_is_kept() -> None:
    be = ScriptedBackend([json.dumps(GOOD)] * 3)
    res = complete_structured(be, MSGS, ClaimsDraft, max_retries=2, validate=_flag_first(1), repair=REPAIR, reask=REASK)
    assert len(be.calls) == 2 and res.retries == 1  # one re-ask at most, however many retries are allowed
    assert "claims[0]: loaded word" in be.calls[1]["messages"][-1].content
    assert "do not match the sentences they cite" in be.calls[1]["messages"][-1].content
    assert res.soft_errors == ["- claims[0]: loaded word"] and res.kept_earlier is None
    none = ScriptedBackend([json.dumps(GOOD)])
    res0 = complete_structured(none, MSGS, ClaimsDraft, max_retries=0, validate=_flag_first(1), reask=REASK)
    assert len(none.calls) == 1 and res0.value.claims[0].text == "A said B."


def test_clean_reply_takes_one_call() -> None:
    be = ScriptedBackend([json.dumps(GOOD)])
    res = complete_structured(be, MSGS, ClaimsDraft, validate=_flag_first(0), reask=REASK)
    assert len(be.calls) == 1 and res.retries == 0


OTHER = {"claims": [{"text": "C said D.", "speaker": "C", "type": "statement", "hedged": False, "sentence_ids": [0]}]}


@pytest.mark.parametrize(
    "second,why",
    [
        ('{"claims": [{"text": "A sa', "not valid JSON"),
        (Completion('{"claims": [{"te', "m", "length", 10, 5), "cut off"),
        (BackendError("HTTP 503 after 2 transport retries"), "failed"),
        (Completion("", "m", "stop", 1, 1, refusal="no"), "refused"),
        ('{"claims": "nope"}', "not valid JSON for the schema"),
    ],
)
def test_a_broken_reask_never_loses_the_valid_reply_before_it(second: Any, why: str) -> None:
    be = ScriptedBackend([json.dumps(GOOD), second])
    res = complete_structured(be, MSGS, ClaimsDraft, max_retries=2, validate=_flag_first(1), repair=REPAIR, reask=REASK)
    assert len(be.calls) == 2
    assert res.value == ClaimsDraft.model_validate(GOOD)
    assert res.kept_earlier is not None and why in res.kept_earlier
    assert len(res.completions) == 2 - isinstance(second, BackendError)


def test_the_reply_with_fewer_bad_items_wins() -> None:
    worse = ScriptedBackend([json.dumps(GOOD), json.dumps(OTHER)])
    counts = iter([1, 2])
    res = complete_structured(
        worse, MSGS, ClaimsDraft, validate=lambda v: Review(["- x"], next(counts)), reask=REASK, max_retries=2
    )
    assert res.value.claims[0].text == "A said B." and "re-ask had 2" in (res.kept_earlier or "")
    better = ScriptedBackend([json.dumps(GOOD), json.dumps(OTHER)])
    counts = iter([2, 2])
    res = complete_structured(
        better, MSGS, ClaimsDraft, validate=lambda v: Review(["- x"], next(counts)), reask=REASK, max_retries=2
    )
    assert res.value.claims[0].text == "C said D." and res.kept_earlier is None  # a tie goes to the re-ask


def test_invalid_replies_without_a_valid_one_still_fail_after_max_retries() -> None:
    be2 = ScriptedBackend(["not json"] * 3)
    with pytest.raises(OutputValidationError, match="not valid JSON"):
        complete_structured(be2, MSGS, ClaimsDraft, max_retries=2, repair=REPAIR)
    assert len(be2.calls) == 3


def test_length_cut_retries_once_with_more_tokens_then_fails_clearly() -> None:
    cut = Completion('{"claims": [{"te', "m", "length", 10, 5)
    be = ScriptedBackend([cut, json.dumps(GOOD)])
    res = complete_structured(be, MSGS, ClaimsDraft, max_tokens=100)
    assert be.calls[1]["max_tokens"] > 100 and res.retries == 0
    be = ScriptedBackend([cut, cut])
    with pytest.raises(OutputValidationError, match="cut off"):
        complete_structured(be, MSGS, ClaimsDraft, max_tokens=100)


def test_refusal_is_an_error_with_the_models_message() -> None:
    be = ScriptedBackend([Completion("", "m", "stop", 1, 1, refusal="I can't help with that.")])
    with pytest.raises(BackendError, match="can't help"):
        complete_structured(be, MSGS, ClaimsDraft)


def test_compact_schema_keeps_structure_and_drops_prose() -> None:
    full = ClaimsDraft.model_json_schema()
    small = compact_schema(full)
    text = json.dumps(small)
    assert "$ref" not in text and "$defs" not in text and "title" not in text and "description" not in text
    claim = small["properties"]["claims"]["items"]
    assert claim["required"] == full["$defs"]["DraftClaim"]["required"]
    assert claim["properties"]["type"]["enum"][0] == "fact" and claim["additionalProperties"] is False
    assert len(json.dumps(small, separators=(",", ":"))) < len(json.dumps(full)) / 2
    # a nullable field is a type list, not an anyOf of two schemas (strict mode and llama.cpp grammars take both)
    assert claim["properties"]["speaker"] == {"type": ["string", "null"]}
    assert "anyOf" not in text


def test_compact_schema_keeps_an_anyof_of_real_schemas() -> None:
    node = {"anyOf": [{"type": "string", "enum": ["a"]}, {"type": "null"}]}
    assert compact_schema({"properties": {"x": node}})["properties"]["x"] == node
