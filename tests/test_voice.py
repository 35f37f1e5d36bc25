"""A young person writing about themselves is answered as the person with the rights (issue 17).

knowledge/voice.py on every English message of the corpus (each annotated with its writer's voice),
then the reply: "you" and the young person's own rights, never "your child"; end to end through
the REST channel with the real servers."""
from __future__ import annotations

import uuid
from datetime import date

import pytest

from actions.concern_replies import YOUNG_PERSON_RIGHTS, concerns_reply
from knowledge.concerns import concerns, detect
from knowledge.voice import young_person_writing
from tests.concern_scoring import all_messages
from tests.test_safety_everywhere import texts

YOUNG = ("im 19 and got an ehcp, i started an apprenticeship at a garage in september but the council stopped my "
         "bus pass because they said over 19s dont get free transport. also someone at the council said my plan "
         "will probably end now im working. is that true?")


def test_every_young_person_in_the_corpus_is_heard_as_one_and_nobody_else():
    english = [m for m in all_messages() if m["language"] == "en"]
    young = [m["id"] for m in english if m["voice"] == "young_person"]
    assert len(young) >= 40
    missed = [m["id"] for m in english if m["voice"] == "young_person" and not young_person_writing(m["text"])]
    taken = [m["id"] for m in english if m["voice"] != "young_person" and young_person_writing(m["text"])]
    assert not missed and not taken, (missed, taken)


@pytest.mark.parametrize("text", [
    "my son is 17 and his college says it cant support him",
    "I'm a SENCO writing for a student who is 18",
    "dd is 16, her sixth form want her part time",
    "I'm 42 and my daughter has an EHCP",
])
def test_a_parent_or_worker_writing_about_a_young_person_is_not_the_young_person(text):
    assert not young_person_writing(text)


def test_every_concern_said_to_a_young_person_says_you_not_your_child():
    for key, concern in concerns().items():
        said = concern.for_young_person()
        words = f"{said.label} {said.law} {said.step}".lower()
        assert "your child" not in words and "the young person" not in words, key


def test_the_reply_to_a_young_person_names_their_own_rights_once():
    found = detect(YOUNG)
    reply, _ = concerns_reply(found, {}, date(2026, 11, 26), young_person=True)
    assert reply.count(YOUNG_PERSON_RIGHTS) == 1 and "your child" not in reply.lower()
    assert "up to the age of 25" in reply and "section 83(2)" in reply
    parent, _ = concerns_reply(found, {}, date(2026, 11, 26))
    assert YOUNG_PERSON_RIGHTS not in parent


@pytest.mark.slow
def test_a_young_person_gets_you_and_their_rights_end_to_end(service):
    reply = texts(service.say(f"yp-{uuid.uuid4().hex[:12]}", YOUNG))
    assert YOUNG_PERSON_RIGHTS in reply and "your child" not in reply.lower() and "your plan" in reply


def test_a_young_persons_own_words_about_missing_help_are_heard():
    text = ("hiya im 17 and in yr 12 at my school sixth form in Leeds. i have an ehcp for autism. the head of sixth "
            "form keeps sending me home when i get overwhelmed. also my plan says i get a mentor and ive not had one "
            "since september. can they do this?")
    assert young_person_writing(text)
    assert {"sent_home", "provision_not_delivered", "post16"} <= set(detect(text))


def test_a_young_person_still_in_year_11_is_told_when_their_own_rights_begin_and_that_their_views_count():
    from datetime import date

    from actions.concern_replies import concerns_reply

    said = ("im 16 and in year 11 at school in Derby, I have an EHCP. the council sent proposed changes on the 20th and "
            "section I just says TBC. can I reply to them myself or does my dad have to?")
    reply, _ = concerns_reply(["school_placement", "phase_transfer"], {}, date(2026, 11, 28), young_person=True, said=said,
                              with_plan=True)
    assert "Friday 25 June 2027" in reply and "your own views" in reply
    older, _ = concerns_reply(["school_placement"], {}, date(2026, 11, 28), young_person=True, with_plan=True,
                              said="I'm 17 and in year 12 at college, my EHCP names the wrong course. Can I appeal?")
    assert "Until then" not in older
