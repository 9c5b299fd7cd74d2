"""Limits of the real server process: body size, article size, fetch size, concurrency, deadline, SIGTERM."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.loopback import LoopbackServer, Reply
from tests.server.sites import ArticleSite, Served, demo_text, start_server


@pytest.fixture(scope="module")
def site() -> Iterator[ArticleSite]:
    with ArticleSite() as s:
        yield s


def _wait_busy(served: Served, n: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if httpx.get(served.base + "/healthz").json()["busy"] >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"the server never had {n} request(s) running")


class Background:
    """A request running in a thread; ``result()`` waits for its response."""

    def __init__(self, served: Served, path: str, body: dict) -> None:
        self.response: httpx.Response | None = None
        self.error: Exception | None = None

        def go() -> None:
            try:
                self.response = httpx.post(served.base + path, json=body, timeout=60)
            except Exception as exc:  # surfaced by result()
                self.error = exc

        self.thread = threading.Thread(target=go, daemon=True)
        self.thread.start()

    def result(self) -> httpx.Response:
        self.thread.join(60)
        if self.error is not None:
            raise self.error
        assert self.response is not None
        return self.response


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    # --max-chars 3000 -> body limit 12 * 3000 + 65536 bytes; fetches capped at 50 kB.
    served = start_server(
        tmp_path_factory.mktemp("small"),
        settings={"max_chars": 3000, "max_fetch_bytes": 50_000},
        options={"allow_private_urls": True},
    )
    yield served
    served.stop()


def test_body_over_the_limit_is_413_by_content_length(small: Served) -> None:
    with small.client() as c:
        resp = c.post("/v1/brief", json={"text": "word " * 30_000})
    assert resp.status_code == 413
    err = resp.json()["error"]
    assert err["type"] == "too_large" and "101,536-byte limit" in err["message"]


def test_chunked_body_over_the_limit_is_413(small: Served) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(200):
            yield b"a" * 1000
        yield b'"}'

    with small.client() as c:
        resp = c.post("/v1/brief", content=chunks(), headers={"content-type": "application/json"})
    assert resp.status_code == 413 and resp.json()["error"]["type"] == "too_large"


def test_article_over_max_chars_is_413_with_the_cli_message(small: Served) -> None:
    text = (demo_text() + "\n\n") * 2
    assert 3000 < len(text) < 12 * 3000
    with small.client() as c:
        resp = c.post("/v1/brief", json={"text": text})
    assert resp.status_code == 413
    assert "over the limit of 3,000 characters" in resp.json()["error"]["message"]
    with small.client() as c:
        fits = c.post("/v1/brief", json={"text": demo_text()[:2900]})
    assert fits.status_code == 200


def test_fetched_page_over_the_byte_cap_is_413(small: Served, site: ArticleSite) -> None:
    with small.client() as c:
        resp = c.post("/v1/brief", json={"url": site.base + "/big?bytes=80000"})
    assert resp.status_code == 413 and "50,000-byte limit" in resp.json()["error"]["message"]


def test_busy_server_answers_503_with_retry_after(tmp_path: Path, site: ArticleSite) -> None:
    served = start_server(tmp_path, options={"allow_private_urls": True, "max_concurrent": 1})
    try:
        slow = Background(served, "/v1/brief", {"url": site.base + "/slow?s=6"})
        _wait_busy(served, 1)
        with served.client() as c:
            refused = c.post("/v1/claims", json={"text": demo_text()})
        assert refused.status_code == 503
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["error"]["type"] == "busy"
        assert slow.result().status_code == 200
        with served.client() as c:
            assert c.post("/v1/claims", json={"text": demo_text()}).status_code == 200
    finally:
        served.stop()


def test_request_past_the_deadline_is_504(tmp_path: Path, site: ArticleSite) -> None:
    served = start_server(tmp_path, options={"allow_private_urls": True, "request_timeout": 1.0})
    try:
        with served.client() as c:
            resp = c.post("/v1/brief", json={"url": site.base + "/slow?s=4"})
            assert resp.status_code == 504
            assert resp.json()["error"]["type"] == "timeout" and "timed out" in resp.json()["error"]["message"]
            # The abandoned run ends on its own (the fetch has the same deadline) and frees its slot.
            deadline = time.monotonic() + 20
            while c.get("/healthz").json()["busy"] and time.monotonic() < deadline:
                time.sleep(0.1)
            assert c.get("/healthz").json()["busy"] == 0
    finally:
        served.stop()


def test_sigterm_finishes_the_running_request_then_exits_0(tmp_path: Path, site: ArticleSite) -> None:
    served = start_server(tmp_path, options={"allow_private_urls": True})
    slow = Background(served, "/v1/brief", {"url": site.base + "/slow?s=4"})
    _wait_busy(served, 1)
    assert slow.response is None  # still in flight when the signal arrives
    served.proc.send_signal(signal.SIGTERM)
    resp = slow.result()
    assert resp.status_code == 200 and resp.json()["kind"] == "brief"
    assert served.proc.wait(timeout=30) == 0
    assert "stopped" in served.log()
    with pytest.raises(httpx.ConnectError):
        httpx.get(served.base + "/healthz", timeout=2)


def test_a_slow_llm_is_cut_off_at_the_request_deadline_with_504(tmp_path: Path) -> None:
    def slow(_body: dict) -> Reply:
        return Reply(200, {"error": "never read"}, delay_s=4)

    with LoopbackServer(responder=slow) as llm:
        served = start_server(
            tmp_path,
            settings={"backend": "openai", "base-url": llm.base_url, "api-key": "sk-test-slow", "timeout": 60},
            options={"request_timeout": 1.0},
        )
        try:
            with served.client() as c:
                resp = c.post("/v1/brief", json={"text": demo_text()})
        finally:
            served.stop()
    assert resp.status_code == 504
    err = resp.json()["error"]
    assert err["type"] == "timeout" and "longer than 1 s" in err["message"] and "--request-timeout" in err["message"]


def test_sigterm_does_not_wait_for_a_run_already_past_its_deadline(tmp_path: Path) -> None:
    def stuck(_body: dict) -> Reply:
        return Reply(200, {"error": "never read"}, delay_s=20)

    with LoopbackServer(responder=stuck) as llm:
        served = start_server(
            tmp_path,
            settings={"backend": "openai", "base-url": llm.base_url, "api-key": "sk-test-stuck", "timeout": 60},
            options={"request_timeout": 1.0},
        )
        with served.client() as c:
            assert c.post("/v1/brief", json={"text": demo_text()}).status_code == 504
        assert served.stop(timeout=12) == 0  # the stuck LLM call (20 s) is not awaited
    assert "abandoned run(s)" in served.log()
