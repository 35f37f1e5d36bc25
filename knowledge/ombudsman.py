"""The Ombudsman's 12 months, said honestly: they run from the day the family first knew of the problem.

Local Government Act 1974, section 26B(2): a complaint must be made within "12 months beginning with
the day on which the person affected first had notice of the matter". A complaint to the council is
not that day: the family knew by then, perhaps long before. So a date counted from a complaint is
the latest the 12 months can end, never the deadline itself; and a problem the parent dates
("no OT since September 2025") starts the count earlier. Section 26B(3) lets the Ombudsman look at a
later complaint for a good reason. Pure functions; no Rasa import.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import List, Optional, Tuple

from dateutil.relativedelta import relativedelta

from components.date_rules import find_dates
from knowledge.dates import days_away, long_date
from knowledge.deadlines import Deadline

# "since September 2025", "hasn't had it since 3rd March", "from Sept last year nothing"
_SINCE = re.compile(r"\b(?:since|ever\s+since|from|starting|started\s+(?:in|on))\s+(?:about\s+|around\s+|early\s+|mid\s+|late\s+|the\s+)?$",
                    re.IGNORECASE)
_HAS_DAY = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}[/.-]\d{1,2}")
# "the stage 2 reply came", "final response": the council's own process is over
_PROCESS_OVER = re.compile(r"\bstage\s*(?:2|two)\s+(?:reply|response|outcome|answer|letter|decision)|\bstage\s*(?:2|two)\b[^.?!]{0,40}"
                           r"\b(?:came|arrived|replied|said|upheld|rejected|back)\b|\bfinal\s+(?:response|reply|stage)\b|\bexhausted\b",
                           re.IGNORECASE)
OMBUDSMAN = "ombudsman_complaint"  # the rule in timescales.yml
STARTS_EARLIER = "the 12 months run from the day you first knew about the problem, not from the day you complained"


def problem_began(text: str, before: date, today: date) -> Optional[Tuple[date, bool]]:
    """The earliest day the parent says the problem began ("since September 2025"), if it is before
    `before` (their complaint), with whether the day itself was given (else only its month)."""
    earliest: Optional[Tuple[date, bool]] = None
    for found in find_dates(text or "", today):
        lead = text[max(0, found.start - 30):found.start]
        own = re.match(r"\s*(?:since|from)\b", found.text, re.IGNORECASE)
        if not own and not _SINCE.search(lead):
            continue
        day = date.fromisoformat(found.iso)
        if day >= before or day > today:
            continue
        if earliest is None or day < earliest[0]:
            earliest = (day, bool(_HAS_DAY.search(found.text)))
    return earliest


def ombudsman_lines(found: Deadline, said: str, today: date, whole: bool = True) -> List[str]:
    """The Ombudsman's time limit when it was counted from a complaint (`found`): the latest it can
    end, or, when the parent dates the problem's start, that the usual 12 months may be over; with
    where to go first unless not `whole` (a concern's own text says that)."""
    lines = [f"Complaint to the Ombudsman: {STARTS_EARLIER} (Local Government Act 1974, section 26B(2))."]
    began = problem_began(said, found.start, today)
    if began is not None:
        start, exact = began
        latest = start + relativedelta(months=12) - timedelta(days=1) if exact \
            else start + relativedelta(months=13) - timedelta(days=1)  # any day of that month: its last
        when = long_date(start) if exact else f"{start:%B %Y}"
        if latest < today:
            lines.append(f"You said the problem goes back to {when}, so the usual 12 months have passed for its start.")
        else:
            lines.append(f"You said the problem goes back to {when}, so the 12 months end by {long_date(latest)} at the latest "
                         f"({days_away(latest, today)}).")
        lines.append("The Ombudsman can still look at it if there is a good reason, such as time spent in the council's "
                     "complaints process (section 26B(3)). So complain as soon as you can.")
    else:
        lines.append(f"You complained on {long_date(found.start)}, so you knew by then. The latest the 12 months can end is "
                     f"{long_date(found.due)} ({days_away(found.due, today)}). If you knew about the problem before you "
                     f"complained, the 12 months end earlier.")
    if _PROCESS_OVER.search(said or ""):
        lines.append("The council's complaints process has finished, so you can go to the Ombudsman now.")
    elif whole:
        lines.append("Use the council's own complaints process first.")
    if not whole:
        return lines
    lines.append("The Ombudsman looks at councils, not at what happens inside a school. A complaint about a school goes "
                 "to the Department for Education, after the school's own complaints process.")
    return lines
