"""Long messages with several concerns, answered concern by concern (issue 17).

Detection is measured on the held-out part of tests/data/parent_messages.yml, which the classifier
never learns from; the reply is checked for what a parent would see (order, the law, a date worked
out from their own events, the offer to go on, a person); end to end through the REST channel, the
real Rasa, action and web servers, the held-out messages' key points are counted in the replies.
"""
from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

import pytest
import yaml

from actions.concern_replies import concerns_reply, handoff_reason, person_button
from knowledge.concerns import EXAMPLES_FILE, concerns, detect, in_reply_order, worth_answering
from knowledge.event_notes import note_conversation
from knowledge.timeline import current
from tests.concern_scoring import CORPUS, messages, score, table

TODAY = date(2026, 11, 26)
# First look at the held-out part, before any rule was tuned on the corpus: 0.794 (rules and
# classifier); after tuning on the train part only: 0.837; a third writer's 63 messages, first look
# 0.848; all 160 after 136 more train messages: 0.855, after 75 more: 0.870; after a sixth writer's 135 (2026-11-27): 0.892.
# A regression guard, not the goal (0.90).
HELDOUT_MICRO_F1_FLOOR = 0.88
# Share of the held-out messages' key points present in the replies end to end (first reply, and
# the rest after "yes" to "Shall I go on?", and after the consent question): 0.604 on 97 messages;
# 0.712 on 160 (with 63 fresh ones) after the concerns followed the crisis path; 0.722 with the person
# request from its parts; 0.803 after short messages got their concerns and the consent question named a person (2026-11-27). The goal is 0.90.
KEY_POINTS_FLOOR = 0.80


def known_from(text: str):
    events, _ = note_conversation([(text, TODAY, 1.0)])
    return current(events)


def test_every_concern_has_its_law_a_step_and_an_order():
    table_ = concerns()
    assert len(table_) == 22
    for concern in table_.values():
        assert concern.law and concern.step and concern.source and concern.provisions and concern.group in (1, 2, 3, 4)


def test_detection_on_held_out_messages():
    found = score(detect, messages("heldout"))
    print(table(found))
    assert found.micro_f1() >= HELDOUT_MICRO_F1_FLOOR, table(found)
    assert found.precision("wants_person") >= 0.95, "a request for a person is never invented"


def test_the_classifier_never_learned_from_the_held_out_part():
    taught = {str(e["text"]).strip() for e in yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))["examples"]}
    held_out = {str(m["text"]).strip() for m in messages("heldout", language="any")}
    assert taught and not taught & held_out


def test_the_corpus_is_the_size_the_issue_asks_for():
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["messages"]
    assert len(data) >= 250 and len(messages("heldout", language="any")) >= 100
    assert len([m for m in data if m["language"] != "en"]) >= 20


@pytest.mark.parametrize("text, present, absent", [
    ("We went on the year 6 residential planning and they said he was excluded from going unless I came too.",
     ["discrimination"], ["exclusion"]),
    ("He was sent home with a temperature on Monday, fine, but now the school say his 1:1 hours are being cut.",
     [], ["sent_home"]),
    ("I don't want to talk to anyone yet, I just want to know if the part-time timetable is allowed.",
     ["part_time_timetable"], ["wants_person"]),
    ("They ring me most days at lunch to come and get him, and since October he only goes 9 till 12 every day.",
     ["sent_home", "part_time_timetable"], []),
    ("Last Thursday they rang me at 10.30 to collect him because he swore at a TA.", ["sent_home"], []),
])
def test_look_alikes_are_told_apart(text, present, absent):
    found = detect(text)
    assert all(c in found for c in present) and not any(c in found for c in absent), found


def test_out_of_school_comes_before_appeal_windows_and_the_rest():
    assert in_reply_order(["transport", "refused_assessment", "assessment_delay", "sent_home"]) == \
        ["sent_home", "assessment_delay", "refused_assessment", "transport"]


def test_a_reply_says_what_it_understood_then_the_law_a_date_and_a_step():
    text = ("My son is 9. The council refused to assess him, the letter is dated 1 October. "
            "Meanwhile school ring me to collect him at lunch most days. What can I do?")
    found = [c for c in detect(text) if c != "wants_person"]
    reply, later = concerns_reply(found, known_from(text), TODAY)
    assert reply.startswith("Thank you for telling me all this. I understood:")
    assert reply.index("sent home") < reply.index("refusing to assess"), "sent home comes first"
    assert "Tuesday 1 December 2026" in reply, "the appeal date counted from the letter"
    assert "regulation 33" in reply and "Next step:" in reply and later == []
    assert person_button(found)["payload"] == '/request_human{"handoff_reason": "out_of_school"}'
    assert handoff_reason(found) == "out_of_school"


def test_without_the_date_the_reply_asks_for_it_rather_than_guessing():
    reply, _ = concerns_reply(["refused_assessment", "transport"], {}, TODAY)
    assert "If you tell me the date of the decision letter" in reply and "2026" not in reply


def test_a_date_already_given_is_never_asked_for_again():
    text = ("The council assessed him and then decided not to issue a plan, letter dated 3 November. "
            "We sent the request on 19 June. It all took far too long.")
    reply, _ = concerns_reply(["assessment_delay", "refused_plan"], known_from(text), TODAY)
    assert "If you tell me the date of your request" not in reply


def test_proposed_changes_after_a_review_are_timed_from_their_own_date():
    text = "got the proposed amendments after his review, letter dated 16 nov, they have cut his OT"
    reply, _ = concerns_reply(["draft_plan_problems"], known_from(text), TODAY)
    assert "the date of the draft plan" not in reply and "proposed changes" in reply


def test_therapy_and_nhs_help_in_a_plan_say_who_must_arrange_each():
    reply, _ = concerns_reply(["therapies_health"], {}, TODAY)
    assert "section F" in reply and "section G" in reply and "42(3)" in reply


def test_a_disabled_pupil_on_reduced_hours_is_owed_reasonable_adjustments_said_once():
    said = "He's autistic, on mornings only since October, and the panic at the gate is getting worse"
    reply, _ = concerns_reply(["part_time_timetable", "attendance_anxiety"], {}, TODAY, said=said)
    assert reply.count("reasonable adjustments") == 1 and "section 85(6)" in reply
    plain, _ = concerns_reply(["part_time_timetable"], {}, TODAY, said="on mornings only since October")
    assert "reasonable adjustments" not in plain


def test_the_same_appeal_date_is_not_repeated_under_two_concerns():
    text = "Final EHCP dated 6th Nov names a mainstream school, not the one we asked for. We want to appeal."
    reply, _ = concerns_reply(["school_placement", "appeal_tribunal"], known_from(text), TODAY)
    assert reply.count("Last day to appeal to the SEND Tribunal") == 1


def test_more_than_three_concerns_are_offered_next():
    found = ["sent_home", "part_time_timetable", "assessment_delay", "transport", "eotas"]
    first, later = concerns_reply(found, {}, TODAY)
    assert first.count("Next step:") == 3 and "Shall I go on to those?" in first
    assert later == ["transport", "eotas"]
    rest, left = concerns_reply(later, {}, TODAY, first=False)
    assert rest.count("Next step:") == 2 and "I understood" not in rest and left == []


def test_short_messages_keep_their_short_answers():
    assert not worth_answering("is a part time timetable legal?", detect("is a part time timetable legal?"))


@pytest.mark.parametrize("message, concern", [
    ("my son has been sent home every day this week at lunchtime", "sent_home"),
    ("he has been excluded for 3 days", "exclusion"),
    ("she is on a part time timetable", "part_time_timetable"),
    ("since 2 October the school has only let her in 9 till 12", "part_time_timetable"),
    ("my son is 7 and autistic", None),
    ("the council wont do an ehc needs assessment", "refused_assessment"),  # (an FAQ intent keeps its FAQ answer)
    ("LA refused to assess ds AGAIN. 2nd time in a yr. what now", "refused_assessment"),
    ("20 weeks was up in september. still no plan. leeds. ffs", "assessment_delay"),
    ("/request_human", None),
    ("school keeps phoning me to take her home early, is that allowed", None),  # a question: its FAQ answer
    ("can they send him home every day?", None),
])
def test_a_short_statement_of_a_concern_is_answered_at_once(message, concern):
    from knowledge.concerns import short_concern
    assert short_concern(message) == concern


def test_the_short_answer_gives_the_law_and_a_next_step_without_numbering():
    from actions.concern_replies import short_reply
    reply = short_reply("sent_home", {}, date(2026, 11, 26))
    assert reply.startswith("Thank you for telling me. About your child being sent home")
    assert "formal exclusion" in reply and "Next step:" in reply and "1." not in reply and "I understood" not in reply


def _texts(replies):
    return " ".join(r.get("text", "") for r in replies)


@pytest.mark.slow
def test_a_short_message_about_being_sent_home_gets_its_answer_not_the_first_form_question(service):
    sender = f"parent-{uuid.uuid4()}"
    reply = _texts(service.say(sender, "my son has been sent home every day this week at lunchtime"))
    assert "formal exclusion" in reply and "How old is your child" not in reply
    follow = _texts(service.say(sender, "he is 9"))
    assert follow  # the conversation goes on: nothing lost after the short answer


@pytest.mark.slow
def test_one_urgent_thing_with_a_request_for_a_person_is_answered_before_the_consent_question(service):
    sender = f"parent-{uuid.uuid4()}"
    asked = _texts(service.say(sender, "The school has put him on mornings only since October and won't say when it "
                                       "ends. I want to talk to someone."))
    assert "part-time timetable" in asked and "full-time education" in asked and asked.rstrip().endswith("Is that OK?")
    replies = service.say(sender, "/affirm")
    after = _texts(replies)
    assert "passed your conversation" in after and "full-time education" not in after  # answered once
    offered = [b for r in replies for b in r.get("buttons") or [] if b["title"] == "Talk to a person"]
    assert offered == [], "no second offer of a person once the parent has been passed on"


@pytest.mark.slow
def test_a_short_statement_with_a_request_for_a_person_is_answered_when_the_parent_is_not_passed_on(service):
    sender = f"parent-{uuid.uuid4()}"
    asked = _texts(service.say(sender, "some1 ring me pls. council r stopping ds plan n i dont no what to do"))
    assert "Is that OK?" in asked and "Tribunal" not in asked
    after = _texts(service.say(sender, "no"))
    assert "not shared anything" in after and "SEND Tribunal within 2 months" in after and "45(1)(a)" in after
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "some1 ring me pls. council r stopping ds plan n i dont no what to do")
    after = _texts(service.say(sender, "/affirm"))
    assert "passed your conversation" in after and "Tribunal" not in after, "passed on: the officer answers it"




@pytest.mark.slow
def test_sent_home_every_day_is_answered_as_sending_home_not_school_anxiety(service):
    sender = f"parent-{uuid.uuid4()}"
    reply = _texts(service.say(sender, "The school keep ringing me to come and get him at lunchtime, nearly every "
                                       "day since half term, and now they say he can only do mornings. He's 7 and "
                                       "autistic and has no plan yet. Is this even allowed?"))
    assert "I understood:" in reply and "formal exclusion" in reply and "part-time timetable" in reply


@pytest.mark.slow
def test_a_long_message_of_five_concerns_goes_on_when_asked(service):
    sender = f"parent-{uuid.uuid4()}"
    first = _texts(service.say(sender, "ds 10 has been sent home loads this term and is on a reduced timetable of 2 "
                                       "hours a day. we asked for an ehc needs assessment in june and have heard "
                                       "nothing since. the council also stopped his taxi to school. i want EOTAS "
                                       "really as school is not working at all for him."))
    assert "Shall I go on" in first, first
    rest = _texts(service.say(sender, "yes"))
    assert "transport" in rest.lower() or "travel" in rest.lower()
    assert "I understood" not in rest and "don't understand" not in rest, rest


@pytest.mark.slow
def test_a_long_message_asking_for_a_person_gets_its_concerns_then_the_consent_question(service):
    sender = f"parent-{uuid.uuid4()}"
    replies = service.say(sender, "My son is 8 and the school keeps ringing me to collect him early, most days "
                                  "since October. They have also put him on mornings only and say it is for his "
                                  "own good. I am exhausted. Can I speak to a real person please?")
    first = _texts(replies)
    assert "I understood:" in first and "formal exclusion" in first
    assert first.index("I understood:") < first.index("resolution officer is a real person")  # the consent question last
    assert replies[-1]["buttons"][0]["title"] == "Yes, pass me on"
    assert "Talk to a person" not in [b["title"] for r in replies for b in r.get("buttons") or []]  # asked already
    after = _texts(service.say(sender, "no thanks, not yet"))
    assert "not shared anything" in after and "I understood:" not in after  # not said twice


@pytest.mark.slow
def test_a_short_question_still_gets_the_short_answer(service):
    reply = _texts(service.say(f"parent-{uuid.uuid4()}", "what is EOTAS?"))
    assert "I understood" not in reply and "EOTAS" in reply


@pytest.mark.slow
def test_key_points_of_held_out_messages_reach_the_parent_end_to_end(service):
    from knowledge.letters import letter_for

    hit = total = whole = 0
    offers = Counter()  # issue 21: was a letter offered, and was it the one the annotated concerns call for?
    held_out = messages("heldout")
    for item in held_out:
        sender = f"kp-{uuid.uuid4().hex[:12]}"
        replies = service.say(sender, item["text"])
        reply = _texts(replies)
        if "Is that OK?" in reply:  # a request for a person: the concerns, then the consent question
            replies = service.say(sender, "no")
            reply += " " + _texts(replies)
        offered = next((b["payload"].split('"')[-2] for r in replies for b in r.get("buttons") or []
                        if b["payload"].startswith("/ask_letter")), None)
        expected = letter_for([c for c in in_reply_order(item["concerns"]) if c != "wants_person"][:3])
        offers["offered" if offered else "not offered"] += 1
        offers["right" if offered == expected else ("wrong" if offered else "none")] += 1
        offers["should have been offered" if expected and not offered else "ok"] += 1
        if "Shall I go on" in reply:
            reply += " " + _texts(service.say(sender, "yes"))
        lowered = reply.lower()
        present = [any(option.lower() in lowered for option in point) for point in item["key_points"]]
        total, hit, whole = total + len(present), hit + sum(present), whole + all(present)
    print(f"key points present end to end: {hit}/{total} = {hit / total:.3f}; messages with every key point: "
          f"{whole}/{len(held_out)} = {whole / len(held_out):.3f}")
    print(f"letter offers on the held-out messages: {dict(offers)}")
    assert hit / total >= KEY_POINTS_FLOOR


@pytest.mark.slow
def test_a_person_asked_for_in_a_long_message_gets_the_concerns_reason_and_summary(service):
    import json

    import sqlalchemy as sa

    from bot.casework.database import session_scope
    from bot.casework.models import Escalation

    sender = f"parent-{uuid.uuid4()}"
    first = service.say(sender, "The school rings me most days to come and get him at lunch, and since October he is on "
                                "mornings only. Nobody will put anything in writing. Can I talk to a real person please?")
    assert "I understood:" in _texts(first)
    assert "passed your conversation" in _texts(service.say(sender, "yes"))
    with session_scope(service.settings.casework_db_url) as session:
        row = session.execute(sa.select(Escalation).where(Escalation.conversation_id == f"rest:{sender}")).scalars().one()
        reason, priority, summary = row.reason, row.priority, json.loads(row.summary)
    assert reason == "out_of_school" and priority == "high"
    assert "your child being sent home without a formal exclusion" in summary["concerns"]


def test_after_the_crisis_path_a_message_with_concerns_gets_the_offer_then_listens():
    from components.safety_policy import SafetyPolicy, crisis_step

    config = SafetyPolicy.get_default_config()
    path = [config["contacts_action"], config["escalate_action"]]
    assert crisis_step(path, False, None, config, offer_more=True) == config["offer_action"]
    assert crisis_step([*path, config["offer_action"]], False, None, config, offer_more=True) == "action_listen"
    assert crisis_step(path, False, None, config) == "action_listen", "no concerns: nothing more"
    assert crisis_step(path, False, "situation_form", config, offer_more=True) == "situation_form", \
        "an interrupted form asks its question again; the concerns wait"


@pytest.mark.slow
def test_a_disclosure_with_school_problems_gets_safety_first_then_the_offer_and_yes_answers_them(service):
    sender = f"parent-{uuid.uuid4()}"
    first = _texts(service.say(sender, "my son is 12 and has been sent home most days since october, and the 1:1 "
                                       "support in his plan just isnt happening. last night he told me he wants to "
                                       "kill himself. i dont know what to do"))
    assert "999" in first and "When you are ready" in first and "Shall I go on" in first
    assert first.index("999") < first.index("When you are ready"), "safety comes first"
    assert "I understood:" not in first, "the concerns wait until the parent is ready"
    assert "safe right now" in first and "medicines" in first, "a child at risk: is he safe now, the means out of reach"
    after = _texts(service.say(sender, "yes"))
    assert "formal exclusion" in after and "section 42" in after
    assert after.startswith("Thank you for coming back to me"), "the next reply checks in first"


@pytest.mark.parametrize("message, planned", [
    ("DD is 13, autistic, EHCP since year 4.", True),
    ("she has an EHCP but school ignore it", True),
    ("his plan says 1:1 support", True),
    ("he has no EHCP yet, we are waiting for one", False),
    ("we asked for an EHCP assessment in June", False),
])
def test_a_child_with_a_plan_is_not_told_to_ask_for_an_assessment(message, planned):
    from knowledge.concerns import has_plan
    assert has_plan(message, {}) is planned
    reply, _ = concerns_reply(["attendance_anxiety"], {}, date(2026, 11, 26), with_plan=has_plan(message, {}))
    assert ("early review of the plan" in reply) is planned and ("EHC needs assessment" in reply) is not planned


@pytest.mark.parametrize("message, late", [
    ("we applied on 3 September and heard nothing", True),
    ("we applied on 3 September and they agreed to assess on 10 October", False),
    ("we applied on 20 November", False),
])
def test_a_delay_the_familys_own_dates_show_is_a_concern(message, late):
    from knowledge.concerns import delays_in
    today = date(2026, 11, 26)
    assert (delays_in(current(note_conversation([(message, today, 1.0)])[0]), today) == ["assessment_delay"]) is late


@pytest.mark.parametrize("message, late", [
    ("final ehcp came yesterday. week 31. is there anything i can do about how late it was", True),
    ("is the LA allowed to take 30+ weeks to do an EHCP?? still waiting", True),
    ("After a 19 week assessment they have written to say they won't issue a plan", True),
    ("does the plan have to be done in 20 weeks?", False),
    ("he has been off school for 22 weeks with anxiety", False),
])
def test_a_count_of_weeks_past_the_limits_is_a_delay(message, late):
    assert ("assessment_delay" in detect(message)) is late


# Written fresh, in the style of parents' forums, after trying the running service (2026-11-27).
EBSA_FINES = ("my dd (13) has ebsa and hasnt been in school since october half term. school are now threatening "
              "fines and the attendance officer keeps ringing. camhs appt isnt till 9th dec. when do the council "
              "have to do something??")
VAGUE_DRAFT = ("got the draft ehcp yesterday and its really vague, section F just says 'access to' everything. how long "
               "do i get to reply and who can help in kent")


def test_a_health_service_named_only_for_an_appointment_or_report_is_no_therapy_concern():
    assert "therapies_health" not in detect(EBSA_FINES)
    assert "therapies_health" not in detect(VAGUE_DRAFT), "no therapy word at all: the classifier may not add it"
    assert "therapies_health" in detect("The SALT in his plan stopped in September and the school says there is "
                                        "no therapist. He is 7 and non verbal, what can we do about it now?")


def test_attendance_answers_say_when_the_council_should_act_and_what_fines_mean():
    text, _ = concerns_reply(detect(EBSA_FINES), {}, date(2026, 11, 27), said=EBSA_FINES)
    assert "15 school days or more" in text and "Arranging education for children who cannot attend school" in text
    assert "not guilty of an attendance offence" in text and "Education Act 1996, section 444(2A)" in text
    plain, _ = concerns_reply(detect(EBSA_FINES), {}, date(2026, 11, 27), said="she has ebsa and has not been in")
    assert "section 444(2A)" not in plain and "15 school days" not in plain, "said only when the message raises it"


def test_attendance_letters_and_officers_bring_the_note_on_fines():
    for said in ("The attendance officer keeps coming round and I dont know what to do", "School keep marking it "
                 "unauthorised", "the EWO wants a meeting", "we got a letter saying she is persistently absent"):
        text, _ = concerns_reply(["attendance_anxiety"], {}, date(2026, 11, 27), said=said)
        assert "not guilty of an attendance offence" in text, said
    text, _ = concerns_reply(["attendance_anxiety"], {}, date(2026, 11, 27), said="she is too scared to go in")
    assert "not guilty" not in text and "does not count towards a fine" in text, "the step says it always"


def test_a_child_in_care_brings_the_virtual_school_head_once():
    from knowledge.concerns import reply_notes

    said = "My foster son (9) was excluded for good last week and now he's at home with nothing, he has an EHCP"
    text, _ = concerns_reply(["exclusion", "out_of_school"], {}, date(2026, 11, 27), said=said, with_plan=True)
    assert text.count("virtual school head") == 2 and "Children Act 1989, sections 22(3A)" in text
    assert "independent review panel" in text and "within 15 school days" in text
    assert "section F of their EHC plan" in text, "out of school with a plan: the plan's help is still owed"
    for not_in_care in ("The school sent home a letter about his care plan at home", "he is lacking support",
                        "we care for him at home", "the school adopted a new behaviour policy"):
        assert reply_notes(not_in_care) == [], not_in_care
    assert reply_notes("we adopted him at 3 and he is now 8") != []
    assert reply_notes("she is a looked after child") != [] and reply_notes("our LAC review") != []


def test_who_can_help_names_the_councils_own_services():
    from actions.concern_replies import local_help

    helpers = local_help(VAGUE_DRAFT, "Kent")
    assert helpers.startswith("Who can help in Kent:") and "IASK" in helpers and "Kent PACT" in helpers
    assert local_help("how long do i get to reply", "Kent") is None
    assert local_help(VAGUE_DRAFT, None) == "If you tell me your council, I can give you the local services who can help."
    assert local_help("The case officer doesnt reply. Can I complain and who to?", "Leeds").startswith(
        "Who can help in Leeds:")


def test_a_suspension_appealed_is_not_a_tribunal_appeal_and_a_trip_refused_is_discrimination():
    suspended = detect("ds (15) got a 5 day suspension on monday for swearing at a teacher. he has adhd and no support "
                       "in place despite the senco promising. do i have any rights here and can we appeal it")
    assert "exclusion" in suspended and "appeal_tribunal" not in suspended
    assert "appeal_tribunal" in detect("he was excluded for good in october and the council then refused to assess "
                                       "him, we want to appeal to the tribunal, how long do we have")
    trip = detect("hi my son is 7 and in year 2. school have had him on a part time timetable since september, 9-11am "
                  "only, and now theyre saying he cant come on the school trip next week either. hes autistic and has "
                  "an ehcp. is this even legal?")
    assert {"part_time_timetable", "discrimination"} <= set(trip)


def test_one_urgent_concern_in_a_paragraph_is_answered_as_a_concern():
    suspended = ("ds (15) got a 5 day suspension on monday for swearing at a teacher. he has adhd and no support "
                 "in place despite the senco promising. do i have any rights here and can we appeal it")
    assert worth_answering(suspended, detect(suspended))
    assert not worth_answering("he got a suspension", detect("he got a suspension")), "short messages keep theirs"


def test_a_letter_saying_the_council_intends_to_stop_the_plan_is_not_yet_its_decision():
    from actions.deadline_replies import deadline_notes

    said = "The LA sent a notice saying they intend to cease my son's EHCP on 2 Nov. How long do I have to appeal?"
    text, _ = concerns_reply(["cease_plan"], {}, date(2026, 11, 27), said=said)
    assert "runs from its later decision letter" in text and "SEND Regulations 2014, regulation 31" in text
    assert deadline_notes("tribunal_appeal", said) and not deadline_notes("tribunal_appeal", "they decided to cease it")
    decided, _ = concerns_reply(["cease_plan"], {}, date(2026, 11, 27), said="the LA decided to cease dd's plan")
    assert "later decision letter" not in decided


def test_a_parent_worried_about_the_cost_of_an_appeal_is_told_who_pays():
    said = ("my son has been refused an EHCNA, letter dated 3rd November. the school SENCO says we should appeal but "
            "I'm worried about the cost. do we have to pay for tribunal and when is the deadline?")
    text, _ = concerns_reply(detect(said), {}, date(2026, 11, 27), said=said)
    assert "each side normally pays its own costs" in text and "HESC Rules 2008, rule 10(1)" in text
    plain, _ = concerns_reply(detect(said), {}, date(2026, 11, 27), said="we want to appeal the refusal")
    assert "own costs" not in plain


@pytest.mark.parametrize("events, late", [
    ([("request_sent", "2026-11-02")], False),  # the decision to assess is due 14 December: nothing is late
    ([("request_sent", "2026-09-02"), ("assessment_agreed", "2026-10-10")], False),  # the plan is due 20 January
    ([("request_sent", "2026-09-02")], True),  # no decision to assess by 14 October: late
    ([("request_sent", "2026-03-02")], True),  # the plan was due 20 July
])
def test_a_plan_not_yet_due_is_not_called_late(events, late) -> None:
    from knowledge.timeline import SaidEvent

    known = current([SaidEvent(role=role, on=on, said_at=n) for n, (role, on) in enumerate(events)])
    text, _ = concerns_reply(["assessment_delay"], known, date(2026, 11, 27))
    assert ("Say which time limit has passed" in text) == late
    assert ("a late assessment or plan" in text) == late
    assert ("The plan is not late yet" in text or "Nothing is late yet" in text) == (not late)


@pytest.mark.parametrize("message, faq_key, misses", [
    ('draft ehcp came yesterday. every single thing says "access to" or "opportunities for". no hours. what do i do',
     "scotland", True),  # an answer about something else: the concern instead
    ("draft ehcp came yesterday. every single thing says access to. no hours nothing. what do i do", "draft_plan", False),
    ("school keeps phoning me to take her home early, is that allowed", "informal_exclusion", False),
    ("council stopped my bus pass bc im 17 now. how am i meant to get to college", "ehc_plan", True),
    ("what is EOTAS?", "eotas", False),
    ("does my son need to be diagnosed before we ask for an ehcp?", "diagnosis", False),  # no concern: the FAQ stays
])
def test_an_faq_answer_that_fits_none_of_the_concerns_gives_way(message, faq_key, misses):
    from knowledge.concerns import faq_misses_concerns
    assert faq_misses_concerns(message, faq_key) == misses


def test_every_concern_names_faq_answers_that_exist():
    import yaml as _yaml
    from bot import PROJECT_DIR
    responses = _yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))["responses"]
    faq_keys = {name.split("/", 1)[1] for name in responses if name.startswith("utter_faq/")}
    for concern in concerns().values():
        assert set(concern.faq) <= faq_keys, concern.id


def test_a_transport_refusal_is_the_councils_review_not_a_tribunal_date():
    from knowledge.deadline_questions import asked_target

    message = ("Devon turned down his transport on 5th Nov, the letter says the school is parental preference. "
               "His EHCP names a special school 22 miles away. Do we have any right to appeal this and how long have we got?")
    assert "appeal_tribunal" not in detect(message) and "transport" in detect(message)
    assert asked_target(message) is None, "no SEND Tribunal date counted from a transport letter"
    text, _ = concerns_reply(detect(message), {}, date(2026, 11, 27), said=message)
    assert "not appealed to the SEND Tribunal" in text and "20 working days" in text
    still = "The council refused to assess on 2 November and stopped his taxi. How long do we have to appeal to the tribunal?"
    assert asked_target(still) == "tribunal_appeal"


def test_a_school_named_that_will_not_take_the_child_must_admit_them():
    said = "The special school named in his final EHCP say they're full and won't take him, so he's at home"
    text, _ = concerns_reply(["school_placement", "out_of_school"], {}, date(2026, 11, 27), said=said)
    assert "must admit your child" in text and "section 43(2)" in text
    calm, _ = concerns_reply(["school_placement"], {}, date(2026, 11, 27), said="we asked for Oakwell and they said no")
    assert "must admit" not in calm


def test_a_letter_minded_to_cease_is_an_intention_not_a_refusal_to_issue():
    said = ("a letter from Leeds dated 02/11 saying they are 'minded to cease' her EHCP because her needs 'may be better "
            "met through SEN support'. can they really take the plan away?")
    found = detect(said)
    assert "cease_plan" in found and "refused_plan" not in found
    text, _ = concerns_reply(found, {}, date(2026, 11, 27), said=said)
    assert "later decision letter" in text, "the time to appeal runs from the decision, not this letter"


@pytest.mark.slow
@pytest.mark.parametrize("message", [
    "We live in Cardiff. When is the plan due? We asked on 30 October",
    "Hi, we live in Cardiff. My son is 9 and has just been diagnosed with dyslexia and ADHD. I emailed the council asking "
    "for an EHC needs assessment on 30th Oct. They've replied saying they don't do EHCPs in Wales and the school should "
    "look at an IDP. School said they'd look into it weeks ago and nothing. What timescales do they have to stick to?",
])
def test_a_family_in_wales_gets_no_english_deadline(service, message):
    reply = _texts(service.say(f"parent-{uuid.uuid4()}", message))
    assert "Wales has its own rules" in reply and "SNAP Cymru" in reply
    assert "March 2027" not in reply and "regulation 13" not in reply, "England's 20 weeks do not apply in Wales"


def test_an_appeal_already_lodged_hears_what_to_do_when_the_council_misses_the_tribunals_dates():
    said = ("We lodged our appeal in July and the hearing is listed for 9 Feb. The tribunal told the council to send "
            "their response by 13/11 and they just didn't. Is there anything I can do?")
    text, _ = concerns_reply(["appeal_tribunal"], {}, date(2026, 11, 27), said=said)
    assert "tell the Tribunal in writing" in text and "rule 5(2)" in text
    plain, _ = concerns_reply(["appeal_tribunal"], {}, date(2026, 11, 27), said="we want to appeal, how long do we have")
    assert "rule 5(2)" not in plain


def test_a_delay_shows_the_step_already_late_with_its_date():
    text = "request for the assessment went in 3rd August. no decision yet, nothing at all"
    reply, _ = concerns_reply(["assessment_delay"], known_from(text), TODAY, said=text)
    assert "Decision on the EHC needs assessment" in reply and "late" in reply


def test_a_short_message_whose_own_dates_show_a_delay_is_known_to_raise_one():
    from knowledge.concerns import delay_told
    assert delay_told("ehcna sent 3rd august. still no decision. what now", TODAY)
    assert not delay_told("we sent the ehcna request on 20th november", TODAY)


@pytest.mark.slow
def test_a_first_message_that_reads_like_no_gets_the_delay_it_tells_of(service):
    sender = f"parent-{uuid.uuid4()}"
    reply = _texts(service.say(sender, "ehcna sent 3rd august. no decision, no letter, no nothing. what do i do"))
    assert "Decision on the EHC needs assessment" in reply and "What would you like to do next" not in reply


def test_a_tribunal_order_not_carried_out_gets_its_time_limits_not_how_to_appeal():
    said = "DS 15, EOTAS agreed at tribunal in June but the LA still havent set anything up. What can I do?"
    reply, _ = concerns_reply(["appeal_tribunal"], {}, date(2026, 11, 28), said=said)
    assert "the Tribunal's order not being carried out" in reply
    assert "An amended plan must come within 5 weeks" in reply and "regulation 44(2)(b), (c), (e) and (f)" in reply
    assert "date of the Tribunal's order" in reply  # "in June": the day is asked for
    assert "Director of Children's Services" in reply
    assert "mediation adviser" not in reply and "date of the decision letter" not in reply
    appeal, _ = concerns_reply(["appeal_tribunal"], {}, date(2026, 11, 28), said="I want to appeal to the tribunal about section F")
    assert "mediation adviser" in appeal and "regulation 44" not in appeal


def test_concerns_of_a_family_that_moved_from_wales_say_the_idp_does_not_carry_over():
    said = ("We moved to Wakefield from Wales over the summer. ds is 10 and had an IDP in Wales, he still has no "
            "school place and the council won't assess until he is in a setting.")
    reply, _ = concerns_reply(["out_of_school", "refused_assessment"], {}, date(2026, 11, 28), said=said)
    assert "does not move with you to England" in reply and "regulations 15(1) and 5(1)" in reply
    settled, _ = concerns_reply(["out_of_school"], {}, date(2026, 11, 28), said="We live in Wakefield, he has no school place")
    assert "does not move with you" not in settled


def test_the_concern_a_long_message_asks_about_is_answered_in_the_first_reply():
    said = ("we won at tribunal in september, the order said EOTAS package with OT and SaLT, council still hasnt put "
            "anything in place. its been 10 weeks. who do i complain to?")
    found = ["out_of_school", "appeal_tribunal", "therapies_health", "eotas", "complaint"]
    reply, later = concerns_reply(found, {}, date(2026, 11, 28), said=said)
    assert "3. Making a complaint." in reply and "complaint" not in later
    unasked, later = concerns_reply(found, {}, date(2026, 11, 28), said=said.replace("who do i complain to?", "help"))
    assert "complaint" in later


def test_transport_for_a_young_person_over_16_is_the_student_travel_policy_not_the_school_age_duty():
    reply, _ = concerns_reply(["transport"], {}, date(2026, 11, 28), said="school say no to taxi for dd now shes 16, can they do that?")
    assert "sections 509AA(1) and 508F(1)" in reply and "508B" not in reply
    younger, _ = concerns_reply(["transport"], {}, date(2026, 11, 28), said="council refused his taxi, he is 9 and autistic")
    assert "508B(1)" in younger


def test_a_complaint_about_an_academy_is_not_sent_to_the_council_and_the_ombudsman():
    reply, _ = concerns_reply(["complaint"], {}, date(2026, 11, 28),
                              said="dd is at an academy, I want to make a formal complaint but dont know who to")
    assert "academy trust's own process" in reply and "Department for Education" in reply
    council, _ = concerns_reply(["complaint"], {}, date(2026, 11, 28), said="I want to complain about the council's delays")
    assert "academy" not in council


def test_a_young_person_is_not_told_about_fines_for_parents():
    said = "im 16 and at college, my attendance is 71%, my mum is scared she'll get fined. can they kick me off?"
    reply, _ = concerns_reply(["attendance_anxiety"], {}, date(2026, 11, 28), said=said, young_person=True)
    assert "your child" not in reply and "attendance offence" not in reply


def test_a_permanent_exclusion_gets_its_sixth_school_day_with_what_it_assumes():

    today = date(2026, 11, 28)
    said = "the letter says the PEX starts from Fri 20th November. who is supposed to be teaching her right now?"
    known = current(note_conversation([(said, today, 1.0)])[0])
    reply, _ = concerns_reply(["exclusion"], known, today, said=said)
    assert "the sixth school day is Friday 27 November 2026" in reply and "School holidays and closure days" in reply
    suspended = "he was suspended on Fri 20th November for 3 days"
    known = current(note_conversation([(suspended, today, 1.0)])[0])
    assert "sixth school day is" not in concerns_reply(["exclusion"], known, today, said=suspended)[0]


def test_a_school_named_in_the_plan_is_no_placement_dispute():
    from knowledge.concerns import rule_concerns

    assert "school_placement" not in rule_concerns("hes in year 1 at a special school that is named in his EHCP (Devon).")
    assert "school_placement" in rule_concerns("the school named in his EHCP is not the one we asked for, we wanted the special school")


def test_can_i_ask_for_the_assessment_myself_at_the_end_of_a_long_message_is_answered_yes():
    from knowledge.concerns import reply_notes

    said = ("Ive been asking since Easter for them to apply for an EHC needs assessment. Then yesterday she finally tells "
            "me they dont think he meets the threshold and want to do another cycle of APDR first. Do I have to wait "
            "for school to apply?? Can I do it myself?")
    [note] = reply_notes(said)
    assert note.startswith("Yes, you can ask the council for an EHC needs assessment yourself") and "section 36(1)" in note
    assert reply_notes("can i request it myself?") and not reply_notes("can i do the appeal myself")


def test_an_academy_complaint_named_in_an_earlier_message_gets_no_ombudsman_date():
    from datetime import date

    from actions.concern_replies import concerns_reply
    from knowledge.event_notes import note_conversation
    from knowledge.timeline import current

    today = date(2026, 11, 28)
    first = "She is at an academy. I put in a formal stage 1 complaint to the school on the 2nd Oct and had no reply."
    second = "The head finally replied yesterday, complaint not upheld. Whats the next stage?"
    events, _ = note_conversation([(first, today, 1.0), (second, today, 2.0)])
    with_academy, _ = concerns_reply(["complaint"], current(events), today, said=second, earlier=first)
    without, _ = concerns_reply(["complaint"], current(events), today, said=second)
    assert "Complaint to the Ombudsman:" not in with_academy and "Complaint to the Ombudsman:" in without


def test_being_told_a_plan_stops_at_18_is_answered_as_a_myth_not_as_a_letter_to_appeal():
    from knowledge.concerns import concerns

    said = ("hi im 17 and at college. my tutor said my EHCP stops when im 18 anyway so its not worth fighting about. "
            "is that true?")
    concern = concerns()["cease_plan"].for_young_person().as_said(said)
    assert concern.law.startswith("A plan does not end at 18") and concern.limit is None
    assert "mediation adviser" not in concern.step
    letter = concerns()["cease_plan"].as_said("the council sent a letter saying his plan stops when he is 19")
    assert letter.limit == "tribunal_appeal"


def test_never_officially_excluded_is_sent_home_not_an_exclusion_and_a_refusal_to_come_is_no_letter_to_date():
    said = ("school have started ringing me most days about 12.30 to come and get him, hes never been officially "
            "excluded. and if kent do say no to assessing can i appeal that or is that it??")
    assert "exclusion" not in detect(said)
    reply, _ = concerns_reply(["sent_home", "appeal_tribunal"], {}, date(2026, 11, 28), said=said)
    assert "Yes. If the council refuses to assess" in reply
    assert "If you tell me the date of the decision letter" not in reply


def test_a_draft_with_section_i_blank_is_told_that_is_the_law():
    from knowledge.concerns import reply_notes
    notes = reply_notes("section I on the draft is blank, just says 'to be confirmed'. is that allowed??")
    assert notes and "must leave section I (the school) empty" in notes[0] and "38(5)" in notes[0]


def test_a_review_a_year_ago_makes_the_next_review_the_date_and_home_education_pressure_is_warned():
    from knowledge.concerns import reply_notes
    from knowledge.timeline import SaidEvent
    known = {"review_meeting": SaidEvent("review_meeting", "2025-11-12")}
    reply, _ = concerns_reply(["annual_review_not_acted"], known, date(2026, 11, 28),
                              said="His last annual review was 12/11/2025 and nothing has been booked this year")
    assert "Review of the EHC plan: Wednesday 11 November 2026" in reply and "353 days late" not in reply
    notes = reply_notes("the head said it might be easier if I sign a letter to take him off roll for home education")
    assert notes and "Do not sign a letter to take your child off the school roll" in notes[0]


def test_a_transport_refusal_over_parental_preference_is_transport_alone_with_its_review_day():
    from knowledge.transport import review_limit
    first = ("leeds council emailed saying DDs taxi stops after xmas, 'not eligible' bc the school is 'parental "
             "preference'. shes yr7 autistic with EHCP which names the school, its 4.2 miles from us. how do i appeal?")
    assert detect(first) == ["transport"]
    second = "got it mon 16th nov. section I just has the school name nothing about transport. taxi stops 4th jan"
    assert detect(second) == ["transport"]
    assert review_limit(second, date(2026, 11, 28)).last_day == date(2026, 12, 14)


def test_being_pushed_to_leave_a_sixth_form_is_answered():
    from knowledge.concerns import reply_notes
    notes = reply_notes("my head of sixth form said I should think about whether college is a better fit and leave at "
                        "xmas. can they actually make me leave?")
    assert any("only make a pupil leave by a formal permanent exclusion" in n for n in notes)


def test_eotas_already_in_the_plan_is_kept_not_asked_for_and_its_hours_are_no_school_timetable():
    text = ("ds (11) has had EOTAS in his EHCP since the tribunal in March, tutors 20 hrs a week. the LA now say "
            "they want to cut it to 2 hours a day online from January because of costs. they never sent any paperwork. "
            "can they just do that?")
    found = detect(text)
    assert "eotas" in found
    reply, later = concerns_reply(found + ["part_time_timetable"], known_from(text), TODAY, said=text, with_plan=True)
    assert "Ask for EOTAS" not in reply and "propose amendments" in reply and "15 days" in reply
    assert "part-time timetable" not in reply and "part_time_timetable" not in later
    asked, _ = concerns_reply(["eotas"], {}, TODAY, said="we want EOTAS, school has broken her")
    assert "Ask for EOTAS in writing" in asked


def test_a_council_complaint_left_unanswered_can_go_to_the_ombudsman_and_its_year_may_end_sooner():
    text = ("I made a formal complaint to Derby council on 3rd July 2026 about the missing speech therapy and "
            "never got a stage 1 response. Can I go to the ombudsman?")
    reply, _ = concerns_reply(["complaint"], known_from(text), TODAY, said=text)
    assert "about 12 weeks" in reply and "0300 061 0614" in reply
    assert "Friday 2 July 2027" in reply and "the 12 months end earlier" in reply
    answered, _ = concerns_reply(["complaint"], {}, TODAY, said="I want to complain about the council, how do I do it?")
    assert "about 12 weeks" not in answered


def test_a_reception_child_not_yet_five_is_part_time_only_if_the_parent_chooses():
    text = ("dd is 4 and in reception in Leeds. the head wants her to do mornings only till her EHCP comes through, "
            "we only asked for the assessment last month. is that allowed?")
    assert not concern_detection_has_plan(text)
    reply, _ = concerns_reply(["part_time_timetable"], {}, TODAY, said=text)
    assert "your choice, not the school's" in reply and "paragraph 2.17" in reply
    assert "EHC plan must still be given" not in reply
    older, _ = concerns_reply(["part_time_timetable"], {}, TODAY, said="ds is 9 and on 2 hours a day since october")
    assert "your choice, not the school's" not in older


def concern_detection_has_plan(text: str) -> bool:
    from knowledge.concerns import has_plan

    return has_plan(text, {})


def test_a_child_sent_home_for_want_of_staff_is_told_that_is_no_lawful_reason():
    text = ("dd (7, EHCP) keeps getting 'lunchtime exclusions', 5 since half term, and the letters say its because "
            "they dont have anyone to supervise her at lunch. her plan says she needs an adult at unstructured times")
    reply, _ = concerns_reply(["exclusion", "provision_not_delivered"], {}, TODAY, said=text, with_plan=True)
    assert "not a lawful reason" in reply
    behaviour, _ = concerns_reply(["exclusion"], {}, TODAY, said="he got a 2 day suspension because he hit a TA")
    assert "not a lawful reason" not in behaviour


def test_comments_sent_in_time_are_said_to_be_in_time_not_a_date_that_has_passed():
    text = ("hi, DS (6) had his annual review in sept, Kirklees sent proposed amendments 12/10, i sent my comments "
            "back on the 23rd. still no final plan and OT is still missing from section F. when do they have to send the final??")
    reply, _ = concerns_reply(["draft_plan_problems"], known_from(text), TODAY, said=text, with_plan=True)
    assert "You sent your comments on Friday 23 October 2026, within the 15 days" in reply
    assert "passed" not in reply and "send them before the deadline" not in reply
    late = "the draft came on 2 November and I emailed my views back on 25th Nov. the LA havent replied"
    reply, _ = concerns_reply(["draft_plan_problems"], known_from(late), TODAY, said=late)
    assert "The 15 days ended on Monday 16 November 2026" in reply and "should still take them into account" in reply


def test_a_review_decision_already_made_is_not_asked_about_by_its_meeting_day():
    text = "ds had his annual review in sept and the LA sent proposed amendments on 12/10. still waiting for the final. when is it due?"
    reply, _ = concerns_reply(["annual_review_not_acted"], known_from(text), TODAY, said=text, with_plan=True)
    assert "depending on the exact day" not in reply and "exact date of the review meeting" not in reply
    waiting = "ds had his annual review in sept and we have heard nothing since, no amendments, nothing"
    reply, _ = concerns_reply(["annual_review_not_acted"], known_from(waiting), TODAY, said=waiting, with_plan=True)
    assert "by Wednesday 28 October 2026 at the latest" in reply and "it is late" in reply


def test_a_college_ending_a_place_named_in_the_plan_is_told_it_cannot_do_that_alone():
    said = ("im 18, doing level 1 at college in Bolton, I have an EHCP. they emailed saying my placement ends at "
            "christmas bc of my attendance. the support in my plan never started. can they do that??")
    reply, _ = concerns_reply(["post16", "provision_not_delivered"], {}, TODAY, said=said, young_person=True, with_plan=True)
    assert "cannot end the place on its own" in reply and "early review" in reply
    plain, _ = concerns_reply(["post16"], {}, TODAY, said="my course ends in june, what happens to my EHCP after?",
                              young_person=True, with_plan=True)
    assert "cannot end the place" not in plain


def test_a_suspension_without_work_sent_home_is_told_the_school_should_set_it():
    said = "ds got a 5 day suspension on monday, nothing has come home, arent they supposed to be sending work??"
    reply, _ = concerns_reply(["exclusion"], {}, TODAY, said=said)
    assert "the school should set work" in reply
    quiet, _ = concerns_reply(["exclusion"], {}, TODAY, said="he was suspended for 2 days for swearing at a teacher")
    assert "should set work" not in quiet


@pytest.mark.slow
def test_a_calmer_message_after_a_disclosure_is_answered_not_met_with_the_same_crisis_reply(service):
    import sqlalchemy as sa

    from bot.casework.database import session_scope
    from bot.casework.models import Escalation

    sender = f"parent-{uuid.uuid4()}"
    first = _texts(service.say(sender, "the school keep ringing me at dinner time to collect my daughter, shes 9 and "
                                       "autistic with an ehcp, 3 times this week and never in writing. i lost my job "
                                       "over it. honestly some days i think they'd all be better off without me"))
    assert "999" in first and "Are you safe right now?" in first
    after = _texts(service.say(sender, "im ok, not going to do anything. ive hidden my tablets at my mums and my "
                                       "partner is home now. what can i do about the school sending her home?"))
    assert "Your safety and your child's safety come first" not in after, "not the same crisis reply again"
    assert "116 123" in after and "999" in after, "the numbers, in short"
    assert "someone you trust" in after, "the step she took, named back"
    assert "formal exclusion" in after, "her question about the school is answered"
    with session_scope(service.settings.casework_db_url) as session:
        rows = session.execute(sa.select(Escalation).where(Escalation.conversation_id == f"rest:{sender}")).scalars().all()
        assert [row.priority for row in rows] == ["urgent"], "one escalation, still urgent"


# Written fresh (2026-11-28): direct questions a long message ends with, answered by a note.
@pytest.mark.parametrize("said, opening", [
    ("the senco says the council only accepts requests from schools so i sent it myself. is my request still valid?",
     "Yes, you can ask the council"),
    ("can we apply for the ehcp ourselves without school, yes or no", "Yes, you can ask the council"),
    ("school say theres no point til she gets a diagnosis and they have to do 2 cycles of APDR first",
     "Your child does not need a diagnosis"),
    ("got a letter saying they will cease her ehcp in july, no one asked her or the college first!!",
     "Before it decides to stop a plan"),
    ("someone on fb said you cant appeal once theyre over 16, is that true", "Young people over 16 can appeal"),
    ("my son turns 18 in march, will his plan just end then?", "No, a plan does not stop at 18"),
    ("does my ehcp stop when i turn 18", "No, a plan does not stop at 18"),
    ("hes been off ill since october with a gp letter. the attendance officer says after 20 days they can take him off "
     "roll. can they?", "A school cannot take a pupil off roll for an absence"),
    ("the SEN officer said with the EP shortage and christmas we're looking at a draft in the spring. is that allowed?",
     "A waiting list is not a reason the law allows"),
    ("I had to sign a reduced timetable agreement or 'the alternative is exclusion'. how long can they keep this up?",
     "An agreement signed because you were told"),
    ("the medical needs service wont take her without a letter from a consultant and the appointment is in march",
     "A council should not hold up education"),
    ("I complained to the head teacher 3 weeks ago and have had no reply. how do i take the complaint further?",
     "A complaint about a school goes through"),
])
def test_a_direct_question_gets_its_answer_as_a_note(said, opening):
    from knowledge.concerns import reply_notes

    assert any(note.startswith(opening) for note in reply_notes(said)), reply_notes(said)


@pytest.mark.parametrize("said", [
    "the council have agreed to cease his plan because he's going to university, we agreed",
    "he is 17 and wants to appeal himself",
    "can i complain to the council about the transport?",
    "he got a diagnosis of autism in may",
    "the head wants me to take him off roll and home educate, can they make me?",
])
def test_those_notes_stay_out_of_messages_that_do_not_ask(said):
    from knowledge.concerns import reply_notes

    openings = ("Before it decides to stop", "Young people over 16 can appeal", "A complaint about a school goes",
                "Your child does not need a diagnosis", "A school cannot take a pupil off roll")
    assert not any(note.startswith(openings) for note in reply_notes(said)), reply_notes(said)


@pytest.mark.parametrize("said, concern", [
    ("He is in Year 6 with an EHCP. The review was on 3 November and nothing since. When do they have to name his "
     "secondary school?", "phase_transfer"),
    ("She has been suspended three times this term, 16 days in all. Do the governors have to meet about it?", "exclusion"),
    ("The council say I get a bus pass and travel training, not a taxi. Can they make me take the bus?", "transport"),
])
def test_a_question_that_names_a_concern_brings_it_into_the_reply(said, concern):
    from knowledge.concerns import asked_about

    assert concern in asked_about(said, in_reply_order(detect(said) + [concern]))


def test_an_annual_review_with_an_ep_report_is_no_late_assessment():
    said = ("DS has an EHCP. His annual review was on 3 November and the EP update came late. Since then nothing. "
            "When should we hear?")
    assert "assessment_delay" not in detect(said)
    assert "assessment_delay" in detect("We requested an EHC needs assessment on 2 June and the EP still hasnt come. "
                                        "Its been 25 weeks, nothing from the LA. Is that allowed?")


def test_a_young_person_at_college_is_answered_as_themselves_about_transport_and_letters():
    from actions.concerns import with_letter_offer

    said = ("I'm 17, autistic, at college (named in my EHCP). The council say I'm not eligible for a taxi, just a bus "
            "pass and travel training, and I've missed 6 days. Can they make me take the bus?")
    reply, _ = concerns_reply(["transport", "attendance_anxiety"], {}, date(2026, 11, 28), young_person=True, said=said)
    assert "your child" not in reply, "a young person writing about themselves is 'you'"
    text, letter = with_letter_offer("Reply.\n\nI am not a lawyer.", ["attendance_anxiety"], said, {}, young=True)
    assert letter != "suitable_education" and "your child" not in text


def test_a_threatened_exclusion_is_no_exclusion():
    said = ("Since September he's only allowed in 9 till 11. The head said I had to sign a reduced timetable "
            "agreement or 'the alternative is exclusion', so I signed it.")
    assert "exclusion" not in detect(said) and "part_time_timetable" in detect(said)
    assert "exclusion" in detect("they excluded him for 3 days last week after a meltdown, and now the head is "
                                 "threatening a permanent exclusion if it happens again")


def test_review_papers_that_came_late_and_the_report_due_after_the_meeting_are_dated():
    from actions.concern_replies import review_papers_lines

    said = ("DD's annual review was on Thursday 5 November. School only sent the invite and the reports on Monday 26 "
            "October, over half term. Nothing since, not even the minutes. Was that too late? When should I have had "
            "the report?")
    today = date(2026, 11, 28)
    known = current(note_conversation([(said, today, 1.0)])[0])
    lines = " ".join(review_papers_lines(said, known, today))
    assert "by Thursday 22 October 2026" in lines and "4 days late" in lines
    assert "by Thursday 19 November 2026" in lines and "it is late" in lines
    assert review_papers_lines("her annual review was on Thursday 5 November, it went well", current(note_conversation(
        [("her annual review was on Thursday 5 November, it went well", today, 1.0)])[0]), today) == []


def test_a_note_is_said_once_and_a_draft_that_came_gets_the_sent_date_warning():
    from actions.concerns import without_repeated_lines
    from actions.deadline_replies import SENT_NOT_FOUND_NOTE, deadline_notes

    note = "No, a plan does not stop at 18. It can carry on up to age 25, while the young person still needs it."
    text = f"Review: Tuesday 16 February 2027.\n{note}\n\nThank you.\n\n1. College.\nLaw.\n\n{note}\n\nI am not a lawyer."
    assert without_repeated_lines(text).count(note) == 1 and "1. College." in without_repeated_lines(text)
    assert SENT_NOT_FOUND_NOTE in deadline_notes("draft_comments", "the draft came on Tuesday 17th, when do I comment by?")
    assert SENT_NOT_FOUND_NOTE not in deadline_notes("draft_comments", "the draft is dated 12 November, when is my deadline?")


def test_a_request_the_message_dates_gets_the_decision_date_while_its_6_weeks_run():
    from knowledge.concerns import waiting_to_hear

    said = ("the senco said the council only takes requests from schools, so i emailed the request myself on tues "
            "17th nov. got an auto reply and nothing since. can i apply myself?")
    today = date(2026, 11, 28)
    known = current(note_conversation([(said, today, 1.0)])[0])
    assert waiting_to_hear(known, today, said) == ["assessment_delay"]
    reply, _ = concerns_reply(["assessment_delay"], known, today, said=said)
    assert "Decision on the EHC needs assessment: Tuesday 29 December 2026" in reply and "Nothing is late yet" in reply
    assert waiting_to_hear(known, today, "what about the lunchtimes?") == [], "a request told earlier is not raised again"


def test_uniform_rules_and_whole_days_in_a_reset_room_for_an_autistic_child_are_discrimination_not_part_time():
    from knowledge.concerns import reply_notes

    said = ("DD (12) is autistic and can't bear the polyester blazer, so she wears a cotton jumper. Since 2 November "
            "they put her in the isolation booth the whole day every time, 8 days so far. Can they refuse to relax "
            "the uniform policy for her?")
    found = detect(said)
    assert "discrimination" in found and "part_time_timetable" not in found
    assert any(note.startswith("Taking a pupil out of class") for note in reply_notes(said))
    assert "part_time_timetable" in detect("since october half term hes only allowed in 9 till 11 and then i have to "
                                           "collect him, the school say its to help him settle but theres no end date")


def test_sms_replies_take_fewer_concerns_and_offer_the_rest():
    from actions.concerns import concerns_per_reply

    assert concerns_per_reply("rest", True) == 3 and concerns_per_reply("whatsapp", False) == 3
    assert concerns_per_reply("twilio", False) == 2 and concerns_per_reply("twilio", True) == 1
    reply, later = concerns_reply(["refused_plan", "appeal_tribunal", "mediation"], {}, date(2026, 11, 28), most=1)
    assert reply.count("\n1. ") == 1 and "\n2. " not in reply and later and "Shall I go on" in reply


def test_a_child_off_ill_since_a_given_day_gets_the_15th_school_day():
    from actions.concern_replies import fifteenth_day_line

    said = ("ds (11) has had post viral fatigue since the summer and hasnt been in since Monday 2 November, GP says "
            "hes not fit for school. school just send worksheets. when do the council have to do something?")
    today = date(2026, 11, 28)
    known = current(note_conversation([(said, today, 1.0)])[0])
    line = fifteenth_day_line(said, known, today)
    assert line is not None and "the 15th school day was Friday 20 November 2026" in line
    later = "dd has been off with anxiety since Monday 23 November, the GP has signed her off"
    assert fifteenth_day_line(later, current(note_conversation([(later, today, 1.0)])[0]), today) is None, \
        "still inside the first 15 days"


def test_no_review_panel_is_offered_for_suspensions():
    reply, _ = concerns_reply(["exclusion"], {}, date(2026, 11, 28), said="he was permanently excluded, what now")
    assert "after a permanent exclusion, you can ask for an independent review panel" in reply


def test_a_therapist_who_came_to_assess_is_no_missing_therapy():
    said = ("They agreed to assess on 19 October. Since then the school sent its report and the OT has been out to see "
            "him, but the EP is not booked till January. When should the final plan come?")
    assert "therapies_health" not in detect(said)
    assert "therapies_health" in detect("his plan says weekly OT and SALT but he hasnt had a single OT session since "
                                        "september and the SALT left in october. nobody has replaced her")


def test_a_complaint_to_a_school_head_gets_no_ombudsman_date_though_the_council_comes_up_elsewhere():
    from actions.concern_replies import concerns_reply
    from knowledge.event_notes import note_conversation

    today = date(2026, 11, 28)
    to_the_head = ("Ds has an EHCP from Kent council and goes to the local academy. They keep putting him in the reset room "
                   "all day. I complained to the head on 2nd Oct and heard nothing. What can I do?")
    to_the_council = ("Ds is still waiting for his EHCP. I complained to the council on 2nd Oct about the delay "
                      "and heard nothing. What can I do?")
    for said, dated in ((to_the_head, False), (to_the_council, True)):
        events, _ = note_conversation([(said, today, 1.0)])
        reply, _ = concerns_reply(["complaint"], current(events), today, said=said)
        assert ("Complaint to the Ombudsman:" in reply) is dated, said


@pytest.mark.parametrize("text, concern", [
    ("week 19 and nothing. no draft, no phone call back.", "assessment_delay"),
    ("is anyone else's EHCP that's 9 months late? bradford", "assessment_delay"),
    ("she hasnt been able to go in since easter, panic attacks every morning", "attendance_anxiety"),
    ("hes supposed to have his own TA all day but he was on his own again this afternoon", "provision_not_delivered"),
    ("the draft says he 'may benefit from' a quiet space. may??", "draft_plan_problems"),
    ("it's all too much to type. can you phone me after 3?", "wants_person"),
])
def test_everyday_wordings_of_a_concern_are_heard(text, concern):
    assert concern in detect(text)


def test_travel_training_in_a_plans_outcomes_is_no_transport_dispute():
    said = ("the new outcomes in his plan are about travel training and getting a job, which is great, but the college "
            "SENCO hasn't seen the plan at all")
    assert "transport" not in detect(said)
    assert "transport" in detect("the council wants him to do travel training instead of the taxi he has now")


def test_a_child_with_a_plan_that_is_not_working_is_told_of_an_early_review_once():
    from actions.concern_replies import EARLY_REVIEW_STEP
    said = ("My daughter, 13, was at a specialist school out of county. Placement broke down in the summer. Since then she "
            "has been at home. The EHCP still names the old school. Nobody is doing anything.")
    reply, _ = concerns_reply(["out_of_school", "school_placement"], {}, TODAY, said=said)
    assert reply.count(EARLY_REVIEW_STEP) == 1
    no_plan = said.replace("The EHCP still names the old school.", "We are waiting for an assessment.")
    assert EARLY_REVIEW_STEP not in concerns_reply(["out_of_school"], {}, TODAY, said=no_plan)[0]


@pytest.mark.parametrize("question, starts", [
    ("And if they name the mainstream does she have to start there in Sept while we appeal?", "An appeal does not pause the plan."),
    ("a mate reckons Ive missed the secondary application deadline (31st Oct). Have I messed this up?", "With an EHC plan, the next school"),
    ("the SALT report wont be done until after the 10th Dec, can we ask them to hold off till then?", "You can ask the council in writing to wait"),
    ("she wants a different college to the one I picked. Whose decision is it, shes 16 now?", "Until the end of the school year your child turns 16"),
    ("head said if i dont agree to keep the ptt going they'll have no choice but to exclude him", "You do not have to agree to a part-time"),
    ("can he get the SALT sessions hes missed back or is that just tough?", "You can ask the council to make up the help"),
    ("Who do I complain to and can I ask for the EHCNA myself or does it have to be school?", "Yes, you can ask the council for an EHC"),
])
def test_a_direct_question_at_the_end_of_a_message_gets_its_answer(question, starts):
    from knowledge.concerns import reply_notes
    assert any(note.startswith(starts) for note in reply_notes(question))


def test_a_young_child_at_nursery_some_mornings_is_no_part_time_timetable_but_hours_cut_are():
    usual = ("DS is 3, non verbal. He goes to a PVI nursery 4 mornings a week and has a 1:1. The draft EHCP came on "
             "the 19th and section F is vague. We want the special school nursery, or that sorted for reception.")
    cut = "DS is 3 and at nursery. Nursery have said he can only come 9-11 instead of his 15 funded hours."
    assert "part_time_timetable" not in detect(usual)
    assert "part_time_timetable" in detect(cut)


def test_an_appeal_counted_from_the_day_a_letter_came_asks_for_the_letters_own_date_first():
    from actions.deadline_replies import LETTER_DATE_QUESTION, deadline_reply
    from knowledge.deadline_questions import answer
    from knowledge.timeline import SaidEvent
    today = date(2026, 11, 29)
    known = {"decision_letter": SaidEvent("decision_letter", "2026-11-23")}
    found = answer("tribunal_appeal", known, today).deadline
    came = ("I did the EHCNA request myself (emailed it on the 4th). Then a letter came on Monday just gone saying "
            "they decided not to proceed. How long have I got to appeal?")
    reply = deadline_reply(found, known, came)
    assert reply.startswith(LETTER_DATE_QUESTION)  # asked before any date; the request "emailed on" is another thing
    assert "Monday 25 January 2027, if the letter is dated the day it came" in reply
    dated = deadline_reply(found, known, "the refusal letter is dated 23 November, when must I appeal?")
    assert LETTER_DATE_QUESTION not in dated and dated.startswith("Last day to appeal to the SEND Tribunal: Monday 25 January 2027.")


def test_a_senco_saying_a_child_does_not_need_a_plan_is_no_council_refusal():
    said = "Her SENCO is lovely but says DD doesnt need an EHCP because shes 'academically fine'. Can they fine me?"
    assert "refused_plan" not in detect(said)
    assert "refused_plan" in detect("The council wrote on the 3rd saying DD doesn't need an EHCP after all and won't issue one.")


def test_a_council_behind_after_an_annual_review_is_the_reviews_delay_and_waiting_is_not_the_only_way():
    from knowledge.concerns import delay_after_a_review, reply_notes
    first = "We had his annual review at school on the 6th October. Since then nothing at all from the council."
    second = ("the caseworker said they are 'behind' and its in a queue, she said I should get the new plan 'in the new "
              "year'. Is there anything I can actually do or do I just have to wait?")
    found = detect(second)
    assert "assessment_delay" in found
    known = current(note_conversation([(first, TODAY, 1.0), (second, TODAY, 2.0)])[0])
    assert delay_after_a_review(found, known) == ["annual_review_not_acted"]
    assert any(note.startswith("You do not have to just wait.") for note in reply_notes(second))
    assert not any(note.startswith("You do not have to just wait.") for note in reply_notes("do I have to wait for the school to apply?"))


def test_a_letter_asking_for_representations_is_explained_in_plain_words():
    from knowledge.concerns import reply_notes
    said = "The letter says I have until the 30th to 'make representations' whatever that means. Can they just stop it?"
    assert any(note.startswith("'Make representations' means write back") for note in reply_notes(said))


def test_a_question_about_adding_the_school_to_an_appeal_is_answered():
    from knowledge.concerns import reply_notes
    said = "Can I put that in the same appeal even tho it wasnt part of the mediation? Or is that a separate thing"
    assert any(note.startswith("Yes. One appeal against the final plan") for note in reply_notes(said))


def test_something_agreed_at_mediation_is_due_within_two_weeks_of_the_agreement():
    from knowledge.concerns import reply_notes
    said = ("the OT assessment they agreed at mediation, nothing has been booked and the caseworker just says 'asap'. "
            "Do they actually have to do it by a certain date?")
    assert any("within 2 weeks of the date of the mediation agreement" in note for note in reply_notes(said))


@pytest.mark.parametrize("said, note", [
    ("How long are the council meant to take? And am I allowed to chase it as I'm not his mum?", "In education law, a parent is"),
    ("Do foster carers count as parents for an EHCP appeal?", "In education law, a parent is"),
    ("He understands and wants to appeal, but he can't read or write well. Can I fill in the form for him?", "name someone, such as a parent"),
    ("How long have we got to appeal? And is it me or him that appeals?", "name someone, such as a parent"),
    ("Me and his mum are separated, he lives with her Mon-Thu and me weekends. The letter went to her. Do I get a say? "
     "She's not great with paperwork tbh", "every birth parent is a parent"),
    ("My ex and I split up last year. Can I go to the annual review?", "every birth parent is a parent"),
    ("The social worker says I can't appeal because I'm not his parent. Is she right?", "In education law, a parent is"),
    ("Can I tell them email only? And can my mum talk to them for me sometimes even though it's my plan?",
     "name someone, such as a parent"),
    # trial P (written fresh, 2026-11-29)
    ("I'm 18 tho so does my mum have to do the appeal or me? she's way better at this stuff than me", "name someone, such as a parent"),
    ("Also she'll be 16 in Feb - does that mean she has to make all the decisions from then? shes quite shy", "Until the end of the school year"),
])
def test_who_may_act_gets_its_answer_from_the_law(said, note):
    from knowledge.concerns import reply_notes
    assert any(note in text for text in reply_notes(said))


def test_a_parent_mentioning_help_from_family_gets_no_note_about_who_may_act():
    from knowledge.concerns import reply_notes
    assert not any("name someone" in t or "a parent is" in t for t in reply_notes("my mum is great, she helps me with the forms"))
    assert not any("birth parent" in t for t in reply_notes("We separated in the summer and his anxiety got worse. Can I appeal?"))


@pytest.mark.parametrize("said, note", [
    ("got the draft ehcp on 20th nov, ive asked for a meeting with the caseworker but they cant do it till 10th dec. "
     "does the meeting stop the 15 days or do i have to send my comments before?", "Asking for a meeting does not stop the 15 days"),
    ("no ehcp just sen support. they now want me to sign a form agreeing to it til xmas. what happens if i dont sign",
     "You do not have to sign. A part-time timetable needs your agreement"),
    ("and if I appeal do I lose my mentor and extra time while I wait?? tbh thats what Im most scared about",
     "the council must keep the plan and the help in it"),
    ("the SEN team told me to just apply on the college website by 31st Jan like everyone else and 'theyll sort the EHCP "
     "side later'. Is that right?", "With an EHC plan, the next school is named in the plan"),
    ("his private EP assessment is booked for 19/01/27. should I ask to move the review till after that so the report can be used?",
     "within 12 months of the last review"),
    ("do I need to wait for the letter before I do anything? and can I send my own stuff in like a parent views form",
     "You do not need to wait for the letter"),
])
def test_direct_questions_from_trial_p_get_their_answer(said, note):
    from knowledge.concerns import reply_notes
    assert any(note in text for text in reply_notes(said))


def test_look_alikes_of_those_questions_get_no_such_note():
    from knowledge.concerns import reply_notes
    notes = " ".join(reply_notes("do I have to reply before the meeting?") + reply_notes("do I have to sign the consent form?")
                     + reply_notes("we are going to appeal, the school are lovely"))
    assert "15 days" not in notes and "You do not have to sign" not in notes and "keep the plan" not in notes



def test_a_parent_who_asked_for_mediation_is_told_the_appeal_date_moves():
    from knowledge.concerns import reply_notes
    said = ("I rang the mediation people on the 24th and said I DO want mediation. the mediation lady said it might not be "
            "till mid jan. if its say the 13th Jan doesnt that mean Ive missed the 12th?? panicking now tbh")
    assert any(text.startswith("No, you have not missed it") for text in reply_notes(said))
    assert not any(text.startswith("No, you have not missed it") for text in reply_notes("mediation went well, we missed the bus"))


def test_every_concern_says_whom_to_contact_and_the_one_asked_about_comes_first():
    from knowledge.concerns import concerns, who_to_contact
    assert [key for key, concern in concerns().items() if not concern.who] == []
    lines = who_to_contact(["out_of_school", "provision_not_delivered", "complaint"], "Who do I actually complain to??")
    assert lines[0].startswith("• About making a complaint:") and "Ombudsman" in lines[0]
    assert len(lines) == 3 and "children out of school" in lines[1]
    assert who_to_contact([], "who do I ring?") == []


@pytest.mark.parametrize("message, opening", [
    ("school says he cant come to the governors meeting and tbh I cant do the 8th either, Im on shift. can I make them move it?",
     "You can ask the clerk to the governors, in writing, to move the meeting"),
    ("anyway should he go to the governors meeting or just me", "Your child can usually take part in the governors' meeting"),
    ("LA rang saying the head has replied to the consultation saying they 'cant meet need'. can they just say no?",
     "A school being full, or saying it cannot meet your child's needs, does not settle it"),
    ("also do I need the mediation thing if I just want to appeal?", "You do not have to have mediation"),
    ("and if I miss it?", "If you miss the last day"),
    ("if I write to ask them to withdraw it does the 21 days stop while they decide?", "Asking the council to withdraw a penalty notice"),
    ("council just emailed saying he can have 2hrs a day tuition from 7th dec. is that enough?",
     "A child out of school because of exclusion"),
    ("school want her on a part time timetable, mornings only from the 7th. will that count against me too?",
     "Time your child is not in school because of a part-time timetable"),
    ("and if mediation doesnt happen before christmas?", "The council must arrange the mediation within 30 days"),
    ("will his 1:1 at college stop over xmas while we wait", "No, not while you appeal"),
    # trial S (session 45): a claim to rebut, a supporter at a meeting, "do I have to go?", a condition on return
    ("the attendance lady says it doesnt count as 15 days cos they sent work home so hes 'being educated' ??",
     "Work sent home is not suitable education"),
    ("and she said he has to be seen by a doctor from the hospital not the gp", "A council should not hold up education"),
    ("is there someone who can come to the meeting with me thurs, i get flustered", "You can take someone with you"),
    ("can I bring my sister to the annual review?", "You can take someone with you"),
    ("who can help me fill in the parental views form", "You can take someone with you"),
    ("is there someone i can talk to who isnt my mum lol. do i have to go to meetings", "You do not have to go to a meeting"),
    ("school now sayin he cant come back til i come in n sign a behaviour contract", "The school can ask to meet you"),
    # trial V (session 45)
    ("lady said the 6 weeks doesnt start till it goes to panel and his panel is thurs 10th dec", "The 6 weeks run from the day"),
    ("she keeps saying they dont have to do anything extra till he has a diagnosis", "A school must not wait for a diagnosis"),
    ("Preschool manager says hes too young for an EHCP and we should wait till reception", "There is no lower age"),
    ("and anyway it has to be the preschool that applies", "Yes, you can ask the council for an EHC needs assessment yourself"),
    ("theres a reintegration meeting weds 9th. do i have to go? can my sister go instead?", "You do not have to go to a meeting"),
    ("Can I bring her social worker and a friend to the governors meeting? And does Kayla have to come?",
     "Your child can usually take part in the governors' meeting"),
    ("the school office said Alfies mum has to sign things not me, as I'm only nan. Do I have a say?", "Yes. In education law, a parent"),
    ("They say the ombudsman won't look at it because I could have appealed to the tribunal. Is that true?", "That is only partly true"),
    ("School say I must sign the new EHCP at the meeting otherwise nothing happen. Is true?", "You do not have to sign an EHC plan"),
    ("Council now say she'll go to the PRU from January. Her EHCP names her current school. Can they just do that?",
     "A child with an EHC plan cannot simply be moved"),
    ("school office says governors only look at long exclusions so they wont be replying", "The governors must consider what you send"),
    ("if i dont come when they ring theyll have to call social care as its a safeguarding issue", "A school should not use a threat of social care"),
    ("Her social worker only found out from me. who should have been told?", "After a permanent exclusion, the head teacher must tell you"),
    ("he'll get 10 days and they'd just send work home, which counts as his education. is that right",
     "No. For the first 5 school days of a suspension"),
    ("do i ring or email the mediation ppl? n wot if they dont get back to me", "If you only want the certificate"),
    # trial W (session 45)
    ("ive got a meeting with the head and senco thurs 3 dec. can someone come with me? i always cry and forget what to say",
     "You can take someone with you"),
    ("is there someone who can actually help me do the appeal? we cant afford a solicitor", "Yes. You do not need a solicitor"),
    ("Please can somebody help me to fill the appeal form? My English is not good", "Yes. You do not need a solicitor"),
])
def test_a_direct_question_gets_the_note_that_answers_it(message, opening):
    from knowledge.concerns import reply_notes
    assert any(note.startswith(opening) for note in reply_notes(message)), reply_notes(message)


@pytest.mark.parametrize("message", [
    "will his support stop while we wait for the assessment",  # no appeal: not "the plan is kept while you appeal"
    "the governors meeting is on the 8th",
    "my tummy is full",
    "school just email worksheets which he wont do",  # no claim that they count
    "we have a meeting with the senco on thursday about his anxiety",
    "he came back to school after the suspension on monday",
    "do I have to sign the consent form?",
    "he went to the PRU for a year when he was little",  # no plan talked of
    "the governors meeting is on thursday",
])
def test_a_note_is_not_given_for_a_look_alike(message):
    from knowledge.concerns import reply_notes
    assert not any(note.startswith(("No, not while you appeal", "You can ask the clerk", "A school being full",
                                    "Work sent home is not", "You can take someone", "You do not have to go",
                                    "The school can ask to meet you", "You do not have to sign an EHC plan",
                                    "A child with an EHC plan cannot", "The governors must consider"))
                   for note in reply_notes(message))


# Trial S (session 44): a college is not a school; nothing stops at 18; thanks that close are a goodbye.
def test_a_student_told_to_stay_away_from_college_gets_the_colleges_rules_not_the_school_exclusion_rules():
    said = ("im 17 at college in chesterfield. college told me on friday not to come in till after christmas because of an "
            "'incident' with another student. is that allowed? nobody gave me a letter")
    reply, _ = concerns_reply(["sent_home"], {}, TODAY, said=said, young_person=True)
    assert "do not cover a further education college" in reply and "section 91(2)(e)" in reply
    assert "unlawful exclusion" not in reply
    school, _ = concerns_reply(["sent_home"], {}, TODAY, said="the school sent my son home again today, hes in year 5")
    assert "unlawful exclusion" in school and "further education college" not in school


def test_a_young_person_asking_if_it_all_stops_at_18_is_told_it_can_run_to_25():
    from knowledge.concerns import reply_notes

    notes = " ".join(reply_notes("ok thanks. will it all just stop when i turn 18 in march? do i have to go to meetings"))
    assert "Nothing stops at 18" in notes and "25" in notes
    assert not reply_notes("he turns 18 in march and wants to do a course")


@pytest.mark.parametrize("text, closes", [
    ("Thank you, honestly. That's all for now - I feel a bit less like I'm going mad. I'll email the council tonight.", True),
    ("thanks that's all bye", True),
    ("Thank you. Who exactly do I email, the SENCo or Essex?", False),
    ("thanks but it still feels hopeless", False),
    ("Thank you so much, that's really helpful. I feel like I actually know what to do now x", True),  # trial V
    ("thank you, that's helpful. I'm just so exhausted and alone with it all", False),
    ("thanks but its not helpful at all", False),
    ("thank you so much, i feel less scared now. god bless", True),  # trial W
])
def test_thanks_that_close_the_conversation_are_told_apart(text, closes):
    from knowledge.sign_off import signs_off

    assert signs_off(text) is closes


def test_terms_a_parent_asks_about_are_explained_with_their_source():
    from knowledge.concerns import reply_notes

    informal = " ".join(reply_notes("Sorry, what does that mean, 'informal exclusion'? The school are calling it a 'period "
                                    "of respite' and they say the social worker agreed to it."))
    assert "without the formal process" in informal and "social worker agreed" in informal and "paragraph 20" in informal
    test = " ".join(reply_notes("sorry wot does that mean the 2 part test thing"))
    assert "two parts" in test and "section 36(8)" in test


def test_a_repeated_answer_keeps_only_its_new_lines_before_what_to_do_next():
    from actions.concern_replies import next_steps_reply, not_said_yet, said_already

    before = ("1. A suspension or exclusion.\nA school can only exclude formally, in writing, with its reasons given.\n"
              "Next step: Ask for the exclusion letter and write to the governors with your side.")
    again = ("A school can only exclude formally, in writing, with its reasons given.\n"
             "Monday 14 December is after the last day the governors should meet by, Thursday 10 December.\n"
             "Next step: Ask for the exclusion letter and write to the governors with your side.")
    assert said_already(again, [before])
    new = not_said_yet(again, [before])
    assert new == ["Monday 14 December is after the last day the governors should meet by, Thursday 10 December."]
    reply = next_steps_reply(["exclusion"], {}, TODAY, "do i ring or email them?", new_lines=new)
    assert reply.startswith("Monday 14 December") and "What to do next:" in reply
    assert "Ring if that is easier, then email the same day" in reply and "formal complaint" in reply


def test_a_carer_asking_whether_they_count_as_the_parent_is_told_yes():
    from knowledge.concerns import reply_notes

    for said in ("can they fine me, im not even his mum?", "Do I even count as his parent for all this or is it the social worker?"):
        assert any("section 576(1)" in note for note in reply_notes(said)), said
    assert not any("576" in note for note in reply_notes("she is not his mum but she picks him up"))


@pytest.mark.slow
def test_more_concerns_than_one_reply_with_a_person_asked_for_go_on_after_the_consent_answer(service):
    sender = f"parent-{uuid.uuid4()}"
    replies = service.say(sender, "ds 10 has been sent home loads this term and is on a reduced timetable of 2 hours a day. "
                                  "we asked for an ehc needs assessment in june and have heard nothing since. the council also "
                                  "stopped his taxi to school. i want EOTAS really as school is not working at all for him. "
                                  "can i speak to a real person please?")
    first = _texts(replies)
    assert "after you answer the question below" in first and "Shall I go on" not in first
    titles = [b["title"] for r in replies for b in r.get("buttons") or []]
    assert "Yes, go on" not in titles and "Yes, pass me on" in titles  # a "yes" can only mean the consent
    rest = _texts(service.say(sender, "no"))
    assert "not shared anything" in rest and ("transport" in rest.lower() or "travel" in rest.lower()), rest


def test_a_diagnosis_without_a_plan_matters_and_is_answered():
    from knowledge.concerns import reply_notes

    notes = " ".join(reply_notes("he has adhd but no ehcp does that matter"))
    assert "Yes, it matters" in notes and "section 85(6)" in notes
    assert not reply_notes("no ehcp yet, he has adhd")


def test_who_to_email_and_ring_or_email_are_questions_about_raising_it():
    from knowledge.concerns import asks_how_to_write

    for said in ("Thank you. Who exactly do I email, the SENCo or Essex? And what if they just don't reply?",
                 "13th yeah. he turned 13 on sat btw. do i ring or email", "what do i say in the email"):
        assert asks_how_to_write(said), said
    assert not asks_how_to_write("who was at the meeting on the 3rd")


def test_an_appeal_to_the_panel_after_an_exclusion_is_the_review_panel_not_the_tribunal():
    from knowledge.concerns import detect
    assert detect("If they dont take him back on the 9th how long have i got to appeal to the panel thing?") == ["exclusion"]
    assert "appeal_tribunal" in detect("the panel said no to the EHC plan so we want to appeal to the tribunal")
