"""Trust: every output item checked against the sentences it cites; findings applied (removed or marked)."""

from summarizer.trust.apply import apply_findings, bad_items, reask_lines
from summarizer.trust.checks import check, clear_cache, error_messages

__all__ = ["apply_findings", "bad_items", "check", "clear_cache", "error_messages", "reask_lines"]
