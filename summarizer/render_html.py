"""HTML rendering of outputs and check reports: one self-contained page, article beside the output. Pure."""

from __future__ import annotations

import bisect
import html

from summarizer.render import Output, checks_line, path_anchor, removed_lines, run_line, shaky_parts, source_line
from summarizer.schemas import Article, Brief, CheckReport, Claim, ClaimList, Rewrite

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2329;background:#f4f5f7}
header{padding:18px 28px;background:#1f2a37;color:#fff}
header h1{margin:0 0 4px;font-size:22px;line-height:1.3}
header p{margin:0;color:#c9d2dc;font-size:13px}
main{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:20px;padding:20px 28px}
main.single{grid-template-columns:minmax(0,1fr);max-width:900px}
section.col{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:16px 22px}
h2{font-size:17px;margin:18px 0 8px;border-bottom:1px solid #e5e8eb;padding-bottom:4px}
h2:first-child{margin-top:0}
.article p{margin:0 0 12px}
.sent{border-radius:3px}
.evidence{background:#e6f0ff;box-shadow:inset 0 -2px 0 #6b9ce6}
.flagged{outline:2px solid #e0a100;outline-offset:1px}
mark.loaded{background:#ffd9d2;color:#8c1d0b;padding:0 2px;border-radius:3px}
:target{background:#fff3b0 !important;outline:2px solid #e0a100}
.sid{font:11px ui-monospace,monospace;color:#6b7785;text-decoration:none}
ul.items{padding-left:20px}
ul.items>li{margin:0 0 10px}
.meta{font-size:13px;color:#4d5966}
blockquote{margin:4px 0 0;padding:2px 10px;border-left:3px solid #6b9ce6;color:#3a4652;font-size:14px}
.unverified{background:#fff4f4;border-left:3px solid #c62828;padding-left:6px}
.badge{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;padding:0 6px;border-radius:9px}
.badge.unv{background:#c62828;color:#fff}
.badge.error{background:#c62828;color:#fff}.badge.warning{background:#e0a100;color:#1d2329}
.badge.type{background:#e5e8eb;color:#1d2329}
.ok{color:#1b7f3b;font-weight:600}.bad{color:#c62828;font-weight:600}
footer{padding:0 28px 24px;font-size:12px;color:#6b7785}
code{font:12px ui-monospace,monospace;background:#eef0f2;padding:0 3px;border-radius:3px}
"""


class _Page:
    """Collects the ids emitted so finding links only ever point at anchors that exist."""

    def __init__(self, article: Article | None):
        self.article = article
        self.ids: set[str] = set()

    def anchor(self, ident: str) -> str:
        self.ids.add(ident)
        return f' id="{html.escape(ident)}"'

    def sref(self, sid: int) -> str:
        if f"s{sid}" in self.ids:
            return f'<a class="sid" href="#s{sid}">s{sid}</a>'
        return f'<span class="sid">s{sid}</span>'


def _esc(text: str | None) -> str:
    return html.escape(text or "")


def _unv(verified: bool) -> tuple[str, str]:
    return ("", "") if verified else (' class="unverified"', '<span class="badge unv">unverified</span> ')


_KIND_LABEL = {"brief": "Neutral brief", "claims": "Claims", "rewrite": "Neutral rewrite"}


def html_page(output: Output | None, report: CheckReport | None, article: Article | None, *, is_check: bool) -> str:
    """One self-contained HTML page: the article (when given) beside the output and/or the check findings."""
    page = _Page(article)
    # The page is named after the neutral headline, not the (often sensational) source title shown below it.
    about = (getattr(output, "headline", None) or output.source.title if output is not None else None) or (
        article.title if article else None
    )
    label = "Check report" if is_check else _KIND_LABEL[output.kind] if output is not None else "Report"
    title = f"{label} — {about}" if about else label
    flagged = {sid for f in (report.findings if report else []) for sid in f.sentence_ids}
    # The article goes first so its sentence anchors exist before anything links to them.
    cols = [_html_article(article, output, flagged, page)] if article is not None else []
    right: list[str] = []
    if output is not None:
        right.append(_html_output(output, page, shaky_parts(report)))
    if report is not None:
        # A check report leads with its findings, an output with itself; rendered last so its links resolve.
        right.insert(0 if is_check else len(right), _html_findings(report, page))
    cols.append('<section class="col brief">' + "".join(right) + "</section>")
    sub = source_line(output.source) if output is not None else (f"article {article.id[:16]}" if article else "")
    foot = f"<footer>{_esc(run_line(output.run))}</footer>" if output is not None else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<header><h1>{_esc(title)}</h1><p>{_esc(sub)}</p></header>\n"
        f'<main class="{"grid" if article is not None else "single"}">\n' + "\n".join(cols) + f"\n</main>\n{foot}\n"
        "</body></html>\n"
    )


def _loaded_terms(text: str) -> list:
    try:
        import summarizer.nlp as nlp  # lazy: the lexicon is only needed for HTML
    except ModuleNotFoundError as exc:  # nlp.py absent from this build: render the page without highlights
        if exc.name != "summarizer.nlp":
            raise
        return []
    return list(nlp.loaded_terms(text))


def _html_article(article: Article, output: Output | None, flagged: set[int], page: _Page) -> str:
    text = article.text
    terms = sorted(_loaded_terms(text), key=lambda t: t.start)
    starts = [t.start for t in terms]  # bisect per segment keeps long articles linear
    cited: dict[int, list[str]] = {}
    for c in output.claims if isinstance(output, Brief | ClaimList) else []:
        for sid in dict.fromkeys([*c.sentence_ids, *(e.sentence_id for e in c.evidence)]):
            cited.setdefault(sid, []).append(c.id)

    def seg(a: int, b: int) -> str:
        # Loaded terms that straddle a sentence boundary are left unmarked rather than breaking the nesting.
        parts, pos = [], a
        for t in terms[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)]:
            if t.start >= pos and t.end <= b:
                repl = t.entry.replacement
                hint = f"loaded: {t.text} → " + (f"neutral: {repl}" if repl else "drop it")
                parts.append(_esc(text[pos : t.start]))
                parts.append(f'<mark class="loaded" data-term="{_esc(t.entry.term)}" title="{_esc(hint)}">')
                parts.append(f"{_esc(text[t.start : t.end])}</mark>")
                pos = t.end
        parts.append(_esc(text[pos:b]))
        return "".join(parts)

    para_of = {sid: p.id for p in article.paragraphs for sid in p.sentence_ids}
    sents = sorted(article.sentences, key=lambda s: s.start)
    blocks: list[list[str]] = []
    pos, last_para = 0, None
    for s in sents:
        if s.start < pos:
            continue  # overlapping offsets: keep the first, never duplicate text
        gap = text[pos : s.start]
        para = para_of.get(s.id, s.paragraph)
        if not blocks or para != last_para:
            if gap.strip():
                blocks.append([seg(pos, s.start)])
            blocks.append([])
        elif gap:
            blocks[-1].append(seg(pos, s.start))
        classes = ["sent"] + (["evidence"] if s.id in cited else []) + (["flagged"] if s.id in flagged else [])
        data = f' data-claims="{_esc(" ".join(cited[s.id]))}"' if s.id in cited else ""
        blocks[-1].append(
            f'<span{page.anchor(f"s{s.id}")} class="{" ".join(classes)}"{data}>{seg(s.start, s.end)}</span>'
        )
        pos, last_para = s.end, para
    if text[pos:].strip():
        blocks.append([seg(pos, len(text))])
    head = f"Source article: {article.title}" if article.title else "Source article"
    mismatch = ""
    if output is not None and output.source.id != article.id:
        mismatch = '<p class="bad">This article is not the one the output was made from (different article id).</p>'
    legend = (
        '<p class="meta"><mark class="loaded">loaded word</mark> in the narrator\'s voice · '
        '<span class="evidence">evidence</span> for a claim</p>'
    )
    body = "".join(f"<p>{''.join(b)}</p>\n" for b in blocks)
    return f'<section class="col article"><h2>{_esc(head)}</h2>{mismatch}{legend}\n{body}</section>'


def _html_claim(i: int, c: Claim, page: _Page) -> str:
    cls, badge = _unv(c.verified)
    speaker = _esc(c.speaker) if c.speaker else "<em>the article itself</em>"
    quotes = "".join(f"<blockquote>{page.sref(e.sentence_id)} {_esc(e.quote)}</blockquote>" for e in c.evidence)
    return (
        f"<li{page.anchor(f'claims-{i}')}{cls}>{badge}<strong>{_esc(c.id)}</strong> {_esc(c.text)}"
        f'<div class="meta">speaker: <strong>{speaker}</strong> · <span class="badge type">{_esc(c.type)}</span>'
        f" · hedged: {'yes' if c.hedged else 'no'} · {' '.join(page.sref(s) for s in c.sentence_ids)}</div>"
        f"{quotes}</li>"
    )


def _html_output(output: Output, page: _Page, shaky: set[str]) -> str:
    out: list[str] = []
    if isinstance(output, Brief | Rewrite):
        cls, badge = _unv("headline" not in shaky)
        out.append(f"<h2{page.anchor('headline')}{cls}>{badge}{_esc(output.headline)}</h2>")
    if isinstance(output, Brief):
        cls, badge = _unv("summary" not in shaky)
        out.append(f"<p{page.anchor('summary')}{cls}>{badge}{_esc(output.summary)}</p>")
        out.append(f'<h2{page.anchor("key_points")}>Key points</h2><ul class="items">')
        for i, kp in enumerate(output.key_points):
            cls, badge = _unv(kp.verified)
            refs = " ".join(page.sref(s) for s in kp.sentence_ids)
            out.append(f"<li{page.anchor(f'key_points-{i}')}{cls}>{badge}{_esc(kp.text)} {refs}</li>")
        out.append("</ul>")
    if isinstance(output, Rewrite):
        out.append(f"<div{page.anchor('paragraphs')}></div>")
        for i, p in enumerate(output.paragraphs):
            cls, badge = _unv(p.verified)
            refs = " ".join(page.sref(s) for s in p.sentence_ids)
            out.append(f"<p{page.anchor(f'paragraphs-{i}')}{cls}>{badge}{_esc(p.text)} {refs}</p>")
    else:
        out.append(f'<h2{page.anchor("claims")}>Claims</h2><ul class="items">')
        out += [_html_claim(i, c, page) for i, c in enumerate(output.claims)] or ["<li>No claims.</li>"]
        out.append("</ul>")
    return "\n".join(out)


def _html_findings(report: CheckReport, page: _Page) -> str:
    cls = "ok" if report.ok and not report.findings else "bad"
    out = [f'<h2 id="findings">Checks</h2><p class="{cls}">{_esc(checks_line(report))}</p><ol class="items">']
    for n, f in enumerate(report.findings):
        target = path_anchor(f.path)
        where = (
            f'<a href="#{_esc(target)}"><code>{_esc(f.path)}</code></a>'
            if target in page.ids
            else (f"<code>{_esc(f.path)}</code>")
        )
        refs = " ".join(page.sref(s) for s in f.sentence_ids)
        out.append(
            f'<li id="finding-{n}"><span class="badge {_esc(f.severity)}">{_esc(f.severity)}</span> '
            f'<strong>{_esc(f.kind)}</strong> at {where} {refs}<div class="meta">{_esc(f.message)}</div></li>'
        )
    out.append("</ol>")
    if report.removed:
        out.append('<h3 id="removed">Removed by the checks</h3><ul class="items">')
        for path, action, text, why in removed_lines(report):
            out.append(
                f'<li class="unverified"><code>{_esc(path)}</code> {_esc(action)}: {_esc(text)}'
                f'<div class="meta">why: {_esc(why)}</div></li>'
            )
        out.append("</ul>")
    return "\n".join(out)
