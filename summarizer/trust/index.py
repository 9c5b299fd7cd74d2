"""The per-article side of the trust checks: a cached index of the article, hedges, and who said what.

trust.py asks the questions; this module knows the article (numbers, names, attributions per sentence) and
answers them fast, because everything about an article is computed once and cached by its id.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from summarizer import nlp
from summarizer.nlp.text import content, words
from summarizer.nlp.vocab import HEDGE_KEEPERS, NEGATIONS
from summarizer.schemas import Article
from summarizer.trust import meaning
from summarizer.trust import support as support_mod
from summarizer.trust.meaning import Clause
from summarizer.trust.support import Support

# Claim types that carry the source's attribution; stating one as a plain fact drops it.
NON_FACT_TYPES = frozenset({"allegation", "denial", "opinion", "prediction", "speculation"})
_FACTIVE_ROOTS = ("reveal", "admit", "confirm", "prov", "expos", "acknowledg", "establish", "demonstrat")
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


# --------------------------------------------------------------------------- per-article index (cached)


@dataclass
class ArticleIndex:
    article: Article
    full: str
    norm_full: str
    attributions: dict[int, nlp.Attribution]
    cap_tokens: set[str]
    lower_stems: set[str]
    seqs: list[tuple[str, ...]]
    acronyms: set[str]
    numbers_all: set[tuple[object, ...]]
    factive_all: set[str]
    sensationalism: float
    _sent_numbers: dict[int, set[tuple[object, ...]]] = field(default_factory=dict)
    _sent_content: dict[int, set[str]] = field(default_factory=dict)
    _sent_hedged: dict[int, bool] = field(default_factory=dict)
    _sentence_caps: list[set[str]] | None = None
    quote_masks: list[list[tuple[int, int]]] = field(default_factory=list)
    instructions: set[int] = field(default_factory=set)
    instruction_texts: list[str] = field(default_factory=list)
    grams: set[tuple[str, ...]] = field(default_factory=set)
    _sent_lemmas: dict[int, set[str]] = field(default_factory=dict)
    _sent_clauses: dict[int, list[Clause]] = field(default_factory=dict)
    _postings: dict[str, list[int]] | None = None
    _proper: set[str] | None = None

    def proper_tokens(self) -> set[str]:
        """Capitalised words the article writes inside a sentence (names), not only as a sentence's first word."""
        if self._proper is None:
            self._proper = {
                t
                for ns in nlp.name_sequences(self.full)
                for k, t in enumerate(ns.tokens)
                if k > 0 or not ns.sentence_initial
            }
        return self._proper

    def sentence_caps(self) -> list[set[str]]:
        if self._sentence_caps is None:
            self._sentence_caps = [
                {t for ns in nlp.name_sequences(s.text) for t in ns.tokens} for s in self.article.sentences
            ]
        return self._sentence_caps

    def text_of(self, sid: int) -> str:
        s = self.article.sentence(sid)
        return s.text if s is not None else ""

    def numbers(self, sid: int) -> set[tuple[object, ...]]:
        if sid not in self._sent_numbers:
            self._sent_numbers[sid] = nlp.number_keys(self.text_of(sid))
        return self._sent_numbers[sid]

    def content(self, sid: int) -> set[str]:
        if sid not in self._sent_content:
            self._sent_content[sid] = content_words(self.text_of(sid))
        return self._sent_content[sid]

    def masked(self, sid: int) -> str:
        """The sentence with every quotation blanked, multi-sentence quotations included."""
        text = self.text_of(sid)
        pos = self._position(sid)
        spans = self.quote_masks[pos] if pos is not None and pos < len(self.quote_masks) else quote_spans(text)
        return nlp.outside_spans(text, spans)

    def _position(self, sid: int) -> int | None:
        s = self.article.sentence(sid)
        if s is None:
            return None
        sents = self.article.sentences
        return sid if 0 <= sid < len(sents) and sents[sid].id == sid else sents.index(s)

    def lemmas(self, sid: int) -> set[str]:
        """Content lemmas of a sentence (irregular verbs mapped), as the meaning checks compare them."""
        if sid not in self._sent_lemmas:
            self._sent_lemmas[sid] = content(words(self.text_of(sid), fold=True))
        return self._sent_lemmas[sid]

    def clauses(self, sid: int) -> list[Clause]:
        """The clauses of a sentence, with their negations, hedges and quantifiers."""
        if sid not in self._sent_clauses:
            self._sent_clauses[sid] = meaning.clauses(sid, self.text_of(sid))
        return self._sent_clauses[sid]

    def support(self, text: str, sids: list[int], *, drop: str = "") -> Support:
        """How much of ``text`` its cited sentences hold, and the best single other sentence."""
        item = support_mod.item_content(text, drop)
        cited = set().union(*(self.lemmas(s) for s in sids)) if sids else set()
        # Only sentences sharing a word can be the better one: count shared words through the inverted index.
        shared: Counter[int] = Counter()
        for w in item:
            shared.update(self.postings().get(w, ()))
        skip = set(sids)
        others = [(sid, self.lemmas(sid)) for sid, _ in shared.most_common(5) if sid not in skip]
        return support_mod.support(item, cited, others)

    def postings(self) -> dict[str, list[int]]:
        """Content lemma -> ids of the sentences that have it (built once)."""
        if self._postings is None:
            index: dict[str, list[int]] = {}
            for s in self.article.sentences:
                for w in self.lemmas(s.id):
                    index.setdefault(w, []).append(s.id)
            self._postings = index
        return self._postings

    def hedged(self, sid: int) -> bool:
        """The sentence hedges or attributes what it says to someone (not a plain statement of fact)."""
        if sid not in self._sent_hedged:
            a = self.attributions.get(sid)
            marked = bool(nlp.hedges(self.text_of(sid)))
            self._sent_hedged[sid] = marked or (
                a is not None and (a.hedged or a.unsourced or a.claim_type in NON_FACT_TYPES)
            )
        return self._sent_hedged[sid]


CACHE: OrderedDict[tuple[str, int, str | None], ArticleIndex] = OrderedDict()
CACHE_SIZE = 16
# Batch and server threads check outputs concurrently: every touch of CACHE holds this lock (an unlocked
# move_to_end racing a popitem raised KeyError under 8 threads). Building an index runs outside the lock.
CACHE_LOCK = threading.Lock()


def article_index(article: Article) -> ArticleIndex:
    """The per-article index the checks use, built once and cached (thread-safe)."""
    key = (article.id, len(article.text), article.title)
    with CACHE_LOCK:
        cached = CACHE.get(key)
        if cached is not None:
            CACHE.move_to_end(key)
            return cached
    full = f"{article.title}\n{article.text}" if article.title else article.text
    try:
        attributions = {a.sentence_id: a for a in nlp.attribute(article)}
    except Exception:  # a bug in attribution must not stop the other checks
        attributions = {}
    name_seqs = nlp.name_sequences(full)
    cap_tokens = {t for ns in name_seqs for t in ns.tokens}
    cap_tokens |= {part for t in list(cap_tokens) if "-" in t for part in t.split("-") if part[:1].isupper()}
    seqs = [tuple(t for t in ns.tokens if t.lower() not in nlp.TITLE_WORDS) for ns in name_seqs]
    idx = ArticleIndex(
        article=article,
        full=full,
        norm_full=nlp.normalize_quotes(full),
        attributions=attributions,
        cap_tokens=cap_tokens,
        lower_stems={nlp.stem(w) for w in re.findall(r"\b[a-z][a-z'-]*\b", full)},
        seqs=[s for s in seqs if s],
        acronyms={nlp.acronym(ns.tokens) for ns in name_seqs if len(ns.tokens) > 1},
        numbers_all=nlp.number_keys(full),
        factive_all=factives(full),
        sensationalism=float(nlp.sensationalism(full)),  # the title is part of the article
    )
    try:
        idx.quote_masks = nlp.sentence_quote_spans(article)
    except Exception:  # fall back to quotes within each sentence
        idx.quote_masks = []
    pairs = [(s.id, s.text) for s in article.sentences]
    if article.title:
        pairs.append((-1, article.title))
    planted = support_mod.instruction_sentences(pairs)
    idx.instructions = {sid for sid in planted if sid >= 0}
    idx.instruction_texts = [text for sid, text in pairs if sid in planted]
    idx.grams = support_mod.article_grams(full)
    with CACHE_LOCK:
        CACHE[key] = idx
        CACHE.move_to_end(key)
        while len(CACHE) > CACHE_SIZE:
            CACHE.popitem(last=False)
    return idx


# --------------------------------------------------------------------------- small text helpers


def content_words(text: str) -> set[str]:
    return {nlp.stem(w) for w in WORD_RE.findall(text.lower()) if len(w) > 2 and w not in nlp.STOPWORDS}


def factives(text: str) -> set[str]:
    """Roots of the factive verbs asserted in ``text`` ("revealed" → "reveal"); "could not prove" asserts nothing."""
    factive = nlp.FACTIVE_VERBS
    words = [w.replace("\u2019", "'") for w in WORD_RE.findall(text.lower())]
    out = set()
    for i, w in enumerate(words):
        if w in factive and not NEGATIONS.intersection(words[max(0, i - 3) : i]):
            out.add(next((r for r in _FACTIVE_ROOTS if w.startswith(r)), w[:5]))
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The quotation spans of ``text`` (the one quote algorithm, nlp.quote_spans)."""
    return list(nlp.quote_spans(text))


def keeps_hedge(text: str) -> bool:
    """The output sentence hedges or attributes (a hedge word, a reporting verb, a quotation)."""
    if nlp.hedges(text) or quote_spans(text):
        return True
    words = set(WORD_RE.findall(text.lower()))
    return bool(words & HEDGE_KEEPERS) or bool(words & set(nlp.REPORTING_VERBS))


def ids_text(sids: Iterable[int]) -> str:
    ids = sorted(set(sids))
    return "sentence " + str(ids[0]) if len(ids) == 1 else "sentences " + ", ".join(map(str, ids))
