"""Trust: every output item checked against the sentences it cites; findings applied (removed or marked)."""

from summarizer.trust.checks import apply_findings, check, clear_cache, error_messages

__all__ = ["apply_findings", "check", "clear_cache", "error_messages"]
