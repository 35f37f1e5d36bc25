"""The pure escalation rules: reasons and priorities, service hours and reply targets, the
resolution ladder, the summary, and what the parent is told."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.escalation import messages
from bot.escalation.reasons import REASONS, more_urgent, priority_of, reason_for_intent
from bot.escalation.relay import transcript_from_events
from bot.escalation.service_level import ServiceLevel, due_text
from bot.escalation.summary import EscalationSummary, build_summary, parent_words
from knowledge.dates import LONDON
from knowledge.deadlines import KeyDates, deadlines
from knowledge.resolution_ladder import ladder, suggested_step
from knowledge.situation import Situation

LEVEL = ServiceLevel.parse()


def london(*args):
    return datetime(*args, tzinfo=LONDON)


def test_every_trigger_has_a_reason_and_priority():
    assert reason_for_intent("safeguarding_risk") == "safeguarding" and priority_of("safeguarding") == "urgent"
    assert {reason_for_intent(i) for i in ("request_human", "complain", "intend_tribunal", "express_distress")} == {
        "asked_for_person", "complaint", "tribunal_intent", "distress"}
    assert {"overdue_deadline", "out_of_school", "not_understood"} <= set(REASONS)
    assert reason_for_intent("greet") is None
    assert more_urgent("normal", "urgent") == "urgent" and more_urgent("high", "normal") == "high"


@pytest.mark.parametrize("raised, priority, due", [
    (london(2026, 11, 24, 10, 0), "normal", london(2026, 11, 25, 10, 0)),   # Tuesday: one working day
    (london(2026, 11, 24, 10, 0), "urgent", london(2026, 11, 24, 11, 0)),
    (london(2026, 11, 27, 16, 30), "high", london(2026, 11, 30, 12, 30)),   # Friday late: Monday
    (london(2026, 11, 28, 22, 0), "urgent", london(2026, 11, 30, 10, 0)),   # Saturday night
    (london(2026, 12, 24, 16, 0), "normal", london(2026, 12, 29, 16, 0)),   # Christmas and Boxing Day
    (london(2027, 3, 26, 12, 0), "high", london(2027, 3, 30, 13, 0)),       # Good Friday, Easter Monday
    (london(2026, 11, 24, 7, 0), "high", london(2026, 11, 24, 13, 0)),      # before opening
])
def test_reply_due_counts_working_hours_only(raised, priority, due):
    assert LEVEL.reply_due(raised.astimezone(timezone.utc), priority) == due


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)),
       st.sampled_from(["urgent", "high", "normal"]))
def test_a_reply_is_always_due_within_opening_hours_and_after_it_was_raised(moment, priority):
    raised = moment.replace(tzinfo=timezone.utc)
    due = LEVEL.reply_due(raised, priority).astimezone(LONDON)
    assert due > raised
    assert LEVEL.is_open_day(due.date()) and LEVEL.opens < due.time() <= LEVEL.closes


def test_service_hours_are_read_from_settings_and_explained_plainly():
    level = ServiceLevel.parse("Mon-Sat 08:30-18:00", "urgent=0.5,high=2,normal=19")
    assert level.hours_text() == "Monday to Saturday, 8:30am to 6pm, except bank holidays"
    assert level.target_text("normal") == "2 working days" and level.target_text("high") == "2 working hours"
    for bad in ("Mon-Fri", "Mon-Fri 17:00-09:00", "Funday 09:00-17:00"):
        with pytest.raises((ValueError, IndexError)):
            ServiceLevel.parse(bad)
    with pytest.raises(ValueError):
        ServiceLevel.parse(targets="urgent=0")
    assert due_text(london(2026, 11, 25, 9, 30)) == "Wednesday 25 November at 9:30am"


def test_the_ladder_suggests_the_earliest_step_that_fits():
    assert suggested_step("safeguarding", "final_plan", True).code == "safeguarding"
    assert suggested_step("asked_for_person", "assessment_requested", True).code == "la_casework_officer"
    assert suggested_step("tribunal_intent", "assessment_refused", False).code == "mediation"
    assert suggested_step("tribunal_intent", "final_plan", False).code == "disagreement_resolution"
    assert suggested_step("complaint", "sen_support", False).code == "school_senco"
    assert suggested_step("complaint", "draft_plan", False).code == "complaint"
    assert suggested_step("out_of_school", "excluded", False).code == "school_senco"
    assert suggested_step("asked_for_person", None, False).code == "school_senco"
    for step in ladder().values():
        assert step.source and step.title and step.action


def test_the_summary_carries_what_an_officer_needs():
    found = deadlines(KeyDates(request_date=date(2026, 9, 3)), date(2026, 11, 24))
    summary = build_summary(
        "asked_for_person",
        Situation(age=8, needs=("autism",), setting="primary", local_authority="Leeds",
                  stage="assessment_requested", stage_date="2026-09-03"),
        None, found, ["hi", "/request_human", "They have not decided yet and it's been 11 weeks", "yes"])
    assert summary.situation["Council"] == "Leeds" and summary.situation["Age"] == "8"
    assert summary.situation["Key date"] == "Thursday 3 September 2026"
    assert summary.overdue_count >= 1 and summary.deadlines[0]["overdue"]
    assert "regulation" in summary.deadlines[0]["source"]
    assert summary.suggested_step["code"] == "la_casework_officer", "an overdue council step goes to the council"
    assert "/request_human" not in summary.parent_words
    assert EscalationSummary.from_json(summary.to_json()) == summary
    assert EscalationSummary.from_json("not json") is None


def test_parent_words_are_the_last_few_and_never_huge():
    words = parent_words(["one", "two", "three", "four", "x" * 2000])
    assert words[:2] == ["three", "four"] and len(words[2]) == 501


def test_what_the_parent_is_told_is_plain_english():
    now = london(2026, 11, 24, 10, 0).astimezone(timezone.utc)
    texts = [messages.consent_question(LEVEL, "normal", now), messages.raised_text(now),
             messages.safeguarding_raised_text(LEVEL, now), messages.joined_text("Priya"),
             messages.handed_back_text("Priya", "Priya calls the council on Friday."),
             messages.already_queued_text(now)]
    for text in texts:
        assert textstat.flesch_reading_ease(text) >= 60, text
    assert "Monday to Friday, 9am to 5pm" in texts[0] and "1 working day" in texts[0]
    assert "not working right now" in messages.consent_question(LEVEL, "normal",
                                                                london(2026, 11, 28, 10, 0).astimezone(timezone.utc))
    assert messages.first_name("Priya Shah") == "Priya" and messages.first_name("") == "Your officer"


def test_the_transcript_labels_parent_assistant_and_officer_and_hides_service_events():
    events = [
        {"event": "user", "text": "hello", "timestamp": 1},
        {"event": "bot", "text": "Hello.", "timestamp": 2, "data": {"buttons": [{"title": "Yes", "payload": "/affirm"}]}},
        {"event": "user", "text": "EXTERNAL: officer_message", "timestamp": 3, "metadata": {"is_external": True}},
        {"event": "bot", "text": "Priya (resolution officer): Hi", "timestamp": 4, "metadata": {"officer": "Priya"}},
        {"event": "slot", "name": "x", "value": 1, "timestamp": 5},
        # A parent's words that merely look like a service event are the parent's.
        {"event": "user", "text": "EXTERNAL: please read this", "timestamp": 6},
    ]
    lines = transcript_from_events(events)
    assert [(l["who"], l["text"]) for l in lines] == [
        ("parent", "hello"), ("assistant", "Hello."), ("officer", "Priya (resolution officer): Hi"),
        ("parent", "EXTERNAL: please read this")]
    assert lines[1]["buttons"] == ["Yes"] and lines[2]["officer"] == "Priya"


def test_a_verified_case_suggests_its_step_from_the_case_stage():
    from bot.escalation.summary import VerifiedCase

    case = VerifiedCase("SR-2026-0001", "Sam", "Leeds", "is waiting for the council to decide on an EHC needs assessment",
                     "assessment_requested")
    summary = build_summary("asked_for_person", Situation(), case, [], ["hello there"])
    assert summary.stage == "assessment_requested"
    assert summary.suggested_step["code"] == "la_casework_officer", "the council holds the next step"
    assert summary.case["stage"].startswith("is waiting")


def test_concerns_raise_the_reason_and_reach_the_summary():
    """"... sent home most days ... can I speak to someone?" is out of school (high), not just a request."""
    from rasa_sdk import Tracker

    from actions.handoff import raised_concerns, reason_from
    from bot.escalation.reasons import more_urgent_reason

    text = ("The school rings me most days to collect him at lunch and he is on mornings only since October. "
            "I am so tired of it all. Can I speak to someone please?")
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": "request_human"}}}]
    tracker = Tracker("parent", {}, {"text": text, "intent": {"name": "request_human"}, "entities": []},
                      events, False, None, {}, "action_listen")
    assert reason_from(tracker) == "out_of_school"
    assert {"sent_home", "part_time_timetable"} <= set(raised_concerns(tracker))
    assert more_urgent_reason("complaint", "tribunal_intent") == "tribunal_intent", "never less urgent"
    summary = build_summary("out_of_school", Situation(), None, [], [text], concerns=["a part-time timetable"])
    assert summary.concerns == ["a part-time timetable"]
    assert EscalationSummary.from_json(summary.to_json()) == summary


def test_a_button_press_shows_the_words_the_parent_saw():
    events = [{"event": "bot", "text": "Shall I pass you to a person?", "timestamp": 1,
               "data": {"buttons": [{"title": "Yes, pass me on", "payload": "/affirm"},
                                    {"title": "No thanks", "payload": "/deny"}]}},
              {"event": "user", "text": "/affirm", "timestamp": 2},
              {"event": "user", "text": '/request_human{"handoff_reason": "safeguarding"}', "timestamp": 3},
              {"event": "user", "text": "/ not a button, just a slash", "timestamp": 4}]
    assert [line["text"] for line in transcript_from_events(events)][1:] == [
        'Pressed the button "Yes, pass me on"', 'Pressed the button "request human"', "/ not a button, just a slash"]
