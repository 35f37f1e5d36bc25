"""End to end: a parent is escalated, an officer claims and replies through the service API, the
parent receives it on the REST channel, the officer hands back, the bot answers again. The real
Rasa, action and web servers; nothing mocked."""
import asyncio
import json
import urllib.error
import urllib.request
import uuid

import aiohttp
import pytest

from bot.casework.officers import add_officer

pytestmark = pytest.mark.slow


def texts(replies):
    return " ".join(r.get("text", "") for r in replies)


class Api:
    """The service API as the console calls it."""

    def __init__(self, service, officer):
        self.base = service.settings.public_url
        self.token = service.officer_token(officer)
        self.officer = officer

    def call(self, method, path, body=None, token=None, officer=None):
        headers = {"Authorization": f"Bearer {token or self.token}", "Content-Type": "application/json"}
        if officer:  # a name claimed beside the token: it must not change who acts
            headers["X-Officer"] = officer
        request = urllib.request.Request(
            f"{self.base}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
            headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def escalation_for(self, sender):
        status, body = self.call("GET", "/api/escalations")
        assert status == 200, body
        found = [e for e in body["escalations"] if e["conversation_id"] == f"rest:{sender}"]
        return found[0] if found else None


@pytest.fixture(scope="module")
def officers(service):
    url = service.settings.casework_db_url
    add_officer(url, "priya", "Priya Shah", "a long enough password 1")
    add_officer(url, "tom", "Tom Okafor", "a long enough password 2")
    return Api(service, "priya"), Api(service, "tom")


def test_officer_takes_over_replies_and_hands_back(service, officers):
    priya, tom = officers
    sender = f"parent-{uuid.uuid4()}"
    asked = texts(service.say(sender, "I want to talk to a real person please, the school keeps ignoring me"))
    assert "resolution officer is a real person" in asked
    assert "Monday to Friday" in asked and "Is that OK?" in asked
    assert priya.escalation_for(sender) is None, "nothing is shared before consent"

    assert "passed your conversation to a resolution officer" in texts(service.say(sender, "yes"))
    escalation = priya.escalation_for(sender)
    assert escalation["reason"] == "asked_for_person" and escalation["status"] == "raised"
    assert escalation["channel"] == "rest" and escalation["reply_due_at"]
    assert "the school keeps ignoring me" in " ".join(escalation["summary"]["parent_words"])
    assert escalation["summary"]["suggested_step"]["code"] == "school_senco"

    status, claimed = priya.call("POST", f"/api/escalations/{escalation['id']}/claim")
    assert status == 200 and claimed["status"] == "claimed" and claimed["delivered"]
    status, refused = tom.call("POST", f"/api/escalations/{escalation['id']}/claim")
    assert status == 409 and "already claimed" in refused["error"]
    assert "Priya, a resolution officer, has joined" in texts(service.pending(sender))

    status, sent = priya.call("POST", f"/api/escalations/{escalation['id']}/reply",
                              {"text": "Hello, I have read your messages. When did school last reply?"})
    assert status == 200 and sent["delivered"]
    relayed = service.pending(sender)
    assert texts(relayed) == "Priya (resolution officer): Hello, I have read your messages. When did school last reply?"
    assert relayed[0]["officer"] == "Priya"
    status, _ = tom.call("POST", f"/api/escalations/{escalation['id']}/reply", {"text": "hi"})
    assert status == 409, "only the officer who holds it replies"

    assert service.say(sender, "Two weeks ago. I want to make a complaint") == [], "the bot stays silent"
    status, detail = priya.call("GET", f"/api/escalations/{escalation['id']}")
    parent_lines = [e["text"] for e in detail["timeline"] if e["kind"] == "parent_message"]
    assert parent_lines == ["Two weeks ago. I want to make a complaint"]

    status, _ = priya.call("POST", f"/api/escalations/{escalation['id']}/handback",
                           {"agreed": "Priya will email the SENCo on Friday."})
    assert status == 200
    back = texts(service.pending(sender))
    assert "Priya has handed you back to me" in back and "Priya will email the SENCo on Friday." in back
    assert "Hello" in texts(service.say(sender, "hi")), "the bot answers again"

    status, closed = priya.call("POST", f"/api/escalations/{escalation['id']}/outcome",
                                {"outcome": "resolved_informally", "note": "SENCo meeting booked"})
    assert status == 200 and closed["status"] == "closed" and closed["outcome"] == "resolved_informally"

    status, transcript = priya.call("GET", f"/api/escalations/{escalation['id']}/transcript")
    assert status == 200
    lines = transcript["transcript"]
    assert {"who": "parent", "text": "Two weeks ago. I want to make a complaint"}.items() <= lines[
        [l["text"] for l in lines].index("Two weeks ago. I want to make a complaint")].items()
    officer_lines = [l for l in lines if l["who"] == "officer"]
    assert officer_lines and officer_lines[0]["officer"] == "Priya"
    assert not any(l["text"].startswith("EXTERNAL") for l in lines)


def test_no_consent_means_nothing_is_shared(service, officers):
    priya, _ = officers
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "can I speak to someone")
    assert "not shared anything" in texts(service.say(sender, "no"))
    assert priya.escalation_for(sender) is None


def test_safeguarding_raises_an_urgent_escalation_at_once(service, officers):
    priya, _ = officers
    sender = f"parent-{uuid.uuid4()}"
    reply = texts(service.say(sender, "my daughter said she wants to die"))
    assert reply.index("999") < reply.index("resolution officer"), "crisis contacts come first"
    escalation = priya.escalation_for(sender)
    assert escalation["priority"] == "urgent" and escalation["reason"] == "safeguarding"
    assert escalation["consent"] == "not_needed_safeguarding"
    status, queue = priya.call("GET", "/api/escalations")
    assert queue["escalations"][0]["priority"] == "urgent", "urgent ones are on top"


def test_a_disclosure_while_an_officer_holds_the_conversation_still_gets_crisis_contacts(service, officers):
    priya, _ = officers
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "I'd like to make a complaint about the council")
    service.say(sender, "yes")
    escalation = priya.escalation_for(sender)
    assert escalation["reason"] == "complaint"
    priya.call("POST", f"/api/escalations/{escalation['id']}/claim")
    service.pending(sender)
    reply = texts(service.say(sender, "I can't go on, I want to end it all"))
    assert "116 123" in reply
    status, detail = priya.call("GET", f"/api/escalations/{escalation['id']}")
    assert detail["priority"] == "urgent"


def test_an_officer_joining_mid_form_stops_the_questions(service, officers):
    priya, _ = officers
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "I'm really struggling, I can't cope with all this")
    service.say(sender, "yes please")
    escalation = priya.escalation_for(sender)
    assert escalation["reason"] == "distress" and escalation["priority"] == "high"
    assert "Where does your child learn" in texts(service.say(sender, "my son is 8 and autistic, we're in Leeds"))
    priya.call("POST", f"/api/escalations/{escalation['id']}/claim")
    assert "has joined" in texts(service.pending(sender))
    assert service.say(sender, "mainstream primary") == [], "the form does not ask again"


def test_the_api_needs_an_officers_own_token(service, officers):
    priya, _ = officers
    assert priya.call("GET", "/api/escalations", token="wrong")[0] == 401
    assert priya.call("GET", "/api/escalations", officer="tom")[0] == 403, "a token cannot act as another"
    assert priya.call("GET", "/api/escalations/999999")[0] == 404
    assert priya.call("POST", "/api/escalations/999999/claim")[0] == 404


def test_officers_see_new_timeline_entries_live(service, officers):
    priya, _ = officers
    sender = f"parent-{uuid.uuid4()}"

    async def scenario():
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"{priya.base}/api/events",
                                          headers={"Authorization": f"Bearer {priya.token}"}) as socket:
                await asyncio.to_thread(service.say, sender, "I want to appeal to the tribunal")
                await asyncio.to_thread(service.say, sender, "yes")
                while True:
                    message = await asyncio.wait_for(socket.receive_json(), timeout=15)
                    if message["escalation"]["conversation_id"] == f"rest:{sender}":
                        return message

    message = asyncio.run(scenario())
    assert message["entry"]["kind"] == "raised" and message["escalation"]["reason"] == "tribunal_intent"


def test_a_relay_sent_again_reaches_the_parent_once(service, officers):
    """The relay tries again when Rasa is slow to answer (it may still be waiting for the
    conversation's lock): the second try of the same officer message must not reach the parent."""
    import asyncio

    from bot.escalation.relay import RasaRelay

    priya, _ = officers
    sender = f"parent-{uuid.uuid4()}"
    service.say(sender, "I want to talk to a person")
    service.say(sender, "yes")
    escalation = priya.escalation_for(sender)
    assert priya.call("POST", f"/api/escalations/{escalation['id']}/claim")[0] == 200
    service.pending(sender)
    status, sent = priya.call("POST", f"/api/escalations/{escalation['id']}/reply", {"text": "Hello from Priya"})
    assert status == 200 and sent["delivered"]
    assert texts(service.pending(sender)) == "Priya (resolution officer): Hello from Priya"
    relay = RasaRelay(service.rasa_url, service.settings.rasa_api_token)
    asyncio.run(relay.trigger(f"rest:{sender}", "officer_message", {"message_id": sent["message_id"]}))
    assert service.pending(sender, wait=2) == [], "the same message is not sent twice"
    lines = [line for line in asyncio.run(relay.transcript(f"rest:{sender}")) if line["who"] == "officer"]
    assert [line["text"] for line in lines] == ["Priya (resolution officer): Hello from Priya"]
