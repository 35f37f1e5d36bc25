"""Whether a parent's message asks for a letter to be written, and which letter it names.

"Can you write the letter for me?", "is there a template I can send the council", "help me
email the school" ask for a letter; "I got a letter from the council" and "I wrote to them in
June" do not. Sentence by sentence, after common misspellings are corrected, like
knowledge.person_request. Pure functions; no Rasa import.
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from knowledge.person_request import sentences
from knowledge.spelling import normalise

_LETTER = r"(?:letter|e-?mail|template|draft|complaint|request|something\s+(?:to\s+send|in\s+writing))"
_ASKS_FOR_LETTER = re.compile(
    r"\b(?:can|could|would|will)\s+(?:you|u|someone|somebody)\s+(?:please\s+|pls\s+)?(?:help\s+(?:me\s+)?)?(?:write|draft|do|make|fill\s+in|put\s+together|give\s+me|send\s+me)\b"
    rf"(?:\W+\w+){{0,5}}?\W+{_LETTER}s?\b"
    rf"|\b(?:help|helping)\s+(?:me\s+|us\s+)?(?:to\s+)?(?:write|draft|word|put\s+together)\b(?:\W+\w+){{0,4}}?\W+(?:{_LETTER}s?|to\s+(?:the\s+)?\w+)"
    rf"|\b(?:is\s+there|have\s+you\s+got|do\s+you\s+have|got|need|want|like)\s+(?:a|an|any)\s+(?:\w+\s+){{0,3}}?(?:template|model|standard|example|sample)\s+(?:letter|e-?mail|complaint|wording)s?\b"
    rf"|\b(?:template|model|sample|example)\s+(?:letter|e-?mail)s?\b"
    r"|\bwhat\s+(?:do|should|would)\s+i\s+(?:actually\s+|even\s+)?(?:write|put|say)\s+(?:back\s+)?(?:in|to)\b"
    r"|\bwhat\s+(?:do|should|shall)\s+(?:i|we)\s+(?:actually\s+|even\s+)?(?:write|put)\s*(?:[?!.]|$)"  # "what do I actually write??"
    r"|\b(?:write|draft)\s+(?:the|a|an|my|this)\s+(?:letter|e-?mail|complaint)\s+(?:for|with)\s+(?:me|us)\b"
    r"|\b(?:letter|e-?mail)\s+(?:for\s+me\s+)?(?:please|pls|plz)\b"
    r"|\b(?:yes|yeah|yep|ok|okay)\W+(?:please\W+)?(?:write|do|make)\s+(?:the|a|me\s+a|that)\s+letter\b"
    r"|^\W*(?:write|draft)\s+(?:me\s+)?(?:the|a|an|that)\s+(?:letter|e-?mail)\b"
    r"|\bi\s+(?:don'?t|do\s+not)\s+know\s+(?:how|what)\s+to\s+(?:write|word|say|put)\b"
    r"|\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?(?:write|draft|put\s+together)\s+(?:me\s+|us\s+|her\s+|him\s+|them\s+)?(?:something|anything)\b"
    r"|\bhelp\s+(?:me\s+|us\s+)?(?:to\s+)?(?:write|reply|respond)\s+(?:back|to\s+(?:them|it|this|her|him|the\s+\w+))\b",
    re.IGNORECASE)
_REPORTS_A_LETTER = re.compile(r"\b(?:i|we)\s+(?:already\s+|also\s+|just\s+)?(?:wrote|have\s+written|sent|emailed)\b|\b(?:got|received|had)\s+a\s+letter\b"
                               # "using a template letter I found online": one the parent has already used
                               r"|\b(?:found|used|using|followed|copied)\s+(?:a|an|the|ipsea'?s?)\s+(?:\w+\s+){0,2}?(?:template|model|sample)\b",
                               re.IGNORECASE)

# Which letter a message names, first match wins (ids of knowledge/letters/letters.yml).
_NAMED: Tuple[Tuple[str, "re.Pattern[str]"], ...] = tuple((kind, re.compile(words, re.IGNORECASE)) for kind, words in (
    ("subject_access_request", r"\bsubject\s+access|\bsar\b|\b(?:his|her|their|my\s+\w+'?s|the)\s+(?:school\s+)?(?:records|files?)\b|\bdata\s+(?:request|protection)"),
    ("mediation_certificate", r"\bmediation\b|\bcertificate\b"),
    ("complaint_stage_one", r"\bcomplain|\bcomplaint\b|\bombudsman\b"),
    ("governors_representations", r"\bgovernors?\b|\bgoverning\s+(?:body|board)\b|\bclerk\b"),
    ("early_review", r"\bearly\s+(?:annual\s+)?review\b|\breview\s+(?:early|now|sooner)\b|\bemergency\s+review\b"),
    ("draft_plan_meeting", r"\bdraft\s+(?:ehc\w*\s+)?plan\b|\b(?:the|a)\s+draft\b(?!\s+(?:letter|e-?mail))|\bname\s+(?:the|a|his|her)\s+school\b|\bnaming\s+(?:the|a)\s+school\b"),
    ("part_time_timetable", r"\bpart[\s-]*time\b|\breduced\s+(?:timetable|hours|days)\b|\bsent\s+home\b|\bsending\s+(?:him|her|them)\s+home\b|\bmornings\s+only\b"),
    ("suitable_education", r"\bsection\s*19\b|\bs\.?\s*19\b|\bout\s+of\s+school\b|\bsuitable\s+(?:full[\s-]*time\s+)?education\b|\bnot\s+in\s+school\b|\bno\s+school\s+place\b"),
    ("provision_not_delivered", r"\bprovision\b|\bsection\s+f\b|\bs\.?\s*42\b|\btherap|\bsalt\b|\bot\b|\b1[:\s-]?(?:to[\s-]?)?1\b|\bnot\s+(?:getting|receiving|being\s+given)\b"),
    ("chase_overdue", r"\bchas(?:e|ing)\b|\blate\b|\boverdue\b|\b20\s*weeks?\b|\b6\s*weeks?\b|\bstill\s+(?:no|waiting)\b|\bwhere\s+is\s+(?:the|my|our)\s+plan\b"),
    ("request_assessment", r"\b(?:ask(?:ing)?\s+for|request(?:ing)?|apply(?:ing)?\s+for)\s+(?:an?\s+)?(?:ehc\w*\s+)?(?:needs\s+)?assessment\b|\bassessment\s+request\b|\bapply\s+for\s+an?\s+ehc"),
))


_TO = r"\b(?:to|email|e-mail|write\s+to|contact|tell|ask)\s+(?:the\s+|my\s+|our\s+|his\s+|her\s+)?"
_RECIPIENTS: Tuple[Tuple[str, "re.Pattern[str]"], ...] = (
    ("mediation", re.compile(_TO + r"mediat\w+", re.IGNORECASE)),
    ("governors", re.compile(_TO + r"(?:governors?|governing\s+(?:body|board)|clerk)\b", re.IGNORECASE)),
    ("council", re.compile(_TO + r"(?:council|la\b|local\s+authority|lea\b|send?\s+team|ehc\w*\s+team|case\s*worker|case\s*officer)",
                           re.IGNORECASE)),
    ("school", re.compile(_TO + r"(?:school|head\b|head\s*teacher|headteacher|head\s+of\s+school|senco|teacher|academy|college|nursery)",
                          re.IGNORECASE)),
)


def recipient_named(text: str) -> Optional[str]:
    """Whom the parent wants to write to ("help me write to the council": "council"), or None."""
    if not text or text.startswith("/"):
        return None
    words = normalise(text)[0]
    return next((who for who, pattern in _RECIPIENTS if pattern.search(words)), None)


def _asking_sentences(text: str) -> List[str]:
    """The sentences of the message that ask the assistant for a letter."""
    asking = []
    for sentence in sentences(normalise(text)[0]):
        if _ASKS_FOR_LETTER.search(sentence) and not (_REPORTS_A_LETTER.search(sentence)
                                                        and not re.search(r"\b(?:can|could|would|help)\b", sentence, re.I)):
            asking.append(sentence)
    return asking


def asks_for_letter(text: str) -> bool:
    """Whether any sentence of the message asks the assistant for a letter to send."""
    return bool(text) and not text.startswith("/") and bool(_asking_sentences(text))


def letter_named(text: str) -> Optional[str]:
    """The letter a request names ("a letter to chase the plan": chase_overdue), or None. Only the
    sentences that ask for the letter are read ("we still haven't had a draft. Can you help me write
    to the council?" names no letter), or the whole message when no sentence asks."""
    if not text or text.startswith("/"):
        return None
    words = " ".join(_asking_sentences(text)) or normalise(text)[0]
    return next((kind for kind, pattern in _NAMED if pattern.search(words)), None)
