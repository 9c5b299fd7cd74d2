"""What the server needs beyond the pipeline's Settings: address, token, limits. Resolved by the CLI."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from summarizer.errors import ConfigError


@dataclass(frozen=True)
class ServeOptions:
    """The knobs of ``summarizer serve``; ``token`` never shows in a repr."""

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = field(default=None, repr=False)
    allow_private_urls: bool = False
    max_concurrent: int = 4
    request_timeout: float = 120.0
    max_body_bytes: int | None = None  # None: derived from --max-chars (see body_limit)
    grace_s: float = 30.0

    def body_limit(self, max_chars: int) -> int:
        """Largest request body accepted: room for ``max_chars`` characters JSON-escaped, plus the options."""
        if self.max_body_bytes is not None:
            return self.max_body_bytes
        # \uXXXX escapes take 6 bytes a character; an output sent to /v1/check is about as big as its article.
        return 12 * max_chars + 65_536


def is_loopback_host(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def validate(options: ServeOptions) -> None:
    """Refuse settings that would expose the server or cannot work (raises ConfigError, exit 2)."""
    if not options.token and not is_loopback_host(options.host):
        raise ConfigError(
            f"--host {options.host} is not a loopback address and no token is set: anyone on the network could use "
            "this server; set --token or SUMMARIZER_SERVE_TOKEN, or bind --host 127.0.0.1"
        )
    if options.token is not None and len(options.token) < 8:
        raise ConfigError("--token / SUMMARIZER_SERVE_TOKEN is shorter than 8 characters: use a long random token")
    checks = [
        ("port", 0 <= options.port <= 65535, "between 0 and 65535"),
        ("max_concurrent", 1 <= options.max_concurrent <= 256, "between 1 and 256"),
        ("request_timeout", options.request_timeout > 0, "positive"),
    ]
    for name, ok, want in checks:
        if not ok:
            raise ConfigError(f"--{name.replace('_', '-')} = {getattr(options, name)!r} must be {want}")
