"""Common misspellings in parents' messages, corrected before dates and events are read.

Many parents write phonetically ("the leter is dated 2nd of novemba", "they wont do the
asessment"), are dyslexic, or write English as a second language. `normalise` replaces the
misspellings a SEND adviser sees every day with the standard word and returns, for every
character of the corrected text, where it came from in the original, so what is found can be
pointed at in the parent's own words. Pure functions; no Rasa import.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Dict, List, Tuple

# standard word: the misspellings that mean it (whole words, any case)
_WORDS: Dict[str, Tuple[str, ...]] = {
    "january": ("janury", "januray", "janruary", "janaury"),
    "february": ("febuary", "feburary", "februry", "febraury", "feb'y"),
    "april": ("apirl", "aprill", "aprail"),
    "august": ("agust", "augest", "augost", "auguest"),
    "september": ("septemba", "septmber", "setpember", "sepember", "septembre", "septeber"),
    "october": ("octoba", "octobre", "ocotber", "octber", "oktober"),
    "november": ("novemba", "novmber", "novembre", "novenber", "noveber"),
    "december": ("decemba", "decmber", "decembre", "desember"),
    "proposed": ("propsed", "purposed", "porposed"),
    "assessment": ("asessment", "assesment", "asesment", "assessmant", "asessmant", "assesmant", "asessement"),
    "applied": ("aplied", "applyed", "appled"),
    "assessing": ("asessing", "assesing", "asesing"),
    "assess": ("asess", "asses"),
    "appeal": ("apeal", "appel", "apeel", "apeale", "appael"),
    "review": ("reveiw", "reviw", "revew", "reivew", "rewiew"),
    "annual": ("anual", "annul", "anuall"),
    "letter": ("leter", "lettr", "lettor", "lettre"),
    "write": ("rite", "wirte", "wrte"),
    "can": ("cn", "cna"),
    "template": ("templete", "tempate", "templat"),
    "council": ("counsil", "councel", "counsel", "consil", "councle", "counil"),
    "tribunal": ("tribunle", "tribunel", "tribunial", "tribnal", "tribunall"),
    "discrimination": ("discrimnation", "discrimation", "descrimination", "discrimanation", "discriminaton"),
    "excluded": ("exluded", "exscluded", "exclued"),
    "received": ("recieved", "recived"),
    "final": ("fynal", "finel"),
    "said": ("sed", "sayed"),
    "wrote": ("rote",),
    "they": ("thay", "tey"),
    "have": ("hav",),
    "since": ("sinse", "sence", "scince"),
    "complain": ("complane", "complian"),
    "ombudsman": ("omsbudsman", "ombusman", "ombudsmen", "ombudsmam", "obudsman"),
    "mediation": ("medeation", "meadiation", "mediaton"),
    "changes": ("chaynges", "chainges", "changis"),
    "supposed": ("sposed", "suposed", "suppose"),
    "should": ("shud", "shoud", "shld"),
    "when": ("wen",),
    "daughter": ("dorter", "daugter", "daugther"),
    "meeting": ("meting", "meeeting"),
    "timetable": ("timtable", "timetabel"),
    "before": ("befor", "befour"),
    "heard": ("herd",),
    "beginning": ("begining", "beggining"),
    "first": ("furst", "frist"),
    "sorry": ("sory", "soz"),
    "wrong": ("rong",),
    "letters": ("leters",),
    "decision": ("desision", "decison", "decission"),
    "school": ("skool", "scool"),
    "always": ("alwas", "allways", "alwys", "awlays"),
    "other": ("uther", "otha"),
    "says": ("sez", "sayz"),
    "doesnt": ("dosnt", "dosent", "dusnt"),
    "stopping": ("stoping",),
    "what": ("wot", "wat", "wht"),
    "attendance": ("attendence", "attendanse", "atendance"),
    "anxiety": ("anxity", "anxeity", "anxitey", "axiety"),
    "anxious": ("anxous", "anxios", "anxshus", "ankshus"),
    "provision": ("provison", "provishon"),
    "refused": ("refussed", "refued", "refuesd"),
    "suspended": ("suspened", "suspeneded", "suspendid"),
    "exclusion": ("exlusion", "exclution", "exclusuon"),
    "specialist": ("specalist", "specilist", "speacialist"),
    "someone": ("somone", "sumone", "some1", "sum1"),
    "anyone": ("any1", "ne1", "anyl"),
    "somebody": ("sombody", "somebdy", "sumbody"),
    "collect": ("colect", "collet"),
    "talk": ("tork", "tawk"),
    "would": ("wud",),
    "back": ("bak",),
    "give": ("giv",),
    "pick": ("pik",),
    "early": ("erly", "earley"),
    "ringing": ("ringin",),
    "goes": ("gos",),
    "through": ("thru",),
    "possible": ("poss",),
    "your": ("ur",),
    "behaviour": ("behavour", "behavier", "behavor"),
    "nearly": ("nerly",),
    "every": ("evry",),
    "home": ("hom",),
    "weeks": ("weks",),
    "scared": ("scaired", "scard"),
    "sick": ("sik",),
}
# Phrases whose words are right but whose sense needs the standard form.
_PHRASES: Tuple[Tuple[str, str], ...] = (
    (r"\bsent\s+of\b", "sent off"),
    (r"\bsad\s+no\b", "said no"),
    (r"\bech\b", "ehc"),
    (r"\bpaper\s+work\b", "paperwork"),
    (r"\bshould\s+of\b", "should have"),
    (r"\bof\s+bin\b", "have been"),
    (r"\b(has|have|hasn'?t|haven'?t|hasnt|havent|not|had)\s+bin\b", r"\1 been"),
    (r"\bhasnt\b", "hasn't"),
    (r"\bhavent\b", "haven't"),
    (r"\bdidnt\b", "didn't"),
    (r"\bwont\b", "won't"),
    (r"\bcant\b", "can't"),
    (r"\b1\s*(?:to|2)\s*1\b", "1:1"),  # "1 to 1", "1 2 1" support
    (r"(?:^|(?<=[.!?]\s))n(?=\s+(?:what|wot|wat|how|when|is|are)\b)", "and"),  # "n wot about the report"
)
_ORDINALS = {
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th",
    "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th", "eleventh": "11th", "twelfth": "12th",
    "thirteenth": "13th", "fourteenth": "14th", "fifteenth": "15th", "sixteenth": "16th", "seventeenth": "17th",
    "eighteenth": "18th", "nineteenth": "19th", "twentieth": "20th", "thirtieth": "30th",
}
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"


@lru_cache(maxsize=1)
def _replacements() -> List[Tuple["re.Pattern[str]", str]]:
    pairs: List[Tuple["re.Pattern[str]", str]] = []
    for standard, wrong in _WORDS.items():
        pairs.append((re.compile(r"\b(?:" + "|".join(map(re.escape, wrong)) + r")\b", re.IGNORECASE), standard))
    pairs += [(re.compile(pattern, re.IGNORECASE), repl) for pattern, repl in _PHRASES]
    # "the twenty first of june", "the first of september"
    pairs.append((re.compile(r"\btwenty[\s-]+(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b(?=\s+(?:of\s+)?"
                             + _MONTHS + r")", re.IGNORECASE), "__TWENTY__"))
    pairs.append((re.compile(r"\bthirty[\s-]+first\b(?=\s+(?:of\s+)?" + _MONTHS + r")", re.IGNORECASE), "31st"))
    pairs.append((re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b(?=\s+(?:of\s+)?" + _MONTHS + r")", re.IGNORECASE),
                  "__ORDINAL__"))
    # a month spelt as it sounds, where a day number shows it is a month: "9th of novembur", "septembur 2nd"
    pairs.append((re.compile(r"(?<=\d)(?:st|nd|rd|th)?(\s+(?:of\s+)?)([a-z]{4,11})\b|\b([a-z]{4,11})(?=\s+\d{1,2}(?:st|nd|rd|th)?\b)",
                             re.IGNORECASE), "__MONTH__"))
    return pairs


_MONTH_NAMES = ("january", "february", "march", "april", "june", "july", "august", "september", "october",
                "november", "december")


def _month_spelt(word: str) -> str:
    """The month a misspelt word means ("novembur" -> "november"), or "" when it is no month."""
    lower = word.lower()
    if lower in _MONTH_NAMES:
        return ""
    close = difflib.get_close_matches(lower, _MONTH_NAMES, n=1, cutoff=0.75)
    return close[0] if close and close[0][0] == lower[0] else ""


def _replacement_for(match: "re.Match[str]", repl: str) -> str:
    if repl == "__MONTH__":
        if match.group(2):  # after a day: keep the ordinal suffix and "of"
            month = _month_spelt(match.group(2))
            return match.group(0)[:match.start(2) - match.start()] + month if month else match.group(0)
        return _month_spelt(match.group(3)) or match.group(0)
    if repl == "__ORDINAL__":
        return _ORDINALS[match.group(1).lower()]
    if repl == "__TWENTY__":
        return str(20 + int(_ORDINALS[match.group(1).lower()][:-2])) + _ORDINALS[match.group(1).lower()][-2:]
    return match.expand(repl)


def normalise(text: str) -> Tuple[str, List[int]]:
    """(corrected text, for each of its characters the index in `text` it came from)."""
    current, origin = text, list(range(len(text)))
    for pattern, repl in _replacements():
        pieces: List[str] = []
        mapping: List[int] = []
        last = 0
        for match in pattern.finditer(current):
            pieces.append(current[last:match.start()])
            mapping.extend(origin[last:match.start()])
            new = _replacement_for(match, repl)
            pieces.append(new)
            span = origin[match.start():match.end()] or [origin[match.start() - 1] if match.start() else 0]
            mapping.extend(span[min(i, len(span) - 1)] for i in range(len(new)))
            last = match.end()
        if not pieces:
            continue
        pieces.append(current[last:])
        mapping.extend(origin[last:])
        current, origin = "".join(pieces), mapping
    return current, origin


def original_span(origin: List[int], start: int, end: int, text_length: int) -> Tuple[int, int]:
    """The span in the parent's own text for a span of the corrected text."""
    if not origin:
        return start, end
    first = origin[min(start, len(origin) - 1)]
    last = origin[min(max(end - 1, start), len(origin) - 1)] + 1
    return first, min(max(last, first + 1), text_length)
