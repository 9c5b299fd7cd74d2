"""The editor's page in real headless Chromium, driven over the DevTools protocol against a real server.

Set SUMMARIZER_UPDATE_SCREENSHOT=1 to refresh docs/serve.png (the README's screenshot) from this run.
"""

from __future__ import annotations

import json
import os
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from summarizer.backends import Message
from summarizer.backends.fake import numbered_sentences
from tests.loopback import LoopbackServer
from tests.server.cdp import Browser, find_chromium
from tests.server.sites import ROOT, ArticleSite, Served, demo_text, start_server


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed but CI=true: .ci/run must install Debian's chromium package")
        pytest.skip("chromium not installed: apt-get install chromium")
    return found


@pytest.fixture(scope="module")
def site() -> Iterator[ArticleSite]:
    with ArticleSite() as s:
        yield s


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = start_server(tmp_path_factory.mktemp("page"), options={"allow_private_urls": True})
    yield served
    served.stop()


@pytest.fixture()
def browser(chromium: str, tmp_path: Path) -> Iterator[Browser]:
    b = Browser(chromium, tmp_path / "profile")
    yield b
    b.close()


def _open_shared_link(
    browser: Browser, server: Served, site: ArticleSite, width: int, height: int, mobile: bool
) -> str:
    browser.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
    article_url = site.base + "/article.html"
    browser.call("Page.navigate", url=f"{server.base}/?url={quote(article_url, safe='')}")
    browser.wait_for("document.getElementById('headline') && document.getElementById('headline').textContent")
    return article_url


def test_shared_link_shows_the_brief_linked_to_its_evidence(
    browser: Browser, server: Served, site: ArticleSite, tmp_path: Path
) -> None:
    article_url = _open_shared_link(browser, server, site, 1280, 900, mobile=False)
    with server.client() as c:
        expected = c.post("/v1/brief?include=article", json={"url": article_url}).json()
    sentences = {str(s["id"]): s["text"] for s in expected["article"]["sentences"]}

    assert browser.eval("document.getElementById('headline').textContent") == expected["headline"]
    speakers = browser.eval("[...document.querySelectorAll('#claims td.speaker')].map(td => td.textContent)")
    named = [c["speaker"] for c in expected["claims"] if c["speaker"]]
    assert named and speakers == [c["speaker"] or "(the article)" for c in expected["claims"]]
    assert browser.eval("document.querySelectorAll('#claims tr.type-denial').length") >= 1
    assert browser.eval("document.querySelectorAll('#article .sent').length") == len(sentences)

    # Activating a key point (a real click) highlights exactly its evidence sentences in the article.
    first_ids = [str(i) for i in expected["key_points"][0]["sentence_ids"]]
    assert browser.eval("document.querySelectorAll('#article .hl').length") == 0
    browser.click("#key-points li")
    lit = browser.eval("[...document.querySelectorAll('#article .hl')].map(s => s.id)")
    assert lit == [f"s{i}" for i in first_ids]
    for sid in first_ids:
        assert browser.eval(f"document.getElementById('s{sid}').textContent") == sentences[sid]
    assert "active" in browser.eval("document.querySelector('#key-points li').className")
    assert browser.eval("document.getElementById('token-box').offsetParent") is None  # no token needed: not shown

    # The claims table filters by speaker.
    browser.eval(
        f"(() => {{ const s = document.getElementById('f-speaker'); s.value = {json.dumps(named[0])};"
        " s.dispatchEvent(new Event('change')); })()"
    )
    shown = browser.eval(
        "[...document.querySelectorAll('#claims tbody tr')].filter(r => !r.hidden).map(r => r.dataset.speaker)"
    )
    assert shown and set(shown) == {named[0]} and len(shown) == named.count(named[0])

    # Sensationalism before -> after, and the address is still the shareable link.
    assert float(browser.eval("document.getElementById('sens-before').textContent")) > 0
    assert "url=" in browser.eval("location.search")

    assert browser.errors() == []
    browser.eval("window.scrollTo(0, document.getElementById('result').offsetTop - 8)")
    shot = browser.screenshot(tmp_path / "serve.png")
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", shot[16:24]) == (1280, 900)
    if os.environ.get("SUMMARIZER_UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        (ROOT / "docs" / "serve.png").write_bytes(shot)


def test_page_fits_a_phone_screen(browser: Browser, server: Served, site: ArticleSite) -> None:
    _open_shared_link(browser, server, site, 390, 844, mobile=True)
    assert browser.eval("document.documentElement.scrollWidth <= window.innerWidth")
    columns = browser.eval("getComputedStyle(document.getElementById('result')).gridTemplateColumns")
    assert len(columns.split()) == 1
    assert browser.errors() == []


def test_token_is_asked_once_then_sent(chromium: str, tmp_path: Path, site: ArticleSite) -> None:
    token = "page-token-0123456789"
    served = start_server(tmp_path, options={"allow_private_urls": True, "token": token})
    b = Browser(chromium, tmp_path / "profile")
    try:
        b.call("Page.navigate", url=f"{served.base}/?url={quote(site.base + '/article.html', safe='')}")
        b.wait_for("document.getElementById('token-box') && !document.getElementById('token-box').hidden")
        b.eval(f"document.getElementById('token').value = {token!r}")
        b.click("#token-save")
        b.wait_for("document.getElementById('headline').textContent")
        assert b.eval("sessionStorage.getItem('summarizer-token')") == token
        # A second brief in the same tab does not ask again.
        b.eval("document.getElementById('task').value = 'claims'; document.getElementById('go').click()")
        b.wait_for("document.getElementById('headline').textContent === 'Claims'")
        assert b.eval("document.getElementById('token-box').hidden") is True
        # The 401 before the token was entered is the only failed load.
        assert all("401" in e for e in b.errors())
    finally:
        b.close()
        served.stop()
    assert token not in served.log()


def _model_reply(body: dict) -> str:
    """A brief as a careless model might write it: one key point changes a number, so the checks remove it."""
    messages = [Message(m["role"], m.get("content") or "") for m in body["messages"]]
    sents = dict(numbered_sentences(messages))
    budget = next(i for i, t in sents.items() if "$2.3 billion" in t)
    denial = next(i for i, t in sents.items() if t.startswith("Agency spokesman Victor Lang denied"))
    reply = {
        "headline": "Agency denies senator's account of a call about dam funding",
        "summary": sents[denial],
        "key_points": [
            {"text": sents[denial], "sentence_ids": [denial]},
            {"text": "The dam's budget has risen to $9.9 billion.", "sentence_ids": [budget]},
        ],
        "claims": [
            {"text": sents[denial], "speaker": "Victor Lang", "type": "denial", "hedged": False,
             "sentence_ids": [denial]},
        ],
    }  # fmt: skip
    return json.dumps(reply)


def test_removed_items_are_shown_with_their_reason(chromium: str, tmp_path: Path) -> None:
    with LoopbackServer(responder=_model_reply) as llm:
        served = start_server(
            tmp_path,
            settings={"backend": "openai", "base-url": llm.base_url, "api-key": "sk-test-page", "max-retries": 0},
        )
        b = Browser(chromium, tmp_path / "profile")
        try:
            b.call("Page.navigate", url=served.base + "/")
            b.wait_for("document.readyState === 'complete' && Boolean(document.getElementById('text'))")
            b.eval(f"document.getElementById('text').value = {json.dumps(demo_text())}")
            b.click("#go")
            b.wait_for("document.getElementById('headline').textContent")
            removed = b.eval("[...document.querySelectorAll('#removed li')].map(li => li.textContent)")
            points = b.eval("[...document.querySelectorAll('#key-points li')].map(li => li.textContent)")
            summary = b.eval("document.getElementById('checks-summary').textContent")
            errors = b.errors()
        finally:
            b.close()
            served.stop()
    assert len(removed) == 1 and "$9.9 billion" in removed[0] and "removed" in removed[0]
    assert "9.9" in removed[0].split("—", 1)[1] or "number" in removed[0].split("—", 1)[1]  # the reason is shown
    assert all("$9.9" not in p for p in points) and len(points) == 1
    assert summary.startswith("1 removed")
    assert errors == []


def test_download_json_is_the_cli_output_and_markdown_copies(
    browser: Browser, server: Served, site: ArticleSite, tmp_path: Path
) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.call("Page.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
    article_url = _open_shared_link(browser, server, site, 1280, 900, mobile=False)
    browser.click("#download-json")
    deadline = time.monotonic() + 30
    while not list(downloads.glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    files = list(downloads.glob("*.json"))
    assert len(files) == 1 and files[0].name.startswith("brief-")
    saved = json.loads(files[0].read_text(encoding="utf-8"))
    with server.client() as c:
        direct = c.post("/v1/brief", json={"url": article_url}).json()
    assert "article" not in saved and "markdown" not in saved
    assert {k: v for k, v in saved.items() if k != "run"} == {k: v for k, v in direct.items() if k != "run"}
    browser.click("#copy-md")
    browser.wait_for("document.getElementById('status').textContent === 'Markdown copied.'")
    assert browser.errors() == []
