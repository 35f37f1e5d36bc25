"""The service API over real HTTP, with the Rasa side unreachable or flaky: nothing an officer
sends is lost, bad requests get clear errors, two claims at once give one winner."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.casework.officer_tokens import create_token
from bot.casework.officers import add_officer
from bot.escalation import store
from bot.escalation.relay import RasaRelay, RelayError
from bot.escalation.summary import build_summary
from bot.settings import Settings
from bot.web import create_app
from knowledge.situation import Situation
from tests.conftest import free_port

TOKENS = {}  # each officer's own API token, made by the casework fixture


def settings_for(url: str, rasa_url: str) -> Settings:
    return Settings(rasa_api_token="rasa-token", rasa_port=free_port(), action_port=free_port(),
                    action_server_url="http://127.0.0.1:1/webhook", tracker_db=":memory:", rasa_model="none",
                    log_level="WARNING", casework_db_url=url, rasa_url=rasa_url)


@pytest.fixture
def casework(tmp_path):
    from bot.casework.database import upgrade

    url = f"sqlite:///{tmp_path / 'casework.db'}"
    upgrade(url)
    add_officer(url, "priya", "Priya Shah", "a long enough password 1")
    add_officer(url, "tom", "Tom Okafor", "a long enough password 2")
    TOKENS.update({name: create_token(url, name).token for name in ("priya", "tom")})
    summary = build_summary("complaint", Situation(), None, [], ["The council never replies"])
    escalation_id, _ = store.raise_escalation(url, "conv-api", summary, "rest", "given",
                                              datetime(2026, 11, 25, tzinfo=timezone.utc), None)
    return url, escalation_id


def run(url: str, rasa_url: str, scenario):
    async def main():
        async with TestClient(TestServer(create_app(settings_for(url, rasa_url)))) as client:
            return await scenario(client)
    return asyncio.run(main())


def headers(officer="priya"):
    return {"Authorization": f"Bearer {TOKENS[officer]}"}


def test_an_unreachable_assistant_loses_nothing(casework):
    url, escalation_id = casework

    async def scenario(client):
        claimed = await client.post(f"/api/escalations/{escalation_id}/claim", headers=headers())
        replied = await client.post(f"/api/escalations/{escalation_id}/reply", headers=headers(),
                                    json={"text": "Hello from Priya"})
        return await claimed.json(), await replied.json()

    claimed, replied = run(url, f"http://127.0.0.1:{free_port()}", scenario)
    assert claimed["status"] == "claimed" and claimed["delivered"] is False
    assert replied["delivered"] is False
    kinds = [(e.kind, e.text.split(":")[0]) for e in store.get_escalation(url, escalation_id).timeline]
    assert ("officer_message", "Hello from Priya") in kinds
    assert ("delivery_failed", "officer_message") in kinds


def test_a_flaky_assistant_is_retried(casework):
    url, escalation_id = casework
    calls = []

    async def flaky(request):
        calls.append((request.path, request.query.get("token"), request.query.get("output_channel"),
                      await request.json()))
        if len(calls) == 1:
            return web.Response(status=503)
        return web.json_response({"tracker": {}, "messages": [{"recipient_id": "rest:conv-api", "text": "ok"}]})

    async def healthy(_request):
        return web.json_response({"status": "ok"})

    async def scenario(client):
        rasa = web.Application()
        rasa.router.add_post("/conversations/{id}/trigger_intent", flaky)
        rasa.router.add_get("/webhooks/rest/", healthy)
        async with TestServer(rasa) as fake_rasa:
            relay = RasaRelay(str(fake_rasa.make_url("")), "rasa-token")
            return await relay.trigger("rest:conv-api", "officer_joined", {"escalation_id": escalation_id})

    messages = run(url, "http://127.0.0.1:1", scenario)
    assert messages == [{"recipient_id": "rest:conv-api", "text": "ok"}]
    assert len(calls) == 2
    # The conversation's own channel, never "latest" (which another channel's message could change).
    assert calls[1][:3] == ("/conversations/rest:conv-api/trigger_intent", "rasa-token", "rest")
    assert calls[1][3] == {"name": "officer_joined", "entities": {"escalation_id": escalation_id}}


@pytest.mark.parametrize("conversation, health", [("sms:+447700900001", {"status": "not configured"}),
                                                  ("+447700900001", {"status": "ok"})])
def test_nothing_is_sent_when_the_conversations_own_channel_cannot_carry_it(casework, conversation, health):
    """An SMS conversation while Twilio is off, or an id with no channel: a failed delivery, not a
    message sent somewhere else."""
    url, _ = casework
    triggered = []

    async def trigger(request):
        triggered.append(request.path)
        return web.json_response({"messages": []})

    async def channel_health(_request):
        return web.json_response(health)

    async def scenario(client):
        rasa = web.Application()
        rasa.router.add_post("/conversations/{id}/trigger_intent", trigger)
        rasa.router.add_get("/webhooks/{channel}/", channel_health)
        async with TestServer(rasa) as fake_rasa:
            relay = RasaRelay(str(fake_rasa.make_url("")), "rasa-token")
            with pytest.raises(RelayError):
                await relay.trigger(conversation, "officer_message", {})

    run(url, "http://127.0.0.1:1", scenario)
    assert triggered == []


def test_two_claims_at_once_have_one_winner(casework):
    url, escalation_id = casework

    async def scenario(client):
        responses = await asyncio.gather(*[
            client.post(f"/api/escalations/{escalation_id}/claim", headers=headers(name))
            for name in ("priya", "tom", "priya", "tom")])
        return sorted(r.status for r in responses)

    assert run(url, f"http://127.0.0.1:{free_port()}", scenario) == [200, 409, 409, 409]


def test_bad_requests_get_clear_errors(casework):
    url, escalation_id = casework

    async def scenario(client):
        results = {}
        await client.post(f"/api/escalations/{escalation_id}/claim", headers=headers())
        for name, call in {
            "not json": client.post(f"/api/escalations/{escalation_id}/reply", headers=headers(), data=b"\xff\xfe"),
            "a list": client.post(f"/api/escalations/{escalation_id}/reply", headers=headers(), json=["hi"]),
            "empty": client.post(f"/api/escalations/{escalation_id}/reply", headers=headers(), json={"text": " "}),
            "huge": client.post(f"/api/escalations/{escalation_id}/reply", headers=headers(),
                                json={"text": "x" * 100_000}),
            "bad status": client.get("/api/escalations?status=everything", headers=headers()),
            "bad outcome": client.post(f"/api/escalations/{escalation_id}/outcome", headers=headers(),
                                       json={"outcome": "won"}),
            "bad id": client.get("/api/escalations/abc", headers=headers()),
            "no token": client.get("/api/escalations", headers={"X-Officer": "priya"}),
            "not bearer": client.get("/api/escalations", headers={"Authorization": f"Basic {TOKENS['priya']}"}),
        }.items():
            response = await call
            results[name] = response.status
        return results

    assert run(url, f"http://127.0.0.1:{free_port()}", scenario) == {
        "not json": 400, "a list": 400, "empty": 400, "huge": 413, "bad status": 400, "bad outcome": 400,
        "bad id": 404, "no token": 401, "not bearer": 401}
