"""The HTTP API through httpx against a real uvicorn process on loopback: endpoints, formats, errors, auth, logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.loopback import LoopbackServer, Reply, error_body
from tests.server.sites import ROOT, ArticleSite, Served, demo_text, start_server

TOKEN = "s3cret-token-for-tests-only"
API_KEY = "sk-test-server-key-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = start_server(tmp_path_factory.mktemp("serve"), options={"allow_private_urls": True})
    yield served
    served.stop()


@pytest.fixture(scope="module")
def site() -> Iterator[ArticleSite]:
    with ArticleSite() as s:
        yield s


def test_healthz_reports_backend_version_and_readiness(server: Served) -> None:
    with server.client() as c:
        data = c.get("/healthz").json()
    assert data["status"] == "ok" and data["ready"] is True
    assert data["backend"] == "extractive" and data["model"] is None
    assert data["version"] and data["auth"] is False and data["max_concurrent"] == 4


def test_brief_from_text_is_the_cli_json(server: Served, tmp_path: Path) -> None:
    with server.client() as c:
        resp = c.post("/v1/brief", json={"text": demo_text()})
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    got = resp.json()
    assert got["kind"] == "brief" and got["headline"] and got["key_points"] and got["claims"]
    assert any(claim["speaker"] for claim in got["claims"])  # the demo article names its speakers
    for claim in got["claims"]:
        for ev in claim["evidence"]:
            assert demo_text().strip().find(ev["quote"]) >= 0
    article = tmp_path / "article.txt"
    article.write_text(demo_text(), encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "summarizer", "brief", str(article), "--backend", "extractive", "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    want = json.loads(cli.stdout)
    for key in ("headline", "summary", "key_points", "claims", "checks"):
        assert got[key] == want[key], key
    assert got["source"]["id"] == want["source"]["id"]


def test_claims_and_rewrite_endpoints(server: Served) -> None:
    with server.client() as c:
        claims = c.post("/v1/claims", json={"text": demo_text()}).json()
        rewrite = c.post("/v1/rewrite", json={"text": demo_text(), "title": "Dam funding"}).json()
    assert claims["kind"] == "claims" and any(c["speaker"] for c in claims["claims"])
    assert rewrite["kind"] == "rewrite" and rewrite["paragraphs"]
    assert rewrite["source"]["title"] == "Dam funding"


def test_per_request_max_words_shortens_the_summary(server: Served) -> None:
    with server.client() as c:
        long = c.post("/v1/brief", json={"text": demo_text(), "max_words": 200}).json()
        short = c.post("/v1/brief", json={"text": demo_text(), "max_words": 30}).json()
    assert len(short["summary"].split()) <= 30 < len(long["summary"].split())


@pytest.mark.parametrize(
    ("fmt", "ctype", "start"),
    [("md", "text/markdown", "# "), ("html", "text/html", "<!DOCTYPE html>"), ("text", "text/plain", "")],
)
def test_format_query_returns_the_rendering(server: Served, fmt: str, ctype: str, start: str) -> None:
    with server.client() as c:
        resp = c.post(f"/v1/brief?format={fmt}", json={"text": demo_text()})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith(ctype)
    assert resp.text.startswith(start) and "Northgate" in resp.text


def test_include_adds_article_sentences_and_markdown(server: Served) -> None:
    with server.client() as c:
        data = c.post("/v1/brief?include=article,markdown", json={"text": demo_text()}).json()
    art = data["article"]
    assert art["id"] == data["source"]["id"]
    for s in art["sentences"]:
        assert art["text"][s["start"] : s["end"]] == s["text"]
    assert data["markdown"].startswith("# " + data["headline"])
    with server.client() as c:
        bad = c.post("/v1/brief?include=everything", json={"text": demo_text()})
    assert bad.status_code == 400 and bad.json()["error"]["type"] == "bad_option"


def test_brief_from_url(server: Served, site: ArticleSite) -> None:
    with server.client() as c:
        data = c.post("/v1/brief", json={"url": site.base + "/article.html"}).json()
    assert data["source"]["url"] == site.base + "/article.html"
    assert data["source"]["title"] == "Senator's dam threat"
    assert "Home" not in " ".join(kp["text"] for kp in data["key_points"])


def test_check_endpoint_passes_an_untouched_output_and_flags_an_edited_one(server: Served) -> None:
    with server.client() as c:
        brief = c.post("/v1/brief", json={"text": demo_text()}).json()
        ok = c.post("/v1/check", json={"output": brief, "text": demo_text()})
        assert ok.status_code == 200 and ok.json()["ok"] is True
        brief["key_points"][0]["text"] = "Senator Howard Pike told donors on Friday that he would cut $9 billion."
        bad = c.post("/v1/check", json={"output": brief, "text": demo_text()})
        text = c.post("/v1/check?format=text", json={"output": brief, "text": demo_text()})
    report = bad.json()
    assert report["ok"] is False
    assert any(f["severity"] == "error" and f["path"].startswith("key_points[0]") for f in report["findings"])
    assert text.headers["content-type"].startswith("text/plain") and "key_points[0]" in text.text


@pytest.mark.parametrize(
    ("body", "status", "kind"),
    [
        ({"text": "   \n  "}, 422, "input_error"),
        ({"text": "x", "url": "https://example.com/a"}, 422, "invalid_request"),
        ({}, 422, "invalid_request"),
        ({"text": "Some text.", "max_words": 3}, 422, "invalid_request"),
        ({"text": "Some text.", "colour": "red"}, 422, "invalid_request"),
        ({"url": "ftp://example.com/story.txt"}, 400, "bad_url"),
        ({"url": "not a url"}, 400, "bad_url"),
    ],
)
def test_input_errors_are_json_with_the_right_status(server: Served, body: dict, status: int, kind: str) -> None:
    with server.client() as c:
        resp = c.post("/v1/brief", json=body)
    assert resp.status_code == status, resp.text
    err = resp.json()["error"]
    assert err["type"] == kind and err["message"]


def test_binary_page_is_422_and_missing_page_400(server: Served, site: ArticleSite) -> None:
    with server.client() as c:
        binary = c.post("/v1/brief", json={"url": site.base + "/binary"})
        missing = c.post("/v1/brief", json={"url": site.base + "/nothing-here"})
    assert binary.status_code == 422 and binary.json()["error"]["type"] == "input_error"
    assert "binary" in binary.json()["error"]["message"].lower()
    assert missing.status_code == 400 and missing.json()["error"]["type"] == "bad_url"
    assert "HTTP 404" in missing.json()["error"]["message"]


def test_malformed_json_unknown_paths_and_methods(server: Served) -> None:
    with server.client() as c:
        broken = c.post("/v1/brief", content=b"{not json", headers={"content-type": "application/json"})
        nowhere = c.get("/v1/summarize")
        wrong = c.get("/v1/brief")
        bad_fmt = c.post("/v1/brief?format=pdf", json={"text": demo_text()})
    assert broken.status_code == 422 and broken.json()["error"]["type"] == "invalid_request"
    assert nowhere.status_code == 404 and nowhere.json()["error"]["type"] == "not_found"
    assert wrong.status_code == 405 and wrong.json()["error"]["type"] == "method_not_allowed"
    assert bad_fmt.status_code == 422 and "format" in bad_fmt.json()["error"]["message"]


def test_check_with_a_broken_output_is_422(server: Served) -> None:
    with server.client() as c:
        no_kind = c.post("/v1/check", json={"output": {"headline": "x"}, "text": demo_text()})
        broken = c.post("/v1/check", json={"output": {"kind": "brief", "headline": 3}, "text": demo_text()})
    assert no_kind.status_code == 422 and no_kind.json()["error"]["type"] == "check_error"
    assert broken.status_code == 422 and "not a valid brief" in broken.json()["error"]["message"]


def test_openapi_docs_and_page_are_served(server: Served) -> None:
    with server.client() as c:
        spec = c.get("/openapi.json").json()
        docs = c.get("/docs")
        page = c.get("/")
        script = c.get("/static/app.js")
        missing = c.get("/static/secret.py")
    assert {"/v1/brief", "/v1/claims", "/v1/rewrite", "/v1/check", "/healthz"} <= set(spec["paths"])
    assert "Brief" in spec["components"]["schemas"] and "Claim" in spec["components"]["schemas"]
    brief_responses = spec["paths"]["/v1/brief"]["post"]["responses"]
    assert {"200", "400", "401", "413", "422", "502", "503", "504"} <= set(brief_responses)
    assert brief_responses["503"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert page.status_code == 200 and '<script src="/static/app.js"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert script.headers["content-type"].startswith("text/javascript") and "highlight" in script.text
    assert missing.status_code == 404


def test_access_log_has_method_path_status_but_no_text_or_query(server: Served) -> None:
    with server.client() as c:
        c.post("/v1/brief?format=md", json={"text": demo_text()})
    log = server.log()
    assert '"POST /v1/brief" 200' in log
    assert "format=md" not in log
    assert "Northgate" not in log and "Easton" not in log


# ------------------------------------------------------------------ auth


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = start_server(tmp_path_factory.mktemp("locked"), options={"token": TOKEN})
    yield served
    served.stop()


def test_token_is_required_for_v1_only(locked: Served) -> None:
    with locked.client() as anon:
        none = anon.post("/v1/brief", json={"text": demo_text()})
        wrong = anon.post("/v1/brief", json={"text": demo_text()}, headers={"Authorization": "Bearer nope"})
        basic = anon.post("/v1/claims", json={"text": demo_text()}, headers={"Authorization": f"Basic {TOKEN}"})
        health = anon.get("/healthz")
        page = anon.get("/")
    for resp in (none, wrong, basic):
        assert resp.status_code == 401 and resp.json()["error"]["type"] == "unauthorized"
        assert resp.headers["www-authenticate"] == "Bearer"
    assert health.status_code == 200 and health.json()["auth"] is True
    assert page.status_code == 200
    with locked.client(token=TOKEN) as c:
        ok = c.post("/v1/brief", json={"text": demo_text()})
    assert ok.status_code == 200, ok.text + locked.log()[-3000:]
    assert ok.json()["kind"] == "brief"
    assert TOKEN not in locked.log()


def _serve_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    environ["SUMMARIZER_CONFIG"] = os.devnull
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "serve", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False, env={**environ, **(env or {})},
    )  # fmt: skip


def test_non_loopback_bind_without_token_exits_2_with_one_line() -> None:
    proc = _serve_cli("--host", "0.0.0.0", "--port", "0")
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "0.0.0.0" in lines[0] and "--token" in lines[0]
    short = _serve_cli("--host", "0.0.0.0", env={"SUMMARIZER_SERVE_TOKEN": "abc"})
    assert short.returncode == 2 and "shorter than 8" in short.stderr and "abc" not in short.stderr


# ------------------------------------------------------------------ backend failures


def test_backend_failure_is_502_and_never_shows_the_key(tmp_path: Path) -> None:
    def always_500(_body: dict) -> Reply:
        return Reply(500, error_body("upstream exploded", type_="server_error"), {"x-should-retry": "false"})

    with LoopbackServer(responder=always_500) as llm:
        served = start_server(
            tmp_path,
            settings={
                "backend": "openai",
                "base_url": llm.base_url,
                "api_key": API_KEY,
                "transport_retries": 0,
                "max_retries": 0,
            },
        )
        try:
            with served.client() as c:
                resp = c.post("/v1/brief", json={"text": demo_text()})
        finally:
            served.stop()
    assert resp.status_code == 502, resp.text
    assert resp.json()["error"]["type"] == "backend_error"
    assert API_KEY not in resp.text and API_KEY not in served.log()
    assert '"POST /v1/brief" 502' in served.log()


def test_client_errors_do_not_crash_the_server(server: Served) -> None:
    with httpx.Client(base_url=server.base, timeout=10) as c:
        for _ in range(3):
            c.post("/v1/brief", json={"text": ""})
        assert c.get("/healthz").status_code == 200
    assert server.proc.poll() is None


def test_a_taken_port_exits_2_with_one_line(server: Served) -> None:
    port = int(server.base.rsplit(":", 1)[1])
    proc = _serve_cli("--port", str(port), "--backend", "extractive")
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.strip().splitlines() if "no LLM configured" not in line]
    assert len(lines) == 1 and f"cannot listen on 127.0.0.1:{port}" in lines[0] and "--port" in lines[0]
