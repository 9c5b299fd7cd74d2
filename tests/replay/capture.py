"""Capture the exact requests `summarizer brief|claims --backend openai` sends for real articles.

Runs the installed CLI against a loopback server that logs every request body and answers minimally (or with
the stored reply, ``--replay``). Full request bodies contain article text, so they go to ``--out`` (outside the
repository, /tmp by default); the repository only gets ``requests/STEM.TASK.json`` with hashes, counts and
token figures (``--store``).

    python -m tests.replay.capture --task brief --task claims 07 08          # article numbers or stems
    python -m tests.replay.capture --all --store --replay                    # refresh requests/ from the corpus
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from summarizer.llm.chunking import sentence_line
from tests.loopback import LoopbackServer
from tests.replay.anchors import request_sentences, request_task
from tests.replay.corpus import REQUESTS_DIR, load_entries, realtext_dir
from tests.replay.server import ReplayServer, count_tokens, schema_tokens

MINIMAL = {
    "brief": {"headline": "Capture", "summary": "Capture.", "key_points": [], "claims": []},
    "claims": {"claims": []},
}
DUMMY_KEY = "sk-test-dummy"


def cli_command() -> list[str]:
    """The CLI as this interpreter runs it (works in any venv that can import summarizer)."""
    return [sys.executable, "-m", "summarizer"]


def run_cli(task: str, article: Path, base_url: str, workdir: Path) -> tuple[int, dict[str, Any] | None, str]:
    """Run one CLI call; (exit code, parsed JSON output or None, stderr)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env.update({"OPENAI_API_KEY": DUMMY_KEY, "HOME": str(workdir)})
    cmd = [*cli_command(), task, str(article), "--format", "json", "--backend", "openai", "--base-url", base_url]
    cmd += ["--model", "gpt-4o"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=workdir, timeout=300)
    try:
        out = json.loads(proc.stdout) if proc.stdout.strip() else None
    except json.JSONDecodeError:
        out = None
    return proc.returncode, out, proc.stderr


def summary_of(body: dict[str, Any], task: str, article: str, output: dict[str, Any] | None) -> dict[str, Any]:
    """What the repository may keep about a request: hashes, counts and tokens, no article text."""
    messages = body.get("messages") or []
    system = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "system")
    user = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "user")
    fmt = body.get("response_format")
    sentences = request_sentences(body)
    sentence_text = "\n".join(sentence_line(i, t) for i, t in sentences)
    run = (output or {}).get("run") or {}
    return {
        "article": article,
        "task": task,
        "prompt_sha256": (run.get("prompts") or {}).get(task, ""),
        "system_sha256": hashlib.sha256(system.encode()).hexdigest(),
        "schema_sha256": hashlib.sha256(json.dumps(fmt, sort_keys=True).encode()).hexdigest() if fmt else "",
        "response_format": (fmt or {}).get("type", "none") if isinstance(fmt, dict) else "none",
        "sentences": len(sentences),
        "tokens": {
            "system": count_tokens(system),
            "schema": schema_tokens(fmt) if fmt else 0,
            "user": count_tokens(user),
            "sentences": count_tokens(sentence_text),
        },
        "max_tokens": body.get("max_tokens") or body.get("max_completion_tokens"),
        "temperature": body.get("temperature"),
    }


def capture(task: str, article: Path, out_dir: Path, replay: bool) -> dict[str, Any]:
    """Capture one request; writes the full body and a readable sentence list to ``out_dir``."""
    entries = load_entries(tasks=(task,)) if replay else []
    stem = article.stem
    stored = [e for e in entries if e.stem == stem]
    server: Any
    if stored:
        server = ReplayServer(stored)
        bodies = server.loopback
    else:

        def minimal(body: dict[str, Any]) -> str:
            return json.dumps(MINIMAL.get(request_task(body) or task, {}))

        server = LoopbackServer(responder=minimal)
        bodies = server
    with server, tempfile.TemporaryDirectory() as tmp:
        code, output, stderr = run_cli(task, article, server.base_url, Path(tmp))
        reqs = [r.body for r in bodies.chat_requests if isinstance(r.body, dict)]
    if not reqs:
        raise SystemExit(f"capture {stem} {task}: the CLI sent no request (exit {code}): {stderr.strip()[-300:]}")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{stem}.{task}.request.json").write_text(json.dumps(reqs[0], indent=2, ensure_ascii=False))
    (out_dir / f"{stem}.{task}.all.json").write_text(json.dumps(reqs, indent=2, ensure_ascii=False))
    if output is not None:
        (out_dir / f"{stem}.{task}.output.json").write_text(json.dumps(output, indent=2, ensure_ascii=False))
    info = summary_of(reqs[0], task, article.name, output)
    info["calls"] = len(reqs)
    info["exit"] = code
    return info


def select(articles_dir: Path, wanted: list[str]) -> list[Path]:
    """Article files matching numbers or stem prefixes (all when ``wanted`` is empty)."""
    files = sorted(articles_dir.glob("*.txt"))
    if not wanted:
        return files
    return [f for f in files if any(f.name.startswith(w) for w in wanted)]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles", nargs="*", help="article numbers or stem prefixes (default: all)")
    ap.add_argument("--task", action="append", choices=["brief", "claims"], help="repeatable; default both")
    ap.add_argument("--out", default="/tmp/replay-capture", help="where full request bodies go (not the repo)")
    ap.add_argument("--store", action="store_true", help="write requests/STEM.TASK.json (no article text)")
    ap.add_argument("--replay", action="store_true", help="answer with the stored reply when there is one")
    args = ap.parse_args(argv)
    root = realtext_dir()
    if root is None:
        print("capture: ../shared/realtext is missing: set SUMMARIZER_REALTEXT", file=sys.stderr)
        return 2
    for article in select(root / "articles", args.articles):
        for task in args.task or ["brief", "claims"]:
            info = capture(task, article, Path(args.out), args.replay)
            if args.store:
                REQUESTS_DIR.mkdir(parents=True, exist_ok=True)
                path = REQUESTS_DIR / f"{article.stem}.{task}.json"
                path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
            t = info["tokens"]
            print(
                f"{article.stem} {task}: {info['sentences']} sentences, calls {info['calls']}, exit {info['exit']}, "
                f"tokens system {t['system']} schema {t['schema']} sentences {t['sentences']}, "
                f"prompt {info['prompt_sha256'][:12]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
