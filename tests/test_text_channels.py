"""Pure rules of the text-only channels: SMS splitting within segment limits, numbered options,
carrier keywords, Twilio and Meta signatures, and the Cloud API's message shapes."""
from __future__ import annotations

import hashlib
import hmac
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from channels import twilio, whatsapp
from channels.text_messages import (
    MORE_PROMPT, chosen_payload, is_gsm, numbered_options, option_lines, sms_fits, sms_limit, sms_reply, sms_units,
    split_chars, split_sms, turn_text,
)

LONG = ("The council must decide within 6 weeks. It must send the final plan within 20 weeks. "
        "You have 15 days to comment on a draft plan. ") * 12


def test_short_text_is_one_message_and_long_text_splits_on_sentences():
    assert split_sms("Hello there.") == ["Hello there."]
    parts = split_sms(LONG)
    assert len(parts) > 1
    assert all(sms_units(p) <= sms_limit(p) == 612 for p in parts)
    assert all(p.endswith(".") for p in parts), "no sentence is cut in half"
    assert " ".join(parts) == LONG.strip()


def test_emoji_and_other_scripts_use_the_smaller_ucs2_limit():
    text = "Diolch 🙏 " * 80
    assert not is_gsm(text)
    parts = split_sms(text)
    assert all(sms_units(p) <= 268 for p in parts)
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=3000))
def test_any_text_splits_within_limits_and_keeps_every_word(text):
    parts = split_sms(text)
    assert all(sms_units(p) <= sms_limit(p) for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())


def pages(text, options=""):
    """Every SMS a parent gets for one reply and each MORE after it, as lists of messages."""
    reply, seen = sms_reply(text, options), []
    while True:
        seen.append(reply.messages)
        if not reply.kept:
            return seen
        assert len(seen) < 100, "MORE always brings something"
        reply = sms_reply(reply.kept)


def read(seen):
    """What a parent reads across all the messages, without the MORE prompts."""
    texts = [m.removesuffix(MORE_PROMPT) for page in seen for m in page]
    return "".join("".join(texts).split())


OPTIONS = option_lines([{"title": "Add a new date or letter"}, {"title": "Talk to a person"}])


def test_a_reply_that_fits_in_two_messages_is_sent_whole_without_more():
    assert sms_reply("Hello there.").messages == ["Hello there."] and sms_reply("Hello there.").kept == ""
    reply = sms_reply("Is that OK?", OPTIONS)
    assert reply.messages == ["Is that OK?\n1. Add a new date or letter\n2. Talk to a person\nReply with a number."]
    two = sms_reply(LONG[:900])
    assert len(two.messages) == 2 and two.kept == "" and not any(MORE_PROMPT in m for m in two.messages)
    assert sms_reply("   ").messages == []


def test_a_long_reply_is_two_messages_first_lines_then_options_then_more():
    lines = [f"Line {n}: the council must reply to your letter within 15 days." for n in range(1, 40)]
    text = "Here is Sam's case (SR-2026-0001).\n" + "\n".join(lines)
    reply = sms_reply(text, OPTIONS)
    first, second = reply.messages
    assert all(sms_fits(m) for m in reply.messages)
    assert first.startswith("Here is Sam's case (SR-2026-0001).\nLine 1:"), "the most important facts first"
    assert second.endswith(f"\n{OPTIONS}\n{MORE_PROMPT}"), "the options stay visible, MORE is last"
    assert "\nLine " in first and first.split("\n")[-1].endswith("15 days."), "cut at the end of a line"
    assert reply.kept.endswith(OPTIONS) and reply.kept.startswith("Line "), "the options again after the rest"
    seen = pages(text, OPTIONS)
    assert len(seen) >= 2 and all(1 <= len(page) <= 2 for page in seen)
    assert all(sms_fits(m) for page in seen for m in page)
    assert [page[-1].endswith(MORE_PROMPT) for page in seen] == [True] * (len(seen) - 1) + [False]
    body = "\n".join(m.removesuffix(MORE_PROMPT).strip() for page in seen for m in page)
    assert body.replace(f"\n{OPTIONS}", "") == text, "nothing is lost, nothing repeated but the options"
    assert body.endswith(OPTIONS), "the last MORE ends with the options again"


def test_emoji_replies_keep_within_the_ucs2_budget():
    seen = pages("Diolch 🙏 am eich neges. " * 60)
    assert all(len(page) <= 2 and all(sms_units(m) <= 268 for m in page) for page in seen)
    assert read(seen) == "".join(("Diolch 🙏 am eich neges. " * 60).split())


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=4000))
def test_any_reply_is_at_most_two_messages_each_within_limits_and_more_brings_every_word(text):
    seen = pages(text)
    assert all(len(page) <= 2 and all(sms_fits(m) for m in page) for page in seen)
    assert read(seen) == "".join(text.split())


def test_a_turn_keeps_its_last_options_apart_and_earlier_ones_in_place():
    assert turn_text([]) == ("", "")
    assert turn_text([("Hello.", ""), ("Is that OK?", OPTIONS)]) == ("Hello.\nIs that OK?", OPTIONS)
    assert turn_text([("Pick one", OPTIONS), ("Thanks.", "")]) == (f"Pick one\n{OPTIONS}\nThanks.", "")


def test_whatsapp_splits_on_characters():
    parts = split_chars(LONG * 3, 1600)
    assert all(len(p) <= 1600 for p in parts) and len(parts) >= 3


def test_numbered_options_and_the_reply_that_chooses_one():
    text = numbered_options("Is that OK?", [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}])
    assert text == "Is that OK?\n1. Yes\n2. No\nReply with a number."
    payloads = ["/affirm", "/deny"]
    assert chosen_payload("2", payloads) == "/deny" and chosen_payload(" 1. ", payloads) == "/affirm"
    assert chosen_payload("3", payloads) is None and chosen_payload("2 weeks ago", payloads) is None
    assert chosen_payload("0", payloads) is None and chosen_payload("", []) is None


def test_carrier_keywords():
    assert twilio.keyword(" stop ") == "stop" and twilio.keyword("UNSUBSCRIBE") == "stop"
    assert twilio.keyword("Start") == "start" and twilio.keyword("help") == "help"
    assert twilio.keyword("please stop the school sending him home") is None


def test_twilio_signatures_use_twilios_validator():
    url, params = "https://example.test/webhooks/twilio/webhook", {"From": "+447700900001", "Body": "hi"}
    good = RequestValidator("token").compute_signature(url, params)
    assert twilio.signature_valid("token", url, params, good)
    assert not twilio.signature_valid("token", url, {**params, "Body": "changed"}, good)
    assert not twilio.signature_valid("other", url, params, good)
    assert not twilio.signature_valid("token", url, params, None)


def test_meta_signatures_are_hmac_sha256_of_the_raw_body():
    body = json.dumps({"entry": []}).encode()
    good = "sha256=" + hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert whatsapp.signature_valid("secret", body, good)
    assert not whatsapp.signature_valid("secret", body + b" ", good)
    assert not whatsapp.signature_valid("secret", body, good.replace("sha256=", "sha1="))
    assert not whatsapp.signature_valid("", body, good) and not whatsapp.signature_valid("secret", body, None)


def test_incoming_cloud_api_messages_of_every_kind():
    payload = {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "messages": [
            {"from": "447700900123", "id": "wamid.1", "type": "text", "text": {"body": "hi"}},
            {"from": "447700900123", "id": "wamid.2", "type": "interactive",
             "interactive": {"type": "button_reply", "button_reply": {"id": "/deny", "title": "No"}}},
            {"from": "447700900123", "id": "wamid.3", "type": "interactive",
             "interactive": {"type": "list_reply", "list_reply": {"id": "/ask_deadline", "title": "Deadlines"}}},
            {"from": "447700900123", "id": "wamid.4", "type": "image", "image": {"id": "x"}},
        ]}}, {"field": "messages", "value": {"statuses": [{"id": "wamid.0", "status": "read"}]}}]}]}
    found = whatsapp.incoming_messages(payload)
    assert [(m.message_id, m.text) for m in found] == [
        ("wamid.1", "hi"), ("wamid.2", "/deny"), ("wamid.3", "/ask_deadline"), ("wamid.4", "")]
    for junk in (None, [], {"entry": "x"}, {"entry": [{"changes": [{"value": {"messages": [1, {}]}}]}]}):
        assert whatsapp.incoming_messages(junk) == []


def test_outgoing_cloud_api_messages_use_buttons_lists_or_numbers():
    def buttons(n):
        return [{"title": f"Option number {i} with a long title", "payload": f"/p{i}"} for i in range(1, n + 1)]

    [text] = whatsapp.outgoing("447700900123", "Hello", [])
    assert text["type"] == "text" and text["text"]["body"] == "Hello" and text["messaging_product"] == "whatsapp"
    [three] = whatsapp.outgoing("447700900123", "Pick", buttons(3))
    reply_buttons = three["interactive"]["action"]["buttons"]
    assert three["interactive"]["type"] == "button" and len(reply_buttons) == 3
    assert all(len(b["reply"]["title"]) <= 20 for b in reply_buttons) and reply_buttons[1]["reply"]["id"] == "/p2"
    [ten] = whatsapp.outgoing("447700900123", "Pick", buttons(10))
    rows = ten["interactive"]["action"]["sections"][0]["rows"]
    assert ten["interactive"]["type"] == "list" and len(rows) == 10 and all(len(r["title"]) <= 24 for r in rows)
    [many] = whatsapp.outgoing("447700900123", "Pick", buttons(12))
    assert many["type"] == "text" and "12. Option number 12" in many["text"]["body"]
    long = whatsapp.outgoing("447700900123", LONG, buttons(2))
    assert long[-1]["type"] == "interactive" and all(
        len(m["text"]["body"]) <= 1024 for m in long[:-1]) and len(long[-1]["interactive"]["body"]["text"]) <= 1024
