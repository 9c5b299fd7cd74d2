"""Reporting tags in the shapes a plain subject-verb reading misses, on the dependency parse: an inverted tag
('"...," warns columnist Bill Thompson'), a participle after the main clause ("released a statement saying ...",
"..., denying that ..."), a passive denial ("The allegations have been rejected by the ministry"), and the tree
walks that tell a main clause from a side one. Used by summarizer.nlp.speakers."""

from __future__ import annotations

from summarizer.nlp.parsed import Token
from summarizer.nlp.vocab import REPORT_LEMMAS

SUBJECT_DEPS = frozenset({"nsubj"})


def main_clause(verb: Token) -> bool:
    """The verb heads the sentence, or shares its subject with the verb that does ("came up ... and said")."""
    tok, steps = verb, 0
    while tok.dep_ != "ROOT" and steps < 4:
        if tok.dep_ not in ("conj", "xcomp"):
            return False
        tok, steps = tok.head, steps + 1
    return tok.dep_ == "ROOT"


def depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def reported_inside(verb: Token) -> bool:
    """The verb stands inside what another clause reports or describes ("Peskov denied that Putin said ..."):
    on its way up to the root it passes a complement or a relative clause."""
    tok, steps = verb, 0
    while tok.dep_ != "ROOT" and steps < 50:
        if tok.dep_ in ("ccomp", "relcl", "acl", "pcomp", "csubj", "xcomp") and not (
            tok.dep_ == "xcomp" and tok.head.pos_ in ("VERB", "AUX")
        ):
            return True
        tok, steps = tok.head, steps + 1
    return False


_ADDRESSEE_VERBS = frozenset("tell inform assure remind ask notify brief".split())


def inverted_object(verb: Token) -> Token | None:
    """ "..., warns former programmer and columnist Bill Thompson.": the model reads the speaker of an inverted
    tag at the end of the sentence as the verb's object. Only a comma, the verb and that phrase, then the end."""
    doc = verb.doc
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.lemma_.lower() in _ADDRESSEE_VERBS:
        return None  # '"...," X, Save the Children's director, told ABC News': the object of "told" is the listener
    if verb.i == 0 or doc[verb.i - 1].text != "," or len(objs) != 1:
        return None
    if any(c.i > verb.i and c is not objs[0] and not c.is_punct for c in verb.children):
        return None
    last = max(t.i for t in objs[0].subtree)
    return objs[0] if all(t.is_punct for t in doc[last + 1 :]) else None


_CLAIM_NOUNS = frozenset(
    "allegation claim accusation charge report rumor rumour suggestion assertion story theory speculation".split()
)


_BODIES = frozenset(
    "government ministry department agency company firm party campaign committee council court union organisation "
    "organization hospital university board police authority authorities office commission institute association "
    "federation administration embassy foundation service bureau pentagon cabinet military army navy bank club "
    "league team network newspaper magazine channel broadcaster house kremlin group school district".split()
)


def described(who: Token) -> bool:
    """ "The celebrity lawyer and professor": a person the article named before, described again; a participle's
    source only when the description is a body ("the company", "the Department of Health") or a name."""
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in who.children)
    return definite and who.lemma_.lower() not in _BODIES and who.lower_ not in _BODIES


_RELEASE_NOUNS = frozenset("statement letter note post tweet notice release communique".split())


def participle_source(verb: Token) -> Token | None:
    """Who speaks in a participle that reports something said: "The company issued a statement on Monday saying it
    would appeal", "the Department of Health released a statement saying ...", "Mueller broke his silence,
    denying that ...": the subject of the main verb. Only with something said after it (a clause; for a denial
    also an object), and only from a main clause."""
    said = any(c.dep_ in ("ccomp", "parataxis") for c in verb.children) or (
        REPORT_LEMMAS.get(verb.lemma_.lower()) == "denial" and any(c.dep_ == "dobj" for c in verb.children)
    )
    if not said or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    head = verb.head
    if verb.dep_ == "acl":
        if head.lemma_.lower() not in _RELEASE_NOUNS or head.dep_ != "dobj":
            return None  # "a man saying he was hurt": whose words, the noun does not say
        head = head.head
    if head.pos_ not in ("VERB", "AUX") or not main_clause(head) or head.lemma_.lower() in REPORT_LEMMAS:
        return None
    if any(c.dep_ in ("auxpass", "nsubjpass", "neg") for c in head.children):
        return None
    return next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)


def denial_agent(verb: Token, lemma: str) -> Token | None:
    """The agent of a passive denial ("The allegations have been rejected by the Chinese Foreign Ministry")."""
    if REPORT_LEMMAS.get(lemma) != "denial" or any(c.dep_ in ("neg", "dobj") for c in verb.children):
        return None
    if not any(c.dep_ == "nsubjpass" and c.lemma_.lower() in _CLAIM_NOUNS for c in verb.children):
        return None  # "the appeal was rejected by the court", "he was denied bail by the judge": no claim denied
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None
