"""Test doubles with real sockets: a loopback web site serving articles, and `summarizer serve` as a subprocess."""

from __future__ import annotations

import contextlib
import html
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "fixtures" / "demo_article.txt"


def demo_text() -> str:
    """Our own demo article (fixtures/demo_article.txt): sensational headline, named speakers, a denial."""
    return DEMO.read_text(encoding="utf-8")


def demo_html(title: str = "Senator's dam threat") -> str:
    """The demo article as a small web page with navigation furniture around it."""
    paras = [p for p in demo_text().split("\n\n") if p.strip()][1:]
    body = "".join(f"<p>{html.escape(p.strip())}</p>" for p in paras)
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>{body}</article><footer>Copyright</footer></body></html>"
    )


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ArticleSite:
    """A loopback site: /article.html, /text, /slow?s=N, /drip?s=N, /redirect?to=URL, /loop, /big?bytes=N, /binary."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **hdrs: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in hdrs.items():
                    self.send_header(k.replace("_", "-"), v)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802  (http.server's name)
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                site.hits.append(self.path)
                if parts.path == "/article.html":
                    self._send(200, demo_html().encode())
                elif parts.path == "/text":
                    self._send(200, demo_text().encode(), "text/plain; charset=utf-8")
                elif parts.path == "/slow":
                    time.sleep(float(query.get("s", "2")))
                    self._send(200, demo_html().encode())
                elif parts.path == "/redirect":
                    self._send(302, b"", Location=query["to"])
                elif parts.path == "/drip":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    stop = time.monotonic() + float(query.get("s", "3"))
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        while time.monotonic() < stop:
                            self.wfile.write(b"a")
                            self.wfile.flush()
                            time.sleep(0.2)
                elif parts.path == "/loop":
                    self._send(302, b"", Location="/loop")
                elif parts.path == "/binary":
                    self._send(200, bytes(range(256)) * 64, "application/octet-stream")
                elif parts.path == "/big":
                    self._send(200, b"<p>" + b"a" * int(query.get("bytes", "100000")) + b"</p>")
                else:
                    self._send(404, b"not here")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.server.server_address[1])

    def __enter__(self) -> ArticleSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Served:
    """A running `summarizer serve` subprocess."""

    proc: subprocess.Popen[str]
    base: str
    log_path: Path
    token: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def client(self, *, token: str | None = None, timeout: float = 120.0) -> httpx.Client:
        """An httpx client for this server, sending the token when one is given."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=timeout)

    def log(self) -> str:
        """Everything the server wrote to stdout and stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        """Send ``sig`` and wait for the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout=timeout)


LAUNCH = [sys.executable, "-m", "tests.server.launch"]
CLI = [sys.executable, "-m", "summarizer", "serve"]
_FLAGS = {
    "allow_private_urls": "--allow-private-urls",
    "max_concurrent": "--max-concurrent",
    "request_timeout": "--request-timeout",
}


def _toml(settings: dict[str, Any]) -> str:
    return "".join(f"{k.replace('_', '-')} = {json.dumps(v)}\n" for k, v in settings.items())


def serve_command(port: int, options: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """`summarizer serve` flags for ``options`` (the token goes in the environment, as users should pass it)."""
    cmd = [*CLI, "--host", str(options.get("host", "127.0.0.1")), "--port", str(port)]
    env: dict[str, str] = {}
    for key, value in options.items():
        if key in ("host", "port"):
            continue
        if key == "token":
            env["SUMMARIZER_SERVE_TOKEN"] = str(value)
        elif value is True:
            cmd.append(_FLAGS[key])
        else:
            cmd += [_FLAGS[key], str(value)]
    return cmd, env


def start_server(
    tmp_path: Path,
    *,
    settings: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    fake_dns: dict[str, str] | None = None,
    remap: dict[str, int] | None = None,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> Served:
    """Start `summarizer serve` on a free loopback port and wait until /healthz answers.

    ``settings`` go in a config file (SUMMARIZER_CONFIG), ``options`` and ``args`` become flags. With
    ``fake_dns``/``remap`` the server is started through tests/server/launch.py, which installs those hooks.
    """
    port = free_port()
    opts = {"host": "127.0.0.1", **(options or {})}
    config = tmp_path / f"config-{port}.toml"
    config.write_text(_toml(settings or {}), encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    environ.update({"PYTHONPATH": str(ROOT), "SUMMARIZER_CONFIG": str(config), **(env or {})})
    if fake_dns or remap:
        spec = {
            "settings": settings or {},
            "options": {**opts, "port": port},
            "fake_dns": fake_dns or {},
            "remap": remap or {},
        }
        cmd = [*LAUNCH, json.dumps(spec)]
    else:
        cmd, extra_env = serve_command(port, opts)
        cmd += list(args)
        environ.update(extra_env)
    log_path = tmp_path / f"serve-{port}.log"
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT, text=True)
    served = Served(proc, f"http://127.0.0.1:{port}", log_path, token=opts.get("token"))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {served.log()[-2000:]}")
        try:
            if httpx.get(served.base + "/healthz", timeout=2).status_code == 200:
                return served
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    served.stop(signal.SIGKILL)
    raise RuntimeError(f"server did not answer /healthz within 120 s: {served.log()[-2000:]}")
