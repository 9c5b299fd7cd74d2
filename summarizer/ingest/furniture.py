"""Page furniture and section headings: what a crawled page carries around the article, taken out before splitting.

Dropped: photo captions ("Pictured: ...", "Label: text" lines without a full stop, wire photo credits), "Scroll down
for video", share counters and site widgets, bylines, "Source:"/"Read more" footers with links, author bios,
embedded tweets, shopping widgets, embedded-media leads ("Full tape:"), transcript timestamps, "(Related: ...)"
links, repeated titles and repeated paragraphs (pull quotes, captions that repeat the text). Kept apart: section
headings (short title-case or all-caps lines), so no engine treats them as sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FURNITURE_RE = re.compile(
    r"^(?:scroll down for (?:video|more)|advertisement|story continued below|continue reading|read more\b|"
    r"click here\b|tap here\b|related(?: articles| stories)?:?$|share (?:this|on)\b|\d[\d,.]*k? shares?$|"
    r"(?:by|written by|authors?|words|reporting by|editing by)\s*:?\s+[A-Z][\w.'\u2019-]+(?:\s+[\w.'\u2019/&-]+){0,8}$|"
    r"source:\s|sources?:\s*\S+$|sources?:$|(?:photo|picture|image|file photo|video)(?:\s+(?:credit|caption))?:|"
    r"%?\s*of readers think this story|add your two cents|headline:\s|visit site$|shop now$|buy now$|"
    r"shop the look$|\[\s*more\b.*\]$|this article (?:has been|was) (?:contributed|originally|first|adapted)\b|"
    r"(?:follow|like) (?:us|[A-Z][\w.]*(?: [A-Z][\w.]*){0,3}) on (?:facebook|twitter|instagram)\b|"
    r"the views (?:and opinions )?expressed (?:in|by)\b|sign up\b|subscribe\b|copyright\b|\u00a9|all rights reserved|"
    r"(?:image|photo|picture)s? (?:copyright|courtesy)\b|watch the video\b|listen to\b|"
    r"\(c\)\s*\d{4}\b|scroll down to\b|related (?:coverage|content|links|videos?):?$|>>|\u00bb|"
    r"\(?(?:additional\s+)?(?:reporting|writing|editing)\s+by\b.*\)$|"
    r"this article is (?:more|less) than \d+ \w+ old$|play video(?:\s+\d{1,2}:\d\d|$)|"
    r"related videos?(?:\s+video length\b|$)|video length\b|"
    r"click to (?:email|share|print|tweet|open)\b|enlarge this image\b|\[[^\]]{1,40}\]$|"
    r"(?:also read|read also|trending|recommended|you may also like|related post|more from [^:]{1,40})\s*:\s|"
    r"sources? for this (?:article|story|report) (?:include|are)\b|comment on this (?:article|story) at\b|"
    r"this (?:article|story|report) was (?:produced|written|prepared) by\b|liked it\? take a second to support\b|"
    r"(?:more|the latest)\b[^.]{0,100}\bis available at\s+\S+$|"
    r"from (?:the )?(?-i:[A-Z][\w.&'\u2019-]*(?:\s+[A-Z][\w.&'\u2019-]*){0,6}):$|"
    r"(?:last )?updated(?: on)?:?\s+(?:\w+,?\s+)?(?:\w+\.?\s+\d{1,2}|\d{1,2}\s+\w+)(?:,?\s+\d{4})?"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\.?$)",
    re.IGNORECASE,
)
# Wire and newspaper credit lines: "The Associated Press contributed to this report.", "X and Y contributed."
_CONTRIBUTED_RE = re.compile(
    r"\bcontributed(?: reporting| to (?:this|the) (?:report|story|article))\.?$"
    r"|\b(?:Associated Press|Reuters|AFP|staff writers?)\b.*\bcontributed\.?$"
)
# The writer's bio at the end of a column: "Jo Park is a regular commentator on ...", "... His latest book is ...",
# "You can reach him by e-mailing ...", "Follow Jo on Twitter".
_BIO_START_RE = re.compile(
    r"^[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){1,3}\s+(?:(?:is|was)\s+(?:a|an|the)|teaches|writes|covers)\b"
)
_BIO_CUE_RE = re.compile(
    r"\b(?:author|columnist|commentator|contributor|editor|writer|journalist|correspondent|blogger|broadcaster|"
    r"senior fellow|latest book|new book|(?:his|her) books?|follow (?:him|her|[A-Z]\w+) on|wrote this for|"
    r"(?:is|was) the author of)\b|"
    r"[\w.-]{1,64}@[\w-]{1,64}\.\w",
)
_QUOTE_MARK_RE = re.compile('["\u201c\u201d\u00ab\u00bb]')
_SENTENCE_SPLIT_RE = re.compile(r"[.!?]\s+(?=[A-Z])")
_EMAIL_RE = re.compile(r"[\w.-]{1,64}@[\w-]{1,64}\.[a-z]{2,}")  # bounded: no quadratic search on a giant line
# Readers asked to comment, and the widgets of a page: a video player's caption settings, a form's reCAPTCHA.
_PROMPT_RE = re.compile(
    r"\blet us know\b|\btell us (?:what|in|below|your)\b|\bin the comments\b|\bsound off\b|\bcomment below\b|"
    r"\bmodal window\b|\brecaptcha\b|^font (?:family|size)\b|^text edge style\b|\bclick here\b|\bhow you can support\b|"
    r"\bsupport (?:of )?our (?:readers|journalism)\b|\bfollow us on\b|\bto read more (?:columns|stories|articles)\b",
    re.IGNORECASE,
)
# A line that is only a date ("Tue, December 13, 2016"), or has no letters at all ("[...]").
_DATE_LINE_RE = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d{1,2}\s+[a-z]+\.?|[a-z]+\.?\s+\d{1,2}),?\s+\d{4}"
    r"(?:\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?$",
    re.IGNORECASE,
)
# A link line: "Read about the latest in the investigation here", "Watch the video below".
_LINK_LINE_RE = re.compile(
    r"^(?:read|watch|see|click|listen|check out|scroll through|view)\b.{0,80}\b(?:here|below|above|gallery|video)"
    r"[.!]?$",
    re.IGNORECASE,
)
# A photo credit ending a caption: "... in 2014. Jo Park/Toronto Sun/Postmedia Network".
_SLASH_CREDIT_RE = re.compile(
    r"\b[A-Z][\w.'-]{0,30}(?: [A-Z][\w.'-]{0,30}){0,3}/[A-Z][\w.' -]{0,40}(?:/[A-Z][\w.' -]{0,40}){0,3}$"
)
_TWEET_SIGNATURE_RE = re.compile(r"^[\u2014\u2013-]+\s*[^()]{1,60}\(@\w+\)\s+\w+ \d{1,2}, \d{4}$")
_URL_RE = re.compile(r"https?://\S+|www\.\S+|\b[a-z0-9-]+\.(?:com|co\.uk|org|net|ly)/\S*", re.IGNORECASE)
_CREDIT_RE = re.compile(
    r"\b(?:REUTERS|AFP|AP Photo|Getty Images|EPA|PA Wire|Shutterstock|Alamy)/|\|\s*AP Photo|\bFILE PHOTO\b"
)
_TWEET_RE = re.compile(r"\(@\w+\)\s+(?:[A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})\s*$|pic\.twitter\.com/")
_BIO_RE = re.compile(
    r"^[\u2014\u2013-]\s*[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){0,3}\s+(?:is|was)\s+(?:a|an|the)\b"
)
_MEDIA_LEAD_RE = re.compile(
    r"\b(?:audio|video|tape|clip|highlights|footage|gallery|photos|pictures|watch|listen|podcast)\b", re.IGNORECASE
)
# A lead-in to a picture, chart or video that the crawl did not keep.
_MEDIA_INTRO_RE = re.compile(
    r"(?:here(?:'s|\u2019s| is| are)\s+(?:a |an |the )?(?:\w+\s+){0,2}"
    r"(?:photo|picture|image|video|frame|chart|graph|figure|map|table|clip|screenshot|graphic)s?"
    r"|(?:this|below|above)\s+(?:\w+\s+){0,2}(?:photo|picture|image|frame|chart|graph|figure|map|table|screenshot|graphic)s?"
    r"|figure\s+\d+)\b",
    re.IGNORECASE,
)
_DOMAIN_LINE_RE = re.compile(
    r"^(?:https?://)?(?:www\.)?[\w-]{2,40}(?:\.[\w-]{2,40}){0,2}\.(?:com|org|net|news|info|tv|io|co\.uk)/?$"
)
_CAPTION_LABEL_RE = re.compile(
    r"^[\"'\u2018\u201c]?(?P<label>[A-Z][^:.!?\n]{0,60}?[!?]?)[\"'\u2019\u201d]?:\s+(?P<rest>\S.*)$", re.DOTALL
)
_PICTURED_RE = re.compile(
    r"\bpictured\b|\(\s*(?:left|right|centre|center|above|below|top|bottom|inset|front \w+)\s*\)|\bseen here\b"
)
# Inside a paragraph: a caption glued into the text, as in the CNN/DailyMail news dataset, where every caption
# and byline ends in " ." ("Laurene Jobs, pictured, ... for president .", "Scroll down for videos .", "By ."),
# and captions that point at the picture (", left, ... , right and", "(pictured with ...)").
_INLINE_CAPTION_END_RE = re.compile(r"\w['\u2019\")\]]?\s+\.$")
_INLINE_PICTURED_RE = re.compile(
    r",\s*pictured(?:\s+(?:left|right|above|below|centre|center|top|bottom|inset|here))?\s*[,.]|\(\s*pictured\b[^)]*\)"
    r"|,\s*(?:left|right|centre|center|above|below|top|bottom)\s*[,.]"
    r"|\(\s*(?:left|right|centre|center|above|below|top|bottom|inset)\s*[,)]"
    r"|\b[Pp]ictured (?:left|right|above|below|centre|center|top|bottom|inset)\b"
    r"|\((?:stock|file)(?: (?:image|photo|picture))?\)$"
    r"|^(?i:watch|see|check out|scroll (?:through|down)|click)\b.{0,80}\b(?:below|above|gallery|video)\b"
)
_CNN_DATELINE_RE = re.compile(r"^\((?:CNN|CNN Money|EW\.com|Mashable)\)\s*(?:--\s*)?")
_RELATED_RE = re.compile(
    r"\s*\((?:(?i:related|see also|read more|watch|more)\s*:[^()]*|(?:See|Watch|Read|Photos|Video)\b[^()]{3,120})\)"
)
# "LONDON (Reuters) - ", "TRENTON -- ", "SURABAYA, Indonesia/JAKARTA (Reuters) - ", "SAN FRANCISCO (AP) — ".
_DATELINE_RE = re.compile(
    r"^(?:[A-Z]{3,}[A-Z.'-]*(?:[ /-]+[A-Z]{2,}[A-Z.'-]*){0,3}(?:,\s*[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?"
    r"(?:/[A-Z]{3,}[A-Z .'-]*)?)?\s*(?:\((?:Reuters|AP|AFP|CNN|UPI|Bloomberg|dpa|AAP|PA)\))?|"
    r"\((?:Reuters|AP|AFP|UPI|Bloomberg|dpa|AAP|PA)\))(?:\s*(?:--|\u2014|\u2013)\s*|\s+-\s+)(?=[A-Z\"'\u2018\u201c])"
)
_TIMESTAMP_RE = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b\s*")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# Inside a paragraph: a wire story's ticker codes ("Deutsche Bank (DBKGn.DE)"), a bracketed link
# ("[tmsnrt.rs/2jJ7pav]", "[via Chicago Tribune ]"), a tweet's picture link and signature ("pic.twitter.com/x
# Jo Park (@jopark) October 18, 2017"), a blog's "Posted on <date> by <name> in <section> Share This".
_INLINE_FURNITURE_RE = re.compile(
    r"\s?\((?:[A-Z0-9]{1,6}[a-z]{0,2}\.(?:[A-Z]{1,2}|OQ))\)(?=[\s,.;:])"
    r"|\s?\[(?:https?://)?[\w-]{1,30}(?:\.[\w-]{1,30}){1,3}/[^\]\s]{0,40}\]|\s?\[via [^\]\n]{1,60}\]"
    r"|\s?(?:pic\.twitter\.com|https?://t\.co)/\w{1,20}"
    r"|(?:\s{0,3}[\u2014\u2013]\s{0,3}[^()\n]{1,40}?)?\s?\(@\w{1,15}\)\s{1,3}" + _MONTH + r" \d{1,2}, \d{4}"
    r"|\s{0,3}\bPosted on " + _MONTH + r" \d{1,2}, \d{4} by [A-Z][\w.'-]{0,30}(?: [A-Z][\w.'-]{0,30}){0,3}"
    r"(?: in [A-Z][\w&-]{0,30}(?: [A-Z&][\w&-]{0,30}){0,2})?(?:\s+Share This)?"
    r"|^(?:EXCLUSIVE|BREAKING|UPDATED?)\s*:\s+(?=[A-Z\"\u201c])"
    # a shortened link ("in a letter posted bit.ly/3bNB3R7 on Twitter", "... overall.\u201d reut.rs/3bGMCtl") and a
    # fact check's link markers ("(here)", "(here, here, here)")
    r"|\s?\b(?:bit\.ly|reut\.rs|tmsnrt\.rs|goo\.gl|ow\.ly|tinyurl\.com|trib\.al|apne\.ws|nyti\.ms|wapo\.st|cnn\.it|"
    r"fxn\.ws|politi\.co|bbc\.in|n\.pr|youtu\.be)/[\w-]{1,30}"
    r"|\s?\(here(?:(?:,| and|, and) here){0,6}\)(?:\s(?=[.,;:]))?"
    # a wire story's correction note and a ticker code without brackets ("Gazprombank GZPRI.MM did not reply"), a
    # "Sources:" label the crawl glued to the end of the last paragraph
    r"|\s?\((?:This (?:story|version of (?:the|this) story|article) (?:corrects|has been corrected|refiles|adds)\b"
    r"[^()\n]{0,200})\)"
    r"|(?<=\s)[A-Z]{3,6}[a-z]?\.(?:MM|DE|PA|AS|HK|SS|SZ|OQ|TO|L|N|O|T)(?=[\s,;:]|\.\s|\.?$)\s?"
    r"|(?<=[.!?\u201d\"])\s+Sources?:$"
)
# Lower case only: "Continued dedication:" is a caption label, "A family source told TMZ:" is not.
_REPORTING_RE = re.compile(
    r"\b(?:said|says|told|tells|added|adds|wrote|writes|asked|replied|explained|stated|announced|insisted|"
    r"claimed|denied|according|continued|concluded|states|explains|reads|read)\b"
)
_COMMERCE_RE = re.compile(
    r"\$\d|\bbuy\b|\bshop\b|\bclick\b|\bsells? out\b|\bstyle\b|\blook\b|\btop picks\b|\bprice[ds]?\b|\bat [A-Z]\w+",
    re.IGNORECASE,
)
_COMMERCE_MARKER_RE = re.compile(r"^(?:visit site|shop now|buy now|shop the look|buy it here)$", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", "\u2026", '."', ".\u201d", ".'", ".\u2019", '?"', "?\u201d", '!"', "!\u201d")


@dataclass(frozen=True)
class Cleaned:
    """Paragraphs kept, headings with the index of the kept paragraph they stood before, and how many were dropped."""

    paragraphs: list[str]
    headings: list[tuple[int, str]]
    dropped: int


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9']+", text.lower())


def _ends_sentence(p: str) -> bool:
    return p.rstrip().endswith(_SENTENCE_END)


def is_caption(p: str) -> bool:
    """A photo caption: "Label: text" with no full stop, or any line that describes a picture."""
    if _CREDIT_RE.search(p):
        return True
    m = _CAPTION_LABEL_RE.match(p)
    if m:
        label = m.group("label")
        if len(label.split()) <= 7 and not _REPORTING_RE.search(label) and "," not in label:
            return not _ends_sentence(p) or bool(_PICTURED_RE.search(p))
    if len(p.split()) < 60 and _SLASH_CREDIT_RE.search(p[-200:]):
        return True  # "... on the red carpet in Toronto in 2014. Jo Park/Toronto Sun/Postmedia Network"
    return bool(_PICTURED_RE.search(p)) and not _ends_sentence(p) and len(p.split()) < 60


# A news-agency photo caption: present tense, a full date and a place ("A man is detained by agents on October 14,
# 2015, in Los Angeles, California."); a report tells the past in the past tense.
_AGENCY_CAPTION_RE = re.compile(
    r"^[A-Z][^\"\u201c\u201d]{3,200}?\b(?:(?:is|are)\s+(?:being\s+)?[a-z]+(?:ed|en|wn)|speaks|talks|walks|looks|"
    r"gestures|arrives|attends|waves|poses|listens|leaves|sits|stands|holds|smiles|greets|reacts|delivers|"
    r"addresses|carries|marches|rallies|protests|prays|watches)\b[^\"\u201c\u201d]{0,200}\bon "
    + _MONTH
    + r" \d{1,2}, \d{4},? in [A-Z][^.!?]{1,80}\.$"
)
# Credits and promotions that close a story: "CNN's Jo Park contributed to this report.", "Additional reporting by
# Jo Park", "Jo Park reported from Moscow, and Al Moss wrote and reported from London.", "Watch Erin Burnett
# weekdays 7pm ET.", "For the latest from Erin Burnett click here.", a related-story link "Opinion: Why ...?".
_TRAILER_RE = re.compile(
    r"\bcontributed(?: reporting| to (?:this|the) (?:report|story|article))\.?$|^(?:additional )?reporting by\b|"
    r"^[^\"\u201c]{0,80}\b(?:wrote and )?reported from (?-i:(?:[A-Z][\w.'\u2019-]*|and|wrote|reported|from|in|[,\s])+)"
    r"\.?$|\bclick here\b|"
    r"^watch\b.{0,80}\b\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\b|^opinion:\s",
    re.IGNORECASE,
)


def inline_caption(sentence: str) -> bool:
    """A caption or byline glued into a paragraph as a sentence of its own (see _INLINE_CAPTION_END_RE), a
    "Pictured: ..." label, or a news-agency caption standing as a paragraph's sentence."""
    text = sentence.strip()
    return bool(
        _INLINE_CAPTION_END_RE.search(text)
        or _INLINE_PICTURED_RE.search(text)
        or re.match(r"Pictured\s*:\s", text)
        or (len(text.split()) <= 60 and _AGENCY_CAPTION_RE.match(text))
    )


def trailer(sentence: str) -> bool:
    """A credit or promotion among the last sentences of a story (see _TRAILER_RE); never a quotation."""
    text = sentence.strip()
    return (
        len(text.split()) <= 40
        and not _QUOTE_MARK_RE.search(text)
        and bool(_TRAILER_RE.search(text) or _CONTRIBUTED_RE.search(text))
    )


def strip_dateline_tag(paragraph: str) -> str:
    """'(CNN)Hillary Clinton ...' -> 'Hillary Clinton ...': the agency tag the dataset glues to the first word, and
    the wire dateline that opens a report ('TRENTON -- ', 'LONDON (Reuters) - ')."""
    return _DATELINE_RE.sub("", _CNN_DATELINE_RE.sub("", paragraph, count=1), count=1)


def is_heading(p: str) -> bool:
    """A section heading: a short title-case or all-caps line without a full stop (a question mark is allowed)."""
    words = p.split()
    if not words or len(words) > 14 or p.rstrip().endswith((".", ",", ";", ":", "!", '"', "\u201d", "\u2019")):
        return False
    letters = [c for c in p if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters) and len(letters) >= 3:
        return True
    long_words = [w for w in words if len(w.strip("\"'\u2018\u2019\u201c\u201d()")) >= 4]
    capped = sum(1 for w in long_words if w.lstrip("\"'\u2018\u201c(")[:1].isupper())
    if len(words) <= 3 and words[0][:1].isupper():
        return True
    return bool(long_words) and capped >= 0.75 * len(long_words)


def _is_furniture(p: str, nxt: str | None) -> bool:
    flat = p.strip()
    words = len(flat.split())
    if _FURNITURE_RE.match(flat) or (_TWEET_RE.search(flat) and words <= 80) or _BIO_RE.match(flat):
        return True  # (a long paragraph with a tweet glued in keeps its text; the tweet's links are cut out)
    if nxt is not None and _TWEET_SIGNATURE_RE.match(nxt.strip()) and words <= 60:
        return True  # the text of an embedded tweet, whose signature line follows
    if _CONTRIBUTED_RE.search(flat) and words <= 60 and len(_SENTENCE_SPLIT_RE.split(flat)) == 1:
        return True  # "Associated Press writers Jo Park in Birmingham ... contributed to this report."
    if words <= 40 and not _QUOTE_MARK_RE.search(flat) and (_PROMPT_RE.search(flat) or _LINK_LINE_RE.match(flat)):
        return True  # "HollywoodLifers, do you think ...? Let us know!", "Read about the investigation here"
    if words <= 12 and re.match(r"(?:featured )?(?:image|photo|picture)s? (?:via|by)\s", flat, re.IGNORECASE):
        return True  # "Featured image via screen capture"
    if words <= 25 and re.search(r"\s(?:Read more|[\u2013\u2014-] video)$", flat):
        return True  # a related-story link: "Robert Mueller breaks silence ... Read more"
    if _DATE_LINE_RE.match(flat) or not re.search(r"[^\W\d_]", flat):
        return True  # "Tue, December 13, 2016", "[...]"
    if words <= 60 and "@" in flat and _EMAIL_RE.search(flat):
        return True  # "You can reach him by e-mailing ...@..."
    if _URL_RE.search(flat) and len(_URL_RE.sub("", flat).split()) <= 12:
        return True  # a link line: "Source: http://...", "Read more great articles here: https://..."
    if flat.endswith(":") and len(flat.split()) <= 8 and _MEDIA_LEAD_RE.search(flat):
        return True  # "Here's the audio from the National Post:" (the embed itself is gone)
    if flat.endswith(":") and len(flat.split()) <= 40 and _MEDIA_INTRO_RE.match(flat):
        return True  # "This video frame shows blood cells ...:", "Figure 1 from the study:" (the picture is gone)
    if _DOMAIN_LINE_RE.match(flat):
        return True  # "NaturalNews.com", a line of a sources list
    if flat.endswith(":") and len(flat.split()) <= 3 and (nxt is None or is_heading(nxt) or flat.endswith("tape:")):
        return True  # "Full tape:"
    return is_caption(flat)


def _near_duplicate(a: str, b: str) -> bool:
    la, lb = _words(a), _words(b)
    if len(la) < 5 or len(lb) < 5:
        return False
    short, long_ = (la, lb) if len(la) <= len(lb) else (lb, la)
    if " ".join(short) in " ".join(long_):
        return True  # a pull quote repeating one sentence of the text
    if _ends_sentence(a) and _ends_sentence(b):
        return False  # two full paragraphs are repeats only when one contains the other (above)
    # A caption (no full stop) restating a paragraph differs from it in a few words.
    wa, wb = set(la), set(lb)
    return len(wa & wb) / len(wa | wb) >= 0.75


def _commerce_block(paras: list[str]) -> set[int]:
    """Indexes of a shopping widget: around "Visit site"/"Shop now" lines, the product and sales-talk paragraphs."""
    markers = [i for i, p in enumerate(paras) if _COMMERCE_MARKER_RE.match(p.strip())]
    if not markers:
        return set()
    out: set[int] = set(markers)
    lo, hi = max(0, markers[0] - 4), min(len(paras), markers[-1] + 1)
    for i in range(lo, hi):
        p = paras[i]
        if not _ends_sentence(p) or _COMMERCE_RE.search(p):
            out.add(i)
    return out


def clean(paragraphs: list[str], title: str | None) -> Cleaned:
    """Drop page furniture, keep headings apart; the article's own paragraphs come back in order."""
    shop = _commerce_block(paragraphs)
    kept: list[str] = []
    headings: list[tuple[int, str]] = []
    dropped = 0
    title_words = _words(title or "")
    for i, raw in enumerate(paragraphs):
        p = _TIMESTAMP_RE.sub("", _RELATED_RE.sub("", raw)).strip()
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if p and not (i in shop or _is_furniture(p, nxt)):  # a whole tweet goes before its signature is cut out
            p = _INLINE_FURNITURE_RE.sub("", p).strip()
        if not p or i in shop or _is_furniture(p, nxt):
            dropped += 1
            continue
        if i >= len(paragraphs) - 3 and _BIO_START_RE.match(p) and _BIO_CUE_RE.search(p):
            dropped += 1  # the writer's bio closing a column
            continue
        if title_words and _words(p) == title_words:
            dropped += 1  # the title repeated as the first line of the body
            continue
        dup = next((j for j in range(len(kept) - 1, max(-1, len(kept) - 41), -1) if _near_duplicate(p, kept[j])), None)
        if dup is not None:
            dropped += 1  # a pull quote or a caption repeating the text: keep the version that is a full sentence
            if not _ends_sentence(kept[dup]) and _ends_sentence(p):
                kept[dup] = p
            continue
        if is_heading(p) and len(paragraphs) > 1:
            headings.append((len(kept), p))
            continue
        kept.append(p)
    return Cleaned(kept, headings, dropped)
