"""A request for an EHC needs assessment the family is about to send ("ok im gonna email it on fri (4th),
wen wud they have to answer by", "actually scrap that il send it 2nite, does that change it"): the day
the council would get it, and the dates that would then follow. Pure functions; no Rasa import.

The council must decide whether to assess within 6 weeks of getting the request, and the final plan
is due within 20 weeks (SEND Regulations 2014, regulations 5(1) and 13(2)). An email arrives when it is
sent; a posted request counts from the day it arrives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, Optional

from components.date_rules import WEEKDAY_INDEX, find_dates
from knowledge.spelling import normalise
from knowledge.timeline import SaidEvent

# "gonna email it", "il send it", "I was going to email the request", "if I post it tomorrow"
_PLANNED = re.compile(r"\b(?:gonna|going\s+to|was\s+going\s+to|will|i'?ll|il|ill|we'?ll|plan(?:ning)?\s+to|might|thinking\s+of|"
                      r"(?:if|when)\s+(?:i|we))\s+(?:\w+\s+){0,2}?(e-?mail(?:ing)?|send(?:ing)?|post(?:ing)?|submit(?:ting)?|hand(?:ing)?\s+in|put(?:ting)?\s+in)\b"
                      r"|\b(?:easier|better|quicker)\s+to\s+(e-?mail|send|post)\b", re.IGNORECASE)
# what the family asks about it: a date, or whether the new plan changes one
_ASKS = re.compile(r"\b(?:when|by\s+when|what\s+date|how\s+long|(?:does|would|will)\s+(?:that|this|it)\s+change|change\s+(?:it|the\s+dates?|things|anything))\b",
                   re.IGNORECASE)
_TODAY = re.compile(r"\b(?:tonight|2ni(?:gh)?te?|today|2day|this\s+(?:evening|afternoon|morning)|now|right\s+away|straight\s+away)\b", re.IGNORECASE)
_ABOUT_A_REQUEST = re.compile(r"\b(?:assess\w*|ehc\s*na|ehcna|ehc\s*p|ehc\s+plan|request|apply|application)\b", re.IGNORECASE)
_SOMETHING_ELSE = re.compile(r"\b(?:draft|appeal|tribunal|mediat\w*|complain\w*|comments?|views|amend\w*|transport|review)\b", re.IGNORECASE)
# "itd get there weds", "should arrive on Thursday": when a posted request would reach the council
_ARRIVES = re.compile(r"\b(?:get\s+there|arrive\w*|land\w*|reach\w*|be\s+there|delivered)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PlannedRequest:
    """The day the family means to send the request, and the day the council would get it."""

    sent: date
    received: date
    by_post: bool
    arrival_given: bool  # the family said when a posted request would arrive


def planned_request(text: str, today: date, earlier: str = "") -> Optional[PlannedRequest]:
    """The request the message plans to send and asks a date about, or None. `earlier`: the family's
    earlier messages, for what "it" is ("can I apply myself?" ... "I'll email it on Friday")."""
    said = normalise(text or "")[0]
    planned = _PLANNED.search(said)
    if planned is None or not _ASKS.search(said):
        return None
    if not (_ABOUT_A_REQUEST.search(said) or _ABOUT_A_REQUEST.search(normalise(earlier or "")[0])) or _SOMETHING_ELSE.search(said):
        return None
    verb = (planned.group(1) or planned.group(2) or "").lower()
    by_post = verb.startswith("post") or bool(re.search(r"\b(?:recorded|first\s+class|signed\s+for|by\s+post)\b", said, re.IGNORECASE))
    after = said[planned.start():]
    dates = [found for found in find_dates(after, today) if date.fromisoformat(found.iso) >= today]
    arriving = _ARRIVES.search(after)
    sent_on = [date.fromisoformat(found.iso) for found in dates if arriving is None or found.start < arriving.start()]
    numbered = _DAY_NUMBER.search(after)
    if sent_on:
        sent = sent_on[0]
    elif _TODAY.search(after):
        sent = today
    elif numbered:  # "on the Friday (4th)": the next 4th
        sent = _next_day_numbered(int(numbered.group(1) or numbered.group(2)), today)
    else:
        return None
    arrival = _weekday_after(arriving, after, sent) if arriving is not None else None
    if arrival is not None and arrival < sent:
        arrival = None
    received = arrival if by_post and arrival is not None else sent
    return PlannedRequest(sent=sent, received=received, by_post=by_post, arrival_given=arrival is not None)


_DAY_NUMBER = re.compile(r"\(\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s*\)|\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_A_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)\w*", re.IGNORECASE)


def _next_day_numbered(number: int, today: date) -> date:
    """The next day, from today on, that is the `number`th of its month."""
    year, month = today.year, today.month
    for _ in range(3):
        try:
            day = date(year, month, number)
        except ValueError:
            day = None
        if day is not None and day >= today:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return today


def _weekday_after(arriving: "re.Match[str]", after: str, sent: date) -> Optional[date]:
    """The weekday named just after "get there" / "arrive", on or after the day the request is sent."""
    named = _A_WEEKDAY.search(after, arriving.end(), arriving.end() + 20)
    if named is None:
        return None
    wanted = WEEKDAY_INDEX[named.group(1).lower()[:3]]
    return sent + timedelta(days=(wanted - sent.weekday()) % 7)


def still_to_send(text: str, today: date, earlier: str, known: Mapping[str, SaidEvent]) -> Optional[PlannedRequest]:
    """`planned_request`, unless the conversation already says a request went in (its dates are the engine's)."""
    sent = known.get("request_sent")
    return None if sent is not None and sent.happened else planned_request(text, today, earlier)
