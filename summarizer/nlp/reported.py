"""Reported speech: is a word in a sentence part of what a source says ("She said the ruling was outrageous",
"calling the plan absurd", "..., police said"), or the narrator's own? The lexicon asks, so that a source's word
is reported, never swapped: a replacement there would misreport what was said."""

from __future__ import annotations

import re

# Verbs that report what a source said or how it characterised something. A loaded word after one of them in the
# same clause ("said the ruling was outrageous", "calling the plan absurd", "branded him a liar"), or before a
# trailing attribution (", police said", ", according to officials"), is the source's word. Not "denied a bombshell
# report" or "accused of looting": their object is the narrator's description.
_SPEECH = (
    r"(?:sa(?:y|ys|id|ying)|t(?:ell|ells|old|elling)|claim(?:s|ed|ing)?|argu(?:e|es|ed|ing)|insist(?:s|ed|ing)?|"
    r"call(?:s|ed|ing)?|describ(?:e|es|ed|ing)|brand(?:s|ed|ing)?|label(?:s|led|ed|ling|ing)?|dub(?:s|bed|bing)?|"
    r"term(?:ed|ing)|warn(?:s|ed)?|add(?:s|ed)?|wr(?:ite|ites|ote|iting)|tweet(?:s|ed|ing)?|"
    r"believ(?:e|es|ed|ing)|th(?:ink|inks|ought)|according\s+to)"
)
_SPEECH_RE = re.compile(rf"\b{_SPEECH}\b", re.IGNORECASE)
_NOUN_BEFORE_RE = re.compile(r"\b(?:the|a|an|his|her|its|their|these|those|such|our|my|your)\s+$", re.IGNORECASE)
# The trailing attribution ends the sentence: ", police said on Tuesday.", ", said Ms Lund." (not ", the minister
# said the figures were wrong.", where the attribution leads the main clause).
_END = r"\s*[.!?]?[\"'\u201d\u2019]?\s*$"
_ADJUNCT = (
    r"(?:\s+(?:on|in|at|last|this|late|earlier|yesterday|today|during|after|before|to|of|from|with)\b"
    r"(?:\s+[\w'\u2019.-]+){0,4})?"
)
_SPEECH_AFTER_RE = re.compile(
    rf"^[^.;:!?]*,\s*(?:(?:[\w'\u2019.-]+\s+){{1,6}}?{_SPEECH}{_ADJUNCT}|{_SPEECH}(?:\s+[\w'\u2019.-]+){{1,6}}){_END}",
    re.IGNORECASE,
)
# "said that ..., sending prices to a stunning high": a participle clause after the report is the narrator's.
_TRAILING_PARTICIPLE_RE = re.compile(r",\s+[a-z]+ing\b")
# "said in scathing remarks": the narrator describing the speech, not what was said.
_MANNER_RE = re.compile(r"^\s+(?:in|with|during|at)\s+(?:(?:a|an|the|his|her|their|its)\s+)?$", re.IGNORECASE)


def reported_speech(text: str, start: int, end: int) -> bool:
    """The words at ``start:end`` belong to what a source says: after a speech verb in the same clause, or in a
    sentence that ends on a trailing attribution."""
    clause_start = max(text.rfind(c, 0, start) for c in ".;:!?") + 1
    for m in _SPEECH_RE.finditer(text, clause_start, start):
        if _NOUN_BEFORE_RE.search(text, max(0, m.start() - 8), m.start()):
            continue  # "the claims", "his calls": nouns
        between = text[m.end() : start]
        if not _MANNER_RE.match(between) and not _TRAILING_PARTICIPLE_RE.search(between):
            return True
    stops = [i for i in (text.find(c, end) for c in ".;:!?") if i >= 0]
    stop = min(stops) + 1 if stops else len(text)
    return bool(_SPEECH_AFTER_RE.match(text[end:stop]))
