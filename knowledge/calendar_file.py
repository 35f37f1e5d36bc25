"""Deadlines as an iCalendar (.ics) file a family can add to their phone or computer calendar."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Optional, Sequence

from icalendar import Alarm, Calendar, Event

from knowledge.dates import long_date
from knowledge.deadlines import Deadline

PRODUCT_ID = "-//SEND resolution service//deadlines//EN"


def deadlines_calendar(deadlines: Sequence[Deadline], today: date, stamp: Optional[datetime] = None) -> bytes:
    """One all-day event per deadline, with its explanation, source and a reminder 3 days before."""
    stamp = stamp or datetime.now(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "SEND deadlines")
    for deadline in deadlines:
        event = Event()
        event.add("uid", f"{deadline.rule_id}-{deadline.start.isoformat()}@send-resolution")
        event.add("dtstamp", stamp)
        event.add("summary", deadline.title)
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(days=1))
        lines = [
            f"{deadline.title}: {long_date(deadline.due)}.",
            deadline.explanation,
            f"If it is missed: {deadline.if_missed}",
            f"Source: {deadline.source} ({deadline.url})",
        ]
        if deadline.kind == "advised":
            lines.append("This is guidance, not a legal time limit.")
        if deadline.exceptions:
            lines.append("The council does not have to meet this limit in some cases, for example: "
                         + " ".join(e.text for e in deadline.exceptions))
        event.add("description", "\n".join(lines))
        event.add("url", deadline.url)
        if deadline.due > today:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"In 3 days: {deadline.title}")
            alarm.add("trigger", timedelta(days=-3))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
