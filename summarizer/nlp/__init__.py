"""Shared text knowledge: quotes, the loaded-language lexicon, hedges, and attribution (who said what).

Pure Python (compiled regexes, word lists) so the extractive engine, the trust checks and the HTML renderer
can call it on every output without a model. Imports only the stdlib and summarizer.schemas.

This module is the public face (the contract callers code against: ``from summarizer import nlp``); the code
lives in three modules along its seams, which import only from each other inward, never from here:

- summarizer.nlp.text     words, quotation spans, hedges, reporting/factive verbs, name runs
- summarizer.nlp.lexicon      the loaded-language lexicon, neutralize(), sensationalism()
- summarizer.nlp.attribution  Attribution, attribute(), is_unsourced(), sentence_quote_spans()
"""

from __future__ import annotations

from summarizer.nlp.attribution import Attribution, attribute, is_unsourced, sentence_quote_spans
from summarizer.nlp.lexicon import LexiconEntry, LoadedTerm, load_lexicon, loaded_terms, neutralize, sensationalism
from summarizer.nlp.text import FACTIVE_VERBS, HEDGE_MARKERS, REPORTING_VERBS, hedges, person_names, quote_spans, words

# Private helper used by summarizer.extractive (organisation vs person); re-exported so nlp.is_org keeps working.
from summarizer.nlp.text import is_org as is_org

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
