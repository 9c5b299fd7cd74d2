"""Calls and prompt tokens per article through the openai backend against a loopback server.

Targets (issue 2): a ~4,000-token article takes 1 call with prompt tokens <= 1.25 x the article's tokens;
a ~40,000-token article takes chunks + 1 calls with prompt tokens <= 1.35 x the article's tokens.
The loopback server counts prompt tokens with the cl100k_base encoding (+4 per message, as OpenAI's
chat format does), and answers with the schema-aware fake, so the figures measure our prompts, not a model.
Run: .venv/bin/python bench/calls_bench.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.backends import Message  # noqa: E402
from summarizer.backends.fake import SchemaFake  # noqa: E402
from summarizer.backends.openai import OpenAIBackend  # noqa: E402
from summarizer.backends.tokens import get_tokenizer  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.ingest import from_text  # noqa: E402
from summarizer.pipeline import LLMEngine, run  # noqa: E402
from tests.loopback import LoopbackServer  # noqa: E402

TOK = get_tokenizer(None).encoding
FAKE = SchemaFake()


def responder(body: dict) -> dict:
    msgs = [Message(m["role"], m.get("content") or "") for m in body["messages"]]
    fmt = body.get("response_format") or {}
    schema = (fmt.get("json_schema") or {}).get("schema") or {}
    content = FAKE.complete(msgs, json_schema=schema).text
    prompt = sum(len(TOK.encode(m.content)) + 4 for m in msgs)
    return {"content": content, "usage": {"prompt_tokens": prompt, "completion_tokens": len(TOK.encode(content))}}


def article_of(tokens: int):
    paras = (ROOT / "fixtures" / "long_article.txt").read_text(encoding="utf-8").split("\n\n")
    out: list[str] = []
    for p in paras:
        out.append(p)
        if len(TOK.encode("\n\n".join(out))) >= tokens:
            break
    return from_text("\n\n".join(out))


def measure(label: str, target_tokens: int, context_tokens: int | None, limit: float) -> bool:
    art = article_of(target_tokens)
    art_tokens = len(TOK.encode(art.text))
    with LoopbackServer(responder=responder) as srv:
        backend = OpenAIBackend(model="gpt-4o-mini", api_key="sk-bench", base_url=srv.base_url)
        settings = Settings(backend="openai", model="gpt-4o-mini", context_tokens=context_tokens, max_retries=0)
        out = run("brief", art, LLMEngine(backend), settings)
        calls = len(srv.chat_requests)
    ratio = out.run.prompt_tokens / art_tokens
    expected = 1 if out.run.path == "single" else out.run.chunks + 1
    ok = calls == expected and ratio <= limit
    print(
        f"{label}: article {art_tokens} tokens, context {context_tokens or 'model default (128k)'}: "
        f"path={out.run.path} chunks={out.run.chunks} calls={calls} (expected {expected}) "
        f"prompt_tokens={out.run.prompt_tokens} ratio={ratio:.3f} (target <= {limit}) -> {'OK' if ok else 'MISSED'}"
    )
    return ok


if __name__ == "__main__":
    a = measure("~4k article ", 4_000, None, 1.25)
    b = measure("~40k article", 40_000, 32_000, 1.35)
    sys.exit(0 if a and b else 1)
