"""Run the app on uvicorn: refuse unsafe binds, log access lines to stderr, stop gracefully on SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from typing import Any

import httpx

from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.ingest.fetch import Resolver
from summarizer.server.options import ServeOptions, validate


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("summarizer serve: %(message)s"))
    logger = logging.getLogger("summarizer.server")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, so a taken port or a bad address is one ConfigError line, not a uvicorn log."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.set_inheritable(True)
        return sock
    except OSError as exc:
        detail = exc.strerror or exc.__class__.__name__
        raise ConfigError(
            f"cannot listen on {host}:{port} ({detail}): choose another --port or stop what is using it"
        ) from None


def serve(
    settings: Settings,
    options: ServeOptions,
    *,
    announce: Callable[[str], None] | None = None,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
) -> None:
    """Serve until SIGTERM or Ctrl-C, then let in-flight requests finish (up to ``options.grace_s``)."""
    import uvicorn

    from summarizer.server.app import create_app

    validate(options)
    _setup_logging()
    app = create_app(settings, options, resolver=resolver, transport=transport)
    say = announce or (lambda line: print(line, file=sys.stderr, flush=True))

    class _Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                port = options.port
                for server in self.servers:
                    for sock in server.sockets:
                        port = sock.getsockname()[1]
                host = f"[{options.host}]" if ":" in options.host else options.host
                auth = "token required for /v1" if options.token else "no token (loopback only)"
                say(
                    f"summarizer serve: http://{host}:{port}/ (backend {settings.backend}, {auth}, "
                    f"max {options.max_concurrent} at once); Ctrl-C or SIGTERM stops it"
                )

    sock = _bind(options.host, options.port)
    config = uvicorn.Config(
        app,
        host=options.host,
        port=options.port,
        access_log=False,  # ours (middleware.AccessLog) leaves query strings out
        log_level="warning",
        timeout_graceful_shutdown=int(options.grace_s) or 1,
        server_header=False,
        lifespan="on",
    )
    server = _Server(config)
    # uvicorn handles SIGTERM/SIGINT itself, then re-raises the signal into the handler that was there before;
    # a no-op one here makes a graceful stop end the process with 0 instead of dying by the signal.
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    workers = [t for t in threading.enumerate() if t.name.startswith("summarizer-serve")]
    for t in workers:
        t.join(timeout=0.5)  # idle workers end at once; only a run still going stays alive
    stragglers = [t for t in workers if t.is_alive()]
    if stragglers:
        # Runs past their deadline (already answered 504) would hold the exit until their LLM call ends; the
        # grace period is over, so leave without them.
        say(f"summarizer serve: stopped ({len(stragglers)} abandoned run(s) past their deadline not awaited)")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    say("summarizer serve: stopped")
