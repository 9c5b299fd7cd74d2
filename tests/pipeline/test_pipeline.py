import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from summarizer.backends import Completion, Message
from summarizer.backends.fake import SchemaFake, ScriptedBackend
from summarizer.config import Settings
from summarizer.ingest import from_text
from summarizer.llm.assemble import merge_claims
from summarizer.pipeline import LLMEngine, run
from summarizer.schemas import Article, Brief, ClaimList, DraftClaim, Rewrite

FIX = Path(__file__).resolve().parents[2] / "fixtures"
LONG = (FIX / "long_article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def long_article() -> Article:
    return from_text(LONG)


@pytest.fixture(scope="module")
def short_article() -> Article:
    return from_text("\n\n".join(LONG.split("\n\n")[:12]))


def settings(**kw: Any) -> Settings:
    return Settings(backend="fake", **kw)


def test_short_article_takes_exactly_one_call(short_article: Article) -> None:
    be = SchemaFake()
    out = run("brief", short_article, LLMEngine(be), settings())
    assert isinstance(out, Brief)
    assert len(be.calls) == 1 and out.run.calls == 1 and out.run.path == "single"
    assert set(out.run.prompts) >= {"brief"} and "map" not in out.run.prompts
    prompt = be.calls[0]["messages"][-1].content
    assert f"0: {short_article.sentences[0].text}" in prompt
    assert out.source.id == short_article.id and out.source.sentences == len(short_article.sentences)
    assert out.checks is not None


def test_evidence_is_cut_from_the_article_by_sentence_id(short_article: Article) -> None:
    reply = {
        "headline": "Council weighs water repairs",
        "summary": short_article.sentences[1].text,
        "key_points": [{"text": short_article.sentences[1].text, "sentence_ids": [1]}],
        "claims": [
            {
                "text": short_article.sentences[2].text,
                "speaker": None,
                "type": "statement",
                "hedged": False,
                "sentence_ids": [2, 2, 3],
            }
        ],
    }
    be = ScriptedBackend([json.dumps(reply)] * 3)
    out = run("brief", short_article, LLMEngine(be), settings(keep_unverified=True))
    assert isinstance(out, Brief)
    claim = out.claims[0]
    assert claim.id == "c1" and claim.sentence_ids == [2, 3]
    for ev in claim.evidence:
        assert ev.quote == short_article.text[ev.start : ev.end]
        assert ev.quote == short_article.sentences[ev.sentence_id].text


def test_unknown_sentence_id_is_reasked_then_accepted(short_article: Article) -> None:
    good = {
        "claims": [{"text": "x said y", "speaker": None, "type": "statement", "hedged": False, "sentence_ids": [1]}]
    }
    bad = {
        "claims": [{"text": "x said y", "speaker": None, "type": "statement", "hedged": False, "sentence_ids": [9999]}]
    }
    be = ScriptedBackend([json.dumps(bad), json.dumps(good), json.dumps(good), json.dumps(good)])
    out = run("claims", short_article, LLMEngine(be), settings(keep_unverified=True))
    assert isinstance(out, ClaimList)
    assert "cites sentence 9999, which does not exist" in be.calls[1]["messages"][-1].content
    assert out.run.retries == 1 and out.claims[0].sentence_ids == [1]


def test_an_item_with_an_id_that_never_exists_is_removed_not_the_whole_output(short_article: Article) -> None:
    good = {"text": "x said y", "speaker": None, "type": "statement", "hedged": False, "sentence_ids": [1]}
    bad = {"text": "x", "speaker": None, "type": "fact", "hedged": False, "sentence_ids": [-1]}
    be = ScriptedBackend([json.dumps({"claims": [good, bad]})] * 3)
    out = run("claims", short_article, LLMEngine(be), settings(max_retries=2))
    assert isinstance(out, ClaimList) and out.checks is not None
    assert len(be.calls) == 2  # one re-ask, then the item goes
    assert [c.text for c in out.claims] == ["x said y"]
    assert [(r.path, r.action) for r in out.checks.removed] == [("claims[1]", "removed")]
    assert "does not exist" in out.checks.removed[0].reason and not out.checks.ok


def test_long_article_takes_the_map_reduce_path(long_article: Article) -> None:
    be = SchemaFake()
    s = settings(context_tokens=32_000)
    out = run("brief", long_article, LLMEngine(be), s)
    assert be.count_tokens(long_article.text) >= 40_000
    assert out.run.path == "map-reduce" and out.run.chunks >= 2
    assert out.run.calls == len(be.calls) == out.run.chunks + 1
    names = [c["schema_name"] for c in be.calls]
    assert names.count("map") == out.run.chunks and names[-1] == "reduce"
    # the map calls (made in parallel, so recorded in any order) saw disjoint runs of the global ids
    slices = []
    for call in be.calls[:-1]:
        lines = call["messages"][-1].content.splitlines()
        slices.append([int(line.split(": ", 1)[0]) for line in lines if line.split(": ", 1)[0].isdigit()])
    seen = [i for ids in sorted(slices) for i in ids]
    assert seen == list(range(len(long_article.sentences)))
    # key points cite global ids from several chunks
    assert {"map", "reduce"} <= set(out.run.prompts)


def test_claims_on_a_long_article_need_no_reduce_and_rewrite_needs_a_headline_call(long_article: Article) -> None:
    be = SchemaFake()
    out = run("claims", long_article, LLMEngine(be), settings(context_tokens=32_000))
    assert out.run.calls == out.run.chunks
    be = SchemaFake()
    rw = run("rewrite", long_article, LLMEngine(be), settings(context_tokens=32_000))
    assert isinstance(rw, Rewrite)
    assert rw.run.calls == rw.run.chunks + 1 and be.calls[-1]["schema_name"] == "headline"


def test_duplicate_claims_across_chunks_are_merged() -> None:
    a = DraftClaim(
        text="Mayor Brandt said costs rose.", speaker="Helena Brandt", type="statement", hedged=False, sentence_ids=[3]
    )
    b = DraftClaim(
        text="Mayor Brandt said costs rose", speaker="helena brandt", type="statement", hedged=True, sentence_ids=[40]
    )
    c = DraftClaim(text="Costs rose.", speaker=None, type="fact", hedged=False, sentence_ids=[5])
    merged = merge_claims([a, b, c])
    assert len(merged) == 2
    assert merged[0].sentence_ids == [3, 40] and merged[0].hedged is True


class _BarrierBackend(SchemaFake):
    """Proves two map calls are in flight at once: the first two wait for each other."""

    def __init__(self) -> None:
        super().__init__()
        self.barrier = threading.Barrier(2, timeout=10)
        self.n = 0
        self.lock = threading.Lock()

    def complete(self, messages: Sequence[Message], **kw: Any) -> Completion:
        with self.lock:
            self.n += 1
            first_two = self.n <= 2
        if first_two:
            self.barrier.wait()  # raises BrokenBarrierError if calls were serialised
        return super().complete(messages, **kw)


def test_map_calls_run_in_parallel(long_article: Article) -> None:
    be = _BarrierBackend()
    out = run("claims", long_article, LLMEngine(be), settings(context_tokens=32_000, concurrency=2))
    assert out.run.calls >= 2
