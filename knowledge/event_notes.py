"""Turn what a parent wrote into timeline events, the way an adviser taking notes would.

`note_message` reads one message against what is already known: dates with a clear role become
events; a date given in answer to "When did you ask for the assessment?" takes that role; "the 12th"
in a correction takes the month of the date it corrects; "that's when we sent the request" answers
"What happened on 3 September?"; "we've heard nothing" marks the next step as not happened. Dates
whose event is still unclear come back for the assistant to ask about. A question adds nothing.
Pure functions; no Rasa import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from components.date_rules import _WEEKDAY, find_dates
from knowledge.date_roles import settle
from knowledge.spelling import normalise, original_span
from knowledge.event_words import (ASSESSMENT_TALK, EXCLUSION_TALK, REVIEW_ASKED, TRANSPORT_TALK, DateMention, DateReading, MessageReading, read_message, resolve_bare_day,
                                   sentence_at)
from knowledge.timeline import (DAY, MEETING_ROLES, MONTH, WEEK, NOT_AN_EVENT, PART, ROLES, UNCLEAR, SaidEvent, awaited_after,
                                current)

LETTER_ROLES = ("assessment_refused", "plan_refused", "cease_notice", "review_decision", "decision_letter",
                "final_plan", "amended_plan", "draft_plan", "amendments_sent")
# Steps a parent names when asking what comes next ("and the mediation bit, by when?"), not to say what a date was.
PROCESS_ROLES = ("mediation_meeting", "mediation_certificate", "complaint_made", "discrimination")


@dataclass(frozen=True)
class UnclearDate:
    """A date whose event the assistant must ask about."""

    iso: str
    phrase: str
    precision: str = DAY


@dataclass(frozen=True)
class Notes:
    """What one message adds: events, and dates still to ask about."""

    events: Tuple[SaidEvent, ...] = ()
    unclear: Tuple[UnclearDate, ...] = ()


@lru_cache(maxsize=4096)  # the policy, the concern lines and days_said read the same message many times a turn
def read_by_rules(text: str, today: date) -> Tuple[str, MessageReading, Tuple[Tuple[int, int], ...]]:
    """The text with common misspellings corrected, the rules' reading of it, and each date's
    (start, end) in the parent's own text."""
    corrected, origin = normalise(text)
    mentions = [DateMention(d.start, d.end, d.text, d.iso) for d in find_dates(corrected, today)]
    reading = read_message(corrected, mentions, today)
    spans = tuple(original_span(origin, f.start, f.end, len(text)) if corrected != text else (f.start, f.end)
                  for f in reading.dates)
    return corrected, reading, spans


def days_said(text: str, today: date, sentence_has: "re.Pattern[str]", just_before: Optional["re.Pattern[str]"] = None,
              with_digits: bool = False) -> List[date]:
    """The exact days the message gives in a sentence that `sentence_has` matches ("a penalty notice
    ... dated 24th Nov"), in order; with `just_before`, only those whose preceding words match it
    ("their letter by email on Monday 23rd"); `with_digits` leaves out "last week" and "yesterday"."""
    return [day for day, phrase in days_said_with_phrases(text, today, sentence_has, just_before)
            if not with_digits or any(c.isdigit() for c in phrase)]


def days_said_with_phrases(text: str, today: date, sentence_has: "re.Pattern[str]",
                           just_before: Optional["re.Pattern[str]"] = None) -> List[Tuple[date, str]]:
    """`days_said`, each day with the words that gave it ("from Friday": the 27th, "Friday")."""
    corrected, reading, _ = read_by_rules(text or "", today)
    found = []
    for seen in reading.dates:
        if seen.precision != DAY or not sentence_has.search(sentence_at(corrected, seen.start, seen.end)):
            continue
        if just_before is not None and not just_before.search(corrected[max(0, seen.start - 40):seen.start]):
            continue
        found.append((date.fromisoformat(seen.iso), seen.phrase))
    return found


def corrects_dates(text: str, today: date) -> bool:
    """Whether a message corrects dates and asks what that changes ("I sent it on 24/09 not 1st oct.
    Were they late deciding?", "the draft actually came on the 17th. Does that change things?")."""
    if "?" not in (text or ""):
        return False  # no question: nothing asked about what the correction changes (and no reading needed)
    reading = read_by_rules(text, today)[1]
    return reading.correction and reading.asks and bool(reading.dates)


def adds_dated_news(text: str, today: date) -> bool:
    """Whether a message with no question corrects a date or dates a step of the EHC process ("she
    actually sent it on Friday 16th Oct, the 9th was just when we signed", "his last annual review
    was 11/03/26"): news that changes the dates the assistant has worked out."""
    if not text or "?" in text:
        return False
    reading = read_by_rules(text, today)[1]
    pinned = len(reading.dates) == 1 and bool(_PINS_A_DATE.search(text))  # "Found the email, it was Weds 18th Nov."
    return bool(reading.dates) and (reading.correction or pinned or any(found.role in ROLES for found in reading.dates))


_PINS_A_DATE = re.compile(r"\b(?:found\s+(?:it|the\s+\w+)|it\s+was|it'?s|its|the\s+date\s+(?:is|was)|checked)\b", re.IGNORECASE)


def dated_steps(text: str, today: date) -> int:
    """How many steps of the EHC process the message dates ("AR was 14/10. LA sent amended draft 2/11")."""
    return sum(found.role in ROLES for found in read_by_rules(text or "", today)[1].dates) if text else 0


def _nothing_done_in_the_future(reading: MessageReading, today: date) -> MessageReading:
    """A date still to come is no step already taken ("the request goes to panel next week"), nor
    one to ask "What happened on ...?" about ("the hearing is 14th jan"); only a meeting can be
    booked ahead."""
    dates = tuple(replace(found, role=NOT_AN_EVENT) if (found.role in ROLES or found.role == UNCLEAR)
                  and found.role not in MEETING_ROLES and found.iso > today.isoformat() else found
                  for found in reading.dates)
    return replace(reading, dates=dates)


_STAGE_TALK = re.compile(r"\bstage\s+(?:1|one|2|two)\b", re.IGNORECASE)
# "the stage 1 answer came ... the letter attached is dated Wednesday 25th. They've said no": the
# review's answer, or the review asked for, is no refusal to assess and no complaint to the Ombudsman
_STAGE_ANSWER_ROLES = ("decision_letter", "assessment_refused", "plan_refused", "request_sent")


def _transport_sentence(sentence: str) -> bool:
    """Whether a sentence is about school transport and not an assessment ("a letter dated Monday 2nd
    Nov saying the taxi stops from January")."""
    return bool(TRANSPORT_TALK.search(sentence)) and not ASSESSMENT_TALK.search(sentence)


_COMPLAINT = re.compile(r"\bcomplain", re.IGNORECASE)


def _stage_of_a_review(sentence: str) -> bool:
    """Whether a sentence is about a stage of a review or complaint ("I emailed a stage 1 review request
    on Friday 13th Nov"), not about an assessment or a plan."""
    return bool(_STAGE_TALK.search(sentence)) and not ASSESSMENT_TALK.search(sentence)


def _school_matters_not_asked(text: str, reading: MessageReading) -> MessageReading:
    """A date the classifier is unsure of in a sentence about an exclusion ("HT rang me yesterday (Fri
    27th) ... he is now PERMANENTLY excluded"), or in a message about school transport and not about an
    assessment ("got it mon 16th nov ... taxi stops 4th jan"), is the school's or the transport team's,
    not an EHC step: never "What happened on ...?", which would stop the answer about it. So is one in a
    message about a stage of a review or complaint ("the stage 1 letter is dated the 20th but didnt arrive
    until Mon 23rd")."""
    transport = bool(TRANSPORT_TALK.search(text) or _STAGE_TALK.search(text)) and not ASSESSMENT_TALK.search(text)
    dates = tuple(replace(found, role=NOT_AN_EVENT) if _not_asked_here(found, sentence_at(text, found.start, found.end), transport)
                  else found for found in reading.dates)
    return replace(reading, dates=dates)


def _not_asked_here(found: DateReading, sentence: str, transport: bool) -> bool:
    """Whether a date is the school's or the transport team's, given its sentence and whether the whole
    message is about transport or a stage of a review (see `_school_matters_not_asked`)."""
    if found.role == UNCLEAR:
        return transport or bool(EXCLUSION_TALK.search(sentence)) or _transport_sentence(sentence)
    if found.role in _STAGE_ANSWER_ROLES:
        return _stage_of_a_review(sentence)
    if found.role == "complaint_made":  # "I emailed a stage 1 review request on Friday 13th Nov"
        return _stage_of_a_review(sentence) and bool(REVIEW_ASKED.search(sentence)) and not _COMPLAINT.search(sentence)
    return False


@lru_cache(maxsize=4096)  # every action rereads the conversation's messages; the reading of one never changes
def read(text: str, today: date) -> MessageReading:
    """The message's dates (resolved on `today`) and what each is about, read after common
    misspellings are corrected, by the rules and then the classifier (knowledge.date_roles); each
    date keeps the parent's own words."""
    corrected, by_rules, spans = read_by_rules(text, today)
    reading = _school_matters_not_asked(corrected, _nothing_done_in_the_future(settle(corrected, by_rules), today))
    if corrected == text:
        return reading
    return replace(reading, dates=tuple(replace(found, start=start, end=end, phrase=text[start:end])
                                        for found, (start, end) in zip(reading.dates, spans)))


_NAMES_A_WEEKDAY = re.compile(rf"\b{_WEEKDAY}\b", re.IGNORECASE)


def _corrected_role(reading: MessageReading, known: Mapping[str, SaidEvent]) -> Optional[str]:
    """The event a correction is about: the one it names, else the kind of thing it names
    ("the letter", "the meeting"), else the only dated event so far. A date taken back ("on 24/09
    not 1st oct") names the event it was the date of."""
    return _corrected_role_named(reading, known) or _corrected_role_guessed(reading, known)


def _corrected_role_named(reading: MessageReading, known: Mapping[str, SaidEvent]) -> Optional[str]:
    """The event a correction names: by a date taken back, by the day of the month it repeats ("I
    wrote it on the 19th but didn't hit send till the 21st", the request being of 19 Oct), or by its
    own words; None when only a guess could say."""
    for found in reading.dates:
        if found.retracted:
            taken_back = [e.role for e in known.values() if e.on == found.iso and e.happened]
            if taken_back:
                return taken_back[0]
    repeated = {role for found in reading.dates if found.bare_day and found.role not in ROLES
                for role, e in known.items() if e.on and e.happened and e.precision == DAY
                and date.fromisoformat(e.on).day == found.bare_day}
    if len(repeated) == 1:
        return next(iter(repeated))
    for role in reading.roles_named:
        if role in known:
            return role
    dated = [e for e in known.values() if e.on and e.happened]
    for group, nouns in ((LETTER_ROLES, {"letter", "email", "e-mail", "dated"}), (MEETING_ROLES, {"meeting", "mtg"})):
        matching = [e for e in dated if e.role in group] if set(reading.vague_words) & nouns else []
        if len(matching) == 1:
            return matching[0].role  # "the meeting was actually MOVED to the 24th": the one meeting so far
    return None


def _corrected_role_guessed(reading: MessageReading, known: Mapping[str, SaidEvent]) -> Optional[str]:
    """The event a correction is most likely about when it does not name one: the only, or the
    latest, dated event so far (unless it speaks of a letter and only the request is dated)."""
    dated = [e for e in known.values() if e.on and e.happened]
    words = set(reading.vague_words)
    for group, nouns in ((LETTER_ROLES, {"letter", "email", "e-mail", "dated"}), (MEETING_ROLES, {"meeting", "mtg"})):
        if words & nouns:
            matching = [e for e in dated if e.role in group]
            if len(matching) == 1:
                return matching[0].role
            if not matching and group is LETTER_ROLES and {"letter", "dated"} & words and dated \
                    and all(e.role == "request_sent" for e in dated):
                return None  # "the letter was dated the 12th", the council's letter not dated before: not the request
    if len(dated) == 1:
        return dated[0].role
    if dated:
        return max(dated, key=lambda e: e.said_at).role
    return None


def _correcting_date(reading: MessageReading, known: Mapping[str, SaidEvent]) -> Optional[DateReading]:
    """The one date with no event of its own that a correction gives: the nearest to the date taken
    back ("its NOT 3rd sept, I sent it on 13/08"), else the first. Not the date being corrected said
    again ("the 10th was the meeting"), nor "the lady I spoke to on friday" later in the message."""
    taken_back = [d for d in reading.dates if d.retracted]
    old = {d.iso for d in taken_back} | {e.on for e in known.values() if e.on}
    open_dates = [d for d in reading.dates if d.role not in ROLES and d.role != NOT_AN_EVENT and not d.retracted
                  and d.iso not in old]
    if not open_dates:
        return None
    if taken_back:
        return min(open_dates, key=lambda d: (min(abs(d.start - t.start) for t in taken_back), d.start))
    return open_dates[0]


def note_message(text: str, today: date, said_at: float, known: Mapping[str, SaidEvent],
                 asked_role: Optional[str] = None, pending: Optional[UnclearDate] = None) -> Notes:
    """The events one parent message adds, given what is known and what the assistant just asked.

    asked_role: the event whose date the assistant asked for ("When did you ask for the assessment?").
    pending: the date the assistant asked about ("What happened on 3 September?").
    """
    reading = read(text, today)
    return notes_from_reading(reading, said_at, known, asked_role, pending)


# the council's documents whose own date the council's next time limit counts from ("a draft amended plan with a letter
# dated 29 oct (got it on the 31st)": the final amended plan is due 8 weeks from the 29th). A first draft keeps the day it
# came: the family's 15 days are read from it, with the letter's own date shown as the safer one (arrival_lines)
SERVED_ROLES = frozenset({"amendments_sent", "final_plan", "amended_plan", "assessment_refused", "plan_refused",
                          "cease_notice", "review_decision", "decision_letter"})
ARRIVAL_DAYS = 14  # a day this soon after a letter dated in the same message is when it came, not another event


def _week_it_falls_in(iso: str, known: Mapping[str, SaidEvent]) -> Optional[str]:
    """The one event given only by its week ("w/c 16th") whose week holds the day `iso`, or None."""
    day = date.fromisoformat(iso)
    roles = [role for role, said in known.items() if said.precision == WEEK and said.day is not None
             and said.happened and 0 <= (day - said.day).days < 7]
    return roles[0] if len(roles) == 1 else None


def notes_from_reading(reading: MessageReading, said_at: float, known: Mapping[str, SaidEvent],
                       asked_role: Optional[str] = None, pending: Optional[UnclearDate] = None) -> Notes:
    """As `note_message`, for a message already read."""
    events: List[SaidEvent] = []
    unclear: List[UnclearDate] = []
    correction_role = _corrected_role(reading, known) if reading.correction else None
    named_correction = bool(reading.correction and _corrected_role_named(reading, known))
    if correction_role in known and known[correction_role].on:
        # "the 19th was just when I saved the draft": the 19th of the month being corrected, so it is no new date
        reading = replace(reading, dates=tuple(
            replace(found, iso=resolve_bare_day(found.bare_day, known[correction_role].on) or found.iso)
            if found.bare_day and found.role not in ROLES and not _NAMES_A_WEEKDAY.search(found.phrase or "")
            else found for found in reading.dates))  # "Friday 16th" keeps the month its weekday gave
    correcting = _correcting_date(reading, known)

    def add(role: str, found: DateReading) -> None:
        events.append(SaidEvent(role=role, on=found.iso, precision=found.precision, said_at=said_at,
                                phrase=found.phrase, corrects=reading.correction))

    for index, found in enumerate(reading.dates):
        if found.role == NOT_AN_EVENT and found.rules_role == UNCLEAR and asked_role and (len(reading.dates) == 1 or index == 0):
            found = replace(found, role=UNCLEAR)  # the answer to "When did ...?": the question says what it was
        if found.unsure_of in ROLES and found.unsure_of not in known and all(e.role != found.unsure_of for e in events):
            # "letter came either the 2nd or 9th": the letter came (the steps it ends are not late); its day is asked
            events.append(SaidEvent(role=found.unsure_of, said_at=said_at, phrase=found.phrase))
        if found.role == NOT_AN_EVENT or (found.retracted and reading.correction):
            continue
        base_role = found.role if found.role in known else correction_role
        if reading.correction and base_role in known and known[base_role].on == found.iso:
            continue  # "the 2nd was just the date typed on the front": the date being corrected
        if found.role in known and known[found.role].precision in (MONTH, PART) and not reading.correction:
            base_role = found.role  # "it was finalised on the 29th" after "issued back in July"
        if found.bare_day and (reading.correction or base_role == found.role) and base_role in known \
                and not _NAMES_A_WEEKDAY.search(found.phrase or ""):
            iso = resolve_bare_day(found.bare_day, known[base_role].on)
            if iso:  # "it was the 12th": the 12th of the month being corrected
                found = replace(found, iso=iso)
        if found.role in SERVED_ROLES and found.precision == DAY and any(
                e.role == found.role and e.day is not None and e.precision == DAY
                and 0 < (date.fromisoformat(found.iso) - e.day).days <= ARRIVAL_DAYS for e in events):
            continue  # "a draft amended plan with a letter dated 29 oct (got it on the 31st)": the day it came, not a new date
        if found.role in ROLES:
            add(found.role, found)
        elif named_correction and correction_role and correcting is not None and found.start == correcting.start:
            add(correction_role, found)  # "the meeting was actually MOVED to the 24th", whatever was asked just before
        elif asked_role and len(reading.dates) == 1 and found.precision == DAY and not reading.roles_named \
                and asked_role not in MEETING_ROLES and (week_of := _week_it_falls_in(found.iso, known)):
            add(week_of, found)  # "it was thurs 12th i think" after "her AR was w/c 9th nov": the review's day, not the letter asked for
        elif asked_role and (len(reading.dates) == 1 or (index == 0 and (asked_role not in known or not known[asked_role].on))):
            add(asked_role, found)  # "Found it!! Its dated 14/10/26. Also I rang ...": the answer comes first
        elif correction_role and correcting is not None and found.start == correcting.start:
            add(correction_role, found)
        elif len(reading.dates) == 1 and found.precision == DAY and (week_of := _week_it_falls_in(found.iso, known)):
            add(week_of, found)  # "it was Weds 18th Nov" after "her review was w/c 16th"
        elif found.precision == DAY and (any(e.on == found.iso for e in events)
                                         or any(k.on == found.iso and k.precision == DAY for k in known.values())):
            continue  # "council agreed to assess 3rd sept. so the 20 wks is from 3rd sept yeah?": a date already placed
        elif index == 0 and found.precision == DAY and len(undated := [r for r, e in known.items() if e.happened and not e.on
                                                                         and ROLES[r].appealable]) == 1 \
                and all(e.role != undated[0] for e in events):
            add(undated[0], found)  # "found it!! its dated 30/10" after "letter came either the 2nd or 9th": that letter's day
        elif found.precision == DAY and any(ROLES[e.role].appealable and e.day is not None
                                            and 0 < (date.fromisoformat(found.iso) - e.day).days <= ARRIVAL_DAYS for e in events):
            continue  # "its dated 30/10 but it came on the 2nd, envelope postmark 31st": when that letter travelled, no event
        else:
            unclear.append(UnclearDate(found.iso, found.phrase, found.precision))
    if not reading.dates and reading.bare_days:
        role = correction_role or asked_role
        base = known.get(role) if role else None
        iso = resolve_bare_day(reading.bare_days[0][2], base.on if base else None)
        if role and iso:
            events.append(SaidEvent(role=role, on=iso, said_at=said_at, corrects=True,
                                    phrase=f"the {reading.bare_days[0][2]}"))
    answer_roles = [role for role in reading.roles_named or reading.roles_in_answer
                    if not (reading.asks and role == "discrimination" and reading.discrimination_named_only)  # "is it too late to claim discrimination?" asks, not answers
                    and not (role in PROCESS_ROLES and role in reading.named_in_questions)]  # "and the mediation bit, by when?" asks
    if pending and not reading.dates and answer_roles:
        events.append(SaidEvent(role=answer_roles[0], on=pending.iso, precision=pending.precision,
                                said_at=said_at, phrase=pending.phrase))
    merged = current(list(known.values()) + events)
    for role in reading.not_yet:
        role = role or awaited_after(merged) or ""
        if role in ROLES and not (role in merged and merged[role].happened):
            events.append(SaidEvent(role=role, happened=False, said_at=said_at))
    return Notes(events=tuple(events), unclear=tuple(unclear))


def note_conversation(messages: Sequence[Tuple[str, date, float]],
                      asked: Optional[Sequence[Optional[str]]] = None) -> Tuple[List[SaidEvent], Optional[UnclearDate]]:
    """Fold a list of (text, day, said_at) parent messages into events; `asked` gives, per message,
    the role whose date the assistant had just asked for. Returns the events and the last date
    still unclear (which the assistant asked about, so the next message may answer it)."""
    events: List[SaidEvent] = []
    pending: Optional[UnclearDate] = None
    for index, (text, day, said_at) in enumerate(messages):
        asked_role = asked[index] if asked else None
        notes = note_message(text, day, said_at, current(events), asked_role, pending)
        events.extend(notes.events)
        if notes.unclear:
            pending = notes.unclear[0]
        elif notes.events:
            pending = None
    return events, pending


def as_dicts(events: Sequence[SaidEvent]) -> List[Dict[str, object]]:
    """Plain dicts for a slot or the store."""
    return [e.to_dict() for e in events]
