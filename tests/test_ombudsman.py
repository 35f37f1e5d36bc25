"""The Ombudsman's 12 months run from when the family first knew, not from their complaint (trial R06)."""
from __future__ import annotations

from datetime import date

from actions.concern_replies import concerns_reply
from actions.deadline_replies import deadline_reply
from knowledge.deadlines import KeyDates, deadline_for
from knowledge.event_notes import note_conversation
from knowledge.ombudsman import problem_began
from knowledge.timeline import current

TODAY = date(2026, 11, 30)
SINCE_LAST_YEAR = ("My daughter has an EHCP from Kent that says weekly direct OT. Since September 2025 she's had NO OT "
                   "at all. I complained to the council, stage 1 on 2 Sept this year, they said 'recruitment issues'; the "
                   "stage 2 reply came 30/10. I've got her dentist on the 3rd. Can I go to the Ombudsman and what's the deadline?")


def test_a_problem_dated_before_the_complaint_starts_the_count_and_its_year_has_passed():
    events, _ = note_conversation([(SINCE_LAST_YEAR, TODAY, 1.0)])
    reply, _ = concerns_reply(["complaint"], current(events), TODAY, said=SINCE_LAST_YEAR)
    assert "September 2025, so the usual 12 months have passed" in reply and "section 26B(3)" in reply
    assert "2027" not in reply  # no date a year on from the complaint, stated as the deadline
    assert "complaints process has finished" in reply


def test_a_complaint_alone_gives_only_the_latest_the_year_can_end():
    said = "I complained to Derby council on 3rd July 2026 about the missing speech therapy. When is the ombudsman deadline?"
    found = deadline_for("ombudsman_complaint", KeyDates(problem_known=date(2026, 7, 3)), TODAY)
    reply = deadline_reply(found, {}, said)
    assert "not from the day you complained" in reply
    assert "The latest the 12 months can end is Friday 2 July 2027" in reply and "end earlier" in reply
    assert "Use the council's own complaints process first" in reply


def test_the_start_of_a_problem_is_read_only_from_since_and_before_the_complaint():
    assert problem_began("no OT since 3rd March and I complained in May", date(2026, 5, 1), TODAY) == (date(2026, 3, 3), True)
    assert problem_began("no OT since March", date(2026, 5, 1), TODAY) == (date(2026, 3, 1), False)
    assert problem_began("the dentist is on 3rd March", date(2026, 5, 1), TODAY) is None
    assert problem_began("since 3rd June", date(2026, 5, 1), TODAY) is None  # after the complaint: the complaint's day stands
