"""`summarizer --help` cold start: median wall time of 15 runs (target <= 0.3 s).

Heavy modules (openai, tiktoken, trafilatura, llama_cpp, pydantic models) must stay out of the import path
of `--help`; the second figure lists which of them `import summarizer.cli` pulls in (should be none).
Run: .venv/bin/python bench/startup_bench.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

EXE = Path(sys.executable).parent / "summarizer"
HEAVY = ("openai", "tiktoken", "trafilatura", "llama_cpp", "httpx", "charset_normalizer", "ftfy")


def main() -> int:
    times = []
    for _ in range(15):
        t = time.perf_counter()
        subprocess.run([str(EXE), "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    probe = f"import sys, summarizer.cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    print(f"summarizer --help: median {med:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s (target <= 0.3 s)")
    print(f"heavy modules imported by summarizer.cli: {loaded or 'none'}")
    return 0 if med <= 0.3 and not loaded else 1


if __name__ == "__main__":
    sys.exit(main())
