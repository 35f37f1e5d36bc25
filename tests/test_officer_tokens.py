"""Per-officer service-API tokens over real HTTP against the web app: a token acts only as its own
officer (an X-Officer header changes nothing), revoked tokens and inactive officers' tokens get
401, the store keeps only a hash, the audit log names the right officer, the live socket closes
when its token is revoked, and the CLI makes and revokes tokens as an operator would."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime, timezone

import aiohttp
import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestClient, TestServer

from bot import PROJECT_DIR
from bot.casework.database import session_scope, upgrade
from bot.casework.models import AuditEntry, Officer, OfficerApiToken
from bot.casework.officer_tokens import create_token, list_tokens, parse_token, revoke_token
from bot.casework.officers import add_officer, deactivate_officer
from bot.escalation import live, store
from bot.escalation.summary import build_summary
from bot.settings import Settings
from bot.web import create_app
from knowledge.situation import Situation
from tests.conftest import free_port


@pytest.fixture
def casework(tmp_path):
    """Two officers with a token each, and an escalation."""
    url = f"sqlite:///{tmp_path / 'casework.db'}"
    upgrade(url)
    add_officer(url, "priya", "Priya Shah", "a long enough password 1")
    add_officer(url, "tom", "Tom Okafor", "a long enough password 2")
    summary = build_summary("complaint", Situation(), None, [], ["The council never replies"])
    escalation_id, _ = store.raise_escalation(url, "conv-tokens", summary, "rest", "given",
                                              datetime(2026, 11, 25, tzinfo=timezone.utc), None)
    tokens = {name: create_token(url, name, "tests").token for name in ("priya", "tom")}
    return url, escalation_id, tokens


def run(url, scenario):
    settings = Settings(rasa_api_token="t", rasa_port=free_port(), action_port=free_port(), action_server_url="",
                        tracker_db="", rasa_model="", log_level="WARNING", casework_db_url=url,
                        rasa_url=f"http://127.0.0.1:{free_port()}")

    async def main():
        async with TestClient(TestServer(create_app(settings))) as client:
            return await scenario(client)
    return asyncio.run(main())


def bearer(token, **extra):
    return {"Authorization": f"Bearer {token}", **extra}


def audit(url):
    with session_scope(url) as session:
        return [(a.actor, a.action) for a in session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars()]


def test_a_token_holder_cannot_act_as_another_officer(casework):
    url, escalation_id, tokens = casework

    async def scenario(client):
        forged = {}
        for path, body in (("claim", None), ("notes", {"text": "written as Tom"})):
            response = await client.post(f"/api/escalations/{escalation_id}/{path}", json=body,
                                         headers=bearer(tokens["priya"], **{"X-Officer": "tom"}))
            forged[path] = (response.status, await response.json())
        read = await client.get(f"/api/escalations/{escalation_id}/transcript", headers=bearer(tokens["priya"]))
        claimed = await client.post(f"/api/escalations/{escalation_id}/claim",
                                    headers=bearer(tokens["priya"], **{"X-Officer": "Priya"}))
        as_priya = await client.post(f"/api/escalations/{escalation_id}/reply", json={"text": "Hi"},
                                     headers=bearer(tokens["tom"], **{"X-Officer": "priya"}))
        tom_reply = await client.post(f"/api/escalations/{escalation_id}/reply", json={"text": "Hi"},
                                      headers=bearer(tokens["tom"]))
        return forged, read.status, claimed.status, await claimed.json(), as_priya.status, tom_reply.status

    forged, read, claimed, body, as_priya, tom_reply = run(url, scenario)
    assert {path: status for path, (status, _) in forged.items()} == {"claim": 403, "notes": 403}
    assert "another officer" in forged["claim"][1]["error"]
    assert read == 502, "read as Priya (the assistant is not running here, so no transcript)"
    assert claimed == 200 and body["claimed_by"] == "priya", "the token says who claims, not the header"
    assert as_priya == 403, "Tom's token naming Priya is refused"
    assert tom_reply == 409, "Tom's own token acts as Tom, who does not hold the conversation"
    view = store.get_escalation(url, escalation_id)
    kinds = [e.kind for e in view.timeline]
    assert kinds[:2] == ["raised", "claimed"] and "note" not in kinds and "officer_message" not in kinds, \
        "nothing was done under a forged name"
    entries = audit(url)
    assert ("officer:priya", "transcript_viewed") in entries
    assert ("officer:priya", "api_officer_mismatch_refused") in entries
    assert ("officer:tom", "api_officer_mismatch_refused") in entries
    assert not any(actor == "officer:tom" and action == "transcript_viewed" for actor, action in entries)


def test_revoked_tokens_and_inactive_officers_tokens_get_401(casework):
    url, _, tokens = casework
    spare = create_token(url, "priya", "spare")

    async def call(client, token):
        return (await client.get("/api/escalations", headers=bearer(token))).status

    async def scenario(client):
        before = [await call(client, t) for t in (tokens["priya"], spare.token, tokens["tom"])]
        assert revoke_token(url, spare.token_id)
        with session_scope(url) as session:  # an officer made inactive by any means
            session.execute(sa.update(Officer).where(Officer.username == "tom").values(active=False))
        after = [await call(client, t) for t in (tokens["priya"], spare.token, tokens["tom"])]
        tampered = tokens["priya"][:-4] + ("AAAA" if not tokens["priya"].endswith("AAAA") else "BBBB")
        odd = [await call(client, t) for t in (tampered, "", "sat_0000000000000000_" + "x" * 43, "Bearer")]
        return before, after, odd

    before, after, odd = run(url, scenario)
    assert before == [200, 200, 200]
    assert after == [200, 401, 401]
    assert odd == [401, 401, 401, 401]


def test_deactivating_an_officer_revokes_their_tokens_and_no_new_one_is_made(casework):
    url, _, tokens = casework
    assert deactivate_officer(url, "tom")
    assert all(t.revoked_at is not None for t in list_tokens(url, "tom"))
    with pytest.raises(ValueError, match="no active officer"):
        create_token(url, "tom")
    with pytest.raises(ValueError, match="no active officer"):
        create_token(url, "nobody")
    assert run(url, lambda client: _status(client, tokens["tom"])) == 401
    assert ("cli", "officer_deactivated") in audit(url)


async def _status(client, token):
    return (await client.get("/api/escalations", headers=bearer(token))).status


def test_only_a_hash_of_the_token_is_stored_and_its_use_is_recorded(casework):
    url, _, tokens = casework
    assert run(url, lambda client: _status(client, tokens["priya"])) == 200
    with session_scope(url) as session:
        rows = session.execute(sa.select(OfficerApiToken)).scalars().all()
        stored = " ".join(f"{r.token_id} {r.token_hash} {r.label}" for r in rows)
        used = {r.token_id: r.last_used_at for r in rows}
    assert tokens["priya"] not in stored and tokens["priya"].split("_", 2)[2] not in stored
    assert used[parse_token(tokens["priya"])] is not None and used[parse_token(tokens["tom"])] is None
    assert len(tokens["priya"].split("_", 2)[2]) == 43, "256 random bits"


def test_the_live_socket_closes_when_its_token_is_revoked(casework, monkeypatch):
    url, _, tokens = casework
    monkeypatch.setattr(live, "RECHECK_SECONDS", 0.2)

    async def scenario(client):
        refused = await client.get("/api/events", headers=bearer("sat_0000000000000000_" + "x" * 43))
        async with client.ws_connect("/api/events", headers=bearer(tokens["priya"])) as socket:
            await asyncio.sleep(0.5)
            open_before = not socket.closed
            revoke_token(url, parse_token(tokens["priya"]))
            message = await asyncio.wait_for(socket.receive(), timeout=5)
            return refused.status, open_before, message.type, socket.close_code

    refused, open_before, kind, code = run(url, scenario)
    assert refused == 401 and open_before
    assert kind in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED) and code == live.CREDENTIAL_ENDED


def bot_cli(url, *args):
    env = {"PATH": "/usr/bin:/bin", "RASA_API_TOKEN": "cli-test-token", "CASEWORK_DB_URL": url}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_DIR, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_cli_makes_a_token_once_lists_and_revokes_it(casework):
    url, _, _ = casework
    made = bot_cli(url, "officer", "token", "create", "priya", "--label", "case system")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    token_id = parse_token(token)
    assert token_id and "shown only this once" in made.stdout
    assert run(url, lambda client: _status(client, token)) == 200

    listed = bot_cli(url, "officer", "token", "list", "priya")
    assert token_id in listed.stdout and "case system" in listed.stdout and token not in listed.stdout

    revoked = bot_cli(url, "officer", "token", "revoke", token_id)
    assert revoked.returncode == 0 and f"Revoked API token {token_id}" in revoked.stdout
    assert run(url, lambda client: _status(client, token)) == 401
    again = bot_cli(url, "officer", "token", "revoke", token_id)
    assert again.returncode == 1 and "No live token" in again.stderr

    unknown = bot_cli(url, "officer", "token", "create", "nobody")
    assert unknown.returncode == 1 and "no active officer" in unknown.stderr
    assert bot_cli(url, "officer", "deactivate", "tom").returncode == 0
    inactive = bot_cli(url, "officer", "token", "create", "tom")
    assert inactive.returncode == 1 and "no active officer" in inactive.stderr
    actions = [a for _, a in audit(url)]
    assert "api_token_created" in actions and "api_token_revoked" in actions and "officer_deactivated" in actions



class _SlowSocket:
    """A socket on a busy machine: its timer fires a little early (asyncio allows that) and
    checking whether it is closed takes a few milliseconds."""

    def __init__(self) -> None:
        self.timeouts = []
        self.close_code = None

    @property
    def closed(self) -> bool:
        import time
        time.sleep(0.003)
        return self.close_code is not None

    async def receive(self, timeout=None):
        self.timeouts.append(timeout)
        if not timeout:  # aiohttp waits for ever when the timeout is 0 or None
            await asyncio.sleep(3600)
        await asyncio.sleep(max(0.0, timeout - 0.001))
        raise asyncio.TimeoutError

    async def close(self, code=None, message=b""):
        self.close_code = code


def test_a_check_that_falls_due_late_is_still_made():
    """The recheck never turns into a wait with no end, however late the loop runs."""
    socket = _SlowSocket()

    async def revoked() -> bool:
        return False

    asyncio.run(asyncio.wait_for(live.hold_open(socket, revoked, every=0.05), timeout=5))
    assert socket.close_code == live.CREDENTIAL_ENDED and all(socket.timeouts)
