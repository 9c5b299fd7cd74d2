"""Word lists and word forms for the meaning checks: negations, denials, hedges, quantifiers, lemmas.

(DESIGN puts every word list in nlp/vocab.py; these move there once the NLP core settles.)
"""

from __future__ import annotations

import re

from summarizer import nlp

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")

# Words that make a clause negative. "No 10" (Downing Street) and "No. 5" are not negations.
NEGATIONS = frozenset(
    """not no never none nothing nobody neither nor without cannot can't couldn't didn't don't doesn't isn't
    aren't wasn't weren't won't wouldn't hasn't haven't hadn't shouldn't deny denies denied denying denial
    denials reject rejects rejected rejecting refute refutes refuted dismissed dismisses declined declines
    refused refuses failed fails unable lack lacks lacked absence struggled struggle struggles unless""".split()
)
DENIALS = frozenset(
    """deny denies denied denying denial denials reject rejects rejected rejecting refute refutes refuted dismissed
    dismisses declined declines refused refuses""".split()
)
# Verbs that only frame a statement ("X said ..."): they do not count as shared content.
FRAME_VERBS = frozenset("said says say told tells according stated added".split())
REPORTING = frozenset("said says say told tells according claimed claims argued stated added insisted warned".split())
SUBJECT_FILLER = frozenset("the and some many several most few other others also had has have who which that".split())
REPORTING_ANY = REPORTING | frozenset(
    """claim alleged alleges allege argue argues insist insists contend contends contended maintain maintains
    maintained believe believes believed think thinks thought fear fears feared warn warns suggest suggests
    suggested""".split()
)
# Words that keep a denial a denial in other terms ("the palace slammed the report as false").
CONTRA = frozenset(
    """slam slams slammed criticise criticises criticised criticize criticizes criticized condemn condemns condemned
    dispute disputes disputed contest contests contested rebut rebuts rebutted false untrue baseless fabricated
    inaccurate fake lies nonsense provocation""".split()
)
# What a denial becomes when it is flipped: an admission.
AFFIRMATIONS = frozenset(
    """accept accepts accepted accepting admit admits admitted admitting confirm confirms confirmed confirming
    acknowledge acknowledges acknowledged acknowledging concede concedes conceded agree agrees agreed""".split()
)
HEDGES = frozenset(
    """allegedly alleged alleges allege alleging reportedly purportedly purported supposedly apparently seemingly
    possibly possible perhaps probably likely unlikely may might could appear appears appeared seem seems seemed
    suggest suggests suggested suspected suspect unconfirmed unverified rumoured rumored believed thought
    potentially potential estimated expected""".split()
)
LOOK_VERBS = frozenset("appear appears appeared seem seems seemed".split())
# Verbs of belief that keep a statement someone's view, even when the source uses them too.
EPISTEMIC = frozenset(
    """think thinks believe believes expects expect fear fears hope hopes link links linked associated
    association tied""".split()
)
# Intentions keep a statement about the future a plan, not a fact, when they take "to" ("plans to cut").
INTENTIONS = frozenset("plan plans planned intend intends intended aim aims aimed".split())
_INTENT_SUBJECTS = frozenset("they we i you will would also still".split())  # "we plan to"; not "the plan to"


def epistemic(ws: list[str]) -> list[str]:
    """The words of belief and intention in ``ws`` ("think", "plans to"; not "the plan")."""
    out = []
    for i, w in enumerate(ws):
        takes_to = i + 1 < len(ws) and ws[i + 1] == "to"
        # "plans to", "we plan to"; not "Trump's plan to keep forces" (a noun)
        verb = w[-1] in "sd" or (i > 0 and ws[i - 1] in _INTENT_SUBJECTS)
        if w in EPISTEMIC or (w in INTENTIONS and takes_to and verb):
            out.append(w)
    return out


# Hedges whose loss changes what is asserted even when the sentence keeps its reporting verb.
MARKED_HEDGES = frozenset(
    """appear appears appeared seem seems seemed allegedly alleged reportedly purportedly purported supposedly
    apparently possibly perhaps probably likely unlikely may might could unconfirmed unverified rumoured
    rumored""".split()
)
# Hedges that say "someone says so": an explicit attribution in the output keeps them.
HEARSAY = frozenset("allegedly alleged reportedly purportedly purported supposedly rumoured rumored".split())
# Words that keep a statement attributed or uncertain in an output sentence.
KEEPERS = HEDGES | frozenset(
    """according claim claims claimed claiming accused accuses accusing accusation said says say saying told tells
    reported reports report insisted insists argued argues contended contends maintained maintains stated states
    added adds warned warns described describes called calls believes believe thinks think denied denies
    allegation allegations""".split()
)
STRONG = frozenset(
    """all every everyone everybody unanimous unanimously universal universally always entire entirely consensus
    overwhelming overwhelmingly invariably wholly""".split()
)
OUT_SPLIT = re.compile(r"\s*(?:;|,\s*(?:and|but|while|whereas)\b|\bbut\b|\bwhile\b|\bwhereas\b)\s*")
AGREE = "agre"  # lemma("agree"): "experts agree" claims a consensus
# Quantity words an output may not add: "many bloggers" for "two of her friends".
QUANTITY = frozenset("many most numerous majority countless widespread widely".split())
# Words that restrict a statement to part of a group: dropping them generalises ("one subgroup of the trial").
RESTRICTORS = frozenset("some several few certain subgroup subgroups minority handful".split())
WEAK = frozenset("some several few certain handful number one two three minority many part".split())
CLAUSE_SPLIT = re.compile(
    r"\s*(?:[,;:\u2014\u2013]|\s-\s|\b(?:but|while|although|whereas|before|after|because|unless|until|if)\b)\s*"
)
_IRREGULAR = {
    "found": "find",
    "shown": "show",
    "showed": "show",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "made": "make",
    "knew": "know",
    "known": "know",
    "saw": "see",
    "seen": "see",
    "told": "tell",
    "said": "say",
    "paid": "pay",
    "held": "hold",
    "met": "meet",
    "won": "win",
    "lost": "lose",
    "led": "lead",
    "left": "leave",
    "kept": "keep",
    "brought": "bring",
    "thought": "think",
    "sought": "seek",
    "went": "go",
    "gone": "go",
    "came": "come",
    "did": "do",
    "done": "do",
    "had": "have",
    "has": "have",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
}
FUNCTION_WORDS = nlp.STOPWORDS | {"did", "does", "do", "has", "have", "had", "was", "were", "is", "are", "be", "been"}


def lemma(word: str) -> str:
    """A comparable form: irregular verbs mapped, then -s/-es/-ed/-ing and a final -e stripped (change = changed)."""
    w = word.lower().replace("\u2019", "'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    else:
        for suffix in ("ing", "ed", "es", "s"):
            if len(w) > len(suffix) + 2 and w.endswith(suffix) and not w.endswith(("ss", "us", "is")):
                w = w[: -len(suffix)]
                break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (apostrophes kept, so "didn't" is one word); "May" inside a sentence is the
    month, not the hedge, and comes back as ``may-month``."""
    out = []
    for i, w in enumerate(WORD_RE.findall(text)):
        out.append("may-month" if w == "May" and i > 0 else w.lower().replace("\u2019", "'"))
    return out


def content(ws: list[str]) -> set[str]:
    """Lemmas of the words that carry meaning (reporting verbs and negations carry the frame, not the content)."""
    return {
        lemma(w) for w in ws if len(w) > 2 and w not in FUNCTION_WORDS and w not in NEGATIONS and w not in FRAME_VERBS
    }


def is_cue(ws: list[str], i: int, text: str) -> bool:
    """``ws[i]`` negates: not "No 10" / "No. 5", not "in the absence of" (a condition)."""
    w = ws[i]
    if not (w in NEGATIONS or w.endswith("n't")):
        return False
    if w == "no" and re.search(r"\bNo\.?\s*\d", text):
        return False
    if w in ("no", "not", "nothing") and ws[i + 1 : i + 3] in (["more", "than"], ["less", "than"], ["only"], ["but"]):
        return False  # "no more than a parody" = "just a parody"; "not only ... but"
    return not (w == "absence" and i >= 2 and ws[i - 2] == "in")


def negated(ws: list[str], text: str) -> bool:
    """The words contain a negation ("No 10" and "No. 5" do not count)."""
    return any(is_cue(ws, i, text) for i in range(len(ws)))


# Words that show an output sentence reports someone's finding or statement, not the narrator's own.
ATTRIBUTING = KEEPERS | frozenset("found finds concluded concludes showed shows".split())
REPORT_VERBS = (REPORTING_ANY | DENIALS | KEEPERS) - HEDGES


def reports_someone(sentence: str, *, ignore: list[str] | tuple[str, ...] = ()) -> bool:
    """A reporting verb after the first word ("Lord Goldsmith denied", "the column says"), or "according to";
    words in ``ignore`` do not count."""
    if re.search(r"\baccording to\b", sentence, re.IGNORECASE):
        return True
    toks = [t.lower() for t in re.findall(r"[A-Za-z][\w'\u2019-]*", sentence)]
    verbs = REPORT_VERBS | ATTRIBUTING | {v for v in nlp.REPORTING_VERBS if " " not in v}
    return any(t in verbs and t not in ignore for t in toks[1:])
