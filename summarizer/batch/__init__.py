"""Nightly jobs: many articles, a SQLite state file, rate limits, budgets, resumable runs, the Batch API."""
