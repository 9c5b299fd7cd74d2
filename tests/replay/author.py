"""Add a reply you wrote to the corpus: anchor its sentence ids, stamp the prompt hash, write replies/STEM.TASK.json.

1. ``python -m tests.replay.capture 07 --task brief`` and read /tmp/replay-capture/07-...brief.request.json.
2. Answer it as a careful model would, in your own words, citing the ids that request shows; save the JSON
   object outside the repository (it is what the model returns, nothing else).
3. ``python -m tests.replay.author /tmp/my-reply.json --article 07-salt-review-reuters.txt --task brief``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tests.replay.anchors import anchors_for
from tests.replay.corpus import Entry, write_entry
from tests.replay.restamp import numbering
from tests.replay.runner import run_entry


def author(reply_path: Path, article: str, task: str) -> Path:
    """Validate ``reply_path`` against the task's draft schema and write it as a corpus entry."""
    from summarizer.schemas import DRAFT_TYPES

    reply = json.loads(reply_path.read_text(encoding="utf-8"))
    DRAFT_TYPES[task].model_validate(reply)  # raises with the field at fault
    draft = Entry(article, task, reply, {}, {})
    sentences = numbering(draft)
    anchors, digests = anchors_for(reply, sentences)
    entry = Entry(article, task, reply, anchors, digests)
    entry.prompt_sha256 = run_entry(entry).output["run"]["prompts"].get(task, "")
    return write_entry(entry)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description="add a hand-written model reply to the replay corpus")
    ap.add_argument("reply", type=Path)
    ap.add_argument("--article", required=True, help="file name in realtext/articles, e.g. 07-salt-review-reuters.txt")
    ap.add_argument("--task", required=True, choices=["brief", "claims"])
    args = ap.parse_args(argv)
    try:
        print(author(args.reply, args.article, args.task))
    except (OSError, ValueError) as exc:
        print(f"author: {args.reply}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
