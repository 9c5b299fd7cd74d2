"""The one text core: quotes, word lists, names, numbers, the loaded-language lexicon and attribution.

The extractive engine, the trust checks and the renderers call it (``from summarizer import nlp``). Pure Python
rules everywhere, with the dependency parser (spaCy, the ``nlp`` extra) under attribution and word sense when it
is installed; it is loaded lazily, once per process, never at import. Modules, inner to outer:

- summarizer.nlp.vocab        every word list (reporting verbs, roles, titles, stopwords, hedges, negations, the
                              meaning checks' word classes, months)
- summarizer.nlp.quotes       the one quotation algorithm, masks, the normal form quotes are compared in
- summarizer.nlp.text         words (as written, or folded for comparison), lemma, content words, hedges, negation
                              and belief cues, narrator-voice patterns (speculation, denial cues)
- summarizer.nlp.names        name runs (person_names, is_org), name sequences for the checks, and the one rule for
                              "two names can be the same source" (same_source, mentioned)
- summarizer.nlp.numbers      numbers, amounts and dates in a comparable form
- summarizer.nlp.parser       lazy spaCy access and the parse cache
- summarizer.nlp.speakers     the reporting clauses of a parsed sentence; summarizer.nlp.rules without a parser
- summarizer.nlp.people       full names, gender cues, pronoun resolution that never guesses
- summarizer.nlp.voices       a second source joined after the main one ("X insisted ... but Y argued"), block
                              quotations after a colon whose marks the page lost, "papers show X warned" (X speaks)
- summarizer.nlp.attribution  Attribution, attribute(): the one speaker extractor of the engine and the checks
                              (each sentence's own attribution, and every Source it names)
- summarizer.nlp.lexicon      the loaded-language lexicon, neutralize(), sensationalism()
- summarizer.nlp.compress     main_clause(): a long sentence cut to headline length by dropping whole phrases
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Names are resolved on first use (PEP 562), as in summarizer/__init__: importing summarizer.nlp.parser (the CLI
# starts the parse worker before anything else) must not pay for attribution, schemas and pydantic.
_EXPORTS: dict[str, tuple[str, str]] = {
    "AUTHOR": ("summarizer.nlp.attribution", "AUTHOR"),
    "Attribution": ("summarizer.nlp.attribution", "Attribution"),
    "COMMENTARY": ("summarizer.nlp.attribution", "COMMENTARY"),
    "EXCERPT": ("summarizer.nlp.attribution", "EXCERPT"),
    "POSSESSIVE_RE": ("summarizer.nlp.attribution", "POSSESSIVE_RE"),
    "attribute": ("summarizer.nlp.attribution", "attribute"),
    "is_unsourced": ("summarizer.nlp.attribution", "is_unsourced"),
    "same_speaker": ("summarizer.nlp.attribution", "same_speaker"),
    "sentence_quote_spans": ("summarizer.nlp.attribution", "sentence_quote_spans"),
    "LexiconEntry": ("summarizer.nlp.lexicon", "LexiconEntry"),
    "LoadedTerm": ("summarizer.nlp.lexicon", "LoadedTerm"),
    "load_lexicon": ("summarizer.nlp.lexicon", "load_lexicon"),
    "loaded_terms": ("summarizer.nlp.lexicon", "loaded_terms"),
    "neutralize": ("summarizer.nlp.lexicon", "neutralize"),
    "sensationalism": ("summarizer.nlp.lexicon", "sensationalism"),
    "NameSeq": ("summarizer.nlp.names", "NameSeq"),
    "acronym": ("summarizer.nlp.names", "acronym"),
    "is_org": ("summarizer.nlp.names", "is_org"),
    "is_subsequence": ("summarizer.nlp.names", "is_subsequence"),
    "mentioned": ("summarizer.nlp.names", "mentioned"),
    "name_sequences": ("summarizer.nlp.names", "name_sequences"),
    "name_tokens": ("summarizer.nlp.names", "name_tokens"),
    "person_names": ("summarizer.nlp.names", "person_names"),
    "same_source": ("summarizer.nlp.names", "same_source"),
    "stem": ("summarizer.nlp.names", "stem"),
    "strip_possessive": ("summarizer.nlp.names", "strip_possessive"),
    "has_quote_marks": ("summarizer.nlp.compress", "has_quote_marks"),
    "main_clause": ("summarizer.nlp.compress", "main_clause"),
    "parsing": ("summarizer.nlp.compress", "parsing"),
    "NumberMention": ("summarizer.nlp.numbers", "NumberMention"),
    "number_keys": ("summarizer.nlp.numbers", "number_keys"),
    "number_mentions": ("summarizer.nlp.numbers", "number_mentions"),
    "parser_tags": ("summarizer.nlp.parser", "tags"),
    "inside": ("summarizer.nlp.quotes", "inside"),
    "mask": ("summarizer.nlp.quotes", "mask"),
    "normalize_quotes": ("summarizer.nlp.quotes", "normalize_quotes"),
    "outside_spans": ("summarizer.nlp.quotes", "outside_spans"),
    "quote_segments": ("summarizer.nlp.quotes", "quote_segments"),
    "quote_spans": ("summarizer.nlp.quotes", "quote_spans"),
    "Source": ("summarizer.nlp.speakers", "Source"),
    "hedges": ("summarizer.nlp.text", "hedges"),
    "words": ("summarizer.nlp.text", "words"),
    "CONNECTORS": ("summarizer.nlp.vocab", "CONNECTORS"),
    "DOC_NOUNS": ("summarizer.nlp.vocab", "DOC_NOUNS"),
    "FACTIVE_VERBS": ("summarizer.nlp.vocab", "FACTIVE_VERBS"),
    "HEDGE_MARKERS": ("summarizer.nlp.vocab", "HEDGE_MARKERS"),
    "MONTHS": ("summarizer.nlp.vocab", "MONTHS"),
    "QUOTING_VERBS": ("summarizer.nlp.vocab", "QUOTING_VERBS"),
    "REPORTING_VERBS": ("summarizer.nlp.vocab", "REPORTING_VERBS"),
    "STOPWORDS": ("summarizer.nlp.vocab", "STOPWORDS"),
    "TITLE_WORDS": ("summarizer.nlp.vocab", "TITLE_WORDS"),
    "WEEKDAYS": ("summarizer.nlp.vocab", "WEEKDAYS"),
}

__all__ = [
    "AUTHOR",
    "COMMENTARY",
    "CONNECTORS",
    "EXCERPT",
    "DOC_NOUNS",
    "FACTIVE_VERBS",
    "HEDGE_MARKERS",
    "MONTHS",
    "POSSESSIVE_RE",
    "QUOTING_VERBS",
    "REPORTING_VERBS",
    "STOPWORDS",
    "TITLE_WORDS",
    "WEEKDAYS",
    "Attribution",
    "LexiconEntry",
    "LoadedTerm",
    "NameSeq",
    "NumberMention",
    "Source",
    "acronym",
    "attribute",
    "has_quote_marks",
    "hedges",
    "inside",
    "is_org",
    "is_subsequence",
    "is_unsourced",
    "load_lexicon",
    "loaded_terms",
    "main_clause",
    "mask",
    "mentioned",
    "name_sequences",
    "name_tokens",
    "neutralize",
    "normalize_quotes",
    "number_keys",
    "number_mentions",
    "outside_spans",
    "parser_tags",
    "parsing",
    "person_names",
    "quote_segments",
    "quote_spans",
    "same_source",
    "same_speaker",
    "sensationalism",
    "sentence_quote_spans",
    "stem",
    "strip_possessive",
    "words",
]

if TYPE_CHECKING:
    from summarizer.nlp.attribution import (
        AUTHOR,
        COMMENTARY,
        EXCERPT,
        POSSESSIVE_RE,
        Attribution,
        attribute,
        is_unsourced,
        same_speaker,
        sentence_quote_spans,
    )
    from summarizer.nlp.compress import has_quote_marks, main_clause, parsing
    from summarizer.nlp.lexicon import LexiconEntry, LoadedTerm, load_lexicon, loaded_terms, neutralize, sensationalism
    from summarizer.nlp.names import (
        NameSeq,
        acronym,
        is_org,
        is_subsequence,
        mentioned,
        name_sequences,
        name_tokens,
        person_names,
        same_source,
        stem,
        strip_possessive,
    )
    from summarizer.nlp.numbers import NumberMention, number_keys, number_mentions
    from summarizer.nlp.parser import tags as parser_tags
    from summarizer.nlp.quotes import inside, mask, normalize_quotes, outside_spans, quote_segments, quote_spans
    from summarizer.nlp.speakers import Source
    from summarizer.nlp.text import hedges, words
    from summarizer.nlp.vocab import (
        CONNECTORS,
        DOC_NOUNS,
        FACTIVE_VERBS,
        HEDGE_MARKERS,
        MONTHS,
        QUOTING_VERBS,
        REPORTING_VERBS,
        STOPWORDS,
        TITLE_WORDS,
        WEEKDAYS,
    )


def __getattr__(name: str) -> Any:
    """Import public names on first use."""
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'summarizer.nlp' has no attribute {name!r}")
    value = getattr(importlib.import_module(target[0]), target[1])
    globals()[name] = value
    return value
