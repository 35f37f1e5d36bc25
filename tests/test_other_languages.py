"""Messages in another language get the fixed reply in that language, and a person on "1" (issue 17).

The language identifier on its own: every non-English message written for the corpus is named
rightly, and no English message the assistant was built or measured with is taken for another
language. The replies: every language's text keeps the 999 line, the "reply 1" and a person's
button. End to end through REST and SMS (the real servers): a Polish message gets Polish, never an
unrelated English answer, and "1" raises an escalation whose summary names the language."""
from __future__ import annotations

import glob
import json
import re
import uuid
from pathlib import Path

import pytest
import yaml

from knowledge.other_languages import message_language, replies, reply_for
from tests.test_safety_everywhere import ask_in_form, form_slots, rasa_api, texts

ROOT = Path(__file__).resolve().parent.parent
POLISH = ("Dzień dobry, mój syn ma 9 lat i autyzm. Szkoła dzwoni prawie codziennie, żebym go odebrała wcześniej, "
          "a teraz chodzi tylko na trzy godziny dziennie. Nie wiem, co robić. Czy to jest zgodne z prawem?")


def corpus_messages():
    for path in sorted(glob.glob(str(ROOT / "tests" / "data" / "parent_messages*.yml"))):
        yield from yaml.safe_load(Path(path).read_text(encoding="utf-8"))["messages"]


def english_lines():
    """Every English line the assistant was trained or measured with: NLU examples, the corpus."""
    for path in glob.glob(str(ROOT / "data" / "nlu" / "*.yml")):
        for item in yaml.safe_load(Path(path).read_text(encoding="utf-8")).get("nlu", []):
            for line in (item.get("examples") or "").splitlines():
                text = re.sub(r"\[([^\]]*)\][({][^)}]*[)}]", r"\1", line.strip()[2:].strip())
                if text:
                    yield text
    yield from (m["text"] for m in corpus_messages() if m["language"] == "en")


def test_every_message_in_another_language_is_named_rightly():
    others = [m for m in corpus_messages() if m["language"] != "en"]
    assert len(others) >= 20
    wrong = [(m["id"], m["language"], message_language(m["text"])) for m in others
             if message_language(m["text"]) != m["language"]]
    assert not wrong, wrong


def test_no_english_message_is_taken_for_another_language():
    lines = list(english_lines())
    assert len(lines) > 1000
    taken = [(line, message_language(line)) for line in lines if message_language(line)]
    assert not taken, taken[:10]


@pytest.mark.parametrize("text", ["hiya", "idk", "we're in Conwy", "I'm in Llandudno", "talk soon",
                                  "ds in yr 6, ehcp since 2023, SENCO says no", "/request_human", "", "😭😭😭",
                                  "SR-HPDK-0X1E", "SR-HPDK-0X1E 14/03/2015", "my ref is SR-HPDK-0X1E", "B12 9QT", "BT1 5GS"])
def test_short_text_speak_place_names_and_payloads_stay_english(text):
    assert message_language(text) is None


def test_every_reply_keeps_999_the_number_one_and_a_person_button():
    assert len(replies()) >= 13
    for code, reply in replies().items():
        assert "999" in reply.message and "1" in reply.message and "SEND" in reply.message, code
        assert reply.button and reply.acknowledgement and reply.source, code


def test_by_sms_every_reply_carries_the_999_line_and_the_person_option_now():
    from channels.text_messages import option_lines, sms_reply

    for code, reply in replies().items():
        now = "\n".join(sms_reply(reply.message, option_lines([{"title": reply.button, "payload": "/x"}])).messages)
        assert "999" in now and f"1. {reply.button}" in now, code


def test_a_language_without_a_translation_gets_the_plain_english_reply():
    assert reply_for("xx").message == replies()["en"].message
    assert reply_for("pl").message != replies()["en"].message


@pytest.mark.slow
def test_a_polish_message_gets_polish_and_one_brings_a_person(service):
    sender = f"lang-{uuid.uuid4().hex[:12]}"
    said = service.say(sender, POLISH)
    reply = texts(said)
    assert reply_for("pl").message in reply and "I understood" not in reply and "999" in reply
    assert [b["payload"] for m in said for b in m.get("buttons", [])] == ["/request_interpreter"]
    after = texts(service.say(sender, "1"))
    assert reply_for("pl").acknowledgement in after
    assert re.search(r"\u23f0 \d\d/\d\d/20\d\d \d\d:\d\d", after), "the reply time, in numbers any reader can follow"
    tracker = rasa_api(service, "GET", f"/conversations/rest:{sender}/tracker")
    assert tracker["slots"]["handoff_escalation"]
    summary = _summary(service, f"rest:{sender}")
    assert summary["reason"] == "other_language" and summary["situation"]["Language"] == "Polish"
    assert any("Szkoła dzwoni" in words for words in summary["parent_words"])


@pytest.mark.slow
@pytest.mark.parametrize("form, slot", [fs for fs in form_slots() if fs[0] != "handoff_form"][:4])
def test_a_message_in_another_language_mid_form_ends_the_form(service, form, slot):
    sender = f"lang-{uuid.uuid4().hex[:12]}"
    ask_in_form(service, sender, form, slot)
    reply = texts(service.say(sender, POLISH))
    assert reply_for("pl").message in reply, f"{form} asking for {slot} answered {reply!r}"
    tracker = rasa_api(service, "GET", f"/conversations/rest:{sender}/tracker")
    assert not (tracker.get("active_loop") or {}).get("name")


@pytest.mark.slow
def test_one_typed_without_the_language_reply_raises_nothing(service):
    sender = f"lang-{uuid.uuid4().hex[:12]}"
    service.say(sender, "hello")
    service.say(sender, "1")
    tracker = rasa_api(service, "GET", f"/conversations/rest:{sender}/tracker")
    assert not tracker["slots"].get("handoff_escalation")


def _summary(service, conversation_id: str) -> dict:
    import sqlalchemy as sa

    from bot.casework.database import session_scope
    from bot.casework.models import Escalation

    with session_scope(service.settings.casework_db_url) as session:
        row = session.execute(sa.select(Escalation).where(Escalation.conversation_id == conversation_id)) \
            .scalars().one()
        return json.loads(row.summary)


@pytest.mark.slow
def test_by_sms_the_reply_is_in_polish_with_a_numbered_person_option_and_one_raises(service, twilio_api):
    from tests.test_e2e_sms_more import text
    from tests.test_e2e_twilio import new_number

    sender = new_number()
    first = " ".join(text(service, twilio_api, sender, POLISH))
    assert "Dzień dobry" in first and "999" in first and "I understood" not in first
    assert f"1. {reply_for('pl').button}" in first, "the person button becomes option 1"
    after = " ".join(text(service, twilio_api, sender, "1"))
    assert reply_for("pl").acknowledgement in after
    assert _summary(service, f"sms:{sender}")["situation"]["Language"] == "Polish"


def test_short_english_text_speak_that_an_identifier_reads_as_italian_is_english():
    """"cant afford a solicitor tho" (trial R): Lingua is sure it is Italian; its words are in the English examples."""
    from knowledge.other_languages import message_language

    assert message_language("cant afford a solicitor tho") is None
    assert message_language("Nie wiem co robić, syn nie chodzi do szkoły od października") == "pl"
