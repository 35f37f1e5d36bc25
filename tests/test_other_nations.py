"""Wales, Scotland and Northern Ireland by place and postcode: the gazetteer, the entity rules,
the council check in the forms and the contacts action, and the running service."""
import asyncio
import uuid
from datetime import date

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import ActionLocalContacts, ValidateContactForm
from actions.council import checked_authority
from components.entity_rules import entity_rules
from knowledge.authorities import _normalise, all_authorities, surface_forms
from knowledge.other_nations import (
    NATIONS, NORTHERN_IRELAND, SCOTLAND, WALES, moved_into_england, nation_of_postcode, nations_of, places,
)

TODAY = date(2026, 11, 24)


def nation_values(text: str):
    return [(text[s.start:s.end], s.value) for s in entity_rules().extract(text, TODAY)
            if s.entity == "local_authority"]


def test_the_gazetteer_has_the_main_places_of_each_nation():
    for nation in NATIONS:
        assert sum(nation in p.nations for p in places()) >= 60, nation
    names = {p.name for p in places()}
    assert {"Cardiff", "Swansea", "Newport", "Wrexham", "St Asaph"} <= names  # Welsh cities
    assert {"Aberdeen", "Dundee", "Dunfermline", "Edinburgh", "Glasgow", "Inverness", "Perth", "Stirling"} <= names
    assert {"Belfast", "Derry", "Lisburn", "Newry", "Armagh", "Bangor"} <= names
    assert {"Fife", "Highland", "Gwynedd", "Rhondda Cynon Taf", "Mid Ulster", "Causeway Coast and Glens"} <= names


def test_no_other_nation_place_has_the_name_of_an_english_council_or_town():
    english = {_normalise(form) for a in all_authorities() for form in surface_forms(a)}
    assert [p.name for p in places() if _normalise(p.name) in english] == []


@pytest.mark.parametrize("postcode,nation", [
    ("BT7 1NN", NORTHERN_IRELAND), ("bt7 1nn", NORTHERN_IRELAND), ("CF10 1AA", WALES), ("SA1", WALES),
    ("LL11 1AA", WALES), ("LD1 5AA", WALES), ("SY23 1AA", WALES), ("CH7 1AA", WALES),
    ("EH1 1AA", SCOTLAND), ("G12 8QQ", SCOTLAND), ("AB10", SCOTLAND), ("TD9 0AA", SCOTLAND), ("ZE1 0AA", SCOTLAND),
    # England, and districts that cross the border
    ("SY1 1AA", None), ("CH1 2AB", None), ("CH4 7AA", None), ("HR3 5AA", None), ("LD7 1AA", None),
    ("NP16 5AA", None), ("TD15 1AA", None), ("LS6 2AB", None), ("GL16 8AA", None), ("HR1 1AA", None),
])
def test_postcodes_give_their_nation(postcode, nation):
    assert nation_of_postcode(postcode) == nation


@pytest.mark.parametrize("text,expected", [
    ("we live in Swansea, my son has ALN", [("Swansea", WALES)]),
    ("Aberdeen", [("Aberdeen", SCOTLAND)]),
    ("we're from Derry", [("Derry", NORTHERN_IRELAND)]),
    ("BT7 1NN", [("BT7 1NN", NORTHERN_IRELAND)]),
    ("our postcode is ch7 1aa", [("ch7 1aa", WALES)]),
    ("we are in EH10", [("EH10", SCOTLAND)]),
    ("near Wrexham", [("Wrexham", WALES)]),
    ("our council is Fife", [("Fife", SCOTLAND)]),
    ("we live in the Vale of Glamorgan", [("Vale of Glamorgan", WALES)]),
    ("Co Down", [("Co Down", NORTHERN_IRELAND)]),
    ("we live in Barry", [("Barry", WALES)]),
    ("Barry", [("Barry", WALES)]),
    ("we live in Perth", [("Perth", SCOTLAND)]),
    # the bigger place wins: Newport in Wales, unless the message says the English one
    ("we're in Newport", [("Newport", WALES)]),
    ("I live in Bangor", [("Bangor", "Wales or Northern Ireland")]),
])
def test_places_and_postcodes_in_other_nations_give_the_nation(text, expected):
    assert nation_values(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Newport, Isle of Wight", [("Isle of Wight", "Isle of Wight")]),
    ("Newport in Shropshire", [("Shropshire", "Shropshire")]),
    ("we live in Newport Pagnell", []),
    ("we moved from Glasgow to Leeds", [("Leeds", "Leeds")]),
    ("we're in Richmond", [("Richmond", "Richmond upon Thames")]),
    ("my husband Barry says the school is wrong", []),
    ("Angus is 7 and autistic", []),
    ("she has a flint collection", []),
    ("he goes to St Andrews primary", []),
    ("we spent a year in New South Wales", []),
    ("DD2 is 8", []),
    ("LS6 2AB", []),
    ("we live in Chester", [("Chester", "Cheshire West and Chester")]),
    # trial S07: a place the parent is only away in, or someone else's, is not where the child lives
    ("school sayin he cant come back til i sign it but im working away in aberdeen til thurs", []),
    ("we were on holiday in Tenby at half term", []),
    ("my mum was in hospital in Cardiff all month", []),
    ("his dad lives in Belfast and we are in Leeds", [("Leeds", "Leeds")]),
])
def test_english_places_stay_english_and_words_are_not_places(text, expected):
    assert nation_values(text) == expected


def test_nation_values_are_read_back_as_nations():
    assert nations_of("Wales") == (WALES,)
    assert nations_of("Wales or Northern Ireland") == (WALES, NORTHERN_IRELAND)
    assert nations_of("Swansea") == (WALES,)  # a place name from the statistical extractor
    assert nations_of("Leeds") == ()
    assert nations_of(None) == ()


def tracker_for(text: str, entities, slots=None) -> Tracker:
    return Tracker("parent", slots or {}, {"text": text, "entities": entities, "intent": {"name": "inform_child"}},
                   [], False, None, {"name": "situation_form"}, "action_listen")


def test_the_form_signposts_another_nation_and_stops_instead_of_asking_for_a_council():
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("we live in Swansea", [{"entity": "local_authority", "value": WALES}])
    assert checked_authority(WALES, dispatcher, tracker) == {"local_authority": WALES, "requested_slot": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/wales"]


def test_a_name_in_two_nations_gets_both_answers():
    dispatcher = CollectingDispatcher()
    value = "Wales or Northern Ireland"
    tracker = tracker_for("Bangor", [{"entity": "local_authority", "value": value}])
    assert checked_authority(value, dispatcher, tracker)["local_authority"] == value
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/wales", "utter_faq/northern_ireland"]


def test_an_english_council_is_still_checked_as_before():
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("Leeds", [{"entity": "local_authority", "value": "Leeds"}])
    assert checked_authority("Leeds", dispatcher, tracker) == {"local_authority": "Leeds"}
    assert dispatcher.messages == []


def test_contacts_for_another_nation_are_its_signposting_given_once():
    tracker = tracker_for("who can help in Aberdeen", [{"entity": "local_authority", "value": SCOTLAND}])
    dispatcher = CollectingDispatcher()
    result = ValidateContactForm().validate_local_authority(SCOTLAND, dispatcher, tracker, {})
    assert result == {"local_authority": SCOTLAND, "requested_slot": None} and dispatcher.messages == []
    events = asyncio.run(ActionLocalContacts().run(dispatcher, tracker, {}))
    assert events == [] and [m["response"] for m in dispatcher.messages] == ["utter_faq/scotland"]


@pytest.mark.parametrize("text,expected", [
    ("we just moved from cardiff to bristol in october, my daughter had an IDP in wales", WALES),
    ("We moved to Leeds from Glasgow in the summer, my son had a CSP.", SCOTLAND),
    ("We came over from Belfast in August, he had a statement there", NORTHERN_IRELAND),
    ("he had an IDP but we moved here in september", WALES),
    ("we are moving from Cardiff to Swansea", None),  # still in Wales
    ("moving to Wales from Bristol next year", None),  # out of England
    ("we live in Swansea, my son has ALN", None),
    ("my son has an IDP in Wales", None),
    ("we moved from Leeds to Bradford in the summer", None),
])
def test_a_move_from_another_nation_into_england_is_told_apart_from_living_there(text, expected):
    assert moved_into_england(text) == expected


def test_a_family_that_moved_into_england_gets_englands_answer_and_its_new_councils_contacts():
    text = "we moved from Cardiff to Leeds in the summer, he had an IDP, do we start again?"
    tracker = tracker_for(text, [{"entity": "local_authority", "value": WALES},
                                 {"entity": "local_authority", "value": "Leeds"}])
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionLocalContacts().run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["response"] == "utter_faq/moved_into_england"
    assert "Who can help in Leeds" in dispatcher.messages[1]["text"]
    assert all(m.get("response") != "utter_faq/wales" for m in dispatcher.messages)
    assert {"event": "slot", "timestamp": None, "name": "local_authority", "value": "Leeds"} in events


def texts(replies):
    return " ".join(r.get("text", "") for r in replies)


@pytest.mark.slow
def test_a_family_in_wales_is_signposted_by_the_running_service(service):
    reply = texts(service.say(f"parent-{uuid.uuid4()}", "we live in Swansea, my son has ALN"))
    assert "Wales has its own rules" in reply and "SNAP Cymru" in reply
    assert "Which council area" not in reply


@pytest.mark.slow
def test_a_family_that_moved_from_wales_is_told_the_idp_does_not_carry_over(service):
    reply = texts(service.say(f"parent-{uuid.uuid4()}", "we just moved from cardiff to bristol in october, my daughter "
                              "had an IDP in wales. Bristol say they will treat it as nothing and we have to start "
                              "again?? is that right"))
    assert "does not move with you to England" in reply and "within 6 weeks" in reply
    assert "SNAP Cymru" not in reply and "Who can help in Bristol" in reply


@pytest.mark.slow
@pytest.mark.parametrize("first,second,expected", [
    ("my daughter is 9 and autistic", "Aberdeen", "Enquire"),
    ("my son is 8 and has ADHD", "BT7 1NN", "SENAC"),
])
def test_a_place_given_as_the_council_gets_its_nation(service, first, second, expected):
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, first)
    replies = []
    for _ in range(4):  # answer the form's questions until it asks for the council
        reply = texts(service.say(sender, second if replies and "council" in replies[-1] else "don't know"))
        replies.append(reply)
        if expected in reply:
            break
    assert expected in " ".join(replies), replies
    assert "I don't know that council" not in " ".join(replies)
    assert "What you can do next" not in " ".join(replies), "England's next steps are not offered there"
