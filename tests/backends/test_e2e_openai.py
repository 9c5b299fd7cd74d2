"""End to end: the CLI with --backend openai against a scripted loopback server, through the real openai SDK."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from tests.loopback import LoopbackServer, RecordedRequest, Reply

ARTICLE = """City council approves new bridge budget

The city council approved a budget of 4.2 million dollars for the Elm Street bridge on Monday.
Mayor Ana Ruiz said the bridge would reopen in June.
Council member Tom Berg said the repairs were overdue.
Engineers inspected the bridge in March and found two cracked supports.
"""

_LINE = re.compile(r"^(\d+): (.+)$", re.MULTILINE)
VENV_BIN = Path(sys.executable).parent


def shown_sentences(body: dict[str, Any]) -> list[tuple[int, str]]:
    """The ``id: text`` lines of the first user message that has them (re-asks append later messages)."""
    for m in body.get("messages", []):
        if m.get("role") == "user":
            found = [(int(i), t.strip()) for i, t in _LINE.findall(m.get("content") or "")]
            if found:
                return found
    return []


def grounded_brief(body: dict[str, Any]) -> str:
    """A valid brief citing only sentences the prompt showed; its text is copied from them."""
    sents = shown_sentences(body)
    assert sents, "the prompt shows no numbered sentences"
    by_text = {t: i for i, t in sents}
    mayor = next(i for t, i in by_text.items() if t.startswith("Mayor Ana Ruiz"))
    first = sents[0][1]
    reply = {
        "headline": "City council approves bridge budget",
        "summary": first,
        "key_points": [{"text": t, "sentence_ids": [i]} for i, t in sents[:3]],
        "claims": [
            {
                "text": "Mayor Ana Ruiz said the bridge would reopen in June.",
                "speaker": "Mayor Ana Ruiz",
                "type": "statement",
                "hedged": False,
                "sentence_ids": [mayor],
            }
        ],
    }
    return json.dumps(reply)


def replies_in(requests: list[RecordedRequest]) -> list[dict[str, Any]]:
    return [r.body for r in requests]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def srv() -> Iterator[LoopbackServer]:
    with LoopbackServer(responder=lambda body: grounded_brief(body)) as server:
        yield server


def run_cli(srv: LoopbackServer, article: Path, *extra: str, env: dict[str, str] | None = None) -> Any:
    args = ["brief", str(article), "--backend", "openai", "--base-url", srv.base_url, "--format", "json", *extra]
    return CliRunner().invoke(app, args, env=env)


def test_valid_reply_gives_a_brief_in_one_call(srv: LoopbackServer, article: Path) -> None:
    result = run_cli(srv, article)
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["headline"] == "City council approves bridge budget"
    assert out["run"]["backend"] == "openai" and out["run"]["calls"] == 1 and out["run"]["retries"] == 0
    (claim,) = out["claims"]
    assert claim["speaker"] == "Mayor Ana Ruiz"
    text = ARTICLE
    for ev in claim["evidence"]:
        assert "Mayor Ana Ruiz said" in ev["quote"]
        assert ev["quote"] in text
    (req,) = srv.chat_requests
    assert req.body["response_format"]["type"] == "json_schema"
    assert req.body["response_format"]["json_schema"]["strict"] is True


def test_malformed_json_then_valid_is_one_reask(srv: LoopbackServer, article: Path) -> None:
    srv.enqueue(content='{"headline": "City council approves", "summ')
    result = run_cli(srv, article)
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["run"]["calls"] == 2 and out["run"]["retries"] == 1
    first, second = replies_in(srv.chat_requests)
    # The re-ask is the same conversation plus the bad reply and the errors.
    assert second["messages"][: len(first["messages"])] == first["messages"]
    assert {"role": "assistant", "content": '{"headline": "City council approves", "summ'} in second["messages"]
    assert "JSON" in second["messages"][-1]["content"]


def test_usage_is_summed_over_the_reask(srv: LoopbackServer, article: Path) -> None:
    srv.enqueue(content="not json", usage={"prompt_tokens": 300, "completion_tokens": 7})
    srv.responder = lambda body: {
        "content": grounded_brief(body),
        "usage": {"prompt_tokens": 320, "completion_tokens": 90},
    }
    result = run_cli(srv, article)
    assert result.exit_code == 0, result.stderr
    run = json.loads(result.stdout)["run"]
    assert (run["prompt_tokens"], run["completion_tokens"]) == (620, 97)


def test_schema_invalid_then_valid(srv: LoopbackServer, article: Path) -> None:
    srv.enqueue(content=json.dumps({"headline": "Bridge budget approved", "key_points": "none"}))
    result = run_cli(srv, article)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["run"]["retries"] == 1
    reask = srv.chat_requests[1].body["messages"][-1]["content"]
    assert "summary" in reask and "key_points" in reask


def test_unknown_sentence_id_then_valid(srv: LoopbackServer, article: Path) -> None:
    def cites_999(req: RecordedRequest) -> Reply:
        bad = json.loads(grounded_brief(req.body))
        bad["key_points"][0]["sentence_ids"] = [999]
        return Reply(200, srv.completion_body(req.body, content=json.dumps(bad)))

    srv.enqueue_reply(cites_999)
    result = run_cli(srv, article)
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["run"]["retries"] == 1
    assert "999" in srv.chat_requests[1].body["messages"][-1]["content"]
    assert all(999 not in kp["sentence_ids"] for kp in out["key_points"])


def test_always_invalid_exits_1_after_the_reasks(srv: LoopbackServer, article: Path) -> None:
    srv.responder = lambda body: "this is never JSON"
    result = run_cli(srv, article, "--max-retries", "2")
    assert result.exit_code == 1
    assert result.stdout == ""  # never half an output
    assert "valid" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert len(srv.chat_requests) == 3


def test_wrong_api_key_exits_2_without_the_key(article: Path) -> None:
    wrong = "sk-test-WRONGsecretQRSTUVWXYZ"
    with LoopbackServer(api_key="sk-test-the-right-one") as srv:
        result = run_cli(srv, article, env={"OPENAI_API_KEY": wrong})
        assert result.exit_code == 2
        assert "OPENAI_API_KEY" in result.stderr
        assert wrong not in result.output and wrong[-6:] not in result.output
        assert len(srv.chat_requests) == 1


def test_finish_reason_length_is_retried_with_more_tokens(srv: LoopbackServer, article: Path) -> None:
    srv.enqueue(content='{"headline": "City', finish_reason="length")
    result = run_cli(srv, article)
    assert result.exit_code == 0, result.stderr
    first, second = replies_in(srv.chat_requests)
    assert second["max_tokens"] > first["max_tokens"]
    assert json.loads(result.stdout)["headline"] == "City council approves bridge budget"


def test_a_budget_the_user_set_is_a_hard_cap_never_grown(srv: LoopbackServer, article: Path) -> None:
    # "Output budget per call": with --max-output-tokens given, a cut-off reply is an error naming the budget,
    # not a second call at 4,096 tokens the user never allowed (nor paid for twice).
    srv.enqueue(content='{"headline": "City', finish_reason="length")
    result = run_cli(srv, article, "--max-output-tokens", "300")
    assert result.exit_code == 1 and result.stdout == ""
    assert [r.body["max_tokens"] for r in srv.chat_requests] == [300]
    assert "cut off at 300 tokens" in result.stderr and "--max-output-tokens" in result.stderr


def test_finish_reason_length_twice_exits_1(srv: LoopbackServer, article: Path) -> None:
    srv.responder = lambda body: {"content": '{"headline": "City', "finish_reason": "length"}
    result = run_cli(srv, article)
    assert result.exit_code == 1 and result.stdout == ""
    assert len(srv.chat_requests) == 2


def test_json_schema_rejected_falls_back_and_records_it(article: Path) -> None:
    with LoopbackServer(reject_json_schema=True, responder=lambda body: grounded_brief(body)) as srv:
        result = run_cli(srv, article)
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["run"]["fallback"] == "json_object"
        assert [r.body["response_format"]["type"] for r in srv.chat_requests] == ["json_schema", "json_object"]


def test_installed_entry_point_as_a_subprocess(srv: LoopbackServer, article: Path, tmp_path: Path) -> None:
    exe = VENV_BIN / "summarizer"
    assert exe.exists(), f"{exe} is not installed (pip install -e .)"
    srv.enqueue(content="{broken")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    proc = subprocess.run(
        [str(exe), "brief", str(article), "--backend", "openai", "--base-url", srv.base_url, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["run"]["calls"] == 2 and out["run"]["retries"] == 1
    assert len(srv.chat_requests) == 2
