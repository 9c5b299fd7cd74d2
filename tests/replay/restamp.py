"""Restamp the corpus after a reviewed ingest or prompt change: ids renumbered, anchors and prompt hashes refreshed.

Run it only after reading the new requests (``python -m tests.replay.capture``) and checking that every stored
reply is still what a careful model would answer to them; restamping does not make a stale reply honest.

    python -m tests.replay.restamp            # all replies and variants
    python -m tests.replay.restamp --check    # only report what would change
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tests.replay.anchors import anchor, anchors_for, digest, id_map
from tests.replay.corpus import (
    VARIANTS_PATH,
    Entry,
    article_path,
    load_entries,
    load_variants,
    realtext_dir,
    write_entry,
)
from tests.replay.runner import run_entry


def numbering(entry: Entry) -> list[tuple[int, str]]:
    """The article's sentences as the current ingest numbers them (what a request shows)."""
    from summarizer.api import load_article
    from summarizer.config import Settings

    article = load_article(str(article_path(entry.article)), Settings())
    return [(s.id, " ".join(s.text.split())) for s in article.sentences]


def restamp_entry(entry: Entry) -> tuple[Entry, dict[int, int]]:
    """``entry`` renumbered for the current ingest, with the prompt hash of the current prompts."""
    sentences = numbering(entry)
    mapping = id_map(entry.sentences, entry.digests, sentences)
    reply = entry.reply_for(sentences)
    anchors, digests = anchors_for(reply, sentences)
    prompt = run_entry(entry).output["run"]["prompts"].get(entry.task, "")
    new = Entry(entry.article, entry.task, reply, anchors, digests, prompt, entry.path)
    return new, mapping


def restamp_variant(raw: dict[str, Any], mapping: dict[int, int], sentences: list[tuple[int, str]]) -> dict[str, Any]:
    """A variants.jsonl row with its id lists and extra anchors renumbered."""
    extra = {int(k): v for k, v in (raw.get("sentences") or {}).items()}
    extra_digests = {str(k): v for k, v in (raw.get("digests") or {}).items()}
    own = id_map({str(k): v for k, v in extra.items()}, extra_digests, sentences) if extra else {}
    full = {**mapping, **own}
    by_id = dict(sentences)
    for e in raw["edits"]:
        for side in ("before", "after"):
            if isinstance(e[side], list):
                e[side] = [full.get(i, i) for i in e[side]]
    if own:
        raw["sentences"] = {str(new): anchor(by_id[new]) for new in own.values()}
        raw["digests"] = {str(new): digest(by_id[new]) for new in own.values()}
    return raw


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description="renumber the replay corpus for the current ingest and prompts")
    ap.add_argument("--check", action="store_true", help="report what would change, write nothing")
    args = ap.parse_args(argv)
    if realtext_dir() is None:
        print("restamp: ../shared/realtext is missing (set SUMMARIZER_REALTEXT)", file=sys.stderr)
        return 2
    mappings: dict[tuple[str, str], dict[int, int]] = {}
    numberings: dict[str, list[tuple[int, str]]] = {}
    for entry in load_entries():
        new, mapping = restamp_entry(entry)
        mappings[entry.key] = mapping
        numberings[entry.stem] = numbering(entry)
        moved = {k: v for k, v in mapping.items() if k != v}
        hash_note = "" if new.prompt_sha256 == entry.prompt_sha256 else f" prompt {new.prompt_sha256[:12]}"
        print(f"{entry.stem}.{entry.task}: {len(moved)} ids moved{hash_note}")
        if not args.check:
            write_entry(new)
    rows = [json.loads(line) for line in VARIANTS_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == len(load_variants())
    out = []
    for raw in rows:
        stem = raw["article"].rsplit(".", 1)[0]
        out.append(restamp_variant(raw, mappings[(stem, raw["task"])], numberings[stem]))
    if not args.check:
        VARIANTS_PATH.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
