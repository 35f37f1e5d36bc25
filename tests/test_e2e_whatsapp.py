"""End to end: WhatsApp through Meta's Cloud API webhook on the real Rasa server, with the Graph
API played by a local server that speaks its wire format."""
from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest


pytestmark = pytest.mark.slow


@pytest.fixture
def fresh(meta_api):
    meta_api.requests.clear()
    meta_api.fail_next = 0
    return meta_api


def webhook(service):
    return f"{service.rasa_url}/webhooks/whatsapp/webhook"


def post(service, payload, secret="test-app-secret", signature=None):
    body = json.dumps(payload).encode()
    if signature is None:
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(webhook(service), data=body, headers={
        "Content-Type": "application/json", "X-Hub-Signature-256": signature})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def message(sender, text=None, button=None, message_id=None):
    if button:
        content = {"type": "interactive", "interactive": {"type": "button_reply", "button_reply": button}}
    else:
        content = {"type": "text", "text": {"body": text}}
    return {"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "447700900997", "phone_number_id": "1234567890"},
        "contacts": [{"profile": {"name": "A parent"}, "wa_id": sender}],
        "messages": [{"from": sender, "id": message_id or f"wamid.{uuid.uuid4().hex}", "timestamp": "1764000000",
                      **content}]}}]}]}


def new_sender():
    return f"447700{uuid.uuid4().int % 10**6:06d}"


def user_texts(service, sender):
    rows = sqlite3.connect(service.settings.tracker_db).execute(
        "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'",
        (f"whatsapp-cloud:+{sender}",)).fetchall()
    return [json.loads(r[0])["text"] for r in rows]


def test_the_verify_token_handshake(service):
    query = {"hub.mode": "subscribe", "hub.verify_token": "test-verify-token", "hub.challenge": "1158201444"}
    with urllib.request.urlopen(f"{webhook(service)}?{urllib.parse.urlencode(query)}", timeout=30) as response:
        assert response.read() == b"1158201444"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{webhook(service)}?{urllib.parse.urlencode({**query, 'hub.verify_token': 'guess'})}",
                               timeout=30)
    assert refused.value.code == 403


def test_wrong_or_missing_signatures_are_refused(service, fresh):
    sender = new_sender()
    assert post(service, message(sender, "hi"), secret="not-the-secret") == 403
    assert post(service, message(sender, "hi"), signature="") == 403
    assert post(service, message(sender, "hi"), signature="sha256=00") == 403
    assert user_texts(service, sender) == [] and fresh.requests == []


def test_reply_buttons_and_a_tapped_button_and_a_duplicate(service, fresh):
    sender = new_sender()
    assert post(service, message(sender, "hello")) == 200
    [greeting] = fresh.wait_for(1)
    assert greeting["auth"] == "Bearer test-access-token" and greeting["phone_id"] == "1234567890"
    interactive = greeting["json"]["interactive"]
    assert greeting["json"]["to"] == sender and interactive["type"] == "button"
    assert [b["reply"]["id"] for b in interactive["action"]["buttons"]] == ["/inform_child", "/ask_deadline",
                                                                            "/request_human"]
    duplicate = message(sender, button={"id": "/request_human", "title": "Talk to a person"}, message_id="wamid.dup1" + sender)
    assert post(service, duplicate) == 200
    assert post(service, duplicate) == 200, "Meta retries: answered 200, processed once"
    consent = fresh.wait_for(2)[-1]["json"]
    assert "Is that OK?" in consent["interactive"]["body"]["text"]
    assert user_texts(service, sender) == ["hello", "/request_human"]
    post(service, message(sender, button={"id": "/affirm", "title": "Yes, pass me on"}))
    assert "passed your conversation" in fresh.wait_for(3)[-1]["json"]["text"]["body"]


def test_the_graph_api_saying_come_back_later_is_tried_again(service, fresh):
    fresh.fail_next = 2
    sender = new_sender()
    post(service, message(sender, "what is SEN support?"))
    [answer] = fresh.wait_for(1)
    assert "SEN support" in json.dumps(answer["json"])


def test_the_whatsapp_number_is_a_verification_factor(service, fresh):
    parent = "447700900003"  # on the fictional demo case SR-2026-0003 
    post(service, message(parent, "where is my case?"))
    fresh.wait_for(1)
    post(service, message(parent, "SR-2026-0003"))
    replies = json.dumps([r["json"] for r in fresh.wait_for(2)])
    assert "case (SR-2026-0003)" in replies and "date of birth" not in fresh.bodies()[-1].lower()


def test_a_message_the_store_cannot_keep_gets_metas_retry_applied_once(service, fresh):
    from tests.test_e2e_twilio import HeldDatabase

    sender, wamid = new_sender(), f"wamid.{uuid.uuid4().hex}"
    delivery = message(sender, "we asked for an assessment in September", message_id=wamid)
    with HeldDatabase(service.settings.tracker_db):
        assert post(service, delivery) == 503, "Meta is told to deliver it again"
    assert any("was not saved" in body for body in fresh.bodies())
    assert user_texts(service, sender) == []
    fresh.requests.clear()
    assert post(service, delivery) == 200  # Meta's retry
    assert fresh.wait_for(1) and not any("not saved" in body for body in fresh.bodies())
    assert post(service, delivery) == 200  # and once more
    assert user_texts(service, sender) == ["we asked for an assessment in September"]
