"""summarizer: neutral briefs, claim lists and rewrites of news articles, checked against the source."""

__version__ = "0.1.0"
