"""digest.md shows how many check errors an item kept (counts are keyed by finding kind, not severity)."""

from __future__ import annotations

from summarizer.batch.report import BatchReport, ItemResult, digest
from summarizer.extractive import brief as extractive_brief
from summarizer.ingest import from_text
from summarizer.schemas import CheckReport, Finding

TEXT = "Mayor Dana Whitfield said on Monday that the city would close three libraries. The council denied it."


def _item(checks: CheckReport) -> ItemResult:
    out = extractive_brief(from_text(TEXT, title="Libraries"), max_words=120).model_copy(update={"checks": checks})
    return ItemResult(index=0, source="a.txt", name="a", status="ok", output=out)


def test_digest_counts_error_findings_of_any_kind() -> None:
    findings = [
        Finding(kind="number", severity="error", path="summary", message="5 is not in sentence 0"),
        Finding(kind="speaker", severity="error", path="claims[0]", message="wrong speaker"),
        Finding(kind="length", severity="warning", path="summary", message="long"),
    ]
    checks = CheckReport(ok=False, counts={"number": 1, "speaker": 1, "length": 1}, findings=findings)
    text = digest(BatchReport(), [_item(checks)])
    assert "2 check error(s)" in text


def test_digest_says_nothing_when_there_are_only_warnings() -> None:
    findings = [Finding(kind="length", severity="warning", path="summary", message="long")]
    text = digest(BatchReport(), [_item(CheckReport(ok=True, counts={"length": 1}, findings=findings))])
    assert "check error" not in text
