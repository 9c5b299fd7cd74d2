"""URL fetches a server can afford: public addresses only, checked after DNS and on every redirect, one deadline.

A server that fetches URLs for its callers must not become their door into the private network (SSRF): every
hop's host is resolved here, each address must be global unless ``allow_private`` is set, and the connection
goes to the address that was checked (Host header and TLS SNI keep the name), so a second DNS answer cannot
switch it to 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from summarizer.errors import InputError

Resolver = Callable[[str, int], list[str]]
MAX_REDIRECTS = 10
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "summarizer/0.1 (+article fetch)"


class FetchError(InputError):
    """The URL cannot be fetched: bad scheme, unknown host, HTTP error, network failure."""


class FetchRefused(FetchError):
    """The URL points at an address the server may not reach (loopback, private, link-local, metadata)."""


class FetchTooLarge(FetchError):
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
    """The address to connect to for ``url``; raises FetchRefused/InputError when the policy forbids it."""
    parsed = httpx.URL(url)
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
    allow_private: bool = False,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
) -> tuple[bytes, str | None, str]:
    """GET ``url`` under the address policy: (body, content type, final URL); errors are InputError."""
    resolve = resolver or system_resolver
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"}
    current = url
    # trust_env=False: a proxy from the environment would make the checked address meaningless.
    with httpx.Client(follow_redirects=False, trust_env=False, transport=transport) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            ip = check_url(current, allow_private=allow_private, resolver=resolve)
            target, host_header, extensions = _pinned(current, ip)
            result = _get(client, current, target, {**headers, **host_header}, extensions, deadline, max_bytes, url)
            if isinstance(result, str):
                current = result
                continue
            return result[0], result[1], current
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; pass the final URL")


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchTimeout(f"{url}: timed out fetching the page; check the URL or raise --timeout")
    return left


def _get(
    client: httpx.Client,
    current: str,
    target: str,
    headers: dict[str, str],
    extensions: dict[str, str],
    deadline: float,
    max_bytes: int,
    original: str,
) -> str | tuple[bytes, str | None]:
    """One hop: the next URL (a redirect) or the body and content type."""
    try:
        left = _remaining(deadline, original)
        request = client.build_request("GET", target, headers=headers, extensions=extensions, timeout=left)
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
                    raise FetchTooLarge(f"{current}: the response is over the {max_bytes:,}-byte limit")
                _remaining(deadline, original)  # a slow drip of bytes must not outlive the deadline
            return bytes(buf), resp.headers.get("content-type")
        finally:
            resp.close()
    except httpx.TimeoutException:
        raise FetchTimeout(f"{original}: timed out fetching the page; check the URL or raise --timeout") from None
    except httpx.HTTPError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FetchError(f"{original}: could not be fetched ({detail}); check the URL and the network") from None
