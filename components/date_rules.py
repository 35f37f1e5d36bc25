"""Find dates in a parent's message and resolve them to ISO dates against the day of the message.

Candidate spans are found with regular expressions ("3rd Sept", "last Tuesday", "back in January",
"12/09/2025", "two weeks ago"); each span is then resolved by the `dateparser` library.
Pure functions: no Rasa import, so they are tested on their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import List, Optional

import dateparser

from knowledge.half_terms import DAY_AFTER_HALF_TERM, day_after_half_term

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = r"(?:mon|tues?|weds?|wednes|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_COUNT = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+couple\s+of|a\s+few)"
_MONTH_PREFIX = (
    r"(?:back\s+in|in|since|during|last|this|early|mid|late|end\s+of|beginning\s+of|start\s+of"
    r"|middle\s+of|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of)"
)

_PATTERNS = [
    # the 2nd of last month, the 14th of this month
    rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?(?:last|this)\s+month\b",
    # the last week of September, first week in October (the month: no day is said)
    rf"\b(?:the\s+)?(?:first|second|third|fourth|last|final)\s+week\s+(?:of|in)\s+{_MONTH}(?:\s+{_YEAR})?\b",
    # a week last Monday (the Monday before last), a week on Friday
    rf"\ba\s+week\s+(?:last|on)\s+{_WEEKDAY}\b",
    # since january 5th (before "since january" alone)
    rf"\b(?:since|from|on)\s+{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b",
    # 12th Nov 25
    rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\s+'?(?:2[0-9])\b(?!\s*(?:hours?|hrs|mins?|minutes|days?|weeks?|%))",
    # the 8th (December)
    rf"\b(?:the\s+)?{_DAY}\s*\(\s*{_MONTH}\s*\)",
    # 3rd Sept, 3 September 2025, 3rd of Sept
    rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b",
    # Sept 3rd, September 3 2025
    rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b",
    # 12/09/2025, 12.9.25, 2025-09-12
    r"\b(?:[0-3]?\d)[/.](?:[01]?\d)[/.](?:\d{4}|\d{2})\b",
    r"\b\d{4}-\d{2}-\d{2}\b",
    # 03-11-26, 3-11-2026 (day first, as in the UK)
    r"(?<![\d-])(?:[0-3]?\d)-(?:[01]?\d)-(?:\d{4}|\d{2})(?![\d-])",
    # 21.9 or 12.11 without a year (not 1.5 hours, £2.50, version 2.1, a time "at 10.10")
    r"(?<![\d/.£$,])(?<!at\s)(?<!v)(?<!version\s)(?<!level\s)(?<!grade\s)(?<!stage\s)(?<!age\s)(?<!aged\s)(?<!of\s)(?<!score\s)(?<!scored\s)(?:[12]\d|3[01]|0?[1-9])\.(?:1[0-2]|0?[1-9])(?![\d.,]\d)(?![\d%])(?!\s*(?:%|hours?|hrs?|mins?|minutes|days?|weeks?|months?|years?|kg|cm|km|miles?|m\b|am\b|pm\b|percent|million|k\b|x\b|out\s+of|/))",
    # 14/05 or 2/10 without a year (not 24/7, 50/50, or 1/2 of something)
    r"(?<![\d/.])(?!24/7\b)(?:[12]\d|3[01]|0?[1-9])/(?:1[0-2]|0?[1-9])(?![\d/])(?!\.\d)(?!\s*(?:days?|hours?|of\b|an?\b|split|time))",
    # back in January, since March 2025, end of June
    rf"\b{_MONTH_PREFIX}\s+{_MONTH}(?:\s+{_YEAR})?\b",
    # January 2025
    rf"\b{_MONTH}\s+{_YEAR}\b",
    # last Tuesday, this Friday, next Monday, on Monday
    rf"\b(?:last|this|next|on)\s+{_WEEKDAY}\b(?!\s+(?:the\s+)?\d)",
    # "came Monday", "Friday just gone"
    rf"\b(?:came|arrived|landed|held|sent|rang|called|phoned)(?:\s+(?:thru|through|in|back|out))?\s+{_WEEKDAY}\b(?!\s+(?:the\s+)?\d)",
    # "AR was tues": the weekday alone (the words before it stay for the event)
    rf"(?:(?<=\bwas\s)|(?<=\bwere\s)){_WEEKDAY}\b(?!\s+(?:the\s+)?\d)(?!\s+(?:best|school|club|dinner|lunch))",
    rf"\b{_WEEKDAY}\s+just\s+gone\b",
    # yesterday, today, last week, last month
    r"\b(?:yesterday|yday|yesterdy|today|tomorrow|the\s+day\s+before\s+yesterday|this\s+(?:morning|afternoon|evening)|tonight)\b",
    r"\b(?:last|this|next)\s+(?:week|month|term)\b",
    # two weeks ago, a fortnight ago, 3 months ago
    rf"\b{_COUNT}\s+(?:days?|weeks?|wks?|months?|mths?|years?|yrs?|fortnights?)\s+ago(?:\s+today)?\b",
    r"\ba\s+fortnight\s+ago(?:\s+today)?\b",
    rf"\bin\s+{_COUNT}\s+(?:days?|weeks?)(?:'|\s+)?(?:time)?\b",
    # the Monday after half term (the usual half-term week: knowledge/half_terms.yml)
    DAY_AFTER_HALF_TERM.pattern,
]
_CANDIDATE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
_LEADING_WORDS = re.compile(
    r"^(?:back\s+in|in|since|from|during|early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of|on|the)\s+",
    re.IGNORECASE,
)
_FUTURE_HINT = re.compile(r"\b(?:next|tomorrow|in\s+\S+\s+(?:days?|weeks?))\b", re.IGNORECASE)
_WORD_NUMBERS = {
    "a couple of": "2", "a few": "3", "an": "1", "a": "1", "one": "1", "two": "2", "three": "3",
    "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
    "eleven": "11", "twelve": "12",
}
_PARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@dataclass(frozen=True)
class FoundDate:
    """A date mentioned in a message: where it is and the ISO date it means."""

    start: int
    end: int
    text: str
    iso: str


def _normalise_span(span: str) -> str:
    text = re.sub(r"\s+", " ", span.strip().lower())
    text = re.sub(r"\b(\d{1,2})(st|nd|rd|th)\b", r"\1", text)
    text = _LEADING_WORDS.sub("", text)
    text = re.sub(r"\s*\(\s*([a-z.]+)\s*\)", r" \1", text)  # "8 (december)"
    text = re.sub(r"^(?:yday|yesterdy)$", "yesterday", text)
    text = re.sub(r"\bago\s+today$", "ago", text)  # "3 weeks ago today"
    text = re.sub(r"\b(?:wks?)\b", "weeks", text)
    text = re.sub(r"\b(?:mths?)\b", "months", text)
    text = re.sub(r"\b(?:yrs?)\b", "years", text)
    text = re.sub(r"^(\d{1,2})[.-](\d{1,2})(?:[.-](\d{2,4}))?$", lambda m: "/".join(g for g in m.groups() if g), text)
    text = re.sub(r"\bsept\b", "sep", text.replace(" of ", " ")).replace("fortnight", "2 weeks")
    for words, digits in _WORD_NUMBERS.items():
        text = re.sub(rf"^{words}\s+(?=(?:days?|weeks?|months?|years?)\b)", f"{digits} ", text)
        text = re.sub(rf"\bin {words}\s+(?=(?:days?|weeks?)\b)", f"in {digits} ", text)
    text = re.sub(r"\b(week|day)s?'?\s*time\b", r"\1s", text)
    return text


_WEEKDAY_PHRASE = re.compile(rf"^(last|this|next|on)\s+({_WEEKDAY})$", re.IGNORECASE)


def _weekday_date(relation: str, weekday_name: str, today: date) -> date:
    """Resolve "last Tuesday", "on Monday" (the most recent one), "this Friday", "next Monday"."""
    weekday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(weekday_name[:3].lower())
    if relation == "this":
        return today + timedelta(days=weekday - today.weekday())
    if relation == "next":
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)


_OF_MONTH = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(last|this)\s+month$", re.IGNORECASE)
_WEEK_OF_MONTH = re.compile(r"^(?:the\s+)?(?:first|second|third|fourth|last|final)\s+week\s+(?:of|in)\s+", re.IGNORECASE)
_A_WEEK = re.compile(rf"^a\s+week\s+(last|on)\s+({_WEEKDAY})$", re.IGNORECASE)


def resolve_date(span: str, today: date) -> Optional[date]:
    """The calendar date a phrase such as "3rd Sept" or "last Tuesday" means on `today`."""
    spaced = re.sub(r"\s+", " ", span.strip())
    if DAY_AFTER_HALF_TERM.fullmatch(spaced):
        return day_after_half_term(spaced, today)
    of_month = _OF_MONTH.match(spaced)
    if of_month:
        month_start = today.replace(day=1) - (timedelta(days=1) if of_month.group(2).lower() == "last" else timedelta(0))
        try:
            return month_start.replace(day=int(of_month.group(1)))
        except ValueError:
            return None
    a_week = _A_WEEK.match(spaced)
    if a_week:
        relation = "last" if a_week.group(1).lower() == "last" else "next"
        return _weekday_date(relation, a_week.group(2), today) + timedelta(days=-7 if relation == "last" else 7)
    span = _WEEK_OF_MONTH.sub("", span.strip())
    span = re.sub(r"^(?:came|arrived|landed|held|sent|rang|called|phoned)(?:\s+(?:thru|through|in|back|out))?\s+", "on ",
                  span.strip(), flags=re.IGNORECASE)
    if re.fullmatch(_WEEKDAY, span.strip(), re.IGNORECASE):
        span = "on " + span.strip()  # "AR was tues": the most recent Tuesday
    span = re.sub(r"^(\w+)\s+just\s+gone$", r"last \1", span, flags=re.IGNORECASE)
    weekday_phrase = _WEEKDAY_PHRASE.match(re.sub(r"\s+", " ", span.strip()))
    if weekday_phrase:
        return _weekday_date(weekday_phrase.group(1).lower(), weekday_phrase.group(2), today)
    text = _normalise_span(span)
    if text in ("this week", "this month", "this term", "last term", "next term"):
        return None
    if text in ("this morning", "this afternoon", "this evening", "tonight"):
        return today
    if text == "last week":
        return today - timedelta(days=7)
    if text == "next week":
        return today + timedelta(days=7)
    base = datetime(today.year, today.month, today.day, 12, 0)
    settings = dict(_PARSER_SETTINGS, RELATIVE_BASE=base)
    settings["PREFER_DATES_FROM"] = "future" if _FUTURE_HINT.search(span) else "past"
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if parsed.year < today.year - 50:  # "15/01/27" is 2027: dateparser reads a two-digit year as 1927
        parsed = parsed.replace(year=parsed.year + 100)
    return parsed.date()


WEEKDAY_BEFORE = re.compile(rf"\b({_WEEKDAY})\.?,?\s+(?:the\s+)?$", re.IGNORECASE)
WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _year_from_weekday(resolved: date, weekday_name: str, today: date) -> date:
    """"Weds 9th Dec" said without a year: the 9 December nearest today that is a Wednesday."""
    weekday = WEEKDAY_INDEX[weekday_name[:3].lower()]
    fitting = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidate = resolved.replace(year=year)
        except ValueError:  # 29 February
            continue
        if candidate.weekday() == weekday:
            fitting.append(candidate)
    return min(fitting, key=lambda d: abs((d - today).days)) if fitting else resolved


_SEPTEMBER_YEAR = re.compile(r"^(?:sept?|september)\s+'?(?:2[5-9])$", re.IGNORECASE)
_STARTING_WORDS = re.compile(r"\b(?:for|start\w*|in|from|entry|intake|reception|secondary|year\s*7|yr\s*7|place\s+for)\s+$", re.IGNORECASE)


def _school_year_start(text: str, match: "re.Match[str]") -> bool:
    """"I applied for Sept 27", "due to start reception Sept 27": September 2027, the start of a school
    year, not the 27th of September."""
    return bool(_SEPTEMBER_YEAR.match(match.group(0))) and bool(_STARTING_WORDS.search(text[max(0, match.start() - 25):match.start()]))


# Words before a date in its sentence that put it ahead: "there's a school trip on the 9th Dec",
# "applications close 15 Jan", "the meeting is booked for 3rd Feb".
_AHEAD_BEFORE = re.compile(r"(?:\b(?:there'?s|there\s+is|there\s+are|(?:is|are|'s)\s+(?:on|booked|planned|due|coming|happening|set)"
                           r"|will|'ll|going\s+to|gonna|coming\s+up|upcoming|close[s]?|closing|deadline\s+(?:is|of))\s+(?:\w+\s+){0,6})$", re.IGNORECASE)
# A last day worked out just before the date: "so thats the 9th jan", "til the 3rd Jan", "so 20th Dec".
_WORKED_OUT_BEFORE = re.compile(r"(?:\b(?:that'?s|thats|so|by)|(?<!ed\s)(?<!n't\s)(?<!nt\s)\b(?:til+|until))\s+(?:the\s+)?$", re.IGNORECASE)
# Words near a date that keep it in the past: "his review was on 10 Dec", "I complained on 8th Jan",
# "20 January this year", "14 Dec - plan finalised"; not "she's got a GP review on the 8th Dec", which is ahead.
_PAST_BEFORE = re.compile(r"\b(?:was|were|had|did|came|went|sent|held|happened|took|began|last|ago|since|from|put|made|told|said|rang|wrote|gave"
                          r"|met|saw|heard|found|(?<!'s\s)(?<!’s\s)(?<!'ve\s)(?<!\bhas\s)(?<!\bhave\s)(?<!\bshes\s)(?<!\bhes\s)(?<!\bive\s)(?<!\bweve\s)got\s+(?:it|the|a|an|his|her))\b[^.!?\n]{0,30}$"
                          r"|\b(?!(?:need|booked|planned|scheduled|arranged|invited)\b)[a-z]{3,}ed\s+(?:\S+\s+){0,4}$"
                          r"|^\s*(?:since|from|last|back)\b", re.IGNORECASE)
# Words that put a sentence in the present or ahead: "he's got an epilepsy clinic on the 15th Dec", "he cant go on the trip".
_NOW_BEFORE = re.compile(r"\b(?:has|have|'ve|is|are|am|can'?t|cant|cannot|won'?t|wont|will|gets?|turns?|needs?|there'?s)\b|'s\b", re.IGNORECASE)
_PAST_AFTER = re.compile(r"^\W{0,3}(?:this\s+year|last\s+year|(?:\w+\s+){0,4}(?:was|were|had|did|came|went|sent|held|happened|ago)\b"
                         r"|(?:\w+\s+){0,3}[a-z]{3,}ed\b)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;.!?\n(]|\s(?:and|but|so|then|which|because)\s", re.IGNORECASE)
SOON_DAYS = 60  # a day and month just ahead, against one almost a year ago: the one ahead
NEARLY_A_YEAR_DAYS = 300
_SENTENCE_START = re.compile(r"[.!?\n][^.!?\n]*$")
AHEAD_WITHIN_DAYS = 120  # a day and month said of something ahead: this year's or next, not almost a year ago
LONG_AGO_DAYS = 180


def _ahead_in_its_sentence(text: str, start: int, resolved: date, today: date, end: int = -1, span: str = "") -> date:
    """A day and month without a year that the dates' parser put long ago, said of something ahead
    ("there is a school trip on the 9th Dec", said on 29 November): the coming one."""
    if (today - resolved).days <= LONG_AGO_DAYS:
        return resolved
    before = text[max(0, start - 120):start]
    cut = _SENTENCE_START.search(before)
    sentence = before[cut.start() + 1:] if cut else before
    try:
        coming = resolved.replace(year=resolved.year + 1)
    except ValueError:
        return resolved
    ahead = (coming - today).days
    after = text[end:end + 60] if end >= 0 else ""
    cut = _CLAUSE_END.search(after)
    after = after[:cut.start()] if cut else after
    if 0 <= ahead <= AHEAD_WITHIN_DAYS and _WORKED_OUT_BEFORE.search(sentence):
        return coming
    if _PAST_BEFORE.search(sentence) or _PAST_BEFORE.match(span) or _PAST_AFTER.search(after):
        return resolved
    if 0 <= ahead <= AHEAD_WITHIN_DAYS and _AHEAD_BEFORE.search(sentence):
        return coming
    if 0 <= ahead <= SOON_DAYS and (today - resolved).days > NEARLY_A_YEAR_DAYS and _NOW_BEFORE.search(sentence):
        return coming  # "he cant go on the panto trip on 10 dec", said on 29 November
    return resolved


def find_dates(text: str, today: date) -> List[FoundDate]:
    """Every date phrase in `text` that resolves to a calendar date, in order. A day and month
    after a weekday name ("weds 9th dec") takes the year in which that day is that weekday; one
    said of something ahead takes the coming year's."""
    found: List[FoundDate] = []
    for match in _CANDIDATE.finditer(text):
        resolved = resolve_date(match.group(0), today)
        if resolved is None or _school_year_start(text, match):
            continue
        start = match.start()
        weekday = WEEKDAY_BEFORE.search(text, max(0, start - 16), start)
        if weekday and not re.search(_YEAR, match.group(0)) and re.search(r"\d", match.group(0)) \
                and re.search(_MONTH, match.group(0), re.IGNORECASE):
            resolved = _year_from_weekday(resolved, weekday.group(1), today)
            start = weekday.start()
        elif not re.search(_YEAR, match.group(0)) and re.search(_MONTH, match.group(0), re.IGNORECASE):
            resolved = _ahead_in_its_sentence(text, start, resolved, today, match.end(), match.group(0))
        end = match.end()
        day_after = _DAY_AFTER_WEEKDAY.match(text, end) if not re.search(r"\d", match.group(0)) else None
        named = re.search(_WEEKDAY, match.group(0), re.IGNORECASE)
        if day_after and named:  # "on fri (4th)": the Friday that is the 4th, nearest today
            on_that_day = weekday_with_day(named.group(0), int(day_after.group(1)), today)
            if on_that_day is not None:
                resolved, end = on_that_day, day_after.end()
        found.append(FoundDate(start, end, text[start:end], resolved.isoformat()))
    return found


# "fri (4th)", "Friday the 4th", "weds 9th" after a weekday phrase the candidates read alone
_DAY_AFTER_WEEKDAY = re.compile(r"\s*(?:\(\s*|the\s+)?(\d{1,2})(?:st|nd|rd|th)\b\s*\)?(?!\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
                                re.IGNORECASE)


def weekday_with_day(weekday_name: str, day: int, today: date) -> Optional[date]:
    """The date nearest `today` (within about two months) that falls on `weekday_name` and is the
    `day`th of its month ("Friday the 4th" on 30 November 2026: Friday 4 December); None if none."""
    wanted = WEEKDAY_INDEX.get(weekday_name[:3].lower())
    if wanted is None:
        return None
    candidates = []
    for months_on in (-2, -1, 0, 1, 2):
        year, month = today.year + (today.month - 1 + months_on) // 12, (today.month - 1 + months_on) % 12 + 1
        try:
            day_there = date(year, month, day)
        except ValueError:
            continue
        if day_there.weekday() == wanted:
            candidates.append(day_there)
    return min(candidates, key=lambda d: abs((d - today).days)) if candidates else None
