"""Tokens per second through LlamaBackend.complete vs llama_cpp.Llama.create_chat_completion directly.

Same loaded model, prompt, JSON schema, max_tokens, seed and temperature 0 on both sides; runs alternate so
both see the same prompt cache. Target: backend / direct >= 0.9.

    python bench/llama_bench.py [--model-path FILE.gguf] [--runs 5] [--max-tokens 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Any

from summarizer.backends import Message
from summarizer.backends.llama import LlamaBackend
from summarizer.schemas import ClaimsDraft

ARTICLE = [
    "The city council voted on Tuesday to close the Elm Street bridge for repairs.",
    "Mayor Ana Ruiz said the bridge would reopen in May.",
    "Engineer Tom Park warned that the steel supports were badly corroded.",
    "A spokesman for the contractor denied that the work was behind schedule.",
    "Repairs are expected to cost 4 million dollars.",
]
SYSTEM = "You extract claims from news articles: who said what. Reply with JSON only."
USER = "List every claim.\n\nArticle:\n" + "\n".join(f"[{i}] {s}" for i, s in enumerate(ARTICLE))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model-path", default=None, help="GGUF file (default: the bundled SmolLM2-135M)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--max-tokens", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    backend = LlamaBackend(model_path=args.model_path, context_tokens=4096, seed=args.seed)
    llm = backend.llm
    schema = ClaimsDraft.model_json_schema()
    messages = [Message("system", SYSTEM), Message("user", USER)]
    wire: list[dict[str, Any]] = [{"role": m.role, "content": m.content} for m in messages]

    def via_backend() -> tuple[int, float]:
        start = time.perf_counter()
        c = backend.complete(messages, json_schema=schema, max_tokens=args.max_tokens, temperature=0.0, seed=args.seed)
        return int(c.output_tokens or 0), time.perf_counter() - start

    def direct() -> tuple[int, float]:
        start = time.perf_counter()
        r = llm.create_chat_completion(
            messages=wire,
            response_format={"type": "json_object", "schema": schema},
            max_tokens=args.max_tokens,
            temperature=0.0,
            seed=args.seed,
        )
        return int(r["usage"]["completion_tokens"]), time.perf_counter() - start

    via_backend()  # warm-up: page the weights in and fill the prompt cache for both sides
    direct()
    rates: dict[str, list[float]] = {"backend": [], "direct": []}
    tokens: dict[str, list[int]] = {"backend": [], "direct": []}
    for _ in range(args.runs):
        for name, fn in (("backend", via_backend), ("direct", direct)):
            n, seconds = fn()
            tokens[name].append(n)
            rates[name].append(n / seconds if seconds > 0 else 0.0)

    med_backend = statistics.median(rates["backend"])
    med_direct = statistics.median(rates["direct"])
    ratio = med_backend / med_direct if med_direct else float("nan")
    print(
        f"model: {backend.model} (n_ctx {backend.context_tokens}); {args.runs} runs each, max_tokens {args.max_tokens}"
    )
    print(f"output tokens per run: backend {sorted(set(tokens['backend']))}, direct {sorted(set(tokens['direct']))}")
    print(f"LlamaBackend.complete:        median {med_backend:8.1f} tok/s  (runs: {_fmt(rates['backend'])})")
    print(f"Llama.create_chat_completion: median {med_direct:8.1f} tok/s  (runs: {_fmt(rates['direct'])})")
    print(f"ratio backend/direct: {ratio:.3f} (target >= 0.9) {'OK' if ratio >= 0.9 else 'BELOW TARGET'}")
    return 0


def _fmt(values: list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


if __name__ == "__main__":
    sys.exit(main())
