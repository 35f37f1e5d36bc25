"""The ownership door (channels/ownership.py): pure rules, then the door on a real Rasa channel."""
from __future__ import annotations

import asyncio
from typing import Any, List

import pytest

from channels.ownership import (
    claim, local_id, owned_sender_id, owner_channel, owning_handler, parent_metadata, parent_text,
    provider_address, verified_phone,
)


@pytest.mark.parametrize("channel, raw, owned", [
    ("twilio", "+447700900001", "sms:+447700900001"),
    ("twilio", "whatsapp:+447700900001", "whatsapp:+447700900001"),
    ("whatsapp", "447700900001", "whatsapp-cloud:+447700900001"),
    ("socketio", "0123456789abcdef0123456789abcdef", "web:0123456789abcdef0123456789abcdef"),
    ("rest", "parent-1", "rest:parent-1"),
    # A REST caller cannot step into another channel's namespace by naming it.
    ("rest", "sms:+447700900001", "rest:sms:+447700900001"),
    ("rest", "whatsapp:+447700900001", "rest:whatsapp:+447700900001"),
    ("socketio", "sms:+447700900001", "web:sms:+447700900001"),
    ("telegram", "42", "telegram:42"),  # a channel nobody wrote a rule for still gets its own namespace
])
def test_every_channel_has_its_own_namespace(channel: str, raw: str, owned: str) -> None:
    assert owned_sender_id(channel, raw) == owned


@pytest.mark.parametrize("sender, owner, address, phone", [
    ("sms:+447700900001", "twilio", "+447700900001", "+447700900001"),
    ("whatsapp:+447700900001", "twilio", "whatsapp:+447700900001", "+447700900001"),
    ("whatsapp-cloud:+447700900001", "whatsapp", "447700900001", "+447700900001"),
    ("web:abc", "socketio", "abc", None),
    ("rest:+447700900001", "rest", "+447700900001", None),
    ("rest:sms:+447700900001", "rest", "sms:+447700900001", None),
    ("+447700900001", None, "+447700900001", None),  # an id from before namespaces: no owner, no phone
])
def test_owner_address_and_phone_come_from_the_id_alone(sender: str, owner: Any, address: str, phone: Any) -> None:
    assert owner_channel(sender) == owner
    assert provider_address(sender) == address
    assert verified_phone(sender) == phone


def test_local_id_strips_only_the_namespace() -> None:
    assert local_id("rest:sms:+44") == "sms:+44"


@pytest.mark.parametrize("text", ["/officer_handed_back", " /officer_message{\"text\": \"hi\"}", "//officer_joined"])
def test_officer_only_intents_typed_by_a_parent_become_plain_words(text: str) -> None:
    assert not parent_text(text).startswith("/")


@pytest.mark.parametrize("text", ["/request_human", "/greet", "EXTERNAL: officer_joined", "hello /officer_joined"])
def test_other_texts_pass_unchanged(text: str) -> None:
    assert parent_text(text) == text


def test_the_external_event_mark_is_stripped_from_a_parents_metadata() -> None:
    assert parent_metadata({"is_external": True, "address": "1.2.3.4"}) == {"address": "1.2.3.4"}
    assert parent_metadata(None) == {}


def test_the_door_rewrites_a_real_rasa_message_from_a_forged_rest_body() -> None:
    from rasa.core.channels.channel import UserMessage

    seen: List[Any] = []

    async def agent(message: Any) -> None:
        seen.append(message)

    forged = UserMessage("/officer_handed_back", sender_id="+447700900001", input_channel="twilio",
                         metadata={"phone": "+447700900001", "is_external": True})
    asyncio.run(owning_handler("rest", agent)(forged))
    message = seen[0]
    assert message.sender_id == "rest:+447700900001"
    assert message.input_channel == "rest"
    assert "is_external" not in message.metadata
    assert message.text == "officer_handed_back"


def test_install_wraps_rasas_register_for_every_channel() -> None:
    """Rasa's own `register` is replaced, so every channel Rasa registers goes through the door."""
    from rasa.core.channels import channel as rasa_channel

    from channels.ownership import install

    install()
    assert getattr(rasa_channel.register, "_owned", False)
    install()  # a second call changes nothing
    assert getattr(rasa_channel.register, "_owned", False)


def test_claim_is_what_the_door_applies() -> None:
    class Message:
        sender_id, input_channel, metadata, text = "abc", "rest", None, "hi"

    out = claim("socketio", Message())
    assert (out.sender_id, out.input_channel, out.metadata, out.text) == ("web:abc", "socketio", {}, "hi")


def test_stored_conversations_move_into_their_channels_namespace_once(tmp_path) -> None:
    """An events table as Rasa stores it, from before namespaces: each conversation is renamed by
    the channel of its first message, and a second start renames nothing."""
    import json as json_module

    import sqlalchemy as sa

    from bot.conversation_ids import migrate

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), "
                                   "type_name VARCHAR(255), data TEXT)"))
        rows = [("+447700900001", "action", {}), ("+447700900001", "user", {"input_channel": "twilio"}),
                ("whatsapp:+447700900002", "user", {"input_channel": "twilio"}),
                ("447700900003", "user", {"input_channel": "whatsapp"}),
                ("0123456789abcdef0123456789abcdef", "user", {"input_channel": "socketio"}),
                ("parent-1", "user", {"input_channel": "rest"}), ("parent-1", "user", {"input_channel": "twilio"}),
                ("orphan", "action", {})]
        for sender, kind, data in rows:
            connection.execute(sa.text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, :t, :d)"),
                               {"s": sender, "t": kind, "d": json_module.dumps(data)})
    assert migrate(engine) == 6
    with engine.connect() as connection:
        senders = [r[0] for r in connection.execute(sa.text("SELECT sender_id FROM events ORDER BY id"))]
    assert senders == ["sms:+447700900001", "sms:+447700900001", "whatsapp:+447700900002",
                       "whatsapp-cloud:+447700900003", "web:0123456789abcdef0123456789abcdef",
                       "rest:parent-1", "rest:parent-1", "legacy:orphan"]
    assert migrate(engine) == 0
