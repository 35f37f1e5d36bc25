"""End to end: the real Rasa and action servers, talked to through the REST channel."""
import json
import urllib.error
import urllib.request
import uuid

import pytest

pytestmark = pytest.mark.slow


def texts(replies):
    return " ".join(r.get("text", "") for r in replies)


def test_a_parent_is_understood_and_hears_their_situation_back(service):
    sender = f"parent-{uuid.uuid4()}"
    assert "Hello" in texts(service.say(sender, "hi"))
    reply = texts(service.say(sender, "my son is 8 and autistic, we're in Leeds"))
    assert "Where does your child learn" in reply
    reply = texts(service.say(sender, "when is the plan due?"))
    assert "20 weeks" in reply and "regulation 13" in reply
    assert "Where does your child learn" in reply, "the form resumes after the question"
    assert "Where are you in the process" in texts(service.say(sender, "mainstream primary"))
    assert "When did you ask" in texts(service.say(sender, "we asked for an assessment"))
    summary = texts(service.say(sender, "3 September 2026"))
    assert "your child is 8" in summary
    assert "primary school in Leeds" in summary
    assert "autism" in summary
    assert "Thursday 3 September 2026" in summary
    assert "within 6 weeks" in summary


def test_a_correction_changes_the_summary(service):
    sender = f"parent-{uuid.uuid4()}"
    first = texts(service.say(sender, "dd is in year 6, anxiety, at a primary school in Kent, on SEN support"))
    assert "Year 6" in first
    second = texts(service.say(sender, "sorry, she's in year 7 not year 6"))
    assert "Year 7" in second and "Year 6" not in second
    assert "social, emotional and mental health" in second, "other facts are kept"


def test_stop_ends_the_questions(service):
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "my boy is 12 and has dyslexia")
    assert "stopped the questions" in texts(service.say(sender, "stop"))


def test_not_understanding_twice_ends_with_the_offer_of_a_person(service):
    sender = f"parent-{uuid.uuid4()}"
    first = texts(service.say(sender, "qwxz plonk vrrr"))
    assert "Sorry" in first
    second = texts(service.say(sender, "zzkk blorp"))
    assert "talk to a person" in second


def test_safeguarding_gives_crisis_contacts_at_once(service):
    reply = texts(service.say(f"parent-{uuid.uuid4()}", "my daughter said she wants to die"))
    assert "999" in reply and "0800 1111" in reply and "116 123" in reply and "85258" in reply


@pytest.mark.parametrize("text", ["", "🙂🙂🙂", "' OR 1=1; DROP TABLE events; --",
                                  "x" * 5000, "Mon fils est autiste et a besoin d'aide"])
def test_odd_input_gets_a_reply_and_the_server_survives(service, text):
    replies = service.say(f"parent-{uuid.uuid4()}", text)
    assert isinstance(replies, list)
    assert "Hello" in texts(service.say(f"parent-{uuid.uuid4()}", "hello"))


def test_the_http_api_needs_the_token(service):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{service.rasa_url}/status", timeout=10)
    assert refused.value.code == 401
    url = f"{service.rasa_url}/status?token={service.settings.rasa_api_token}"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert json.loads(response.read())["model_file"]


def test_conversations_are_kept_in_the_sqlite_tracker_store(service):
    import sqlite3

    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "hello")
    with sqlite3.connect(service.settings.tracker_db) as db:
        rows = db.execute("SELECT type_name FROM events WHERE sender_id = ?", (f"rest:{sender}",)).fetchall()
    assert ("user",) in rows and ("bot",) in rows


def test_a_parent_gets_their_exact_deadlines_and_a_calendar_file(service):
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "hi")
    service.say(sender, "my daughter is 9 with dyslexia, at a mainstream primary in Kent")
    service.say(sender, "we asked for an assessment")
    service.say(sender, "3 September 2026")
    plan = texts(service.say(sender, "when is the plan due?"))
    assert "Final EHC plan: Thursday 21 January 2027" in plan and "regulation 13(2)" in plan
    assert "I counted from your request for an assessment on Thursday 3 September 2026" in plan
    replies = service.say(sender, "what are all my deadlines?")
    reply = texts(replies)
    assert "Decision on the EHC needs assessment: Thursday 15 October 2026" in reply
    assert "Final EHC plan: Thursday 21 January 2027" in reply
    assert "regulation 13(2)" in reply and "regulation 5(1)" in reply
    assert "not legal advice" in reply
    links = [r["custom"]["calendar"] for r in replies if "custom" in r]
    assert links and links[0] in reply, "the link is in the text too, for channels without files"
    with urllib.request.urlopen(links[0], timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        body = response.read().decode()
    assert "DTSTART;VALUE=DATE:20270121" in body


def test_a_parent_is_told_who_can_help_locally(service):
    sender = f"parent-{uuid.uuid4()}"
    reply = texts(service.say(sender, "who can help us in Tower Hamlets? we need advice"))
    assert "Tower Hamlets Local Offer" in reply
    assert "do not have a checked contact for Tower Hamlets" in reply, "unknown services point to a directory"
    assert reply.index("Tower Hamlets Local Offer") < reply.index("IPSEA"), "local help first, then national"


@pytest.mark.parametrize("question, answer", [
    ("does my son need to be diagnosed before we ask for an ehcp?", "The law does not ask for a diagnosis"),
    ("school keeps phoning me to take her home early, is that allowed", "must not send your child home"),
    ("we're in Caerphilly, does any of this apply to us", "SNAP Cymru"),
])
def test_plain_english_questions_get_a_sourced_answer(service, question, answer):
    reply = texts(service.say(f"parent-{uuid.uuid4()}", question))
    assert answer in reply
    assert "Source:" in reply and "Next step:" in reply


def test_a_parent_who_does_not_say_where_is_asked_and_a_town_is_enough(service):
    sender = f"parent-{uuid.uuid4()}"
    assert "Which council area" in texts(service.say(sender, "who can help us locally?"))
    reply = texts(service.say(sender, "we live in Watford"))
    assert "Who can help in Hertfordshire" in reply


def test_a_postcode_finds_the_council_and_a_shared_district_asks_which(service):
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "who can help us locally?")
    assert "Who can help in Leeds" in texts(service.say(sender, "our postcode is LS6 2AB"))
    other = f"parent-{uuid.uuid4()}"
    service.say(other, "who can help us locally?")
    reply = texts(service.say(other, "M3"))
    assert "covers parts of Manchester or Salford" in reply
    assert "Who can help in Salford" in texts(service.say(other, "Salford"))


def test_a_parent_proves_who_they_are_then_sees_their_case_and_deadlines(service):
    sender = f"parent-{uuid.uuid4()}"
    asked = texts(service.say(sender, "where is my case at?"))
    assert "case reference" in asked and "Sam" not in asked
    assert "date of birth" in texts(service.say(sender, "SR-2026-0001"))
    reply = texts(service.say(sender, "14/05/2018"))
    assert "Here is Sam's case (SR-2026-0001) with Leeds" in reply
    assert "Decision on the EHC needs assessment: Thursday 15 October 2026 (overdue by" in reply
    assert reply.index("overdue") < reply.index("Final EHC plan"), "overdue deadlines come first"


def test_wrong_details_get_one_reply_whatever_was_wrong_and_nothing_is_shown(service):
    reference, birth = service.new_case(first_name="Quinn")
    replies = []
    for tried_reference, tried_birth in [(reference, "15/05/2018"), ("SR-2026-0999", birth)]:
        sender = f"parent-{uuid.uuid4()}"
        service.say(sender, "can you look up my case")
        service.say(sender, tried_reference)
        reply = texts(service.say(sender, tried_birth))
        assert "Quinn" not in reply and "Leeds" not in reply
        replies.append(reply)
    assert replies[0] == replies[1]
    assert "could not confirm those details" in replies[0]


def test_repeated_wrong_details_stop_the_questions_kindly_and_offer_a_person(service):
    reference, _ = service.new_case(first_name="Quinn")
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "can you check my case please")
    replies = []
    for day in range(1, 4):  # three wrong dates of birth
        service.say(sender, reference)
        replies.append(texts(service.say(sender, f"{day:02d}/01/2014")))
    assert all("could not confirm those details" in r for r in replies[:2])
    assert "stop checking details here for now" in replies[2]
    assert "talk to a person" in replies[2].lower()
    assert not any("Quinn" in r for r in replies)


def test_a_verified_parent_adds_a_date_after_confirming_it_and_it_fills_a_gap(service):
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "where is my case at?")
    service.say(sender, "SR-2026-0001")
    before = texts(service.say(sender, "14/05/2018"))
    assert "Your comments on the draft plan" not in before
    assert "What happened?" in texts(service.say(sender, "I want to add something to my case"))
    assert "On what date?" in texts(service.say(sender, "the draft plan came"))
    confirm = texts(service.say(sender, "20 November 2026"))
    assert "You told me: the draft EHC plan arrived, on Friday 20 November 2026" in confirm
    assert "Added to the case as something you told us" in texts(service.say(sender, "yes"))
    after = texts(service.say(sender, "where is my case at?"))
    assert "Your comments on the draft plan: Friday 4 December 2026" in after
    assert "Some dates come from what you told us" in after
    assert "Decision on the EHC needs assessment: Thursday 15 October 2026" in after, "verified date kept"


def test_an_unverified_parent_cannot_add_to_a_case(service):
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "I want to add something to my case")
    service.say(sender, "they refused to assess")
    reply = texts(service.say(sender, "3 November 2026"))
    assert "I need to check who you are" in reply
    assert "Shall I add this" not in reply


def test_a_disclosure_inside_a_long_misspelt_message_gets_crisis_contacts_first(service):
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "my son is 12 and autistic, we live in Kent")
    replies = service.say(sender, "sorry its been a long week, the ehcp is late again and tbh "
                                  "he keeps saying he wants to dye... i mean die, and hes been "
                                  "cuting himself, i dont know what to do")
    assert "999" in replies[0]["text"] and "Childline" in replies[0]["text"]


def test_a_later_message_correcting_dates_gets_every_deadline_worked_out_again(service):
    sender = f"parent-{uuid.uuid4()}"
    first = texts(service.say(sender, "We asked Norfolk for an assessment in July 2026 and after a lot of chasing we "
                                      "finally got the draft EHCP on 26 November 2026. How long do we have to reply?"))
    assert "Thursday 10 December 2026" in first
    second = texts(service.say(sender, "Sorry I should have said, the request went in on 2 July 2026. And the draft "
                                       "actually came by email on 17 November 2026, the other one was the paper copy in "
                                       "the post. Does that change things?"))
    assert "Tuesday 1 December 2026" in second  # 15 days counting 17 November
    assert "Thursday 19 November 2026" in second  # 20 weeks from 2 July
