"""Ingest: decoding, mojibake repair, HTML extraction, normalization, titles, sentences, bad input and URLs."""

from __future__ import annotations

import codecs
import hashlib
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.ingest import (
    build_article,
    decode_bytes,
    from_bytes,
    from_text,
    is_url,
    load_source,
    repair_mojibake,
    split_sentences,
)
from summarizer.ingest import html as ingest_html
from summarizer.schemas import Article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"
THAI = (FIXTURES / "thai.txt").read_text(encoding="utf-8")
HTML = (FIXTURES / "article.html").read_bytes()


def as_windows_874(text: str) -> str:
    """Simulate the accident: UTF-8 bytes shown as Windows-874; undefined bytes show as cp1252 or vanish."""
    out = []
    for byte in text.encode("utf-8"):
        for enc in ("cp874", "cp1252"):
            try:
                out.append(bytes([byte]).decode(enc))
                break
            except UnicodeDecodeError:
                continue
    return "".join(out)


def assert_consistent(article: Article) -> None:
    """The offsets contract every downstream module relies on."""
    assert article.id == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    assert [s.id for s in article.sentences] == list(range(len(article.sentences)))
    assert [p.id for p in article.paragraphs] == list(range(len(article.paragraphs)))
    for s in article.sentences:
        assert s.text == article.text[s.start : s.end]
        assert s.text and s.text == s.text.strip()
        para = article.paragraphs[s.paragraph]
        assert para.start <= s.start < s.end <= para.end
        assert s.id in para.sentence_ids
    assert [i for p in article.paragraphs for i in p.sentence_ids] == list(range(len(article.sentences)))
    assert "\n\n".join(article.text[p.start : p.end] for p in article.paragraphs) == article.text
    assert "\n\n\n" not in article.text and article.text == article.text.strip()


# --------------------------------------------------------------------------- mojibake


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("donâ€™t", "don’t"),
        ("Trumpโ€™s", "Trump’s"),
        ("Putin โ€ฆ He", "Putin … He"),
        ("โ€œI donโ€™t believe you,โ€ but", "“I don’t believe you,” but"),
    ],
)
def test_mojibake_examples_are_repaired_exactly(broken: str, fixed: str) -> None:
    assert repair_mojibake(broken) == (fixed, True)
    article = from_text(f"He said {broken} and left.")
    assert article.text == f"He said {fixed} and left."
    assert article.repaired is True


def test_lost_right_quote_at_line_end_is_restored() -> None:
    assert repair_mojibake("he said โ€œnoโ€\nThen") == ("he said “no”\nThen", True)


def test_windows_874_round_trip_of_a_typographic_paragraph() -> None:
    original = (
        "“We’re not done yet,” the café owner said — the résumé… was ‘final’ – Brand™ • 5 €. Señora Muñoz agreed."
    )
    broken = as_windows_874(original)
    assert broken != original
    assert repair_mojibake(broken) == (original, True)


def test_genuine_thai_survives_untouched() -> None:
    assert repair_mojibake(THAI) == (THAI, False)
    article = from_bytes(THAI.encode("utf-8"), name="thai.txt")
    assert article.repaired is False
    assert article.title == "ตลาดเช้าริมแม่น้ำ"
    assert article.text == THAI.split("\n\n", 1)[1].strip()
    assert_consistent(article)


def test_thai_and_mojibake_in_one_text_each_handled_on_its_own() -> None:
    body = THAI.split("\n\n")[1]
    text, changed = repair_mojibake(f"{body}\nTrumpโ€™s reply and donâ€™t")
    assert changed
    assert text == f"{body}\nTrump’s reply and don’t"


def test_one_bad_run_does_not_block_the_rest() -> None:
    # "เ€€" is an overlong, invalid UTF-8 sequence in Windows-874 clothing: it must stay, the rest must be fixed.
    text, changed = repair_mojibake("Trumpโ€™s plan เ€€ and the “genuine” café, plus donâ€™t")
    assert changed
    assert text == "Trump’s plan เ€€ and the “genuine” café, plus don’t"


def test_clean_text_is_not_marked_repaired() -> None:
    clean = "Prices rose 3.5% — “sharply,” the minister’s office said… Café owners shrugged."
    assert repair_mojibake(clean) == (clean, False)


def test_repair_flag_from_mojibake_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Border talks\n\nTrumpโ€™s envoy met Putin โ€ฆ He left early.\n", encoding="utf-8")
    article = load_source(str(path))
    assert article.repaired is True
    assert article.text == "Trump’s envoy met Putin … He left early."
    assert article.path == str(path)


# --------------------------------------------------------------------------- decoding

TEXT = "Café “quotes” — a test.\n\nSecond paragraph."


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # without BOM
        TEXT.encode("utf-16-be"),  # without BOM
        TEXT.encode("utf-32"),
    ],
    ids=["utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-nobom", "utf16be-nobom", "utf32-bom"],
)
def test_unicode_encodings_decode(data: bytes) -> None:
    text, encoding, repaired = decode_bytes(data)
    assert text == TEXT
    assert encoding.startswith("utf")
    assert repaired is False


def test_cp1252_legacy_bytes() -> None:
    assert decode_bytes(b"caf\xe9") == ("café", "cp1252", False)
    text, encoding, _ = decode_bytes(b"\x93Don\x92t\x94 \x97 he said\x85 caf\xe9 na\xefve")
    assert (text, encoding) == ("“Don’t” — he said… café naïve", "cp1252")


def test_other_legacy_code_page_detected() -> None:
    russian = "Городской совет утвердил бюджет на следующий год после долгих споров. Мэр назвал решение важным."
    text, encoding, _ = decode_bytes(russian.encode("cp1251"))
    assert text == russian
    assert encoding == "cp1251"


def test_mostly_utf8_with_a_stray_cp1252_byte() -> None:
    text, encoding, repaired = decode_bytes("“Fine,” she said. ".encode() + b"Caf\xe9 closed.")
    assert text == "“Fine,” she said. Café closed."
    assert repaired is True


def test_html_meta_charset_is_honoured() -> None:
    page = b'<html><head><meta charset="windows-1251"></head><body><p>' + "Привет".encode("cp1251") + b"</p></html>"
    text, _, _ = decode_bytes(page)
    assert "Привет" in text


# --------------------------------------------------------------------------- HTML

JUNK = ["TRACKING", "SPONSORED", "Subscribe today", "You may also like", "dentist", "Copyright", "INJECTED", "Sign up"]


def check_html_article(article: Article) -> None:
    assert article.html is True
    assert article.title == "Harbour bridge closure extended by three weeks"
    assert article.text.startswith("The Harbour Street bridge will stay closed")
    assert "“We would rather lose three weeks than take a risk with the cables,” said Dr. Ines Varga" in article.text
    assert article.text.endswith("until the bridge reopens.")
    for junk in JUNK:
        assert junk not in article.text
    # paragraph breaks survive; the line wrap inside a <p> does not
    assert len([p for p in article.paragraphs if article.text[p.start : p.end].startswith("Repairs")]) == 1
    assert "support cables" in article.text
    assert_consistent(article)


def test_html_fixture_body_kept_junk_dropped() -> None:
    check_html_article(load_source(str(FIXTURES / "article.html")))


def test_html_detected_by_content_not_extension() -> None:
    check_html_article(load_source("-", stdin_bytes=HTML))


def test_html_fallback_parser_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_html, "_trafilatura", lambda html: (None, ""))
    article = from_bytes(HTML, name="page")
    assert article.title == "Harbour bridge closure extended by three weeks"
    assert "The Harbour Street bridge will stay closed" in article.text
    assert "Dr. Ines Varga" in article.text
    for junk in JUNK:
        assert junk not in article.text
    assert_consistent(article)


def test_html_without_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        from_bytes(b"<html><body><script>var a=1;</script><nav>Home</nav></body></html>", name="empty.html")


def test_text_mentioning_a_tag_is_not_html() -> None:
    article = from_text("Markup\n\nThe <p> tag starts a paragraph in HTML. Writers rarely type it.")
    assert article.html is False
    assert "<p>" in article.text


# --------------------------------------------------------------------------- normalization and title


def test_whitespace_normalized_and_paragraphs_kept() -> None:
    raw = "Storm hits coast\r\n\r\n\r\nWinds  of\t120 km/h\r\nhit the coast.   \n \n\n\nResidents\u00a0left.\u200b  \n"
    article = from_text(raw)
    assert article.title == "Storm hits coast"
    assert article.text == "Winds of 120 km/h hit the coast.\n\nResidents left."
    assert [s.text for s in article.sentences] == ["Winds of 120 km/h hit the coast.", "Residents left."]
    assert [s.paragraph for s in article.sentences] == [0, 1]


def test_same_article_different_whitespace_same_id() -> None:
    a = from_text("Title line\n\nOne sentence here.  Two here.\n")
    b = from_text("Title line\r\n\r\n\r\nOne sentence\nhere. Two   here.")
    assert a.id == b.id


def test_one_paragraph_per_line_without_blank_lines() -> None:
    line = "The committee met for six hours on Thursday and agreed on most of the items on its long agenda."
    article = from_text(f"{line}\n{line.replace('six', 'two')}\n{line.replace('six', 'four')}")
    assert len(article.paragraphs) == 3


@pytest.mark.parametrize(
    ("raw", "title", "body_start"),
    [
        ("Council approves budget\n\nThe council voted.", "Council approves budget", "The council voted."),
        ("# Council approves budget\nThe council voted.", "Council approves budget", "The council voted."),
        ("Is the bridge safe?\n\nEngineers say yes.", "Is the bridge safe?", "Engineers say yes."),
        ("The council voted on Monday.\n\nIt passed.", None, "The council voted on Monday."),
        ("Council approves budget", None, "Council approves budget"),  # the whole text is not a title
        (
            "The mayor said on Monday that the city would\nrepair the bridge before the end of the year.",
            None,
            "The mayor said on Monday that the city would repair",
        ),
        ("Bridge To Reopen In June\nThe bridge will reopen.", "Bridge To Reopen In June", "The bridge will reopen."),
        # A title-case headline may end on an abbreviation's full stop (extra set C, newspaper's test data, 07).
        (
            "Trade Talks Stall Over Tariffs With U.S.\n\nTalks stalled.",
            "Trade Talks Stall Over Tariffs With U.S.",
            "Talks",
        ),
        ("The storm moved east across the U.S.\n\nIt weakened.", None, "The storm moved east"),
    ],
)
def test_title_detection(raw: str, title: str | None, body_start: str) -> None:
    article = from_text(raw)
    assert article.title == title
    assert article.text.startswith(body_start)


def test_explicit_title_removes_a_repeated_first_line() -> None:
    article = from_text("Bridge reopens\n\nThe bridge reopened.", title="Bridge reopens")
    assert (article.title, article.text) == ("Bridge reopens", "The bridge reopened.")
    article = from_text("short first line\n\nThe bridge reopened.", title="Other")
    assert (article.title, article.text) == ("Other", "short first line\n\nThe bridge reopened.")


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We will not back down," he said. "Never." She left.',
            ['"We will not back down," he said.', '"Never."', "She left."],
        ),
        ("“Stop.” He left.", ["“Stop.”", "He left."]),
        ("He said “no.” Then he left.", ["He said “no.”", "Then he left."]),
        ('"Why now?" she asked. Nobody knew.', ['"Why now?" she asked.', "Nobody knew."]),
        (
            "The U.S. and U.K. signed it. Dr. Smith, Mr. Jones, Mrs. Lee and Ms. Park watched.",
            ["The U.S. and U.K. signed it.", "Dr. Smith, Mr. Jones, Mrs. Lee and Ms. Park watched."],
        ),
        (
            "Gen. Ward met Sen. Cruz, Rep. Diaz and Gov. Hale in St. Paul. Acme Inc. and Bolt Corp. agreed.",
            ["Gen. Ward met Sen. Cruz, Rep. Diaz and Gov. Hale in St. Paul.", "Acme Inc. and Bolt Corp. agreed."],
        ),
        (
            "Growth was 3.5 percent. Sales hit $1.2 billion. It was No. 1 in the U.S. The end.",
            ["Growth was 3.5 percent.", "Sales hit $1.2 billion.", "It was No. 1 in the U.S.", "The end."],
        ),
        (
            "J. Smith and John F. Kennedy Jr. arrived at 9 a.m. Eastern on Jan. 5. It rained.",
            ["J. Smith and John F. Kennedy Jr. arrived at 9 a.m. Eastern on Jan. 5.", "It rained."],
        ),
        (
            "Some fruit, e.g. apples, i.e. Fujis, sold vs. last year. Sales rose.",
            ["Some fruit, e.g. apples, i.e. Fujis, sold vs. last year.", "Sales rose."],
        ),
        (
            "He paused... Then he spoke. Putin … He said nothing. Wait… what?",
            ["He paused...", "Then he spoke.", "Putin … He said nothing.", "Wait… what?"],
        ),
        ("Really?! Yes. (He agreed.) Done.", ["Really?!", "Yes.", "(He agreed.)", "Done."]),
        ("Ltd. firms met at 5 p.m. The talks failed.", ["Ltd. firms met at 5 p.m.", "The talks failed."]),
        # Fox News (scrapinghub set): "... according to a new report by E! News." became a sentence ending at
        # "E!" and a speaker "new report by E". Our own sentences.
        (
            "The deal is off, according to E! News. It ran on Yahoo! Finance too. She shouted Help! Then she ran.",
            [
                "The deal is off, according to E! News.",
                "It ran on Yahoo! Finance too.",
                "She shouted Help!",
                "Then she ran.",
            ],
        ),
        # Spokesman-Review and CNN (scrapinghub set): '... right?" Sanborn said.' became a sentence of its own,
        # and "lots of it! -- to wonder" was cut at the "!". Our own sentences with the same shapes.
        (
            "\u201cIs that fair?\u201d Mayor Ruth Kell said on Friday. \u201cWhy?\u201d Kell said the plan would fail.",
            [
                "\u201cIs that fair?\u201d Mayor Ruth Kell said on Friday.",
                "\u201cWhy?\u201d",
                "Kell said the plan would fail.",
            ],
        ),
        (
            "There is doubt -- plenty of it! -- about the plan. It rained.",
            ["There is doubt -- plenty of it! -- about the plan.", "It rained."],
        ),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == expected
    article = build_article(text)
    assert [s.text for s in article.sentences] == expected
    assert_consistent(article)


def test_split_sentences_offsets_point_into_the_given_text() -> None:
    text = "  First one.  Second one!\nStill second paragraph?\n\n\n  Third para.  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one!", "Still second paragraph?", "Third para."]


def test_paragraphs_always_end_sentences() -> None:
    article = from_text("a subhead without period\n\nA line with no stop\n\nLast one.", title="T")
    assert [s.text for s in article.sentences] == ["a subhead without period", "A line with no stop", "Last one."]
    assert [s.paragraph for s in article.sentences] == [0, 1, 2]


def test_html_and_thai_fixtures_are_consistent() -> None:
    for path in FIXTURES.iterdir():
        assert_consistent(load_source(str(path)))


def test_large_text_splits_completely() -> None:
    para = "Dr. Ames said the U.S. economy grew {} percent. “It is strong,” she said. Then markets rose."
    # Distinct paragraphs: an exact repeat is a pull quote and ingest drops it.
    text = "\n\n".join(para.format(f"{k // 10}.{k % 10}") for k in range(5000))
    article = from_text(text, title="Big")
    assert len(article.sentences) == 15000
    assert article.sentences[-1].text == "Then markets rose."
    assert_consistent(article)


# --------------------------------------------------------------------------- bad input


def one_line(exc: pytest.ExceptionInfo[InputError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    assert exc.value.exit_code == 2
    return message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        load_source(str(tmp_path / "nope.txt"))
    assert "nope.txt" in one_line(exc) and "no such file" in str(exc.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        load_source(str(tmp_path))
    assert str(tmp_path) in one_line(exc) and "directory" in str(exc.value)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", "\u00a0\u200b\n".encode(), b"\xef\xbb\xbf  "])
def test_empty_or_whitespace_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        load_source(str(path))
    assert "blank.txt" in one_line(exc) and "empty" in str(exc.value)


def test_empty_text_and_stdin() -> None:
    with pytest.raises(InputError, match="empty"):
        from_text("  \n\n ")
    with pytest.raises(InputError, match="<stdin>"):
        load_source("-", stdin_bytes=b"")
    with pytest.raises(InputError, match="standard input"):
        load_source("-")


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03text\x00\xff\xfe" * 50, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", bytes(range(1, 32)) * 40],
    ids=["nul", "pdf", "controls"],
)
def test_binary_input(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        load_source(str(path))
    assert "blob.bin" in one_line(exc)


def test_oversized_input_names_size_and_flag(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Word " * 400, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_source(str(path), max_chars=1000)
    message = one_line(exc)
    assert "long.txt" in message and "--max-chars" in message and "2,000" in message and "1,000" in message
    with pytest.raises(InputError, match="--max-chars"):
        from_text("x " * 600, max_chars=1000)
    assert load_source(str(path), max_chars=5000).text.startswith("Word Word")


def test_unsupported_scheme() -> None:
    with pytest.raises(InputError, match="http"):
        load_source("ftp://example.org/story.txt")


def test_is_url() -> None:
    assert is_url("https://example.org/a.html") and is_url("HTTP://127.0.0.1:8000/x")
    assert not is_url("story.html") and not is_url("http://") and not is_url("file:///etc/passwd")


# --------------------------------------------------------------------------- URLs (loopback only)


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/story":
            self._send(200, HTML, "text/html; charset=utf-8")
        elif self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/story")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/latin1":
            self._send(200, b"Menu\n\nCaf\xe9 au lait costs 3.50 euros.", "text/plain; charset=iso-8859-1")
        elif self.path == "/big":
            self._send(200, b"<p>" + b"word " * 40_000 + b"</p>", "text/html")
        elif self.path == "/big-stream":
            self.close_connection = True
            self._send(200, b"word " * 40_000, "text/plain", length=False)
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_200_html(server: str) -> None:
    article = load_source(f"{server}/story")
    check_html_article(article)
    assert article.url == f"{server}/story" and article.path is None


def test_url_redirect_followed(server: str) -> None:
    assert load_source(f"{server}/old").title == "Harbour bridge closure extended by three weeks"


def test_url_charset_from_header(server: str) -> None:
    assert load_source(f"{server}/latin1").text == "Café au lait costs 3.50 euros."


def test_url_404(server: str) -> None:
    with pytest.raises(InputError) as exc:
        load_source(f"{server}/missing")
    message = one_line(exc)
    assert f"{server}/missing" in message and "404" in message


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_url_oversized_body(server: str, path: str) -> None:
    with pytest.raises(InputError) as exc:
        load_source(f"{server}{path}", max_fetch_bytes=50_000)
    assert path in one_line(exc) and "50,000" in str(exc.value)


def test_url_connection_refused() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(InputError) as exc:
        load_source(f"http://127.0.0.1:{port}/story", fetch_timeout=5)
    assert f"127.0.0.1:{port}" in one_line(exc)
