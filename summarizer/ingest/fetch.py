"""Fetch an article over http(s): redirects followed one by one, a byte cap, one overall deadline, an address policy.

The CLI, the batch and the Python API fetch what their user asks for (``allow_private=True``: intranet pages
are fine). A server that fetches URLs for its callers must not become their door into the private network (SSRF):
with ``allow_private=False`` every hop's host is resolved here, each address must be global, and the connection
goes to the address that was checked (Host header and TLS SNI keep the name), so a second DNS answer cannot
switch it to 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

from summarizer.errors import InputError, InputTooLarge

if TYPE_CHECKING:  # httpx is imported when a URL is fetched, not when the CLI starts
    import httpx

Resolver = Callable[[str, int], list[str]]
MAX_REDIRECTS = 10
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "summarizer/0.1 (+article fetch)"


class FetchError(InputError):
    """The URL cannot be fetched: bad scheme, unknown host, HTTP error, network failure."""


class FetchRefused(FetchError):
    """The URL points at an address the server may not reach (loopback, private, link-local, metadata)."""


class FetchTooLarge(FetchError, InputTooLarge):
    """The response is bigger than the byte cap."""


class FetchTimeout(FetchError):
    """The page did not arrive within the deadline."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), as strings."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_refusal(ip: str) -> str | None:
    """Why a server must not connect to ``ip`` (a phrase), or None when it is a public address."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if addr.is_loopback:
        return "a loopback address"
    if addr.is_link_local:
        return "a link-local address (cloud metadata lives there)"
    if addr.is_unspecified or addr.is_multicast or addr.is_reserved:
        return "not a public address"
    if addr.is_private:
        return "a private network address"
    if not addr.is_global:
        return "not a public address"
    return None


def _host_port(parts: httpx.URL) -> tuple[str, int]:
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.host, port


def check_url(url: str, *, allow_private: bool, resolver: Resolver) -> str:
    """The address to connect to for ``url``; raises FetchRefused/FetchError when the policy forbids it."""
    import httpx

    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"{url}: not a valid URL ({exc}); check it") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"{url}: only http:// and https:// URLs can be fetched")
    host, port = _host_port(parsed)
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        detail = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise FetchError(f"{url}: the host {host} cannot be resolved ({detail}); check the URL") from None
    if not addresses:
        raise FetchError(f"{url}: the host {host} has no address; check the URL")
    if not allow_private:
        for ip in addresses:
            why = address_refusal(ip)
            if why is not None:
                where = f"{ip} is" if host.strip("[]") == ip else f"{host} resolves to {ip},"
                raise FetchRefused(
                    f"{url}: refused, {where} {why}; "
                    "the server fetches public URLs only (start it with --allow-private-urls to allow this)"
                )
    return addresses[0]


def _pinned(url: str, ip: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """``url`` rewritten to connect to ``ip``, with the Host header and SNI of the original name."""
    import httpx

    parts = urlsplit(url)
    host = httpx.URL(url).host
    netloc_ip = f"[{ip}]" if ":" in ip else ip
    if parts.port:
        netloc_ip += f":{parts.port}"
    host_header = parts.hostname or host
    if ":" in host_header:
        host_header = f"[{host_header}]"
    if parts.port:
        host_header += f":{parts.port}"
    target = urlunsplit((parts.scheme, netloc_ip, parts.path or "/", parts.query, ""))
    return target, {"Host": host_header}, {"sni_hostname": host}


def fetch_url(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allow_private: bool = True,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
) -> tuple[bytes, str | None]:
    """GET ``url`` within ``timeout`` seconds overall and ``max_bytes``: (body, content type); errors are FetchError.

    ``allow_private=False`` is the server's policy: public addresses only, checked after DNS on every hop.
    """
    import httpx

    deadline = Deadline(url, timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"}
    current = url
    # Under the policy, trust_env=False: a proxy from the environment would make the checked address meaningless;
    # and no connection is reused, so each hop's TLS certificate is checked against that hop's own name.
    limits = httpx.Limits() if allow_private else httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(follow_redirects=False, trust_env=allow_private, transport=transport, limits=limits) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            if allow_private:
                if not is_http_url(current):
                    raise FetchError(f"{current}: only http:// and https:// URLs can be fetched")
                target, hop_headers, extensions = current, headers, dict[str, str]()
            else:
                ip = check_url(current, allow_private=False, resolver=resolver or system_resolver)
                target, host_header, extensions = _pinned(current, ip)
                hop_headers = {**headers, **host_header}
            result = _get(client, current, target, hop_headers, extensions, deadline, max_bytes)
            if isinstance(result, str):
                current = result
                continue
            return result
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; pass the final URL")


def is_http_url(url: str) -> bool:
    """True for an http(s) URL with a host."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


class Deadline:
    """One overall deadline for every hop and every chunk of one fetch."""

    def __init__(self, url: str, seconds: float) -> None:
        self.url = url
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; FetchTimeout when none are."""
        remaining = self.at - time.monotonic()
        if remaining <= 0:
            raise self.expired()
        return remaining

    def expired(self) -> FetchTimeout:
        """The error of a fetch that ran out of time."""
        return FetchTimeout(f"{self.url}: timed out after {self.seconds:g} s; check the URL or raise --timeout")


def _get(
    client: httpx.Client,
    current: str,
    target: str,
    headers: dict[str, str],
    extensions: dict[str, str],
    deadline: Deadline,
    max_bytes: int,
) -> str | tuple[bytes, str | None]:
    """One hop: the next URL (a redirect) or the body and content type."""
    import httpx

    original = deadline.url
    try:
        request = client.build_request("GET", target, headers=headers, extensions=extensions, timeout=deadline.left())
        resp = client.send(request, stream=True)
        try:
            if resp.status_code in REDIRECTS and resp.headers.get("location"):
                nxt = urljoin(current, resp.headers["location"])
                if urlsplit(nxt).scheme.lower() not in ("http", "https"):
                    raise FetchError(f"{original}: redirects to {nxt}, which is not an http(s) URL")
                return nxt
            if not 200 <= resp.status_code < 300:
                reason = resp.reason_phrase or ""
                raise FetchError(f"{current}: HTTP {resp.status_code} {reason}".rstrip() + "; check the URL")
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchTooLarge(
                    f"{current}: the response is {int(declared):,} bytes, over the {max_bytes:,}-byte limit"
                )
            buf = bytearray()
            for chunk in resp.iter_bytes():
                buf += chunk
                if len(buf) > max_bytes:
                    raise FetchTooLarge(
                        f"{current}: the response is over the {max_bytes:,}-byte limit; save a smaller page"
                    )
                deadline.left()  # a slow drip of bytes must not outlive the deadline
            return bytes(buf), resp.headers.get("content-type")
        finally:
            resp.close()
    except httpx.TimeoutException:
        raise deadline.expired() from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FetchError(f"{original}: could not be fetched ({detail}); check the URL and the network") from None
