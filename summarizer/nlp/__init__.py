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
- summarizer.nlp.attribution  Attribution, attribute(): the one speaker extractor of the engine and the checks
                              (each sentence's own attribution, and every Source it names)
- summarizer.nlp.lexicon      the loaded-language lexicon, neutralize(), sensationalism()
"""

from __future__ import annotations

from summarizer.nlp.attribution import (
    AUTHOR,
    COMMENTARY,
    POSSESSIVE_RE,
    Attribution,
    attribute,
    is_unsourced,
    same_speaker,
    sentence_quote_spans,
)
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

__all__ = [
    "AUTHOR",
    "COMMENTARY",
    "CONNECTORS",
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
    "hedges",
    "inside",
    "is_org",
    "is_subsequence",
    "is_unsourced",
    "load_lexicon",
    "loaded_terms",
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
