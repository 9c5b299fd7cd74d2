"""The replay corpus: stored model replies for real articles, variants of them and the verdicts on a run.

A stored reply cites sentence ids as the tool numbered them when the reply was written. Ingest may renumber
sentences later (a caption dropped, a paragraph split differently), so every cited id also carries a short
anchor (the first few words of the sentence) and a digest of the whole sentence; ``Entry.reply_for`` renumbers
the reply for a new request (tests/replay/anchors.py). The articles themselves are never stored here:
they are read from ``../shared/realtext`` (third-party text, see its README).

Layout of ``tests/replay``::

    replies/NN-slug.TASK.json   one honest reply: article, task, prompt_sha256, reply, sentences, digests
    requests/NN-slug.TASK.json  what the request looked like (hashes, sentence count, tokens); no article text
    variants.jsonl              one realistic error applied to an honest reply per line
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.replay.anchors import id_map, remap_ids

HERE = Path(__file__).resolve().parent
REPLIES_DIR = HERE / "replies"
REQUESTS_DIR = HERE / "requests"
VARIANTS_PATH = HERE / "variants.jsonl"
REPO = HERE.parent.parent
REALTEXT_ENV = "SUMMARIZER_REALTEXT"  # override where ../shared/realtext lives (CI checkouts differ)

KINDS = (
    "number_or_date",
    "speaker_swap",
    "hedge_dropped",
    "negation_flipped",
    "overgeneralisation",
    "attribution_removed",
    "entity_added",
    "loaded_word",
    "quote_altered",
    "wrong_id",
)
_PATH_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


# --------------------------------------------------------------------------- where the articles are


def realtext_dir() -> Path | None:
    """The realtext folder (``$SUMMARIZER_REALTEXT`` or ``../shared/realtext`` next to the repo), or None."""
    env = os.environ.get(REALTEXT_ENV)
    candidates = [Path(env)] if env else []
    candidates += [REPO.parent / "shared" / "realtext", Path("/work/shared/realtext")]
    for c in candidates:
        if (c / "articles").is_dir():
            return c
    return None


def article_path(name: str, root: Path | None = None) -> Path:
    """The path of article file ``name`` (e.g. ``07-salt-review-reuters.txt``) in the realtext folder."""
    base = root or realtext_dir()
    if base is None:
        raise FileNotFoundError(
            "the realtext articles are not here: put them in ../shared/realtext or set " + REALTEXT_ENV
        )
    return base / "articles" / name


# --------------------------------------------------------------------------- corpus entries


@dataclass
class Entry:
    """One stored honest reply for one article and task."""

    article: str
    task: str
    reply: dict[str, Any]
    sentences: dict[str, str]
    digests: dict[str, str] = field(default_factory=dict)
    prompt_sha256: str = ""
    path: Path | None = None

    @property
    def stem(self) -> str:
        """The article's file stem, e.g. ``07-salt-review-reuters``."""
        return self.article.rsplit(".", 1)[0]

    @property
    def key(self) -> tuple[str, str]:
        """(article stem, task)."""
        return (self.stem, self.task)

    def reply_for(self, sentences: Sequence[tuple[int, str]], reply: Any = None) -> dict[str, Any]:
        """The stored reply (or ``reply``) with its ids renumbered for a request showing ``sentences``."""
        mapping = id_map(self.sentences, self.digests, sentences)
        return remap_ids(self.reply if reply is None else reply, mapping)

    def to_json(self) -> dict[str, Any]:
        """The file's content."""
        return {
            "article": self.article,
            "task": self.task,
            "prompt_sha256": self.prompt_sha256,
            "reply": self.reply,
            "sentences": self.sentences,
            "digests": self.digests,
        }


def load_entry(path: Path) -> Entry:
    """Read one reply file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Entry(
        article=data["article"],
        task=data["task"],
        reply=data["reply"],
        sentences={str(k): v for k, v in data["sentences"].items()},
        digests={str(k): v for k, v in (data.get("digests") or {}).items()},
        prompt_sha256=data.get("prompt_sha256", ""),
        path=path,
    )


def load_entries(directory: Path = REPLIES_DIR, tasks: Iterable[str] = ("brief", "claims")) -> list[Entry]:
    """Every stored reply for ``tasks``, sorted by article then task."""
    wanted = set(tasks)
    out = [load_entry(p) for p in sorted(directory.glob("*.json"))]
    return [e for e in out if e.task in wanted]


def write_entry(entry: Entry, directory: Path = REPLIES_DIR) -> Path:
    """Write ``entry`` as ``directory/STEM.TASK.json`` (stable key order, one trailing newline)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{entry.stem}.{entry.task}.json"
    path.write_text(json.dumps(entry.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- variants


@dataclass
class Edit:
    """One change to one field of a reply: ``before`` -> ``after`` (substrings of a text, or whole values)."""

    path: str
    before: Any
    after: Any


@dataclass
class Variant:
    """One realistic error applied to an honest reply."""

    id: str
    article: str
    task: str
    kind: str
    item: str  # JSON path of the item that carries the error, e.g. "claims[3]" or "headline"
    edits: list[Edit]
    note: str = ""
    sentences: dict[str, str] = field(default_factory=dict)  # anchors of ids a wrong_id edit newly cites
    digests: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        """(article stem, task) of the honest reply this variant changes."""
        return (self.article.rsplit(".", 1)[0], self.task)


def load_variants(path: Path = VARIANTS_PATH) -> list[Variant]:
    """Every variant in ``variants.jsonl``."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        d = json.loads(line)
        try:
            out.append(
                Variant(
                    id=d["id"],
                    article=d["article"],
                    task=d["task"],
                    kind=d["kind"],
                    item=d["item"],
                    edits=[Edit(e["path"], e["before"], e["after"]) for e in d["edits"]],
                    note=d.get("note", ""),
                    sentences={str(k): v for k, v in (d.get("sentences") or {}).items()},
                    digests={str(k): v for k, v in (d.get("digests") or {}).items()},
                )
            )
        except KeyError as exc:
            raise ValueError(f"{path}:{n}: variant lacks {exc}") from None
    return out


def parse_path(path: str) -> list[str | int]:
    """``claims[3].text`` -> ["claims", 3, "text"]."""
    parts: list[str | int] = []
    for name, index in _PATH_PART.findall(path):
        parts.append(name if name else int(index))
    return parts


def get_path(obj: Any, path: str) -> Any:
    """The value at ``path`` in a JSON object."""
    for part in parse_path(path):
        obj = obj[part]
    return obj


def set_path(obj: Any, path: str, value: Any) -> None:
    """Set the value at ``path`` in a JSON object."""
    parts = parse_path(path)
    for part in parts[:-1]:
        obj = obj[part]
    obj[parts[-1]] = value


def apply_variant(reply: Mapping[str, Any], variant: Variant) -> dict[str, Any]:
    """A copy of ``reply`` with the variant's edits applied; raises ValueError when ``before`` is not there."""
    out = copy.deepcopy(dict(reply))
    for e in variant.edits:
        current = get_path(out, e.path)
        if current == e.before:
            set_path(out, e.path, copy.deepcopy(e.after))
        elif isinstance(current, str) and isinstance(e.before, str) and isinstance(e.after, str):
            if current.count(e.before) != 1:
                raise ValueError(f"variant {variant.id}: {e.path} does not contain {e.before!r} exactly once")
            set_path(out, e.path, current.replace(e.before, e.after))
        else:
            raise ValueError(f"variant {variant.id}: {e.path} is {current!r}, not {e.before!r}")
    return out


def variant_entry(entry: Entry, variant: Variant) -> Entry:
    """``entry`` with the variant applied: its reply changed, the variant's extra anchors added."""
    return Entry(
        article=entry.article,
        task=entry.task,
        reply=apply_variant(entry.reply, variant),
        sentences={**entry.sentences, **variant.sentences},
        digests={**entry.digests, **variant.digests},
        prompt_sha256=entry.prompt_sha256,
        path=entry.path,
    )


# --------------------------------------------------------------------------- verdicts


def _items(output: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    return list(output.get(name) or [])


def _same_item(out_item: Mapping[str, Any], want: Mapping[str, Any], fields: Iterable[str]) -> bool:
    for f in fields:
        a, b = out_item.get(f), want.get(f)
        if isinstance(a, str) and isinstance(b, str):
            if a.strip() != b.strip():
                return False
        elif f == "sentence_ids":
            if list(dict.fromkeys(a or [])) != list(dict.fromkeys(b or [])):
                return False
        elif (a or None) != (b or None):
            return False
    return True


def find_output_item(output: Mapping[str, Any], item_path: str, item: Any) -> int | None:
    """Index of the output item equal (text, speaker, type, hedged, ids) to reply item ``item``, or None."""
    name = str(parse_path(item_path)[0])
    if not isinstance(item, Mapping):
        return None
    fields = [f for f in ("text", "speaker", "type", "hedged", "sentence_ids") if f in item]
    for i, out_item in enumerate(_items(output, name)):
        if _same_item(out_item, item, fields):
            return i
    return None


def error_paths(output: Mapping[str, Any]) -> list[str]:
    """Paths of the error findings in an output's checks."""
    checks = output.get("checks") or {}
    return [f.get("path", "") for f in checks.get("findings") or [] if f.get("severity") == "error"]


def _names_path(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def verdict(output: Mapping[str, Any], reply: Mapping[str, Any], item_path: str) -> str:
    """What became of reply item ``item_path`` in ``output``: "kept", "flagged" (marked) or "removed".

    ``reply`` is the reply as served (ids already renumbered). A headline or summary counts as removed when
    the output shows a different (rebuilt) one.
    """
    top = str(parse_path(item_path)[0])
    item = get_path(reply, item_path)
    if top in ("headline", "summary"):
        if str(output.get(top, "")).strip() != str(item).strip():
            return "removed"
        if any(_names_path(p, top) for p in error_paths(output)):
            return "flagged"
        return "kept"
    # Finding paths index the output as checked, before items in error were removed, so a list item is
    # judged by presence: removed, kept but marked unverified, or kept verified.
    idx = find_output_item(output, item_path, item)
    if idx is None:
        return "removed"
    if _items(output, top)[idx].get("verified") is False:
        return "flagged"
    return "kept"


def dropped_items(output: Mapping[str, Any], reply: Mapping[str, Any]) -> list[str]:
    """Reply items (key points, claims, headline, summary) that did not reach the output unchanged and verified."""
    lost = []
    for name in ("headline", "summary"):
        if name in reply and verdict(output, reply, name) != "kept":
            lost.append(name)
    for name in ("key_points", "claims", "paragraphs"):
        for i, _ in enumerate(reply.get(name) or []):
            if verdict(output, reply, f"{name}[{i}]") != "kept":
                lost.append(f"{name}[{i}]")
    return lost
