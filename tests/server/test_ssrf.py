"""URL fetches refuse loopback, private, link-local and metadata addresses: after DNS and on every redirect."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.sites import ArticleSite, Served, start_server

PUBLIC_IP = "93.184.216.34"  # a global address; connections to it are remapped to the loopback test site


@pytest.fixture(scope="module")
def site() -> Iterator[ArticleSite]:
    with ArticleSite() as s:
        yield s


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory, site: ArticleSite) -> Iterator[Served]:
    """Default policy (no --allow-private-urls); news.example.com is 'public' and served by the loopback site."""
    served = start_server(
        tmp_path_factory.mktemp("strict"),
        fake_dns={
            "news.example.com": PUBLIC_IP,
            "intranet.example.com": "10.0.0.7",
            "meta.example.com": "169.254.169.254",
        },
        remap={PUBLIC_IP: site.port},
    )
    yield served
    served.stop()


def _refused(served: Served, url: str) -> dict:
    with served.client() as c:
        resp = c.post("/v1/brief", json={"url": url})
    assert resp.status_code == 400, resp.text
    err = resp.json()["error"]
    assert err["type"] == "url_refused", err
    return err


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("localhost", "loopback"),
        ("[::1]", "loopback"),
        ("2130706433", "loopback"),  # 127.0.0.1 as one decimal number
        ("[::ffff:127.0.0.1]", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.1.10", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "not a public address"),
    ],
)
def test_private_addresses_are_refused_before_any_connection(
    strict: Served, site: ArticleSite, host: str, why: str
) -> None:
    before = len(site.hits)
    err = _refused(strict, f"http://{host}:{site.port}/article.html")
    assert why in err["message"] and "--allow-private-urls" in err["message"]
    assert len(site.hits) == before  # nothing reached the loopback site


def test_public_names_resolving_to_private_addresses_are_refused(strict: Served) -> None:
    assert "10.0.0.7" in _refused(strict, "http://intranet.example.com/wiki")["message"]
    assert "link-local" in _refused(strict, "http://meta.example.com/latest/meta-data/")["message"]


def test_a_public_name_is_fetched(strict: Served, site: ArticleSite) -> None:
    with strict.client() as c:
        resp = c.post("/v1/brief", json={"url": "http://news.example.com/article.html"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["source"]["url"] == "http://news.example.com/article.html"


def test_a_public_name_redirecting_to_loopback_is_refused_at_the_redirect(strict: Served, site: ArticleSite) -> None:
    target = f"http://127.0.0.1:{site.port}/article.html"
    hits = len(site.hits)
    err = _refused(strict, f"http://news.example.com/redirect?to={target}")
    assert "127.0.0.1" in err["message"] and "loopback" in err["message"]
    new = site.hits[hits:]
    assert len(new) == 1 and new[0].startswith("/redirect")  # the redirect was followed by nobody


def test_a_redirect_to_the_metadata_address_is_refused(strict: Served) -> None:
    err = _refused(strict, "http://news.example.com/redirect?to=http://169.254.169.254/latest/meta-data/")
    assert "169.254.169.254" in err["message"]


def test_allow_private_urls_lets_loopback_through(tmp_path: Path, site: ArticleSite) -> None:
    served = start_server(tmp_path, options={"allow_private_urls": True})
    try:
        with served.client() as c:
            resp = c.post("/v1/claims", json={"url": site.base + "/text"})
        assert resp.status_code == 200 and resp.json()["kind"] == "claims"
    finally:
        served.stop()
