"""--via batch-api against a loopback fake of /v1/files and /v1/batches, through the real openai SDK."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.batch.inputs import discover
from summarizer.batch.openai_batch import collect, request_body, split_jsonl, status, submit
from summarizer.batch.run import BatchOptions
from summarizer.batch.store import Store
from summarizer.config import load_settings
from summarizer.errors import ConfigError
from tests.batch.test_batch import article
from tests.loopback_batch import BatchLoopback, grounded_responder


def long_article() -> str:
    return "Harbour traffic report\n\n" + " ".join(
        f"Port officials said on day {i} that the harbour took {i * 7 + 3} ships and {i + 11} ferries."
        for i in range(120)
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"short{i}.txt").write_text(article(i), encoding="utf-8")
    (folder / "long.txt").write_text(long_article(), encoding="utf-8")
    return folder


def settings_for(srv: BatchLoopback) -> Any:
    flags = {"backend": "openai", "base_url": srv.base_url, "api_key": "sk-batch-test-999", "model": "loopback-model",
             "context_tokens": 2000, "chunk_tokens": 400, "max_output_tokens": 400, "transport_retries": 1}  # fmt: skip
    return load_settings(flags, env={})


def test_split_jsonl_by_count_and_size() -> None:
    lines = [json.dumps({"custom_id": str(i), "pad": "x" * 50}) for i in range(10)]
    assert [f.count("\n") for f in split_jsonl(lines, max_requests=4)] == [4, 4, 2]
    by_size = split_jsonl(lines, max_bytes=len(lines[0]) * 3 + 3)
    assert all(len(f.encode()) <= len(lines[0]) * 3 + 3 for f in by_size) and sum(f.count("\n") for f in by_size) == 10


def test_request_body_matches_what_the_backend_sends(tmp_path: Path) -> None:
    """The JSONL body equals the body OpenAIBackend posts for the same request."""
    from summarizer.backends import Message
    from summarizer.backends.openai import OpenAIBackend
    from summarizer.schemas import BriefDraft

    with BatchLoopback(responder=grounded_responder) as srv:
        be = OpenAIBackend(model="loopback-model", api_key="k", base_url=srv.base_url)
        msgs = [Message("system", "s"), Message("user", "[0] One sentence.")]
        schema = BriefDraft.model_json_schema()
        be.complete(msgs, json_schema=schema, schema_name="brief", max_tokens=300, temperature=0.0, seed=7)
        sent = srv.chat_requests[0].body
    args = {"json_schema": schema, "schema_name": "brief", "max_tokens": 300, "temperature": 0.0, "seed": 7}
    assert request_body("loopback-model", msgs, args, openai_host=False) == sent


def test_submit_collect_two_rounds_and_direct_retry(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    with BatchLoopback(responder=grounded_responder) as srv:
        settings = settings_for(srv)
        items = discover([str(corpus)])
        opts = BatchOptions(out_dir=str(out), via="batch-api")
        sub = submit(items, settings, opts, inputs=[str(corpus)])
        assert sub.outcome.report.waiting == 4 and sub.exit_code == 0
        assert len(sub.batches) == 1 and not srv.chat_requests  # nothing went out directly
        (bid,) = srv.batches
        lines = srv.batch_lines(bid)
        long_id = next(i for i in sub.outcome.results if i.source.endswith("long.txt")).article_id
        assert long_id is not None
        maps = [x for x in lines if x["custom_id"].startswith(long_id[:16])]
        assert len(maps) >= 2 and all("-brief-map" in x["custom_id"] for x in maps)  # every chunk in round 1
        assert all(x["url"] == "/v1/chat/completions" and x["method"] == "POST" for x in lines)
        assert len({x["custom_id"] for x in lines}) == len(lines) == 3 + len(maps)
        upload = srv.requests_to("/v1/files")[0]
        assert b"sk-batch-test" not in upload.raw  # the key travels in the header only

        # Submitting the same command again while the batch runs sends nothing new.
        again = submit(items, settings, opts, inputs=[str(corpus)])
        assert again.batches == [] and len(srv.batches) == 1

        early = collect(out, api=_client(settings))
        assert early.waiting_on and early.waiting_on[0]["status"] == "in_progress"

        failed_short = next(x["custom_id"] for x in lines if x not in maps)
        srv.finish_batches(fail=lambda cid: cid == failed_short)
        first = collect(out, api=_client(settings))
        r = first.outcome.report
        assert r.ok == 3 and r.waiting == 1 and r.failed == 0  # long article: its reduce step waits for round 2
        assert len(first.batches) == 1 and first.batches[0]["round"] == 2
        direct = [q.body for q in srv.chat_requests if not any(m["role"] == "assistant" for m in q.body["messages"])]
        failed_body = next(x["body"] for x in lines if x["custom_id"] == failed_short)
        assert direct == [failed_body]  # only the item whose batch request failed went out directly

        srv.finish_batches()
        final = collect(out, api=_client(settings))
        r = final.outcome.report
        assert (r.ok + r.cached, r.failed, r.waiting) == (4, 0, 0) and final.exit_code == 0
        assert r.via == "batch-api" and r.prompt_tokens > 0  # batch replies count, at the batch price
    for line in (out / "results.jsonl").read_text().splitlines():
        row = json.loads(line)
        data = json.loads((out / f"{row['name']}.json").read_text())
        assert data["kind"] == "brief" and data["checks"] is not None
    rows = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    long_name = next(x["name"] for x in rows if x["source"].endswith("long.txt"))
    long_out = json.loads((out / f"{long_name}.json").read_text())
    assert long_out["run"]["path"] == "map-reduce"
    with Store(out / ".summarizer.db") as s:
        assert {b["status"] for b in s.batches(r.run_id)} == {"completed"}


def _client(settings: Any) -> Any:
    from summarizer.batch.openai_batch import BatchClient

    return BatchClient(settings)


def test_status_polls_and_collect_needs_a_batch_run(tmp_path: Path, corpus: Path, monkeypatch: Any) -> None:
    out = tmp_path / "out"
    with BatchLoopback(responder=grounded_responder) as srv:
        settings = settings_for(srv)
        items = discover([str(corpus / "short0.txt")])
        submit(items, settings, BatchOptions(out_dir=str(out), via="batch-api"), inputs=[str(corpus / "short0.txt")])
        monkeypatch.setenv("OPENAI_API_KEY", "sk-batch-test-999")
        info = status(out)
        assert info["via"] == "batch-api" and info["items"] == {"waiting": 1}
        assert info["batches"][0]["status"] == "in_progress"
        srv.finish_batches()
        assert status(out)["batches"][0]["status"] == "completed"
    with pytest.raises(ConfigError):
        collect(tmp_path / "nowhere")


def test_batch_api_needs_openai(tmp_path: Path, corpus: Path) -> None:
    settings = load_settings({"backend": "fake"}, env={})
    with pytest.raises(ConfigError, match="batch-api"):
        submit(discover([str(corpus)]), settings, BatchOptions(out_dir=str(tmp_path / "o"), via="batch-api"))


def test_sdk_errors_on_files_and_batches_are_mapped_and_scrub_the_key() -> None:
    from summarizer.batch.openai_batch import BatchClient
    from summarizer.errors import AuthError, BackendError
    from tests.loopback import Reply, error_body

    with BatchLoopback(responder=grounded_responder) as srv:
        settings = settings_for(srv)
        client = BatchClient(settings)
        srv._upload = lambda req: Reply(  # type: ignore[method-assign]
            401, error_body("Incorrect API key provided: sk-batch-test-999.", code="invalid_api_key")
        )
        with pytest.raises(AuthError) as err:
            client.upload("requests.jsonl", b'{"custom_id": "a"}\n')
        assert str(err.value).startswith("Batch API upload:")
        assert "sk-batch-test-999" not in str(err.value)
        with pytest.raises(BackendError, match="Batch API create"):
            client.create("file-does-not-exist", {})
