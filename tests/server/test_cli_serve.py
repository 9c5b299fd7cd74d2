"""`summarizer serve` resolves its settings like every command: flag > environment > config file > default."""

from __future__ import annotations

from pathlib import Path

from tests.server.sites import demo_text, start_server

FILE_TOKEN = "file-token-0123456789"
ENV_TOKEN = "env-token-9876543210"


def test_flag_beats_env_beats_file(tmp_path: Path) -> None:
    served = start_server(
        tmp_path,
        settings={"max-concurrent": 2, "request-timeout": 30, "serve-token": FILE_TOKEN, "max-words": 40},
        env={"SUMMARIZER_SERVE_TOKEN": ENV_TOKEN},
        args=("--max-concurrent", "3"),
    )
    try:
        with served.client() as anon:
            health = anon.get("/healthz").json()
            assert health["max_concurrent"] == 3  # flag over file
            assert health["auth"] is True
        with served.client(token=FILE_TOKEN) as c:
            assert c.post("/v1/claims", json={"text": demo_text()}).status_code == 401  # env over file
        with served.client(token=ENV_TOKEN) as c:
            brief = c.post("/v1/brief", json={"text": demo_text()}).json()
            longer = c.post("/v1/brief", json={"text": demo_text(), "max_words": 200}).json()
        assert len(brief["summary"].split()) <= 40 < len(longer["summary"].split())  # file default, request wins
    finally:
        served.stop()
    log = served.log()
    assert FILE_TOKEN not in log and ENV_TOKEN not in log


def test_backend_options_of_brief_apply(tmp_path: Path) -> None:
    served = start_server(tmp_path, args=("--backend", "fake", "--model", "fake-7b"))
    try:
        with served.client() as c:
            health = c.get("/healthz").json()
            out = c.post("/v1/brief", json={"text": demo_text()}).json()
    finally:
        served.stop()
    assert (health["backend"], health["model"]) == ("fake", "fake-7b")
    assert out["run"]["backend"] == "fake" and out["run"]["model"] == "fake-7b" and out["run"]["calls"] >= 1


def test_default_engine_is_announced_with_the_address(tmp_path: Path) -> None:
    served = start_server(tmp_path, settings={})
    try:
        log = served.log()
    finally:
        served.stop()
    assert "no LLM configured, serving the offline extractive engine" in log
    assert f"summarizer serve: {served.base}/ (backend extractive" in log
