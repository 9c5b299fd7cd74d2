"""``summarizer serve``: the HTTP API and the editor's page. The only package that imports fastapi/uvicorn."""

from __future__ import annotations

from summarizer.server.options import ServeOptions, is_loopback_host, validate

__all__ = ["ServeOptions", "create_app", "is_loopback_host", "serve", "validate"]


def create_app(*args: object, **kwargs: object) -> object:
    """The ASGI app (see summarizer.server.app.create_app); imports fastapi only when called."""
    from summarizer.server.app import create_app as _create

    return _create(*args, **kwargs)  # type: ignore[arg-type]


def serve(*args: object, **kwargs: object) -> None:
    """Run the server (see summarizer.server.run.serve); imports uvicorn only when called."""
    from summarizer.server.run import serve as _serve

    _serve(*args, **kwargs)  # type: ignore[arg-type]
