"""The per-article trust index is shared by threads (batch, server): it must stay consistent under contention."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from summarizer import trust
from summarizer.extractive import brief as extractive_brief
from summarizer.ingest import from_text
from summarizer.trust.index import CACHE, CACHE_SIZE


def _article(i: int) -> str:
    return (
        f"Mayor Dana Whitfield{i} said on Monday that the city would close {i + 3} libraries. "
        f"The council denied that any vote had taken place. Officials said the plan would save ${i + 1} million."
    )


def test_eight_threads_checking_more_articles_than_the_cache_holds() -> None:
    articles = [from_text(_article(i), title=f"Story {i}") for i in range(CACHE_SIZE * 3)]
    outputs = [extractive_brief(a, max_words=120) for a in articles]
    trust.clear_cache()

    def work(k: int) -> bool:
        i = k % len(articles)
        return trust.check(outputs[i], articles[i], max_words=120).article_id == articles[i].id

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(len(articles) * 20)))
    assert all(results)
    assert len(CACHE) <= CACHE_SIZE
