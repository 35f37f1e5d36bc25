"""Rule-based entity extraction for SEND conversations.

Gazetteers (local authorities, need types, settings, process stages) are matched with spaCy's
PhraseMatcher on a blank English pipeline; ages, school years and dates with regular expressions.
Pure: no Rasa import, so every rule is tested on its own.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Dict, Iterable, Iterator, List, Tuple

import spacy
import yaml
from spacy.matcher import PhraseMatcher

from components.date_rules import find_dates
from knowledge import KNOWLEDGE_DIR
from knowledge.authorities import CASE_SENSITIVE_NAMES, all_authorities, surface_forms
from knowledge.other_nations import nation_of_postcode, places

VOCABULARY_FILE = KNOWLEDGE_DIR / "vocabulary.yml"

LOCAL_AUTHORITY = "local_authority"
NEED_TYPE = "need_type"
SETTING = "setting"
PROCESS_STAGE = "process_stage"
AGE = "age"
SCHOOL_YEAR = "school_year"
DATE = "date"
POSTCODE = "postcode"
CASE_REFERENCE = "case_reference"
# Internal: a place or postcode in Wales, Scotland or Northern Ireland, returned as `local_authority`.
_NATION_PLACE = "_nation_place"
# The service's case references: random ones such as SR-7K4M-9QXD (Crockford's base 32) and the
# older SR-2026-0001, also typed "sr 7k4m 9qxd" or "SR20260001".
_CASE_REFERENCE = re.compile(r"\bSR[\s_-]?([0-9A-HJKMNP-TV-Z]{4})[\s_-]?([0-9A-HJKMNP-TV-Z]{4})\b", re.IGNORECASE)

# Postcode areas in England (and the border areas that reach into it), for outward codes alone.
_ENGLISH_POSTCODE_AREAS = frozenset(
    "AL B BA BB BD BH BL BN BR BS CA CB CH CM CO CR CT CV CW DA DE DH DL DN DT DY E EC EN EX FY GL "
    "GU HA HD HG HP HR HU HX IG IP KT L LA LE LN LS LU M ME MK N NE NG NN NR NW OL OX PE PL PO PR RG "
    "RH RM S SE SG SK SL SM SN SO SP SR SS ST SW SY TA TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS "
    "WV YO".split()
)
# A full postcode in any case ("ls6 2ab"), or an outward code written in capitals ("LS6").
_FULL_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
_OUTWARD_CODE = re.compile(r"\b([A-Z]{1,2})([0-9][A-Z0-9]?)\b")

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_NOT_AN_AGE = r"(?!\s*(?:weeks?|months?|days?|%|am|pm|o'clock|times?|mins?|minutes?|hours?))"
# (pattern, whether the entity span is the whole match or only the number in group 1)
_AGE_PATTERNS = [
    (re.compile(rf"\b{_NUM}\s*(?:-\s*)?(?:years?|yrs?|yr)(?:\s*|-)old\b", re.IGNORECASE), True),
    (re.compile(rf"\b{_NUM}\s*(?:yo|y/o|y\.o\.?)(?!\w)", re.IGNORECASE), True),
    (re.compile(rf"\baged?\s+{_NUM}\b", re.IGNORECASE), True),
    (re.compile(rf"\b(?:he|she|son|daughter|child|boy|girl|ds|dd|kid|grandson|granddaughter)"
                rf"(?:'s|\s+is|\s+turned|\s+just\s+turned)\s+{_NUM}\b{_NOT_AN_AGE}", re.IGNORECASE), False),
    (re.compile(rf"\b(?:ds|dd)\s?{_NUM}\b{_NOT_AN_AGE}", re.IGNORECASE), False),
    # a child named after who they are, then the age: "my lad callum 12 got suspended", "dd lacey is 14",
    # "my son zain (8, yr 4)", "our daughter Poppy, 7,"
    (re.compile(rf"\b(?:my|our)\s+(?:lad|son|daughter|boy|girl|ds|dd|grandson|granddaughter|foster\s+(?:son|daughter|child)|eldest|youngest|little\s+one)"
                rf"\s+[A-Za-z][a-z]+(?:\s+is|\s+who\s+is|,)?\s+\(?{_NUM}\b{_NOT_AN_AGE}(?!\s*(?:days?|weeks?|months?|hours?|times?|sessions?|%|th|st|nd|rd|/|:|am|pm)\b)",
                re.IGNORECASE), False),
    (re.compile(rf"\b(?:ds|dd|lad)\s+[A-Za-z][a-z]+(?:\s+is|,)?\s+\(?{_NUM}\b{_NOT_AN_AGE}(?!\s*(?:days?|weeks?|months?|hours?|times?|%|th|st|nd|rd|/|:|am|pm)\b)",
                re.IGNORECASE), False),
    # "Callum (12) has adhd": a capitalised name with the age in brackets
    (re.compile(rf"\b(?!(?:Year|Yr|Reception|Section|Stage|Step|Page|Room|Class|Form|Group|Level|Key)\b)[A-Z][a-z]+\s+\({_NUM}\s*(?:\)|,)"), False),
]
_YEAR_PATTERNS = [
    (re.compile(rf"\b(?:year|yr)\s*{_NUM}\b(?!\s*(?:olds?\b|-old))", re.IGNORECASE), True),
    (re.compile(r"\by(\d{1,2})\b", re.IGNORECASE), True),
    (re.compile(r"\b(reception)\b(?!\s+(?:class\s+)?teacher)", re.IGNORECASE), True),
]
# Other nations: a place that is also a word or a name ("Barry", "Angus") counts only after these
# words, or as the whole message; and no place counts when it names a school, road or church.
_PLACE_CONTEXT = re.compile(
    r"\b(?:in|near|nr|from|at|around|outside|moved\s+to|move\s+to|moving\s+to)\s+(?:the\s+)?$", re.IGNORECASE)
_NOT_THE_PLACE = re.compile(
    r"^\s*(?:primary|secondary|junior|infants?|school|academy|college|church|c\s*of\s*e|ce\b|road|rd\b|"
    r"street|st\b|avenue|lane|drive|close|hospital|surgery|house|ward)", re.IGNORECASE)
# A place the family is only away in, visits, or someone else's: "working away in aberdeen til thurs",
# "on holiday in Tenby", "my mum was in hospital in Cardiff", "his dad lives in Belfast".
_NOT_THEIR_HOME = re.compile(
    r"\b(?:work\w*|away|holiday\w*|hols|visit\w*|trip|staying|stayed|conference|course|uni|university|match|festival|wedding|"
    r"funeral|hospital|born|grew\s+up|used\s+to\s+live|(?:mum|mam|dad|nan|nana|gran|granny|grandma|grandad|sister|brother|ex|"
    r"husband|wife|partner|aunt|auntie|uncle|cousin|family|parents|in-laws)(?:'s|\s+(?:lives?|is|was|works?|are|were))?)"
    r"(?:\s+\w+){0,3}\s+(?:in|at|to|near|from)\s+(?:the\s+)?$", re.IGNORECASE)
# Phrases that contain a nation's name but are somewhere else.
_NOT_A_NATION = ("New South Wales", "Prince of Wales", "Princess of Wales", "Wales Street", "Newport Pagnell")
# Outward codes alone that are also everyday shorthand ("DD2" is a second daughter, "HS2" a railway).
_SHORTHAND_OUTWARD = frozenset({"DD", "HS"})
_SENTENCE_START = re.compile(r"(?:^|[.!?\n]\s*)$")
_AUTHORITY_FOLLOWERS = re.compile(r"^\s+(?:council|county|city|borough|la\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """An entity found in a message: character offsets, type and canonical value."""

    start: int
    end: int
    entity: str
    value: object

    def as_rasa_entity(self, text: str) -> Dict[str, object]:
        """The entity in the dictionary shape Rasa expects."""
        return {
            "start": self.start,
            "end": self.end,
            "entity": self.entity,
            "value": self.value,
            "text": text[self.start : self.end],
            "confidence_entity": 1.0,
        }


def expand_pattern(pattern: str) -> Iterator[str]:
    """Expand the vocabulary's pattern syntax ("a|b word?") into every phrase it stands for."""
    choices: List[List[str]] = []
    for word in pattern.split():
        optional = word.endswith("?") and len(word) > 1
        alternatives = word[:-1].split("|") if optional else word.split("|")
        choices.append(alternatives + [""] if optional else alternatives)
    for combination in itertools.product(*choices):
        phrase = " ".join(part.replace("_", " ") for part in combination if part)
        if phrase:
            yield phrase


def _load_vocabulary() -> Dict[str, Dict[str, List[str]]]:
    with VOCABULARY_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class EntityRules:
    """Holds the compiled matchers; build once per process with `entity_rules()`."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("en")
        self.lower_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.labels: Dict[int, Tuple[str, str]] = {}
        for entity, values in _load_vocabulary().items():
            for value, patterns in values.items():
                phrases = {p for pattern in patterns for p in expand_pattern(pattern)}
                self._add(self.lower_matcher, entity, value, phrases)
        for authority in all_authorities():
            forms = set(surface_forms(authority))
            exact = {f for f in forms if f in CASE_SENSITIVE_NAMES}
            self._add(self.exact_matcher, LOCAL_AUTHORITY, authority.name, exact)
            self._add(self.lower_matcher, LOCAL_AUTHORITY, authority.name, forms - exact)
        # Places in Wales, Scotland and Northern Ireland give the nation as the `local_authority`
        # value ("Wales", or "Wales or Northern Ireland" for Bangor); see knowledge/other_nations.py.
        self.nation_lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.nation_exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.places = {}
        for place in places():
            self.places[place.name] = place
            matcher = self.nation_exact if place.needs_context else self.nation_lower
            self._add(matcher, _NATION_PLACE, place.name, [place.name])
        self._add(self.nation_lower, _NATION_PLACE, "", _NOT_A_NATION)

    def _add(self, matcher: PhraseMatcher, entity: str, value: str, phrases: Iterable[str]) -> None:
        key = f"{entity}::{value}"
        docs = [self.nlp.make_doc(phrase) for phrase in sorted(phrases)]
        if docs:
            matcher.add(key, docs)
            self.labels[self.nlp.vocab.strings[key]] = (entity, value)

    def _gazetteer_spans(self, text: str) -> Iterator[Span]:
        doc = self.nlp.make_doc(text)
        for matcher in (self.lower_matcher, self.exact_matcher):
            for match_id, start, end in matcher(doc):
                entity, value = self.labels[match_id]
                span = doc[start:end]
                if matcher is self.exact_matcher and _SENTENCE_START.search(text[: span.start_char]):
                    if not _AUTHORITY_FOLLOWERS.match(text[span.end_char :]):
                        continue
                yield Span(span.start_char, span.end_char, entity, value)

    def _nation_spans(self, text: str) -> Iterator[Span]:
        """Places in another nation; a blocked phrase ("New South Wales") comes back with no value."""
        doc = self.nlp.make_doc(text)
        for matcher in (self.nation_lower, self.nation_exact):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                place = self.places.get(self.labels[match_id][1])
                if place is None:
                    yield Span(span.start_char, span.end_char, _NATION_PLACE, None)
                    continue
                before, after = text[: span.start_char], text[span.end_char :]
                if _NOT_THE_PLACE.match(after) or _NOT_THEIR_HOME.search(before[-60:]):
                    continue
                if place.needs_context and not (
                    _PLACE_CONTEXT.search(before) or _AUTHORITY_FOLLOWERS.match(after)
                    or not re.sub(r"[\W_]+", "", before + after)
                ):
                    continue
                if any(re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) for word in place.namesake):
                    continue
                yield Span(span.start_char, span.end_char, _NATION_PLACE, place.value)

    def extract(self, text: str, today: date) -> List[Span]:
        """Every entity in `text`, overlaps resolved in favour of the longest span."""
        candidates = list(self._gazetteer_spans(text))
        candidates.extend(self._nation_spans(text))
        candidates.extend(_number_spans(text, _AGE_PATTERNS, AGE))
        candidates.extend(_number_spans(text, _YEAR_PATTERNS, SCHOOL_YEAR))
        candidates.extend(Span(d.start, d.end, DATE, d.iso) for d in find_dates(text, today))
        candidates.extend(_postcode_spans(text))
        candidates.extend(Span(m.start(), m.end(), CASE_REFERENCE, f"SR-{m.group(1).upper()}-{m.group(2).upper()}")
                          for m in _CASE_REFERENCE.finditer(text))
        return _with_nations(_without_overlaps(candidates))


def _with_nations(spans: List[Span]) -> List[Span]:
    """Places in other nations become `local_authority` spans valued with their nation, unless the
    message also names a council or town in England (the family's council wins: "we moved from
    Glasgow to Leeds"); blocked phrases are dropped."""
    english = any(s.entity == LOCAL_AUTHORITY for s in spans)
    return [
        Span(s.start, s.end, LOCAL_AUTHORITY, s.value) if s.entity == _NATION_PLACE else s
        for s in spans
        if s.entity != _NATION_PLACE or (s.value is not None and not english)
    ]


def _postcode_spans(text: str) -> Iterator[Span]:
    """Full postcodes, and capitalised outward codes from an English postcode area."""
    for match in _FULL_POSTCODE.finditer(text):
        postcode = f"{match.group(1)} {match.group(2)}".upper()
        nation = nation_of_postcode(postcode)
        yield Span(match.start(), match.end(), _NATION_PLACE if nation else POSTCODE, nation or postcode)
    for match in _OUTWARD_CODE.finditer(text):
        nation = nation_of_postcode(match.group(0))
        if nation and match.group(1) not in _SHORTHAND_OUTWARD:
            yield Span(match.start(), match.end(), _NATION_PLACE, nation)
        elif match.group(1) in _ENGLISH_POSTCODE_AREAS and not nation:
            yield Span(match.start(), match.end(), POSTCODE, match.group(0))


def _to_number(word: str) -> int:
    word = word.lower()
    if word == "reception":
        return 0
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _number_spans(
    text: str, patterns: Iterable[Tuple[re.Pattern, bool]], entity: str
) -> Iterator[Span]:
    limit = 25 if entity == AGE else 14
    for pattern, whole in patterns:
        for match in pattern.finditer(text):
            value = _to_number(match.group(1))
            start, end = match.span(0 if whole else 1)
            if 0 <= value <= limit:
                yield Span(start, end, entity, value)


def _without_overlaps(spans: List[Span]) -> List[Span]:
    kept: List[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= other.start or span.start >= other.end for other in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


@lru_cache(maxsize=1)
def entity_rules() -> EntityRules:
    """The process-wide compiled rules."""
    return EntityRules()
