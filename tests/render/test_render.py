"""render.py: JSON round-trips, Markdown/text contents, and a self-contained, escaped, linked HTML page."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from summarizer import render_html as render_html_mod
from summarizer.errors import ConfigError
from summarizer.render import render, render_check
from summarizer.schemas import (
    Article,
    Brief,
    CheckReport,
    Claim,
    ClaimList,
    Finding,
    KeyPoint,
    Paragraph,
    Rewrite,
    RewriteParagraph,
    RunInfo,
    Sensationalism,
    Sentence,
    evidence_for,
    source_info,
)

HOSTILE = "<script>alert(1)</script>"
PARAGRAPHS = [
    [
        "Mayor Jane Doe slammed the council on Tuesday in a bombshell speech & refused to back down.",
        "\u201cWe will not accept a 10% cut to the schools budget,\u201d Doe said.",
        f"Council member Raj Patel allegedly called the plan {HOSTILE} a disaster for the city.",
    ],
    [
        "Patel denied the claim, according to a statement from his office on Wednesday evening.",
        "Experts say the budget could potentially collapse within weeks, sending shockwaves through the town hall.",
    ],
]


def make_article(paragraphs: list[list[str]] = PARAGRAPHS, title: str | None = "Budget row") -> Article:
    """An Article whose sentence offsets index its text exactly (sentences joined by a space, paragraphs by \\n\\n)."""
    text, sentences, paras = "", [], []
    for pi, para in enumerate(paragraphs):
        if pi:
            text += "\n\n"
        pstart, ids = len(text), []
        for si, sent in enumerate(para):
            if si:
                text += " "
            sid = len(sentences)
            sentences.append(Sentence(id=sid, start=len(text), end=len(text) + len(sent), text=sent, paragraph=pi))
            ids.append(sid)
            text += sent
        paras.append(Paragraph(id=pi, start=pstart, end=len(text), sentence_ids=ids))
    aid = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=aid, title=title, text=text, sentences=sentences, paragraphs=paras, path="budget.txt")


def make_claims(article: Article) -> list[Claim]:
    def claim(cid: str, text: str, speaker: str | None, type_: str, hedged: bool, sids: list[int], ok: bool = True):
        return Claim(
            id=cid,
            text=text,
            speaker=speaker,
            type=type_,  # type: ignore[arg-type]
            hedged=hedged,
            sentence_ids=sids,
            evidence=evidence_for(article, sids),
            verified=ok,
        )

    return [
        claim("c1", "Jane Doe said the council would not accept a 10% cut to the schools budget.", "Jane Doe",
              "statement", False, [0, 1]),
        claim("c2", f"Raj Patel allegedly called the plan {HOSTILE} a disaster.", "Raj Patel", "allegation", True,
              [2], ok=False),
        claim("c3", "Raj Patel denied calling the plan a disaster.", "Raj Patel", "denial", False, [3]),
        claim("c4", "The budget could collapse within weeks.", None, "speculation", True, [4]),
    ]  # fmt: skip


def make_checks(article: Article) -> CheckReport:
    findings = [
        Finding(kind="loaded_language", severity="warning", path="summary",
                message="'slammed' in the narrator's voice"),
        Finding(kind="quote_mismatch", severity="error", path="claims[1].text", sentence_ids=[2],
                message='quoted text "<img src=x onerror=alert(2)>" is not in the article'),
        Finding(kind="unsupported_number", severity="error", path="key_points[0].text", sentence_ids=[1],
                message="number 12% is not in sentences s1"),
        Finding(kind="unknown_sentence", severity="error", path="claims[9].sentence_ids", sentence_ids=[99],
                message="sentence 99 does not exist"),
    ]  # fmt: skip
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return CheckReport(
        ok=False,
        article_id=article.id,
        counts=counts,
        findings=findings,
        sensationalism=Sensationalism(article=6.5, output=0.0),
        removed=1,
    )


RUN = RunInfo(backend="fake", model="schema-fake", calls=1, prompt_tokens=1234, completion_tokens=321, duration_s=0.42)


def make_brief(article: Article | None = None, *, headline: str = f"Mayor and council split over budget {HOSTILE}"):
    article = article or make_article()
    return Brief(
        headline=headline,
        summary="Mayor Jane Doe rejected a 10% cut to the schools budget; council member Raj Patel denied a remark.",
        key_points=[
            KeyPoint(text="Doe said the council would not accept a 10% cut.", sentence_ids=[1]),
            KeyPoint(text="Patel denied the remark attributed to him.", sentence_ids=[2, 3], verified=False),
        ],
        claims=make_claims(article),
        source=source_info(article, tokens=120),
        run=RUN,
        checks=make_checks(article),
    )


def make_claimlist(article: Article) -> ClaimList:
    return ClaimList(claims=make_claims(article), source=source_info(article), run=RUN, checks=make_checks(article))


def make_rewrite(article: Article) -> Rewrite:
    return Rewrite(
        headline="Mayor and council disagree over the schools budget",
        paragraphs=[
            RewriteParagraph(text="Mayor Jane Doe criticised the council on Tuesday.", sentence_ids=[0, 1]),
            RewriteParagraph(
                text=f"Patel reportedly called the plan {HOSTILE} a disaster.", sentence_ids=[2], verified=False
            ),
        ],  # fmt: skip
        source=source_info(article),
        run=RUN,
        checks=CheckReport(article_id=article.id),
    )


def flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- a small DOM from html.parser

VOID = {"meta", "br", "hr", "img", "input", "link"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class Dom(HTMLParser):
    """Parses a page into Nodes and fails on any mis-nested or unclosed tag."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.cur = self.root
        self.nodes: list[Node] = []
        self.errors: list[str] = []
        self.feed(page)
        self.close()
        if self.cur is not self.root:
            self.errors.append(f"unclosed <{self.cur.tag}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        self.nodes.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.cur.tag != tag:
            self.errors.append(f"</{tag}> closes <{self.cur.tag}>")
            return
        self.cur = self.cur.parent or self.root

    def handle_data(self, data: str) -> None:
        self.cur.children.append(data)

    def by_tag(self, tag: str) -> list[Node]:
        return [n for n in self.nodes if n.tag == tag]

    def ids(self) -> dict[str, Node]:
        return {n.attrs["id"]: n for n in self.nodes if "id" in n.attrs}


def dom_of(page: str) -> Dom:
    dom = Dom(page)
    assert dom.errors == []
    return dom


# --------------------------------------------------------------------------- json


@pytest.mark.parametrize("maker", [make_brief, make_claimlist, make_rewrite])
def test_json_round_trips_to_the_same_model(maker) -> None:
    out = maker(make_article())
    text = render(out, "json")
    assert type(out).model_validate_json(text) == out
    assert render(out, "json") == text  # deterministic
    assert list(json.loads(text)) == list(type(out).model_fields)  # schema order, nothing extra


def test_unknown_format_is_a_config_error_naming_the_flag_and_choices() -> None:
    article = make_article()
    with pytest.raises(ConfigError) as err:
        render(make_brief(article), "pdf")
    assert "--format" in str(err.value)
    assert all(c in str(err.value) for c in ("json", "md", "text", "html"))
    with pytest.raises(ConfigError, match="--format"):
        render_check(make_checks(article), "md")


# --------------------------------------------------------------------------- markdown and text


@pytest.mark.parametrize("fmt", ["md", "text"])
def test_brief_md_and_text_carry_everything_a_reader_needs(fmt: str) -> None:
    article = make_article()
    brief = make_brief(article)
    out = render(brief, fmt)
    body = flat(out)
    for needle in (brief.headline.split("<")[0], brief.summary, "schema-fake", "fake", "1,234", "321", "0.4 s"):
        assert flat(needle) in body
    for kp in brief.key_points:
        assert kp.text in body
        assert ", ".join(f"s{i}" for i in kp.sentence_ids) in body
    for c in brief.claims:
        assert (c.speaker or "the article itself") in body
        assert c.type in body
        for e in c.evidence:
            assert flat(e.quote.split("<")[0]) in body
    assert brief.checks is not None
    for f in brief.checks.findings:
        assert f.kind in body and f.path in body
    unverified = sum(not x.verified for x in [*brief.key_points, *brief.claims])
    assert body.lower().count("[unverified]") == unverified


def test_md_marks_exactly_the_unverified_items() -> None:
    brief = make_brief()
    lines = render(brief, "md").splitlines()
    marked = [line for line in lines if "[unverified]" in line]
    assert any("Patel denied the remark" in line for line in marked)
    assert any(line.startswith("- **[unverified]** **c2**") for line in marked)
    assert not any("Doe said the council" in line for line in marked)


def test_md_cannot_smuggle_raw_html() -> None:
    md = render(make_brief(), "md")
    assert re.search(r"(?<!\\)<", md) is None  # every < is backslash-escaped, so no renderer sees a tag
    assert "\\<script>alert(1)\\</script>" in md


def test_text_is_wrapped_for_terminals() -> None:
    article = make_article()
    for out in (make_brief(article), make_claimlist(article), make_rewrite(article)):
        text = render(out, "text")
        assert max(len(line) for line in text.splitlines()) <= 88
        assert "[UNVERIFIED]" in text


def test_rewrite_md_and_text_render_each_paragraph_and_mark_unverified_ones() -> None:
    rw = make_rewrite(make_article())
    md = render(rw, "md")
    assert md.startswith(f"# {rw.headline}\n")
    assert rw.paragraphs[0].text in md
    assert "**[unverified]** Patel reportedly called" in md
    assert "all checks passed" in md
    text = flat(render(rw, "text"))
    assert "[UNVERIFIED] Patel reportedly" in text and rw.paragraphs[0].text in text


def test_claimlist_md_lists_claims_with_their_evidence() -> None:
    article = make_article()
    md = render(make_claimlist(article), "md")
    assert "## Claims" in md
    assert "> s3: Patel denied the claim" in md
    assert "speaker: **the article itself**" in md


def test_check_report_text_and_json() -> None:
    report = make_checks(make_article())
    text = render_check(report, "text")
    assert "3 errors, 1 warning" in text
    for f in report.findings:
        assert f.kind in text and f.path in text
    assert CheckReport.model_validate_json(render_check(report, "json")) == report
    assert "all checks passed" in render_check(CheckReport(), "text")


# --------------------------------------------------------------------------- html


def test_html_is_well_formed_self_contained_and_escapes_hostile_text() -> None:
    article = make_article()
    page = render(make_brief(article), "html", article=article)
    dom = dom_of(page)
    assert dom.by_tag("script") == [] and dom.by_tag("img") == []
    assert page.count(html_escaped := "&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # article, headline, claim
    assert html_escaped in page and HOSTILE in dom.root.text()
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    # Nothing loaded from elsewhere: no src attributes, no stylesheet links, only in-page hrefs.
    assert not any("src" in n.attrs for n in dom.nodes)
    assert dom.by_tag("link") == [] and "url(" not in page and "@import" not in page
    assert all(a.attrs["href"].startswith("#") for a in dom.by_tag("a"))
    ids = [n.attrs["id"] for n in dom.nodes if "id" in n.attrs]
    assert len(ids) == len(set(ids))


def test_html_every_sentence_has_an_anchor_and_claims_mark_their_evidence() -> None:
    article = make_article()
    brief = make_brief(article)
    dom = dom_of(render(brief, "html", article=article))
    ids = dom.ids()
    for s in article.sentences:
        span = ids[f"s{s.id}"]
        assert span.tag == "span" and span.text() == s.text
    for c in brief.claims:
        for sid in c.sentence_ids:
            span = ids[f"s{sid}"]
            assert "evidence" in span.classes()
            assert c.id in span.attrs["data-claims"].split()
    # The article text survives the markup, paragraph by paragraph.
    article_col = next(n for n in dom.by_tag("section") if "article" in n.classes())
    texts = [p.text() for p in article_col.children if not isinstance(p, str) and p.tag == "p" and not p.attrs]
    assert texts == article.text.split("\n\n")


def test_html_findings_link_to_existing_anchors_only() -> None:
    article = make_article()
    brief = make_brief(article)
    dom = dom_of(render(brief, "html", article=article))
    ids = dom.ids()
    for a in dom.by_tag("a"):
        assert a.attrs["href"][1:] in ids, a.attrs["href"]
    items = {n.attrs["id"]: n for n in dom.by_tag("li") if n.attrs.get("id", "").startswith("finding-")}
    assert len(items) == len(brief.checks.findings)  # type: ignore[union-attr]

    def hrefs(n: Node) -> set[str]:
        out = {n.attrs["href"]} if n.tag == "a" else set()
        for c in n.children:
            if not isinstance(c, str):
                out |= hrefs(c)
        return out

    assert hrefs(items["finding-0"]) == {"#summary"}
    assert hrefs(items["finding-1"]) == {"#claims-1", "#s2"}
    assert hrefs(items["finding-2"]) == {"#key_points-0", "#s1"}
    assert hrefs(items["finding-3"]) == set()  # claims[9] and s99 do not exist: shown, not linked
    assert "claims[9].sentence_ids" in items["finding-3"].text()
    assert "flagged" in ids["s2"].classes() and "flagged" not in ids["s0"].classes()


def test_html_marks_unverified_items_visibly() -> None:
    article = make_article()
    brief = make_brief(article)
    ids = dom_of(render(brief, "html", article=article)).ids()
    for i, c in enumerate(brief.claims):
        li = ids[f"claims-{i}"]
        assert ("unverified" in li.classes()) is (not c.verified)
        assert ("unverified" in li.text().lower()) is (not c.verified)
    assert "unverified" in ids["key_points-1"].classes() and "unverified" not in ids["key_points-0"].classes()


def test_html_highlights_the_loaded_terms_nlp_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclass(frozen=True)
    class Entry:
        term: str
        replacement: str | None

    @dataclass(frozen=True)
    class Term:
        start: int
        end: int
        text: str
        entry: Entry

    article = make_article()
    wanted = {"slammed": "criticised", "bombshell": None, "sending shockwaves": None}

    def fake_terms(text: str) -> list[Term]:
        return [
            Term(m.start(), m.end(), m.group(), Entry(w, r)) for w, r in wanted.items() for m in re.finditer(w, text)
        ]

    monkeypatch.setattr(render_html_mod, "_loaded_terms", fake_terms)
    dom = dom_of(render(make_brief(article), "html", article=article))
    marks = [m for m in dom.by_tag("mark") if "loaded" in m.classes() and "data-term" in m.attrs]
    assert sorted(m.text() for m in marks) == sorted(wanted)
    for m in marks:
        assert m.parent is not None and m.parent.tag == "span" and m.parent.attrs["id"].startswith("s")
    slammed = next(m for m in marks if m.text() == "slammed")
    assert "criticised" in slammed.attrs["title"]


def test_html_uses_the_real_lexicon_when_nlp_is_there() -> None:
    from summarizer import nlp

    article = make_article()
    terms = nlp.loaded_terms(article.text)
    assert terms, "the fixture's narrator uses loaded words (slammed, bombshell); the lexicon should find some"
    dom = dom_of(render(make_brief(article), "html", article=article))
    marked = sorted(m.text() for m in dom.by_tag("mark") if "data-term" in m.attrs)
    assert marked == sorted(t.text for t in terms)


def test_html_rewrite_and_claimlist_and_no_article() -> None:
    article = make_article()
    ids = dom_of(render(make_rewrite(article), "html", article=article)).ids()
    assert "paragraphs-0" in ids and "unverified" in ids["paragraphs-1"].classes()
    assert "Patel reportedly called the plan" in ids["paragraphs-1"].text()
    dom = dom_of(render(make_claimlist(article), "html"))
    assert {"claims-0", "claims-3"} <= set(dom.ids()) and "s0" not in dom.ids()
    assert all(a.attrs["href"][1:] in dom.ids() for a in dom.by_tag("a"))  # no article: no sentence links


def test_html_warns_when_the_article_is_not_the_outputs_source() -> None:
    article = make_article()
    other = make_article([["A different story entirely."]])
    page = render(make_brief(article), "html", article=other)
    assert "not the one the output was made from" in page
    assert "not the one the output" not in render(make_brief(article), "html", article=article)


def test_check_html_shows_findings_beside_output_and_article() -> None:
    article = make_article()
    brief = make_brief(article)
    report = make_checks(article)
    dom = dom_of(render_check(report, "html", output=brief, article=article))
    ids = dom.ids()
    assert {"findings", "finding-0", "claims-1", "s2"} <= set(ids)
    assert all(a.attrs["href"][1:] in ids for a in dom.by_tag("a"))
    bare = dom_of(render_check(report, "html"))
    assert "finding-3" in bare.ids() and bare.by_tag("a") == []


def test_headline_and_summary_with_error_findings_are_marked_unverified_everywhere() -> None:
    article = make_article()
    brief = make_brief(article)
    assert brief.checks is not None
    brief.checks.findings += [
        Finding(kind="unsupported_number", severity="error", path="summary", message="12% is not in the article"),
        Finding(kind="length", severity="error", path="key_points", message="too many key points"),
    ]
    md = render(brief, "md")
    assert f"**[unverified]** {brief.summary}" in md and not md.startswith("# **[unverified]**")
    assert f"[UNVERIFIED] {brief.summary[:40]}" in render(brief, "text")
    dom = dom_of(render(brief, "html", article=article))
    ids = dom.ids()
    assert "unverified" in ids["summary"].classes() and "unverified" not in ids["headline"].classes()
    links = {a.attrs["href"] for a in dom.by_tag("a")}
    assert {"#summary", "#key_points"} <= links
    # The same brief, clean: nothing is marked.
    brief.checks = CheckReport(article_id=article.id)
    assert "unverified" not in dom_of(render(brief, "html", article=article)).ids()["summary"].classes()


def test_html_page_is_named_after_the_neutral_headline_not_the_source_title() -> None:
    article = make_article()
    brief = make_brief(article, headline="Mayor and council disagree over the schools budget")
    page = render(brief, "html", article=article)
    title = page[page.index("<title>") + 7 : page.index("</title>")]
    assert "Mayor and council disagree over the schools budget" in title
    assert article.title == "Budget row" and "Budget row" not in title
