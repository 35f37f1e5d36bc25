"""Suspensions a message counts out ("suspended three times this term: ... (2 days), ... (4 days),
and now ... for 10 school days starting the next day"): the school days they add up to, the
first day of the latest one, and the day the pupil is due back ("suspended last tues for 5 days ...
when is he actually due back"). Pure functions; no Rasa import.

From the sixth school day of a suspension the school must arrange full-time education; when a
pupil's suspensions add up to more than 15 school days in a term, the governors must meet to decide
whether to reinstate, within 15 school days of being told (School Discipline (Pupil Exclusions and
Reviews) (England) Regulations 2012, regulation 6, or 24 for academies; DfE suspension and permanent exclusion guidance).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import List, Optional, Sequence, Tuple

from knowledge.deadlines import add_working_days
from knowledge.event_notes import read_by_rules
from knowledge.school_days import add_school_days

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15}
_SUSPENSION = re.compile(r"\b(?:suspen\w*|fixed[\s-]*term\s+ex\w*|\bfte\b)", re.IGNORECASE)
_LENGTH = re.compile(rf"(?:\bfor\s+(?:another\s+|a\s+further\s+|the\s+next\s+)?|\()(\d{{1,2}}|{'|'.join(_NUMBERS)})\s+"
                     r"(?:more\s+)?(?:school\s+)?days?\b", re.IGNORECASE)
# "First was 2 days 14th-15th Oct, then 2 days w/c 9th Nov": a length with no "for", read only where a
# date or a weekday follows it, in a sentence about suspensions or one that goes on counting them
_BARE_LENGTH = re.compile(rf"(?<![\w/-])(?<!\bwithin\s)(?<!\bafter\s)(?<!\bin\s)(?<!\bevery\s)(?<!\blast\s)(?<!\bnext\s)(?<!\bpast\s)(?<!\bfor\s)"
                          rf"(\d{{1,2}}|{'|'.join(_NUMBERS)})\s+(?:school\s+)?days?\b(?!\s+(?:ago|later|before|after|notice|of|per|a\s+week))",
                          re.IGNORECASE)
# "thats 7 days this term now", "10 days in total": the term's total, said
_TERM_TOTAL = re.compile(rf"\b(\d{{1,2}}|{'|'.join(_NUMBERS)})\s+(?:school\s+)?days?\s+(?:(?:so\s+far\s+)?this\s+term|in\s+(?:total|all)\b|altogether)",
                         re.IGNORECASE)
_WEEKDAY_NEXT = re.compile(r"^\W*(?:on\s+|from\s+|starting\s+)?(?:w/?c\b|mon|tue|wed|thu|fri)", re.IGNORECASE)
_STARTS_NEXT_DAY = re.compile(r"^\W*(?:school\s+days?\s+)?(?:starting|from|beginning)\s+(?:the\s+)?(?:next\s+day|following\s+day|tomorrow)\b",
                              re.IGNORECASE)
_STARTS_ON = re.compile(r"\b(?:starting|from|beginning)\s+(?:on\s+)?(?:(?:the|this|last)\s+)?(?:(?:mon|tues?|weds?|wednes|thu(?:rs?)?|fri)(?:day)?\s+)?(?:the\s+)?$",
                        re.IGNORECASE)
_TOLD_BY = re.compile(r"\b(?:letter|email|e-mail|told|rang|phoned|called)\b[^.!?]*$", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
GOVERNORS_THRESHOLD = 15  # more than 15 school days of suspension in a term
SIXTH_DAY = 6


@dataclass(frozen=True)
class Suspensions:
    """The suspensions a message counts: their lengths in school days, the latest one's first day
    and the day the school told the family of it, when the message gives them."""

    lengths: List[int]
    latest_starts: Optional[date]
    latest_told: Optional[date]
    stated_total: int = 0  # "thats 7 days this term now": the term's total as the parent gave it

    @property
    def total(self) -> int:
        return max(sum(self.lengths), self.stated_total)

    @property
    def counted_out(self) -> bool:
        """Whether the total is the sum of the suspensions given one by one (not the parent's own total)."""
        return len(self.lengths) > 1 and sum(self.lengths) >= self.stated_total

    def sixth_day(self) -> Optional[date]:
        """The sixth school day of the latest suspension, when it lasts that long and its start is known
        (every weekday that is not a bank holiday taken as a school day)."""
        if self.latest_starts is None or not self.lengths or self.lengths[-1] < SIXTH_DAY:
            return None
        return add_working_days(self.latest_starts, SIXTH_DAY - 1)

    def governors_by(self) -> Optional[date]:
        """The last day for the governors' meeting: 15 school days from the school's letter about the
        suspension that took the term's total over 15 days."""
        if self.total <= GOVERNORS_THRESHOLD or self.latest_told is None:
            return None
        return add_working_days(self.latest_told, GOVERNORS_THRESHOLD)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def suspensions_in(text: str, today: date) -> Optional[Suspensions]:
    """The suspensions the message counts out, or None when it gives no suspension's length."""
    corrected, reading, _ = read_by_rules(text or "", today)
    days = sorted((d.start, d.end, date.fromisoformat(d.iso)) for d in reading.dates if len(d.iso) == 10)
    lengths: List[int] = []
    starts = told = None
    counting = False  # the sentence before was about suspensions and gave one
    for sentence in _SENTENCE.finditer(corrected):
        if not re.search(r"[a-z]{2}", sentence.group(0), re.IGNORECASE):
            continue  # the ")." after "(18 months!!"
        about = bool(_SUSPENSION.search(sentence.group(0)))
        if not about and not counting:
            continue
        spans = [found for found in _LENGTH.finditer(sentence.group(0))] if about else []
        taken = [(found.start(), found.end()) for found in spans]
        for found in _BARE_LENGTH.finditer(sentence.group(0)):
            end = sentence.start() + found.end()
            dated_next = any(end <= start <= end + 6 or (end <= start <= end + 20 and _STARTS_ON.search(corrected[end:start]))
                             for start, _stop, _day in days)  # "10 days starting Weds 25th"
            if (dated_next or _WEEKDAY_NEXT.search(corrected[end:end + 20])) and \
                    not any(a <= found.start() < b for a, b in taken):
                spans.append(found)
        spans.sort(key=lambda found: found.start())
        counting = bool(spans) or about
        for found in spans:
            at, end = sentence.start() + found.start(), sentence.start() + found.end()
            number = _number(found.group(1))
            if number > 45:  # the most a pupil can be suspended in a school year
                continue
            lengths.append(number)
            before = [day for start, stop, day in days if sentence.start() <= start and stop <= at and at - stop <= 80]
            after = [(start, day) for start, stop, day in days if end <= start <= end + 40]
            told = before[-1] if before else None
            starts = None
            if after and _STARTS_ON.search(corrected[end:after[0][0]]):
                starts = after[0][1]
            letter = [day for start, _stop, day in days if end <= start <= sentence.end()
                      and _TOLD_BY.search(corrected[max(end, start - 40):start])]
            if letter:  # "10 days starting Weds 25th - letter came by email Tues 24th"
                told = letter[0]
            elif told is not None and _STARTS_NEXT_DAY.search(corrected[end:end + 40]):
                starts = add_working_days(told, 1)
    stated = max((_number(m.group(1)) for m in _TERM_TOTAL.finditer(corrected)
                  if _SUSPENSION.search(corrected) and _number(m.group(1)) <= 45), default=0)
    lengths = [n for n in lengths if not (stated and n == stated and len(lengths) > 1)]  # the total is no suspension
    if not lengths:
        return None
    return Suspensions(lengths, starts, told if told is not None and told <= today else None, stated)


_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3}
_LENGTH_CORRECTED = re.compile(rf"\b(first|1st|second|2nd|third|3rd|fourth|4th|last)\s+(?:one|suspension|fte)\s+was\s+"
                               rf"(?:only\s+|actually\s+|just\s+)?(\d{{1,2}}|a|{'|'.join(_NUMBERS)})\s+(?:school\s+)?days?\b", re.IGNORECASE)


_NUMBER_WORD = rf"(\d{{1,2}}|a|{'|'.join(_NUMBERS)})"
# "it was 2 days not 3": the new length, then the one it replaces
_LENGTH_NOT = re.compile(rf"\bwas\s+(?:only\s+|actually\s+|just\s+)?{_NUMBER_WORD}\s+(?:school\s+)?days?\W+(?:and\s+)?not\s+{_NUMBER_WORD}\b",
                         re.IGNORECASE)
_ORDINAL_BEFORE = re.compile(r"\b(first|1st|second|2nd|third|3rd|fourth|4th|last)\s+(?:one|suspension|fte|letter)\b", re.IGNORECASE)


def corrects_a_length(said: str) -> bool:
    """Whether the message corrects how long a suspension was ("it was 2 days not 3")."""
    return bool(_LENGTH_NOT.search(said or "") or _LENGTH_CORRECTED.search(said or ""))


def corrected_suspensions(found: Suspensions, said: str) -> Suspensions:
    """The suspensions counted before, with one length a later message corrects ("sorry correction, the
    first suspension was only 1 day"; "re-read the first letter, it was 2 days not 3")."""
    swapped = _LENGTH_NOT.search(said or "")
    if swapped is not None and found.lengths:
        new, old = (1 if g.lower() == "a" else _number(g) for g in swapped.groups())
        named = _ORDINAL_BEFORE.search((said or "")[:swapped.start()])
        if named is not None:
            which = len(found.lengths) - 1 if named.group(1).lower() == "last" else _ORDINALS[named.group(1).lower()]
        else:
            matching = [i for i, n in enumerate(found.lengths) if n == old]
            which = matching[0] if len(matching) == 1 else len(found.lengths)
        if which < len(found.lengths) and found.lengths[which] == old:
            lengths = list(found.lengths)
            lengths[which] = new
            return replace(found, lengths=lengths, stated_total=0)
    match = _LENGTH_CORRECTED.search(said or "")
    if match is None or not found.lengths:
        return found
    which = len(found.lengths) - 1 if match.group(1).lower() == "last" else _ORDINALS[match.group(1).lower()]
    if which >= len(found.lengths):
        return found
    lengths = list(found.lengths)
    lengths[which] = 1 if match.group(2).lower() == "a" else _number(match.group(2))
    return replace(found, lengths=lengths, stated_total=0)


# "when is he actually due back", "when can she go back?", "when does the suspension end?"
ASKS_WHEN_BACK = re.compile(
    r"\bwhen\s+(?:is|can|does|will|should|do|are)\s+(?:he|she|they|my\s+\w+|\w+)\s+(?:(?:actually|meant\s+to\s+be|supposed\s+to\s+be|"
    r"allowed|able\s+to|due\s+to)\s+)?(?:due\s+back|(?:go|come|be|get)\s+back|back\b|return)"
    r"|\bwhen\s+(?:does|will|is)\s+(?:the|his|her|their)\s+suspension\s+(?:end|over|finish|up)"
    r"|\bwhen\s+(?:he|she|they)(?:'?s|\s+is|\s+are|'re)\s+(?:\w+\s+)?(?:due\s+)?back\b"
    r"|\b(?:what|which)\s+day\s+(?:is|does|can|should|will)\s+(?:he|she|they)\s+(?:\w+\s+)?back\b|\breturn\s+date\b",
    re.IGNORECASE)
_LENGTH_BEFORE = re.compile(rf"\b(\d{{1,2}}|{'|'.join(_NUMBERS)})[\s-]+(?:school[\s-]+)?days?'?\s+(?:suspen\w*|fixed[\s-]*term|fte)\b",
                            re.IGNORECASE)
# "suspended 3 days for swearing": a length straight after the word
_LENGTH_AFTER = re.compile(rf"\bsuspen\w*\s+(?:for\s+)?(\d{{1,2}}|{'|'.join(_NUMBERS)})\s+(?:school\s+)?days?\b", re.IGNORECASE)
_STARTED_ON = re.compile(r"\b(?:starting|from|beginning|began|begins|starts|started)\s+(?:on\s+)?(?:the\s+|this\s+|last\s+)?\W*$",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Return:
    """When a pupil is due back from the latest dated suspension: `back` if it began on `began`, and
    `back_if_next_day` if it began the school day after (unknown when the message says only when
    the pupil was suspended)."""

    length: int
    began: date
    back: date
    next_day: Optional[date] = None
    back_if_next_day: Optional[date] = None


def due_back(text: str, today: date) -> Optional[Return]:
    """The day a pupil is due back from the latest suspension the message dates and gives a length
    for ("suspended last tues for 5 days"); both readings when it does not say whether the suspension
    began that day or the next. A start said in a sentence of its own ("letter ... says suspension
    starts mon 30th nov") takes the length said before it, and is preferred. None without a dated
    suspension of known length."""
    corrected, reading, _ = read_by_rules(text or "", today)
    days = sorted((d.start, d.end, date.fromisoformat(d.iso)) for d in reading.dates if len(d.iso) == 10)
    found: List[Return] = []
    length_said = 0
    for sentence in _SENTENCE.finditer(corrected):
        words = sentence.group(0)
        if not _SUSPENSION.search(words):
            continue
        length = _LENGTH.search(words) or _LENGTH_BEFORE.search(words) or _LENGTH_AFTER.search(words)
        if length and _number(length.group(1)) <= 45:
            length_said = _number(length.group(1))
        dated = [(start, day) for start, stop, day in days if sentence.start() <= start < sentence.end() and day <= today + timedelta(days=14)]
        if not length_said or not dated:
            continue
        explicit = [(start, day) for start, day in dated if _STARTED_ON.search(corrected[max(sentence.start(), start - 30):start])]
        _, began = (explicit or dated)[0]
        counted = add_school_days(began, length_said)
        if counted is None:
            continue
        if explicit:
            found.append(Return(length_said, began, counted[0]))
            continue
        next_day = add_school_days(began, 1)
        later = add_school_days(began, length_said + 1)
        found.append(Return(length_said, began, counted[0], next_day[0] if next_day else None, later[0] if later else None))
    if not found:
        return None
    latest = max(found, key=lambda r: (r.next_day is None, r.began))  # a start said outright, then the latest
    put_right = _corrected_start(corrected, days, latest.began)
    if put_right is not None:  # "sorry I read it wrong, it says from WEDNESDAY 2nd not tuesday"
        counted = add_school_days(put_right, latest.length)
        if counted is not None:
            return Return(latest.length, put_right, counted[0])
    return latest


# "sorry I read it wrong, it says from WEDNESDAY 2nd not tuesday": the start day put right
_PUT_RIGHT = re.compile(r"\b(?:(?:read|got)\s+it\s+wrong\b[^.!?]*\b(?:from|start\w*|began|begins)|(?:it\s+)?(?:actually\s+)?says\s+from|actually\s+(?:from|start\w*|began|begins)"
                        r"|i\s+meant|(?:from|start\w*|began|begins)\b[^.!?]*\bnot\s+(?:mon|tue|wed|thu|fri)\w*)\b", re.IGNORECASE)


def _corrected_start(text: str, days: Sequence[Tuple[int, int, date]], began: date) -> Optional[date]:
    """A later sentence that puts the suspension's first day right: the first date after its words, if it is
    not `began` and within two weeks of it."""
    for sentence in _SENTENCE.finditer(text):
        if _SUSPENSION.search(sentence.group(0)) and _LENGTH.search(sentence.group(0)):
            continue  # the suspension itself
        put_right = _PUT_RIGHT.search(sentence.group(0))
        if not put_right:
            continue
        at = sentence.start() + put_right.start()
        dated = [day for start, _stop, day in days if at <= start < sentence.end() and day != began]
        if dated and abs((dated[0] - began).days) <= 14:
            return dated[0]  # the first date after the words that put it right
    return None
