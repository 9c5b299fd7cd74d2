"""Fetch an article over http(s): redirects followed, a size cap, errors as InputError."""

from __future__ import annotations

from summarizer.errors import InputError


def fetch_url(url: str, *, timeout: float, max_bytes: int) -> tuple[bytes, str | None]:
    """GET ``url`` following redirects; stream and stop at ``max_bytes``; errors become InputError."""
    import httpx

    headers = {"User-Agent": "summarizer/0.1 (+article fetch)", "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"}
    try:
        with (
            httpx.Client(follow_redirects=True, timeout=timeout, headers=headers) as client,
            client.stream("GET", url) as resp,
        ):
            if not 200 <= resp.status_code < 300:
                reason = resp.reason_phrase or ""
                raise InputError(f"{url}: HTTP {resp.status_code} {reason}".rstrip() + "; check the URL")
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"{url}: the response is {int(declared):,} bytes, over the {max_bytes:,}-byte limit")
            buf = bytearray()
            for chunk in resp.iter_bytes():
                buf += chunk
                if len(buf) > max_bytes:
                    raise InputError(f"{url}: the response is over the {max_bytes:,}-byte limit; save a smaller page")
            return bytes(buf), resp.headers.get("content-type")
    except httpx.TimeoutException:
        raise InputError(f"{url}: timed out after {timeout:g} s; check the URL or raise --timeout") from None
    except httpx.HTTPError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{url}: could not be fetched ({detail}); check the URL and the network") from None
