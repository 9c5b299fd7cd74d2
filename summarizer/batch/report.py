"""What a batch run leaves in DIR besides the outputs: results.jsonl, report.json and digest.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import Field

from summarizer.files import DiskFullError, atomic_write, scrub
from summarizer.schemas import Brief, ClaimList, Output, Rewrite, RunReport

STATUSES = ("ok", "cached", "failed", "skipped", "waiting")


class BatchReport(RunReport):
    """report.json: RunReport's totals plus what a morning reader needs to trust them."""

    run_id: int = 0
    resumed: bool = False
    task: str = "brief"
    via: str = "direct"
    backend: str | None = None
    model: str | None = None
    total: int = 0
    waiting: int = 0  # Batch API: requests sent, results not collected yet
    replayed_calls: int = 0  # replies reused from the state file after a crash (not paid twice)
    throttled: int = 0  # HTTP 429s seen
    max_cost_usd: float | None = None
    stopped_by_cost: bool = False
    interrupted: bool = False
    with_removals: int = 0  # outputs from which the checks removed, rebuilt or flagged something (see checks.removed)
    started_at: str = ""
    batches: list[dict[str, object]] = Field(default_factory=list)
    # The totals above (calls, tokens, cost) cover the whole run across resumes; this is the last command's share.
    this_invocation: dict[str, float | int] = Field(default_factory=dict)


@dataclass
class ItemResult:
    """The outcome of one item."""

    index: int
    source: str
    name: str
    status: str  # ok | cached | failed | skipped | waiting
    reason: str | None = None
    article_id: str | None = None
    title: str | None = None
    output: Output | None = None
    calls: int = 0
    replayed: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    duration_s: float = 0.0
    files: list[str] = field(default_factory=list)

    def line(self) -> dict[str, object]:
        """This item as one results.jsonl object."""
        return {
            "index": self.index,
            "source": self.source,
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "article_id": self.article_id,
            "files": self.files,
            "calls": self.calls,
            "tokens": {"input": self.input_tokens, "output": self.output_tokens},
            "cost_usd": round(self.cost_usd, 6),
            "duration_s": round(self.duration_s, 3),
        }


def _removed(out: Output | None) -> int:
    """How many items the checks removed, rebuilt or kept flagged in ``out``."""
    return len(out.checks.removed) if out is not None and out.checks else 0


def tally(report: BatchReport, results: Sequence[ItemResult]) -> BatchReport:
    """Fill the counts, tokens, cost and failures of ``report`` from ``results``."""
    counts = {s: 0 for s in STATUSES}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    return report.model_copy(
        update={
            "total": len(results),
            "ok": counts["ok"],
            "cached": counts["cached"],
            "failed": counts["failed"],
            "skipped": counts["skipped"],
            "waiting": counts["waiting"],
            "calls": sum(r.calls for r in results),
            "replayed_calls": sum(r.replayed for r in results),
            "prompt_tokens": sum(r.input_tokens for r in results),
            "completion_tokens": sum(r.output_tokens for r in results),
            "estimated_cost_usd": round(sum(r.cost_usd for r in results), 6),
            "with_removals": sum(1 for r in results if _removed(r.output)),
            "failures": [
                {"source": r.source, "name": r.name, "status": r.status, "reason": r.reason or ""}
                for r in results
                if r.status in ("failed", "skipped")
            ],
        }
    )


def with_run_totals(report: BatchReport, totals: tuple[int, int, int], cost: float) -> BatchReport:
    """Move this invocation's figures to ``this_invocation`` and report the run's ``totals`` and ``cost``."""
    mine = {
        "ok": report.ok, "cached": report.cached, "failed": report.failed, "skipped": report.skipped,
        "calls": report.calls, "replayed_calls": report.replayed_calls, "prompt_tokens": report.prompt_tokens,
        "completion_tokens": report.completion_tokens, "estimated_cost_usd": report.estimated_cost_usd,
        "duration_s": report.duration_s,
    }  # fmt: skip
    calls, tin, tout = totals
    return report.model_copy(update={
        "this_invocation": mine, "calls": max(calls, report.calls), "prompt_tokens": max(tin, report.prompt_tokens),
        "completion_tokens": max(tout, report.completion_tokens),
        "estimated_cost_usd": round(max(cost, report.estimated_cost_usd), 6),
    })  # fmt: skip


def _count_claims(out: Output) -> int:
    return len(out.claims) if isinstance(out, Brief | ClaimList) else 0


def digest(report: BatchReport, results: Sequence[ItemResult]) -> str:
    """digest.md: every output's headline, summary and claim count, then what failed and why."""
    when = report.started_at or datetime.now().isoformat(timespec="seconds")
    mine = report.this_invocation
    share = (
        f" (this command: {mine.get('calls', 0)} calls, about ${float(mine.get('estimated_cost_usd', 0)):.4f})"
        if report.resumed and mine
        else ""
    )
    lines = [
        f"# Digest: {report.task} run of {when}",
        "",
        f"{report.ok + report.cached} ready ({report.ok} new, {report.cached} cached), {report.failed} failed, "
        f"{report.skipped} skipped{f', {report.waiting} waiting for the Batch API' if report.waiting else ''}; "
        f"{report.calls} LLM calls, {report.prompt_tokens + report.completion_tokens} "
        f"tokens, about ${report.estimated_cost_usd:.4f}{share}; {report.duration_s:.1f} s.",
    ]
    if report.stopped_by_cost:
        lines.append(f"Stopped starting new articles at the --max-cost limit of ${report.max_cost_usd:.2f}.")
    if report.interrupted:
        lines.append("The run was interrupted; run the same command again to finish it.")
    for r in results:
        out = r.output
        if out is None or r.status not in ("ok", "cached"):
            continue
        headline = getattr(out, "headline", None) or out.source.title or r.name
        lines += ["", f"## {headline}", ""]
        if isinstance(out, Brief):
            lines += [out.summary, ""]
        elif isinstance(out, Rewrite) and out.paragraphs:
            lines += [out.paragraphs[0].text, ""]
        elif isinstance(out, ClaimList):
            lines += ["; ".join(c.text for c in out.claims[:3]) or "(no claims)", ""]
        # counts are keyed by finding kind, so the errors are counted from the findings themselves
        errors = sum(f.severity == "error" for f in out.checks.findings) if out.checks else 0
        removed = _removed(out)
        extra = f" · {errors} check error(s)" if errors else ""
        extra += f" · {removed} item(s) removed or rebuilt by the checks" if removed else ""
        lines.append(f"_{_count_claims(out)} claims · {r.source} · {r.name}.json{extra}_")
    failed = [r for r in results if r.status in ("failed", "skipped")]
    if failed:
        lines += ["", "## Failures and skipped items", ""]
        lines += [f"- **{r.status}** `{r.source}`: {r.reason or 'no reason recorded'}" for r in failed]
    return "\n".join(lines) + "\n"


def write_run_files(
    out_dir: Path, report: BatchReport, results: Sequence[ItemResult], *, secret: str | None = None
) -> list[str]:
    """Write report.json, results.jsonl (input order) and digest.md, each atomically and without the key.

    On a full disk, write what fits (the small report first) and return the names that could not be written.
    """
    ordered = sorted(results, key=lambda r: r.index)
    files = (
        ("report.json", lambda: report.model_dump_json(indent=2) + "\n"),
        ("results.jsonl", lambda: "".join(json.dumps(r.line()) + "\n" for r in ordered)),
        ("digest.md", lambda: digest(report, ordered)),
    )
    failed = []
    for name, text in files:
        try:
            atomic_write(out_dir / name, scrub(text(), secret))
        except DiskFullError:
            failed.append(name)
    return failed


def write_if_changed(path: Path, text: str) -> None:
    """atomic_write unless the file already holds exactly ``text`` (keeps unchanged re-runs cheap)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write(path, text)
