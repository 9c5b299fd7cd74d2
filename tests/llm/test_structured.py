import json

import pytest

from summarizer.backends import Completion
from summarizer.backends.fake import ScriptedBackend
from summarizer.errors import BackendError, OutputValidationError
from summarizer.llm.prompts import PromptSet
from summarizer.llm.structured import complete_structured, parse_json
from summarizer.schemas import ClaimsDraft

GOOD = {"claims": [{"text": "A said B.", "speaker": "A", "type": "statement", "hedged": False, "sentence_ids": [0]}]}
MSGS = PromptSet().get("claims").render(title="T", sentences="[0] A said B.", max_claims=5)
REPAIR = PromptSet().get("repair")


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


def test_hard_validator_errors_are_reasked_and_soft_ones_accepted_when_budget_ends() -> None:
    be = ScriptedBackend([json.dumps(GOOD)] * 3)
    calls = []

    def validate(v: ClaimsDraft) -> tuple[list[str], list[str]]:
        calls.append(v)
        return ([], ["claims[0].text: loaded word"])

    res = complete_structured(be, MSGS, ClaimsDraft, max_retries=1, validate=validate, repair=REPAIR)
    assert len(be.calls) == 2 and res.soft_errors == ["claims[0].text: loaded word"]
    be2 = ScriptedBackend([json.dumps(GOOD)] * 2)
    with pytest.raises(OutputValidationError, match="sentence 9"):
        complete_structured(
            be2, MSGS, ClaimsDraft, max_retries=1, validate=lambda v: (["sentence 9 does not exist"], [])
        )


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
