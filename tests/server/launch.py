"""Start the real server (summarizer.server.serve on uvicorn) from a JSON spec, for tests that need DNS hooks.

    python -m tests.server.launch '{"settings": {...}, "options": {...}, "fake_dns": {...}, "remap": {...}}'

``fake_dns`` maps host names to the address the URL policy sees (names not listed resolve normally);
``remap`` sends connections for an address to a loopback port instead, so a "public" name can be served by a
test site on 127.0.0.1 while the policy checks the public address it resolved to.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import httpx

from summarizer.config import load_settings
from summarizer.errors import SummarizerError
from summarizer.ingest.fetch import system_resolver
from summarizer.server import ServeOptions
from summarizer.server.run import serve


class RemapTransport(httpx.HTTPTransport):
    """Connects to 127.0.0.1:PORT when the (already policy-checked) target address is in ``remap``."""

    def __init__(self, remap: dict[str, int]) -> None:
        super().__init__()
        self.remap = remap

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Rewrite the connection target, keep the Host header."""
        port = self.remap.get(request.url.host)
        if port is not None:
            request.url = request.url.copy_with(host="127.0.0.1", port=port)
        return super().handle_request(request)


def main(argv: list[str]) -> int:
    """Parse the spec and serve until a signal stops it."""
    spec: dict[str, Any] = json.loads(argv[0])
    fake_dns: dict[str, str] = spec.get("fake_dns", {})
    remap: dict[str, int] = spec.get("remap", {})

    def resolver(host: str, port: int) -> list[str]:
        return [fake_dns[host]] if host in fake_dns else system_resolver(host, port)

    try:
        settings = load_settings(spec.get("settings", {}))
        serve(
            settings,
            ServeOptions(**spec.get("options", {})),
            resolver=resolver if fake_dns else None,
            transport=RemapTransport(remap) if remap else None,
        )
    except SummarizerError as exc:
        print(f"summarizer: error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
