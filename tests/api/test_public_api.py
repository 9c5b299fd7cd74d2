"""The public Python API: summarizer.brief / claims / rewrite / check, as a library user calls them."""

from __future__ import annotations

from pathlib import Path

import pytest

import summarizer

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo_article.txt"


def test_brief_from_a_path_is_checked_and_cites_real_sentences() -> None:
    out = summarizer.brief(DEMO, backend="extractive")
    assert isinstance(out, summarizer.Brief)
    assert out.run.backend == "extractive"
    assert out.checks is not None and out.checks.ok
    text = DEMO.read_text(encoding="utf-8")
    assert out.key_points and all(kp.sentence_ids for kp in out.key_points)
    for claim in out.claims:
        for ev in claim.evidence:
            assert ev.quote in text and ev.end - ev.start == len(ev.quote)
    assert "Pike" in out.headline + out.summary


def test_claims_and_rewrite_from_text() -> None:
    text = DEMO.read_text(encoding="utf-8")
    claims = summarizer.claims(text=text, backend="extractive")
    assert isinstance(claims, summarizer.ClaimList)
    denial = [c for c in claims.claims if c.type == "denial"]
    assert {"National Water Agency", "Victor Lang"} <= {c.speaker for c in denial}
    rewrite = summarizer.rewrite(text=text, backend="extractive")
    assert isinstance(rewrite, summarizer.Rewrite)
    joined = " ".join(p.text for p in rewrite.paragraphs)
    assert "stunning turn of events" not in joined
    assert "Lang" in joined


def test_check_reverifies_a_saved_output_and_catches_an_edit(tmp_path: Path) -> None:
    out = summarizer.brief(DEMO, backend="extractive")
    assert summarizer.check(out, DEMO).ok
    saved = tmp_path / "brief.json"
    saved.write_text(out.model_dump_json(), encoding="utf-8")
    loaded = summarizer.load_output(saved)
    tampered = loaded.model_copy(update={"summary": out.summary.replace("$2.3 billion", "$9.7 billion")})
    if tampered.summary == out.summary:  # the summary does not carry the figure: tamper with a key point
        kp = out.key_points[0].model_copy(update={"text": out.key_points[0].text + " It cost $9.7 billion."})
        tampered = loaded.model_copy(update={"key_points": [kp, *out.key_points[1:]]})
    report = summarizer.check(tampered, DEMO)
    assert not report.ok
    assert any(f.severity == "error" for f in report.findings)


def test_bad_input_is_an_input_error() -> None:
    with pytest.raises(summarizer.InputError, match="no such file"):
        summarizer.brief("no-such-file.txt", backend="extractive")
