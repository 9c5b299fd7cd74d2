"""Map calls of a long article keep their best valid reply: a re-ask that comes back broken loses nothing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.backends import Completion, Message
from summarizer.backends.fake import SchemaFake
from summarizer.config import Settings
from summarizer.errors import BackendError
from summarizer.ingest import from_text
from summarizer.llm.run import LLMEngine
from summarizer.pipeline import run
from summarizer.schemas import ClaimList

LONG = (Path(__file__).resolve().parents[2] / "fixtures" / "long_article.txt").read_text(encoding="utf-8")


class PlantsThenBreaks(SchemaFake):
    """SchemaFake whose first map reply carries one invented figure, and whose re-asks fail or come back cut."""

    def __init__(self, broken: str) -> None:
        super().__init__()
        self.broken = broken
        self.planted = False
        self.reasks = 0

    def complete(self, messages: Sequence[Message], **kw: Any) -> Completion:  # type: ignore[override]
        if any(m.role == "assistant" for m in messages):  # a re-ask
            self.reasks += 1
            if self.broken == "transport":
                raise BackendError("HTTP 503 after 2 transport retries")
            return Completion('{"key_points": [{"te', "fake-model", "length", 10, 5)
        comp = super().complete(messages, **kw)
        if kw.get("schema_name") != "map" or self.planted:
            return comp
        notes = json.loads(comp.text)
        if not notes["claims"]:
            return comp
        self.planted = True
        bad = dict(notes["claims"][0], text=notes["claims"][0]["text"].rstrip(".") + " in 1492.")
        notes["claims"].append(bad)
        return Completion(json.dumps(notes), comp.model, comp.finish_reason, comp.input_tokens, comp.output_tokens)


def test_a_broken_reask_of_a_map_call_keeps_the_first_notes_and_only_the_bad_claim_goes() -> None:
    article = from_text(LONG)
    for broken in ("cut", "transport"):
        be = PlantsThenBreaks(broken)
        out = run("claims", article, LLMEngine(be), Settings(backend="fake", context_tokens=32_000, concurrency=1))
        assert isinstance(out, ClaimList) and out.checks is not None
        assert be.planted and be.reasks == 1  # one re-ask, for the one map call with an error
        assert out.run.path == "map-reduce" and out.claims  # nothing else was lost
        assert not any("1492" in c.text for c in out.claims)
        assert [r.action for r in out.checks.removed] == ["removed"] and "1492" in out.checks.removed[0].text
