"""The rest of a long SMS reply, kept in the casework store for MORE (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.casework.channel_state import MORE_KEPT_FOR, keep_more, next_more

NOW = datetime(2026, 11, 26, 10, 0)
CONVERSATION = "sms:+447700900123"


def first_line(kept):
    """A pager that sends one line at a time."""
    line, _, rest = kept.partition("\n")
    return [line], rest


def test_more_sends_what_was_kept_part_by_part_then_nothing(db):
    keep_more(db, CONVERSATION, "Second part.\nThird part.", now=NOW)
    assert next_more(db, CONVERSATION, first_line, now=NOW) == ["Second part."]
    assert next_more(db, CONVERSATION, first_line, now=NOW) == ["Third part."]
    assert next_more(db, CONVERSATION, first_line, now=NOW) == []


def test_each_conversation_keeps_its_own_and_a_new_reply_replaces_the_old(db):
    keep_more(db, CONVERSATION, "Old rest.", now=NOW)
    keep_more(db, "whatsapp:+447700900123", "Not this one.", now=NOW)
    keep_more(db, CONVERSATION, "New rest.", now=NOW)
    assert next_more(db, CONVERSATION, first_line, now=NOW) == ["New rest."]
    keep_more(db, CONVERSATION, "Kept.", now=NOW)
    keep_more(db, CONVERSATION, "", now=NOW)  # a reply that fitted: nothing left to send
    assert next_more(db, CONVERSATION, first_line, now=NOW) == []
    assert next_more(db, "whatsapp:+447700900123", first_line, now=NOW) == ["Not this one."]


def test_what_is_kept_expires(db):
    keep_more(db, CONVERSATION, "Too late.", now=NOW)
    assert next_more(db, CONVERSATION, first_line, now=NOW + MORE_KEPT_FOR + timedelta(seconds=1)) == []
    keep_more(db, "sms:+447700900555", "Old.", now=NOW)
    keep_more(db, CONVERSATION, "Fresh.", now=NOW + MORE_KEPT_FOR + timedelta(minutes=1))
    assert next_more(db, "sms:+447700900555", first_line, now=NOW) == [], "old text is dropped, not just hidden"
