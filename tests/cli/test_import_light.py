"""Importing the CLI (what `summarizer --help` does) must not load SDKs, tokenizers, HTML extractors or NLP models."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("openai", "tiktoken", "trafilatura", "spacy", "llama_cpp", "httpx", "fastapi", "uvicorn")


def test_import_cli_loads_nothing_heavy() -> None:
    code = (
        f"import json, sys; import summarizer.cli; print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []
