"""The one URL fetcher (ingest/fetch.py): overall deadline, byte cap, redirects, and the server's address policy."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from summarizer.errors import InputError, InputTooLarge
from summarizer.ingest.fetch import (
    FetchRefused,
    FetchTimeout,
    FetchTooLarge,
    address_refusal,
    fetch_url,
)
from tests.server.launch import RemapTransport
from tests.server.sites import ArticleSite

PUBLIC_IP = "93.184.216.34"  # a global address; connections to it are remapped to the loopback test site


@pytest.fixture(scope="module")
def site() -> Iterator[ArticleSite]:
    with ArticleSite() as s:
        yield s


@pytest.mark.parametrize(
    ("ip", "refused"),
    [
        ("93.184.216.34", False),
        ("8.8.8.8", False),
        ("2606:4700:4700::1111", False),
        ("127.0.0.53", True),
        ("::1", True),
        ("10.255.0.1", True),
        ("172.16.5.4", True),
        ("192.168.0.1", True),
        ("169.254.169.254", True),
        ("fe80::1", True),
        ("fd00:ec2::254", True),  # AWS metadata over IPv6
        ("100.100.100.200", True),  # Alibaba metadata, shared address space
        ("::ffff:10.0.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
    ],
)
def test_address_refusal(ip: str, refused: bool) -> None:
    assert (address_refusal(ip) is not None) is refused


def _fake_dns(host: str, port: int) -> list[str]:
    return {"news.example.com": [PUBLIC_IP], "mixed.example.com": [PUBLIC_IP, "10.0.0.1"]}[host]


def test_fetch_follows_public_redirects_and_reports_the_final_url(site: ArticleSite) -> None:
    hits = len(site.hits)
    data, ctype = fetch_url(
        "http://news.example.com/redirect?to=/article.html", timeout=10, max_bytes=100_000, allow_private=False,
        resolver=_fake_dns, transport=RemapTransport({PUBLIC_IP: site.port}),
    )  # fmt: skip
    assert site.hits[hits:] == ["/redirect?to=/article.html", "/article.html"]
    assert b"Northgate" in data and ctype is not None and ctype.startswith("text/html")


def test_any_private_address_among_the_answers_is_refused() -> None:
    with pytest.raises(FetchRefused, match="10.0.0.1"):
        fetch_url("http://mixed.example.com/", timeout=5, max_bytes=1000, allow_private=False, resolver=_fake_dns)


def test_fetch_caps_bytes_and_time_and_redirects(site: ArticleSite) -> None:
    with pytest.raises(FetchTooLarge, match="1,000-byte limit") as too_big:
        fetch_url(site.base + "/big?bytes=5000", timeout=10, max_bytes=1000, allow_private=True)
    assert isinstance(too_big.value, InputTooLarge)  # the server answers 413 for it
    with pytest.raises(FetchTimeout, match="timed out after 0.5 s"):
        fetch_url(site.base + "/slow?s=3", timeout=0.5, max_bytes=100_000, allow_private=True)
    with pytest.raises(InputError, match="more than 10 redirects"):
        fetch_url(site.base + "/loop", timeout=10, max_bytes=100_000, allow_private=True)
    with pytest.raises(InputError, match="not an http"):
        fetch_url(site.base + "/redirect?to=file:///etc/passwd", timeout=10, max_bytes=100_000, allow_private=True)


def test_fetch_sends_the_original_host_header_to_the_pinned_address(site: ArticleSite) -> None:
    seen: list[tuple[str, str]] = []

    class Spy(RemapTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            seen.append((request.url.host, request.headers["host"]))
            return super().handle_request(request)

    fetch_url(
        "http://news.example.com/text", timeout=10, max_bytes=100_000, allow_private=False, resolver=_fake_dns,
        transport=Spy({PUBLIC_IP: site.port}),
    )  # fmt: skip
    assert seen == [(PUBLIC_IP, "news.example.com")]  # connects to the checked address, keeps the name


def test_the_deadline_covers_a_slow_drip_not_just_each_read(site: ArticleSite) -> None:
    # /drip sends a byte every 0.2 s for 3 s: no single read times out, the whole fetch must.
    with pytest.raises(FetchTimeout):
        fetch_url(site.base + "/drip?s=3", timeout=1.0, max_bytes=100_000)


def test_the_library_default_allows_private_addresses(site: ArticleSite) -> None:
    data, ctype = fetch_url(site.base + "/text", timeout=10, max_bytes=100_000)
    assert b"Northgate" in data and ctype == "text/plain; charset=utf-8"
    with pytest.raises(FetchRefused, match="127.0.0.1 is a loopback address"):
        fetch_url(site.base + "/text", timeout=10, max_bytes=100_000, allow_private=False)
