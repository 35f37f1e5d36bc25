"""Small pure rules the console shows: times in UK time, how long until a reply is due, and
whether a WhatsApp conversation is still inside Meta's 24-hour customer service window."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Optional

from knowledge.dates import LONDON

WHATSAPP_WINDOW = timedelta(hours=24)


def uk_time(at: Optional[datetime]) -> str:
    """A stored time (naive UTC) as officers read it: "27 Nov 14:05 GMT", "2 Jun 09:30 BST"."""
    if at is None:
        return ""
    moment = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:%b %H:%M} {local.tzname()}"


def first_words(text: str, most: int = 12) -> str:
    """The first few words of a parent's message for the queue ("My son has been sent home every…")."""
    words = text.split()
    return " ".join(words[:most]) + ("…" if len(words) > most else "")


def due_label(due: Optional[datetime], now: datetime) -> str:
    """ "due in 3 h 20 min", "overdue by 45 min", or "no target" (naive UTC datetimes)."""
    if due is None:
        return "no target"
    minutes = int(abs((due - now).total_seconds()) // 60)
    hours, mins = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = ([f"{days} d"] if days else []) + ([f"{hours} h"] if hours else []) + ([f"{mins} min"] if not days else [])
    span = " ".join(parts) or "0 min"
    return f"overdue by {span}" if due < now else f"due in {span}"


def whatsapp_window_closed(channel: str, last_parent_message: Optional[datetime], now: datetime) -> bool:
    """True when a free-form WhatsApp reply would fall outside the 24 hours after the parent's
    last message (Meta then only allows approved templates)."""
    if "whatsapp" not in (channel or "").lower():
        return False
    return last_parent_message is None or now - last_parent_message > WHATSAPP_WINDOW
