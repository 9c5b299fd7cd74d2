"""Every word list of the text core in one place: reporting verbs, roles, titles, stopwords, hedges.

The extractive engine, the attribution rules and the trust checks all read these lists, so a word added
here changes what every one of them recognises.
"""

from __future__ import annotations

# Reporting verbs by lemma, with the claim type a sentence gets when its speaker uses them.
REPORT_LEMMAS: dict[str, str] = {
    **dict.fromkeys(
        "say tell state add note explain announce report write tweet insist acknowledge confirm reply respond "
        "recall testify declare remark admit reveal concede disclose describe maintain clarify continue stress "
        "emphasise emphasize point conclude ask urge tout quote downplay comment hint".split(),
        "statement",
    ),
    **dict.fromkeys("deny reject dismiss refute dispute rebut contradict disagree".split(), "denial"),
    **dict.fromkeys("claim allege accuse charge assert contend".split(), "allegation"),
    # Verbs of public criticism report what someone said about someone ("Holloway slammed the board").
    **dict.fromkeys("slam blast lambast lambaste criticise criticize condemn".split(), "allegation"),
    **dict.fromkeys("predict forecast warn vow promise pledge estimate expect caution".split(), "prediction"),
    **dict.fromkeys("believe think argue feel suggest fear opine worry hope speculate".split(), "opinion"),
}
# Verbs that report speech only with something said: a clause, a quotation ("She added that ...", "'...,' he
# continued"), not an object or an infinitive ("China maintains tight control", "Snow continued to fly", "She
# wrote individual reports", "Volker testified before the committee").
CONTENT_VERBS = frozenset("continue maintain write testify add recall".split())
# A speech the narrator only expects or imagines: "may claim", "will undoubtedly argue" (nlp/verbs.py).
MAYBE_MODALS = frozenset("could might may should must".split())
GUESS_ADVERBS = frozenset("undoubtedly doubtless probably likely surely presumably certainly".split())
# "Trial results showed ...": a finding the narrator reports, not a source's statement to attribute.
FINDING_VERBS = frozenset(
    "show showed shows shown find found finds suggest suggested suggests indicate indicated".split()
)
# Verbs that report only when a document is their subject ("the study found", "results show").
DOC_VERBS: dict[str, str] = {
    "find": "statement", "show": "statement", "conclude": "statement", "suggest": "opinion",
    "indicate": "statement", "state": "statement", "explain": "statement", "warn": "prediction",
}  # fmt: skip
DOC_NOUNS: frozenset[str] = frozenset(
    "study studies research review report survey paper analysis trial trials results data findings article "
    "statement poll investigation audit inquiry inquest profile recording records documents filing figures "
    "video footage letter memo transcript".split()
)
# Nouns that make a noun phrase a recognisable source: roles, institutions, relatives, document writers.
ROLE_NOUNS: frozenset[str] = frozenset(
    "spokesman spokeswoman spokesperson spokespeople official officials police officer officers lawyer lawyers "
    "attorney attorneys researcher researchers scientist scientists source sources analyst analysts doctor doctors "
    "prosecutor prosecutors minister ministers president secretary director chief executive chairman chairwoman "
    "leader leaders aide aides adviser advisers advisor advisors staffer staff member representative "
    "representatives agent agents investigator investigators professor professors author writer editor journalist "
    "reporter witness witnesses eyewitness eyewitnesses neighbour neighbor neighbours neighbors friend friends "
    "family relative relatives wife husband mother father daughter son sister brother grandmother grandfather aunt "
    "uncle government ministry department agency company firm party campaign committee council court judge union "
    "regulator regulators authorities spokesperson economist economists campaigners campaigner organisation "
    "organization hospital university board general governor mayor senator congressman congresswoman coroner "
    "magazine newspaper paper channel network broadcaster authority house kremlin ministry office commission "
    "institute association federation administration embassy foundation service services bureau pentagon "
    "cabinet command forces army navy military prosecutors bank club league team station".split()
)
# Crowds that name nobody: "critics say" is the article speaking, not a source.
VAGUE_NOUNS: frozenset[str] = frozenset(
    "expert experts analyst analysts critic critics observer observers commentator commentators pundit pundits "
    "insider insiders skeptic skeptics sceptic sceptics people others some many most everyone nobody few supporters "
    "detractors opponents".split()
)

# --------------------------------------------------------------------------- function words and stopwords

DETERMINERS = frozenset("a an the this that these those its his her their our your my".split())
CONNECTORS = frozenset({"of", "for", "de", "van", "von", "der", "da", "al", "bin", "the", "and", "on", "la", "le"})
_TRUST_STOPWORDS = """a an the and or but if then so as at by for from in into of on onto to with without within over
    under
    after before during since until while when where why how what which who whom whose this that these those there
    here it its it's he she they we you i his her their our your my me him them us all any both each few more
    most other some such no nor not only own same than too very can will just should would could may might must
    shall is are was were be been being have has had having do does did doing also yet still however meanwhile
    although though because despite about above below between against among through across along around behind
    beyond near off out up down again further once later earlier today yesterday tomorrow now new according
    many much several every another one two three four five six seven eight nine ten first second third last next
    officials police experts critics residents investors analysts researchers scientists prosecutors lawyers
    witnesses workers voters shares sales revenue profit the neither either whether instead overall
    """
_ENGINE_STOPWORDS = """a an the and or but if of to in on at by for with from as is was were are be been being it its
    this that these those he she they we i you his her their our my your him them us me not no so than then there here
    what which who whom whose when where why how all any each more most some such only own same too very can will just
    would could should may might must do does did has have had said says told about after before over into out up
    down also"""
# One stopword list for the engine's centrality and the checks' content words.
STOPWORDS: frozenset[str] = frozenset((_TRUST_STOPWORDS + " " + _ENGINE_STOPWORDS).split())

# --------------------------------------------------------------------------- hedges and reporting verbs

HEDGE_MARKERS: frozenset[str] = frozenset(
    {
        "allegedly", "reportedly", "purportedly", "supposedly", "apparently", "seemingly", "possibly", "perhaps",
        "probably", "likely", "unlikely", "may", "might", "could", "would", "appears", "appeared", "appear",
        "seems", "seemed", "seem", "suggests", "suggested", "suggest", "according to", "claimed", "claims",
        "claim", "claiming", "alleged", "alleges", "allege", "alleging", "said to", "believed to", "thought to",
        "suspected", "unconfirmed", "unverified", "rumored", "rumoured", "reported", "estimated", "expected to",
        "is said", "was said", "not clear", "unclear", "it is possible", "potentially",
    }
)  # fmt: skip


# --------------------------------------------------------------------------- the meaning checks' word classes
# (negation, denial, doubt, attribution and quantity words an output sentence must keep from its source)

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
SUBJECT_FILLER = frozenset("the and some many several most few other others also had has have who which that".split())
REPORTING_ANY = frozenset(
    """said says say told tells according claimed claims argued stated added insisted warned
    claim alleged alleges allege argue argues insist insists contend contends contended maintain maintains
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
# Doubt words of a clause (single words; HEDGE_MARKERS above are the phrases nlp.hedges() reports): dropping
# one changes what the clause asserts.
HEDGE_WORDS = frozenset(
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
INTENT_SUBJECTS = frozenset("they we i you will would also still".split())  # "we plan to"; not "the plan to"


# Hedges whose loss changes what is asserted even when the sentence keeps its reporting verb.
MARKED_HEDGES = frozenset(
    """appear appears appeared seem seems seemed allegedly alleged reportedly purportedly purported supposedly
    apparently possibly perhaps probably likely unlikely may might could unconfirmed unverified rumoured
    rumored""".split()
)
# Hedges that say "someone says so": an explicit attribution in the output keeps them.
HEARSAY = frozenset("allegedly alleged reportedly purportedly purported supposedly rumoured rumored".split())
# Words that keep a statement attributed or uncertain in an output sentence.
KEEPERS = HEDGE_WORDS | frozenset(
    """according claim claims claimed claiming accused accuses accusing accusation said says say saying told tells
    reported reports report insisted insists argued argues contended contends maintained maintains stated states
    added adds warned warns described describes called calls believes believe thinks think denied denies
    allegation allegations""".split()
)
STRONG = frozenset(
    """all every everyone everybody unanimous unanimously universal universally always entire entirely consensus
    overwhelming overwhelmingly invariably wholly""".split()
)
# Quantity words an output may not add: "many bloggers" for "two of her friends".
QUANTITY = frozenset("many most numerous majority countless widespread widely".split())
# Words that restrict a statement to part of a group: dropping them generalises ("one subgroup of the trial").
RESTRICTORS = frozenset("some several few certain subgroup subgroups minority handful".split())
WEAK = frozenset("some several few certain handful number one two three minority many part".split())
IRREGULAR_VERBS = {
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
# Stopwords plus the auxiliaries: words that never carry a clause's content.
FUNCTION_WORDS = STOPWORDS | {"did", "does", "do", "has", "have", "had", "was", "were", "is", "are", "be", "been"}
# Words that show an output sentence reports someone's finding or statement, not the narrator's own.
ATTRIBUTING = KEEPERS | frozenset("found finds concluded concludes showed shows".split())
REPORT_VERBS = (REPORTING_ANY | DENIALS | KEEPERS) - HEDGE_WORDS


# Words that keep an output sentence hedged or attributed (trust's keeps_hedge): the keepers above and the softer
# markers of doubt ("preliminary", "tentative", "linked").
HEDGE_KEEPERS = KEEPERS | frozenset(
    """associated can denial deny disputed disputes estimate hint hinted hints indicate indicated indicates linked
    preliminary suggesting tentative tentatively uncertain unclear unproven would""".split()
)
ABBREVIATIONS = frozenset("mr mrs ms dr prof st sen gov gen rep jr sr lt col capt sgt no vs u.s a.m p.m".split())


def _forms(pairs: dict[str, str], ctype: str) -> dict[str, str]:
    out = {}
    for lemma, forms in pairs.items():
        out[lemma] = ctype
        for f in forms.split():
            out[f] = ctype
    return out


REPORTING_VERBS: dict[str, str] = {
    **_forms(
        {
            "say": "says said", "tell": "tells told", "state": "states stated", "add": "adds added",
            "note": "notes noted", "explain": "explains explained", "announce": "announces announced",
            "report": "reports reported", "write": "writes wrote", "tweet": "tweets tweeted", "post": "posted",
            "insist": "insists insisted", "acknowledge": "acknowledges acknowledged", "confirm": "confirms confirmed",
            "reply": "replies replied", "respond": "responds responded", "recall": "recalls recalled",
            "testify": "testifies testified", "declare": "declares declared", "remark": "remarks remarked",
            "admit": "admits admitted", "reveal": "reveals revealed", "concede": "concedes conceded",
            "disclose": "discloses disclosed", "tout": "touts touted", "describe": "describes described",
        },
        "statement",
    ),
    **_forms(
        {
            "deny": "denies denied", "reject": "rejects rejected", "dismiss": "dismisses dismissed",
            "refute": "refutes refuted", "dispute": "disputes disputed", "rebut": "rebuts rebutted",
            "contradict": "contradicts contradicted", "disagree": "disagrees disagreed",
        },
        "denial",
    ),
    **_forms(
        {
            "claim": "claims claimed", "allege": "alleges alleged", "accuse": "accuses accused",
            "charge": "charged", "assert": "asserts asserted", "contend": "contends contended",
        },
        "allegation",
    ),
    **_forms(
        {
            "predict": "predicts predicted", "forecast": "forecasts forecasted", "expect": "expects expected",
            "warn": "warns warned", "project": "projected", "vow": "vows vowed", "promise": "promises promised",
            "pledge": "pledges pledged", "estimate": "estimates estimated",
        },
        "prediction",
    ),
    **_forms(
        {
            "believe": "believes believed", "think": "thinks thought", "argue": "argues argued",
            "feel": "feels felt", "suggest": "suggests suggested", "fear": "fears feared",
            "opine": "opines opined", "worry": "worries worried", "hope": "hopes hoped",
        },
        "opinion",
    ),
    "according to": "statement",
}  # fmt: skip
for _nounish in ("project", "charge", "post", "state", "note", "report", "remark", "tweet", "estimate", "forecast"):
    REPORTING_VERBS.pop(_nounish, None)
FACTIVE_VERBS: frozenset[str] = frozenset(
    "reveal reveals revealed revealing admit admits admitted admitting confirm confirms confirmed confirming "
    "prove proves proved proven proving expose exposes exposed exposing".split()
)
NOUNISH_FORMS = frozenset(
    "claim claims remarks reports notes states charges fears hopes estimates promises pledges disputes vows "
    "warns forecasts thoughts tweets posts says".split()
)
INVERTED_VERBS = frozenset(
    "said says added told wrote asked continued insisted explained argued warned replied noted claimed denied "
    "tweeted posted recalled declared reports".split()
)
# Verbs that introduce a quotation or a stance without being general reporting verbs ("called the results
# 'preliminary'", "her grandmother clarified"): a sentence's further sources, never its own attribution.
QUOTING_VERBS = frozenset(
    """called calls described describes labelled labeled branded termed clarified stressed emphasised emphasized
    countered maintained maintains cautioned urged observed""".split()
)
QUOTING_LEMMAS = frozenset(
    "call describe label brand term clarify stress emphasise emphasize counter maintain caution urge observe".split()
)

# --------------------------------------------------------------------------- names, titles, dates

# Titles and roles written before a name ("Foreign Minister", "Dr."): the union of the engine's and the checks' lists.
TITLE_WORDS: frozenset[str] = frozenset(
    """adm. administrator admiral adviser advisor aide ambassador analyst attorney auditor bishop capt capt. captain
    ceo cfo chair chairman chairwoman chancellor chancellor-elect chief clerk coach col col. colonel commander
    commissioner congressman congresswoman coo correspondent councillor councilman councilwoman dame dean defence
    defense deputy detective director dr dr. economist editor education envoy executive finance foreign founder
    gen gen. general gov gov. governor health home inspector interior judge justice king lady leader lieutenant
    lord lt lt. manager mayor member minister miss mr mr. mrs mrs. ms ms. officer official pope premier president
    president-elect press prime prince princess prof prof. professor queen rep rep. representative rev. secretary
    sen sen. senator senior sergeant sgt sgt. sheriff sir speaker spokesman spokesperson spokeswoman state
    superintendent treasurer treasury vice mp mep msp insider
    farmer banker teacher nurse lawyer student resident singer actor actress rapper comedian writer journalist
    reporter investor owner driver activist trader pilot pastor rabbi imam""".split()
)
ORG_WORDS = frozenset(
    "house kremlin ministry department office council party committee court agency bank union nations government "
    "parliament senate congress commission police army navy times post news inc corp university institute "
    "association federation republic states kingdom organization organisation group company service services fund "
    "board authority bureau pentagon administration campaign embassy foundation network agency airlines league "
    "club team assembly cabinet duma command forces reserve exchange reuters press tribune journal records "
    "productions studios pictures entertainment awards media".split()
)
NOT_NAMES = frozenset(
    "the a an he she they it we i you this that these those but and or so yet if in on at for from by with as "
    "after before when while then there here his her their its our my your what who why how where which "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december mr mrs ms dr according meanwhile however still also even "
    "both each every some many most one two three several other others critics experts analysts observers "
    "breaking exclusive update watch like well yes okay ok oh listen".split()
)
MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
