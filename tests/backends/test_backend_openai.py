"""The openai backend through the real openai SDK against a real loopback HTTP server."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from pydantic import BaseModel, Field

from summarizer.backends import Backend, Message
from summarizer.backends.openai import FALLBACK_JSON_OBJECT, CallInfo, OpenAIBackend, strict_schema
from summarizer.config import Settings
from summarizer.errors import AuthError, BackendError, ConfigError
from summarizer.schemas import BriefDraft, ClaimsDraft, RewriteDraft
from tests.loopback import LoopbackServer, Reply, error_body

MESSAGES = [Message("system", "You write neutral briefs."), Message("user", "[0] The mayor said the bridge is safe.")]
SCHEMA = BriefDraft.model_json_schema()
VALID = json.dumps({"headline": "Bridge", "summary": "The mayor spoke.", "key_points": [], "claims": []})
FAST_RETRY = {"retry-after-ms": "1"}  # keeps the SDK's backoff out of the test run


@pytest.fixture
def srv() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


def backend(server: LoopbackServer, **kw: Any) -> OpenAIBackend:
    opts: dict[str, Any] = {"model": "loop-model", "api_key": None, "base_url": server.base_url}
    opts.update(kw)
    return OpenAIBackend(**opts)


def objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON Schema object node (type object or with properties) anywhere in ``node``."""
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield node
        for value in node.values():
            yield from objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from objects(value)


def keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            if k != "properties":
                yield from keys(v)
            else:
                for sub in v.values():
                    yield from keys(sub)
    elif isinstance(node, list):
        for v in node:
            yield from keys(v)


# --------------------------------------------------------------------------- request


def test_satisfies_backend_protocol(srv: LoopbackServer) -> None:
    assert isinstance(backend(srv), Backend)


def test_request_body_is_structured_outputs_strict(srv: LoopbackServer) -> None:
    srv.enqueue(content=VALID)
    b = backend(srv)
    c = b.complete(MESSAGES, json_schema=SCHEMA, schema_name="brief", max_tokens=500, temperature=0.0, seed=7)
    assert c.text == VALID
    (req,) = srv.chat_requests
    body = req.body
    assert body["model"] == "loop-model"
    assert body["messages"] == [{"role": m.role, "content": m.content} for m in MESSAGES]
    assert body["max_tokens"] == 500 and body["temperature"] == 0.0 and body["seed"] == 7
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "brief" and fmt["json_schema"]["strict"] is True
    nodes = list(objects(fmt["json_schema"]["schema"]))
    assert len(nodes) >= 3  # the brief, a key point, a claim
    for node in nodes:
        assert node["additionalProperties"] is False
        assert sorted(node["required"]) == sorted(node["properties"])
    assert b.fallback is None


def test_optional_parameters_are_not_sent_when_none(srv: LoopbackServer) -> None:
    srv.enqueue(content="plain text")
    backend(srv).complete(MESSAGES)
    body = srv.chat_requests[0].body
    for absent in ("max_tokens", "max_completion_tokens", "temperature", "seed", "response_format"):
        assert absent not in body


def test_placeholder_key_is_sent_to_a_local_server_without_a_key(srv: LoopbackServer) -> None:
    srv.enqueue(content="ok")
    backend(srv).complete(MESSAGES)
    auth = srv.chat_requests[0].headers["authorization"]
    assert auth.startswith("Bearer ") and len(auth) > len("Bearer ")


def test_real_openai_without_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as err:
        OpenAIBackend(model="gpt-4o-mini", api_key=None, base_url=None)
    assert "OPENAI_API_KEY" in str(err.value) and "--base-url" in str(err.value)


def test_from_settings_uses_resolved_settings(srv: LoopbackServer) -> None:
    settings = Settings(backend="openai", model="m-settings", base_url=srv.base_url, timeout=5.0, transport_retries=0)
    b = OpenAIBackend.from_settings(settings)
    srv.enqueue_error(500, headers=FAST_RETRY)
    with pytest.raises(BackendError):
        b.complete(MESSAGES)
    assert len(srv.chat_requests) == 1  # transport_retries=0 means a single attempt
    assert srv.chat_requests[0].body["model"] == "m-settings"


# --------------------------------------------------------------------------- transport retries


def test_429_with_retry_after_then_success(srv: LoopbackServer) -> None:
    srv.enqueue_error(429, headers={"Retry-After": "0"})
    srv.enqueue(content=VALID)
    calls: list[CallInfo] = []
    c = backend(srv, on_call=calls.append).complete(MESSAGES, json_schema=SCHEMA)
    assert c.text == VALID
    assert len(srv.chat_requests) == 2
    assert c.transport_retries == 1
    assert [(i.status, i.transport_retries) for i in calls] == [("ok", 1)]


def test_500_then_success(srv: LoopbackServer) -> None:
    srv.enqueue_error(500, headers=FAST_RETRY)
    srv.enqueue_error(503, headers=FAST_RETRY)
    srv.enqueue(content=VALID)
    c = backend(srv).complete(MESSAGES)
    assert c.text == VALID and c.transport_retries == 2
    assert len(srv.chat_requests) == 3


def test_persistent_500_is_a_backend_error_after_the_sdk_retries(srv: LoopbackServer) -> None:
    for _ in range(3):
        srv.enqueue_error(500, headers=FAST_RETRY, message="upstream exploded")
    calls: list[CallInfo] = []
    with pytest.raises(BackendError) as err:
        backend(srv, transport_retries=2, on_call=calls.append).complete(MESSAGES)
    assert "500" in str(err.value) and "upstream exploded" in str(err.value)
    assert err.value.exit_code == 1
    assert len(srv.chat_requests) == 3
    assert [(i.status, i.transport_retries) for i in calls] == [("error", 2)]


def test_persistent_429_is_a_backend_error_naming_the_status(srv: LoopbackServer) -> None:
    for _ in range(2):
        srv.enqueue_error(429, headers=FAST_RETRY)
    with pytest.raises(BackendError) as err:
        backend(srv, transport_retries=1).complete(MESSAGES)
    assert "429" in str(err.value)


def test_concurrent_calls_count_their_own_retries(srv: LoopbackServer) -> None:
    srv.responder = lambda body: "ok"
    for _ in range(3):
        srv.enqueue_error(429, headers=FAST_RETRY)
    b = backend(srv)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: b.complete(MESSAGES), range(16)))
    assert all(r.text == "ok" for r in results)
    assert sum(r.transport_retries for r in results) == 3
    assert len(srv.chat_requests) == 19


def test_connection_refused_is_a_backend_error_naming_the_url() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    url = f"http://127.0.0.1:{port}/v1"
    b = OpenAIBackend(model="m", api_key=None, base_url=url, transport_retries=0, timeout=5)
    with pytest.raises(BackendError) as err:
        b.complete(MESSAGES)
    assert url in str(err.value) and "--base-url" in str(err.value)
    assert "\n" not in str(err.value)


# --------------------------------------------------------------------------- json_schema fallback


def test_400_on_json_schema_falls_back_to_json_object_and_remembers() -> None:
    with LoopbackServer(reject_json_schema=True) as srv:
        srv.enqueue(content=VALID)
        srv.enqueue(content=VALID)
        b = backend(srv)
        first = b.complete(MESSAGES, json_schema=SCHEMA)
        assert first.text == VALID
        assert b.fallback == FALLBACK_JSON_OBJECT
        assert [r.body["response_format"]["type"] for r in srv.chat_requests] == ["json_schema", "json_object"]
        fallback_body = srv.chat_requests[1].body
        system = fallback_body["messages"][0]
        assert system["role"] == "system" and system["content"].startswith(MESSAGES[0].content)
        schema_text = system["content"].split("JSON Schema:", 1)[1]
        assert json.loads(schema_text)["required"] == ["headline", "summary", "key_points", "claims"]
        assert fallback_body["messages"][1:] == [{"role": "user", "content": MESSAGES[1].content}]

        b.complete(MESSAGES, json_schema=SCHEMA)
        assert [r.body["response_format"]["type"] for r in srv.chat_requests] == [
            "json_schema",
            "json_object",
            "json_object",  # the second call goes straight to the fallback
        ]


def test_fallback_adds_a_system_message_when_there_is_none() -> None:
    with LoopbackServer(reject_json_schema=True) as srv:
        srv.enqueue(content=VALID)
        b = backend(srv)
        b.complete([Message("user", "hello")], json_schema=SCHEMA)
        msgs = srv.chat_requests[-1].body["messages"]
        assert msgs[0]["role"] == "system" and "JSON Schema" in msgs[0]["content"]
        assert msgs[1] == {"role": "user", "content": "hello"}


def test_400_about_another_parameter_is_not_a_fallback(srv: LoopbackServer) -> None:
    srv.enqueue_error(400, error_body("Unsupported value: 'temperature'", param="temperature"))
    b = backend(srv)
    with pytest.raises(BackendError) as err:
        b.complete(MESSAGES, json_schema=SCHEMA, temperature=0.0)
    assert "HTTP 400" in str(err.value) and "temperature" in str(err.value)
    assert b.fallback is None and len(srv.chat_requests) == 1


def test_400_on_both_formats_reports_the_first_error_and_takes_no_fallback(srv: LoopbackServer) -> None:
    srv.enqueue_error(400, message="prompt is malformed")
    srv.enqueue_error(400, message="json_object with a schema says no too")
    srv.enqueue_error(400, message="plain json_object says no too")
    b = backend(srv)
    with pytest.raises(BackendError) as err:
        b.complete(MESSAGES, json_schema=SCHEMA)
    assert "prompt is malformed" in str(err.value)
    assert b.fallback is None
    formats = [r.body["response_format"] for r in srv.chat_requests]
    assert [f["type"] for f in formats] == ["json_schema", "json_object", "json_object"]
    assert "schema" in formats[1] and "schema" not in formats[2]  # grammar hint first, then plain


# --------------------------------------------------------------------------- auth and other HTTP errors


def test_wrong_api_key_is_an_auth_error_without_the_key() -> None:
    wrong = "sk-test-WRONGsecretQRSTUVWXYZ"  # ends in letters: a port number cannot match its tail
    with LoopbackServer(api_key="sk-test-right-key-abcdef") as srv:
        calls: list[CallInfo] = []
        b = OpenAIBackend(model="m", api_key=wrong, base_url=srv.base_url, on_call=calls.append)
        with pytest.raises(AuthError) as err:
            b.complete(MESSAGES)
        message = str(err.value)
        assert err.value.exit_code == 2
        assert "401" in message and "OPENAI_API_KEY" in message and srv.base_url in message
        assert wrong not in message and wrong[-4:] not in message
        assert calls[0].status == "error" and wrong not in (calls[0].error or "")
        assert len(srv.chat_requests) == 1  # 401 is not retried


def test_right_api_key_is_accepted() -> None:
    key = "sk-test-right-key-abcdef"
    with LoopbackServer(api_key=key) as srv:
        srv.enqueue(content="ok")
        assert OpenAIBackend(model="m", api_key=key, base_url=srv.base_url).complete(MESSAGES).text == "ok"
        assert srv.chat_requests[0].headers["authorization"] == f"Bearer {key}"


def test_key_echoed_by_a_server_is_scrubbed(srv: LoopbackServer) -> None:
    key = "sk-live-ECHOED-0123456789abcdef"
    srv.enqueue_error(418, message=f"I am a teapot and your key is {key}")
    with pytest.raises(BackendError) as err:
        OpenAIBackend(model="m", api_key=key, base_url=srv.base_url).complete(MESSAGES)
    assert "418" in str(err.value) and "teapot" in str(err.value)
    assert key not in str(err.value)


def test_unknown_model_is_a_config_error_naming_model_and_flag(srv: LoopbackServer) -> None:
    srv.enqueue_error(404, message="The model `nope` does not exist")
    with pytest.raises(ConfigError) as err:
        backend(srv, model="nope").complete(MESSAGES)
    assert "'nope'" in str(err.value) and "--model" in str(err.value)


def test_body_that_is_not_json_is_a_backend_error(srv: LoopbackServer) -> None:
    srv.enqueue_raw(b'{"id": "chatcmpl-1", "choi')
    with pytest.raises(BackendError) as err:
        backend(srv).complete(MESSAGES)
    assert "--base-url" in str(err.value)


def test_reply_without_choices_is_a_backend_error(srv: LoopbackServer) -> None:
    srv.enqueue_reply(Reply(200, {"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}))
    with pytest.raises(BackendError):
        backend(srv).complete(MESSAGES)


# --------------------------------------------------------------------------- the reply


def test_finish_reason_length_is_passed_through(srv: LoopbackServer) -> None:
    srv.enqueue(content='{"headline": "Brid', finish_reason="length")
    c = backend(srv).complete(MESSAGES, json_schema=SCHEMA, max_tokens=5)
    assert c.finish_reason == "length" and c.text == '{"headline": "Brid'


def test_refusal_is_passed_through(srv: LoopbackServer) -> None:
    srv.enqueue(content=None, refusal="I can't help with that.")
    c = backend(srv).complete(MESSAGES, json_schema=SCHEMA)
    assert c.refusal == "I can't help with that." and c.text == ""


def test_malformed_content_is_returned_as_text(srv: LoopbackServer) -> None:
    for content in ('{"headline": "x", "summ', "Sure! Here is the JSON: {oops}", ""):
        srv.enqueue(content=content)
        assert backend(srv).complete(MESSAGES, json_schema=SCHEMA).text == content


def test_usage_model_and_request_id_come_from_the_reply(srv: LoopbackServer) -> None:
    usages = [{"prompt_tokens": 120, "completion_tokens": 30}, {"prompt_tokens": 95, "completion_tokens": 41}]
    for i, usage in enumerate(usages):
        srv.enqueue(content="ok", usage=usage, model="served-model-v2", headers={"x-request-id": f"req_abc{i}"})
    calls: list[CallInfo] = []
    b = backend(srv, on_call=calls.append)
    results = [b.complete(MESSAGES) for _ in usages]
    assert [(c.input_tokens, c.output_tokens) for c in results] == [(120, 30), (95, 41)]
    assert sum(i.input_tokens or 0 for i in calls) == 215 and sum(i.output_tokens or 0 for i in calls) == 71
    assert [c.model for c in results] == ["served-model-v2"] * 2
    assert [c.request_id for c in results] == ["req_abc0", "req_abc1"]
    assert all(i.status == "ok" and i.error is None for i in calls)


def test_missing_usage_gives_none(srv: LoopbackServer) -> None:
    srv.enqueue(content="ok", usage=None)
    c = backend(srv).complete(MESSAGES)
    assert c.input_tokens is None and c.output_tokens is None


def test_openai_itself_gets_max_completion_tokens() -> None:
    # Only the parameter name is checked, on a request that never leaves the process.
    b = OpenAIBackend(model="gpt-4o-mini", api_key="sk-test-x", base_url=None, transport_retries=0)
    sent: dict[str, Any] = {}

    def capture(**kwargs: Any) -> Any:
        sent.update(kwargs)
        raise RuntimeError("stop here")

    b._client.chat.completions.create = capture  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        b.complete(MESSAGES, max_tokens=100)
    assert sent["max_completion_tokens"] == 100 and "max_tokens" not in sent


# --------------------------------------------------------------------------- doctor and tokens


def test_check_endpoint_reports_reachable_and_model() -> None:
    with LoopbackServer(models=["loop-model", "other"]) as srv:
        ok, detail = backend(srv).check_endpoint()
        assert ok and "loop-model" in detail and srv.base_url in detail
        ok, detail = backend(srv, model="absent").check_endpoint()
        assert ok and "absent" in detail and "--model" in detail


def test_check_endpoint_never_raises() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    ok, detail = OpenAIBackend(model="m", api_key=None, base_url=f"http://127.0.0.1:{port}/v1").check_endpoint()
    assert not ok and str(port) in detail
    with LoopbackServer(api_key="sk-test-good-000000") as srv:
        ok, detail = OpenAIBackend(model="m", api_key="sk-test-bad-999999", base_url=srv.base_url).check_endpoint()
        assert not ok and "401" in detail and "sk-test-bad-999999" not in detail


def test_count_tokens_grows_with_text(srv: LoopbackServer) -> None:
    b = backend(srv, model="gpt-4o-mini")
    short, long = b.count_tokens("one two three"), b.count_tokens("one two three " * 50)
    assert 0 < short < long


# --------------------------------------------------------------------------- strict_schema


@pytest.mark.parametrize("model", [BriefDraft, ClaimsDraft, RewriteDraft])
def test_strict_schema_of_the_drafts(model: type[BaseModel]) -> None:
    original = model.model_json_schema()
    schema = strict_schema(original)
    nodes = list(objects(schema))
    assert nodes
    for node in nodes:
        assert node["additionalProperties"] is False
        assert sorted(node["required"]) == sorted(node["properties"])
    assert "default" not in set(keys(schema))
    assert original == model.model_json_schema()  # the input is not mutated
    if "claims" in schema["properties"]:
        claim = schema["$defs"]["DraftClaim"]["properties"]["speaker"]
        assert {"type": "null"} in claim["anyOf"] and {"type": "string"} in claim["anyOf"]


class _Inner(BaseModel):
    url: str = Field(json_schema_extra={"format": "uri"})
    when: str = Field(json_schema_extra={"format": "date-time"})


class _Outer(BaseModel):
    name: str = Field(default="x", min_length=1, max_length=10)
    inner: _Inner = Field(description="described ref")
    maybe: _Inner | None = None
    tags: list[str] = Field(default_factory=list)


def test_strict_schema_handles_defaults_refs_and_formats() -> None:
    schema = strict_schema(_Outer.model_json_schema())
    props = schema["properties"]
    assert schema["required"] == ["name", "inner", "maybe", "tags"]
    assert "default" not in props["name"] and "minLength" not in props["name"] and "maxLength" not in props["name"]
    # a $ref with a sibling description is inlined (strict mode forbids siblings next to $ref)
    assert "$ref" not in props["inner"] and props["inner"]["description"] == "described ref"
    assert props["inner"]["additionalProperties"] is False and props["inner"]["required"] == ["url", "when"]
    assert "format" not in props["inner"]["properties"]["url"]  # "uri" is not a supported format
    assert props["inner"]["properties"]["when"]["format"] == "date-time"
    assert {"type": "null"} in props["maybe"]["anyOf"]


# --------------------------------------------------------------------------- the loopback server's own knobs


def test_loopback_rpm_limit_answers_429() -> None:
    with LoopbackServer(rpm_limit=2, responder=lambda body: "ok") as srv:
        b = backend(srv, transport_retries=0)
        assert [b.complete(MESSAGES).text for _ in range(2)] == ["ok", "ok"]
        with pytest.raises(BackendError) as err:
            b.complete(MESSAGES)
        assert "429" in str(err.value) and srv.rate_limited == 1


def test_loopback_extra_routes() -> None:
    with LoopbackServer() as srv:
        srv.add_route("GET", "/v1/files", lambda req: Reply(200, {"object": "list", "data": []}))
        b = backend(srv)
        assert list(b._client.files.list()) == []
        assert srv.requests_to("/v1/files")[0].method == "GET"
