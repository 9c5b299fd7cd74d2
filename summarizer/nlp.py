"""Shared text knowledge: quotes, the loaded-language lexicon, hedges, and attribution (who said what).

Pure Python (compiled regexes, word lists) so the extractive engine, the trust checks and the HTML renderer
can call it on every output without a model. Imports only the stdlib and summarizer.schemas.

This module is the public face (the contract callers code against: ``from summarizer import nlp``); the code
lives in three modules along its seams, which import only from each other inward, never from here:

- summarizer.nlp_text     words, quotation spans, hedges, reporting/factive verbs, name runs
- summarizer.lexicon      the loaded-language lexicon, neutralize(), sensationalism()
- summarizer.attribution  Attribution, attribute(), is_unsourced(), sentence_quote_spans()
"""

from __future__ import annotations

from summarizer.attribution import Attribution, attribute, is_unsourced, sentence_quote_spans
from summarizer.lexicon import LexiconEntry, LoadedTerm, load_lexicon, loaded_terms, neutralize, sensationalism
from summarizer.nlp_text import FACTIVE_VERBS, HEDGE_MARKERS, REPORTING_VERBS, hedges, person_names, quote_spans, words

# Private helper used by summarizer.extractive (organisation vs person); re-exported so nlp._is_org keeps working.
from summarizer.nlp_text import _is_org as _is_org

__all__ = [
    "FACTIVE_VERBS",
    "HEDGE_MARKERS",
    "REPORTING_VERBS",
    "Attribution",
    "LexiconEntry",
    "LoadedTerm",
    "attribute",
    "hedges",
    "is_unsourced",
    "load_lexicon",
    "loaded_terms",
    "neutralize",
    "person_names",
    "quote_spans",
    "sensationalism",
    "sentence_quote_spans",
    "words",
]
