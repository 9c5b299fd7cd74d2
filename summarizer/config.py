"""Settings, resolved once at the edge. The ONLY reader of os.environ and the config file.

Precedence: flag > environment > config file > default.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from summarizer.errors import ConfigError

ENV_VARS = {
    "OPENAI_API_KEY": "api_key",
    "OPENAI_BASE_URL": "base_url",
    "SUMMARIZER_MODEL": "model",
    "SUMMARIZER_BACKEND": "backend",
    "SUMMARIZER_SERVE_TOKEN": "serve_token",
}
CONFIG_ENV = "SUMMARIZER_CONFIG"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
FORMATS = ("json", "md", "text", "html")
LLM_BACKENDS = ("openai", "llama", "fake")
ALL_BACKENDS = ("extractive", *LLM_BACKENDS)

UNKNOWN_MODEL_CONTEXT = 8_192  # what a model of unknown context gets; backends that know better say so


class Settings(BaseModel):
    """Every knob of one run. Frozen: build a new one with ``replace`` instead of mutating."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: str = "extractive"
    backend_origin: str = "default"  # flag | env | file | default | auto
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = Field(default=None, repr=False)
    format: str | None = None
    max_words: int = 120
    chunk_tokens: int = 6_000
    context_tokens: int | None = None
    max_output_tokens: int = 2_048
    max_output_tokens_set: bool = False  # given by flag, env or file: then a hard cap, never grown on a cut-off
    max_retries: int = 2
    timeout: float = 60.0
    transport_retries: int = 3
    temperature: float | None = 0.0
    seed: int | None = None
    prompts_dir: str | None = None
    verbose: bool = False
    max_chars: int = 2_000_000
    model_path: str | None = None
    keep_unverified: bool = False
    max_fetch_bytes: int = 10_000_000
    concurrency: int = 4
    serve_host: str = "127.0.0.1"
    serve_port: int = 8000
    serve_token: str | None = Field(default=None, repr=False)
    allow_private_urls: bool = False
    max_concurrent: int = 4
    request_timeout: float = 120.0
    config_path: str | None = None

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied."""
        return self.model_copy(update=changes)

    @property
    def effective_model(self) -> str | None:
        """The model name the backend will use."""
        if self.model:
            return self.model
        if self.backend == "openai":
            return DEFAULT_OPENAI_MODEL
        if self.backend == "fake":
            return "fake-model"
        if self.backend == "llama" and self.model_path:
            return Path(self.model_path).name
        return None

    def effective_context_tokens(self, backend_context: int | None = None) -> int:
        """--context-tokens when given, capped by what the backend knows (its model's window); else a safe default."""
        if self.context_tokens:
            return min(self.context_tokens, backend_context) if backend_context else self.context_tokens
        return backend_context or UNKNOWN_MODEL_CONTEXT

    def redacted(self) -> dict[str, Any]:
        """The settings for display: the API key and the server token only as set/unset."""
        out = self.model_dump()
        out["api_key"] = "set" if self.api_key else "unset"
        out["serve_token"] = "set" if self.serve_token else "unset"
        out["model"] = self.effective_model
        return out


_FIELD_TYPES: dict[str, Any] = {name: f.annotation for name, f in Settings.model_fields.items()}
_NOT_IN_FILE = {"backend_origin", "config_path", "max_output_tokens_set"}


def default_config_path() -> Path:
    """The user config file: $XDG_CONFIG_HOME/summarizer/config.toml (platform equivalent elsewhere)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("summarizer")) / "config.toml"


def _coerce(name: str, value: Any, origin: str) -> Any:
    kind = str(_FIELD_TYPES[name]).replace("<class '", "").replace("'>", "")
    try:
        if value is None:
            return None
        if "bool" in kind:
            if isinstance(value, str):
                low = value.strip().lower()
                if low not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                    raise ValueError(value)
                return low in {"1", "true", "yes", "on"}
            return bool(value)
        if "int" in kind and "float" not in kind:
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if "float" in kind:
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{origin}: {name.replace('_', '-')} = {value!r} is not a valid {kind}; fix the value"
        ) from None


def _read_file(path: Path, explicit: bool) -> dict[str, Any]:
    if not path.exists():
        if explicit:
            raise ConfigError(f"config file {path} does not exist: create it or drop --config")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"config file {path} cannot be read ({exc.__class__.__name__}): check its permissions"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML ({exc}): fix it or pass --config") from None
    section = data.get("summarizer", data)
    out: dict[str, Any] = {}
    for key, value in section.items():
        name = key.replace("-", "_")
        if name not in _FIELD_TYPES or name in _NOT_IN_FILE:
            known = ", ".join(sorted(n.replace("_", "-") for n in _FIELD_TYPES if n not in _NOT_IN_FILE))
            raise ConfigError(f"config file {path}: unknown setting {key!r}; known settings: {known}")
        out[name] = _coerce(name, value, f"config file {path}")
    return out


def load_settings(
    flags: Mapping[str, Any] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    config_path: str | os.PathLike[str] | None = None,
) -> Settings:
    """Resolve settings: flags (None = not given) > environment > config file > defaults."""
    environ = os.environ if env is None else env
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    unknown = set(flags) - set(_FIELD_TYPES)
    if unknown:
        raise ConfigError(f"unknown option(s): {', '.join(sorted(unknown))}")
    explicit = config_path is not None or bool(environ.get(CONFIG_ENV))
    path = Path(config_path or environ.get(CONFIG_ENV) or default_config_path()).expanduser()
    from_file = _read_file(path, explicit)
    from_env = {name: environ[var] for var, name in ENV_VARS.items() if environ.get(var)}

    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for layer, origin in ((from_file, "file"), (from_env, "env"), (flags, "flag")):
        for name, value in layer.items():
            values[name] = _coerce(name, value, origin)
            origins[name] = origin
    if "backend" in values:
        values["backend_origin"] = origins["backend"]
    elif values.get("api_key") or values.get("base_url"):
        values["backend"] = "openai"
        values["backend_origin"] = "auto"
    else:
        values["backend"] = "extractive"
        values["backend_origin"] = "default"
    values["backend"] = str(values["backend"]).strip().lower()
    values["max_output_tokens_set"] = "max_output_tokens" in origins
    values["config_path"] = str(path) if path.exists() else None
    settings = Settings(**values)
    _validate(settings)
    return settings


def _validate(s: Settings) -> None:
    if s.backend not in ALL_BACKENDS:
        raise ConfigError(
            f"unknown backend {s.backend!r} (--backend / SUMMARIZER_BACKEND): use one of {', '.join(ALL_BACKENDS)}"
        )
    if s.format is not None and s.format not in FORMATS:
        raise ConfigError(f"unknown format {s.format!r} (--format): use one of {', '.join(FORMATS)}")
    checks = [
        ("max_words", s.max_words >= 10, "at least 10"),
        ("max_output_tokens", s.max_output_tokens >= 1, "at least 1"),  # 0 or less would be sent and paid for
        ("chunk_tokens", s.chunk_tokens >= 200, "at least 200"),
        ("context_tokens", s.context_tokens is None or s.context_tokens >= 1_000, "at least 1000"),
        ("max_retries", 0 <= s.max_retries <= 10, "between 0 and 10"),
        ("timeout", s.timeout > 0, "positive"),
        ("transport_retries", 0 <= s.transport_retries <= 10, "between 0 and 10"),
        ("max_chars", s.max_chars > 0, "positive"),
        ("concurrency", 1 <= s.concurrency <= 64, "between 1 and 64"),
        ("temperature", s.temperature is None or 0 <= s.temperature <= 2, "between 0 and 2"),
        ("max_concurrent", 1 <= s.max_concurrent <= 256, "between 1 and 256"),
        ("request_timeout", s.request_timeout > 0, "positive"),
    ]
    for name, ok, want in checks:
        if not ok:
            raise ConfigError(f"--{name.replace('_', '-')} = {getattr(s, name)!r} must be {want}")
    if not 0 <= s.serve_port <= 65535:
        raise ConfigError(f"--port = {s.serve_port!r} must be between 0 and 65535")
    if s.base_url and not s.base_url.startswith(("http://", "https://")):
        raise ConfigError(f"--base-url / OPENAI_BASE_URL {s.base_url!r} must start with http:// or https://")


@lru_cache(maxsize=1)
def version() -> str:
    """The installed version of summarizer."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _v

    try:
        return _v("summarizer")
    except PackageNotFoundError:
        return "0+unknown"
