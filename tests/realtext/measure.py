"""The realtext scorer's measurement, run in-process: score.py's own scoring of brief and rewrite outputs.

The 16 articles and their gold live in ../shared/realtext (third-party text, never copied here); score.py is
imported by path so the measurement is exactly the one the scorer prints.
"""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

REALTEXT = Path(__file__).resolve().parents[2].parent / "shared" / "realtext"


def missing_reason() -> str | None:
    """Why the corpus cannot be measured here, or None when it can."""
    if not (REALTEXT / "score.py").is_file() or not (REALTEXT / "gold.json").is_file():
        return f"{REALTEXT} (score.py, gold.json, articles/) is not there; the realtext floors need the shared corpus"
    return None


def load_scorer() -> ModuleType:
    """score.py, imported by path (it is stdlib only)."""
    spec = importlib.util.spec_from_file_location("realtext_score", REALTEXT / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Totals:
    """The figures of score.py's TOTAL line."""

    articles: int = 0
    covered: int = 0
    facts: int = 0
    ok: int = 0
    wrong: int = 0
    abstain: int = 0
    missing: int = 0
    named: int = 0
    denials_ok: int = 0
    denials: int = 0
    banned: int = 0
    sane: int = 0
    briefs_ok: int = 0
    rewrites_ok: int = 0
    per_article: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.covered / max(1, self.facts)

    @property
    def precision(self) -> float:
        return self.ok / max(1, self.ok + self.wrong)

    @property
    def coverage(self) -> float:
        return self.ok / max(1, self.named)

    def line(self) -> str:
        return (
            f"recall {self.covered}/{self.facts}={self.recall:.2f} | speaker precision {self.ok}/{self.ok + self.wrong}"
            f"={self.precision:.2f} coverage {self.ok}/{self.named}={self.coverage:.2f} | denials "
            f"{self.denials_ok}/{self.denials} | banned {self.banned} | headlines sane {self.sane}/{self.articles}"
            f" | own checks ok: briefs {self.briefs_ok}/{self.articles} rewrites {self.rewrites_ok}/{self.articles}"
        )


def measure(only: list[str] | None = None) -> Totals:
    """Run brief and rewrite (offline engine, default settings) on every gold article and score them."""
    from summarizer.api import run_task
    from summarizer.config import Settings

    sc = load_scorer()
    gold = json.loads((REALTEXT / "gold.json").read_text(encoding="utf-8"))["articles"]
    settings = Settings(backend="extractive")
    tot = Totals()
    for name, g in gold.items():
        if only and not any(name.startswith(o) for o in only):
            continue
        path = str(REALTEXT / g["file"])
        b = json.loads(run_task("brief", path, settings=settings).model_dump_json())
        rw = json.loads(run_task("rewrite", path, settings=settings).model_dump_json())
        s = sc.score(g, b, rw)
        problems = [p for p in (sc.headline_problem(b), sc.headline_problem(rw)) if p]
        tot.articles += 1
        tot.covered += len(s["facts"])
        tot.facts += s["nfacts"]
        for k in ("ok", "wrong", "abstain", "missing", "named"):
            setattr(tot, k, getattr(tot, k) + s["sp"][k])
        tot.denials_ok += s["den"][0]
        tot.denials += s["den"][1]
        tot.banned += len(s["hits"])
        tot.sane += not problems
        tot.briefs_ok += (b.get("checks") or {}).get("ok") is True
        tot.rewrites_ok += (rw.get("checks") or {}).get("ok") is True
        tot.per_article[name] = dict(s, headline_problems=problems, headline=b.get("headline"))
    return tot


def in_ci() -> bool:
    """CI sets CI=true; there a missing corpus is a failure, locally a skip."""
    return os.environ.get("CI", "").lower() == "true"
