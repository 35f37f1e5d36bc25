"""The officer console through real HTTP: sign-in, CSRF, lock-out, roles, sign-out, the pages and
their actions, the dashboard CSV, and the audit log. The Rasa side is not running here, so the
officer's messages are saved but reported as not delivered (the browser test covers delivery)."""
from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestClient, TestServer

from bot.casework.case_io import import_records, parse_rows
from bot.casework.database import session_scope, upgrade
from bot.casework.demo import demo_rows
from bot.casework.console_sessions import end_reason
from bot.casework.models import AuditEntry, ConsoleSession
from bot.casework.officers import add_officer, deactivate_officer
from bot.casework.store import verify
from bot.escalation import live, store
from bot.escalation.summary import build_summary
from bot.settings import Settings
from bot.web import create_app
from knowledge.situation import Situation
from tests.conftest import free_port

PASSWORD = "correct horse battery staple"


@pytest.fixture
def casework(tmp_path):
    url = f"sqlite:///{tmp_path / 'casework.db'}"
    upgrade(url)
    records, _ = parse_rows(demo_rows(), date(2026, 11, 24))
    import_records(url, records)
    add_officer(url, "priya", "Priya Shah", PASSWORD, role="officer")
    add_officer(url, "amira", "Amira Begum", PASSWORD, role="manager")
    verified = verify(url, "conv-web", "SR-2026-0001", date(2018, 5, 14))
    assert getattr(verified, "status", verified) == "verified"
    summary = build_summary("overdue_deadline", Situation(local_authority="Leeds"), None, [],
                            ["<script>alert('x')</script> they are late"], concerns=["a late assessment or plan"])
    escalation_id, _ = store.raise_escalation(url, "conv-web", summary, "whatsapp", "given",
                                              datetime(2026, 11, 25, tzinfo=timezone.utc), "E08000035")
    return url, escalation_id


def run(url, scenario):
    settings = Settings(rasa_api_token="t", rasa_port=free_port(), action_port=free_port(), action_server_url="",
                        tracker_db="", rasa_model="", log_level="WARNING", casework_db_url=url,
                        rasa_url=f"http://127.0.0.1:{free_port()}")

    async def main():
        async with TestClient(TestServer(create_app(settings))) as client:
            return await scenario(client)
    return asyncio.run(main())


async def csrf_of(client, path):
    html = await (await client.get(path)).text()
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def sign_in(client, username="priya", password=PASSWORD):
    token = await csrf_of(client, "/login")
    return await client.post("/login", data={"csrf": token, "username": username, "password": password,
                                             "next": "/console"}, allow_redirects=False)


def audit(url):
    with session_scope(url) as session:
        return [(a.actor, a.action) for a in session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars()]


def test_nothing_behind_the_login_is_reachable_without_it(casework):
    url, escalation_id = casework

    async def scenario(client):
        results = {}
        for path in ("/console", f"/console/escalations/{escalation_id}", "/console/dashboard",
                     "/console/dashboard.csv"):
            response = await client.get(path, allow_redirects=False)
            results[path] = (response.status, response.headers.get("Location", ""))
        post = await client.post(f"/console/escalations/{escalation_id}/claim", allow_redirects=False)
        api = await client.get("/api/escalations")
        return results, post.status, api.status

    results, post, api = run(url, scenario)
    assert all(status == 303 and location.startswith("/login?next=") for status, location in results.values())
    assert post == 401 and api == 401


def test_sign_in_needs_the_right_password_and_a_csrf_token_and_locks_after_five_failures(casework):
    url, _ = casework

    async def scenario(client):
        no_csrf = await client.post("/login", data={"username": "priya", "password": PASSWORD})
        wrong = [(await sign_in(client, password="wrong password 123")).status for _ in range(5)]
        locked = await sign_in(client)
        return no_csrf.status, wrong, locked.status, await locked.text()

    no_csrf, wrong, locked, text = run(url, scenario)
    assert no_csrf == 400
    assert wrong == [401, 401, 401, 401, 401]
    assert locked == 401 and "locked for 15 minutes" in text
    actions = [a for _, a in audit(url)]
    assert actions.count("login_failed") == 4 and "login_locked" in actions and "login_refused_locked" in actions


def test_an_officer_works_a_conversation_and_every_change_needs_the_csrf_token(casework):
    url, escalation_id = casework

    async def scenario(client):
        signed = await sign_in(client)
        cookie = signed.headers.get("Set-Cookie", "")
        queue = await (await client.get("/console")).text()
        page = await client.get(f"/console/escalations/{escalation_id}")
        html = await page.text()
        token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
        forged = await client.post(f"/console/escalations/{escalation_id}/claim", data={"csrf": "forged"},
                                   allow_redirects=False)
        claimed = await client.post(f"/console/escalations/{escalation_id}/claim", data={"csrf": token})
        claimed_html = await claimed.text()
        reply = await client.post(f"/console/escalations/{escalation_id}/reply",
                                  data={"csrf": token, "text": "Hello from Priya"})
        reply_html = await reply.text()
        api_forged = await client.post(f"/api/escalations/{escalation_id}/notes", json={"text": "x"})
        api_note = await client.post(f"/api/escalations/{escalation_id}/notes", json={"text": "Called school"},
                                     headers={"X-CSRF-Token": token})
        dashboard = await client.get("/console/dashboard", allow_redirects=False)
        return (cookie, queue, page.headers, html, forged.status, claimed_html, reply_html, api_forged.status,
                api_note.status, dashboard.status)

    (cookie, queue, headers, html, forged, claimed_html, reply_html, api_forged, api_note, dashboard) = run(url, scenario)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Overdue" in queue or "A statutory deadline is overdue" in queue
    assert "Leeds" in queue and f"Escalation {escalation_id}" in queue
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"
    assert "&lt;script&gt;alert(" in html and "<script>alert(" not in html, "the parent's words are escaped"
    assert "Concerns the parent raised" in html and "a late assessment or plan" in html
    assert "outside the 24-hour window" not in html, "only shown to the officer who holds it"
    assert forged == 403
    assert "You have claimed this conversation" in claimed_html and "could not reach the parent" in claimed_html
    assert "outside the 24-hour window" in claimed_html, "WhatsApp with no parent message in 24 hours"
    assert "Reply sent" in reply_html and "Hello from Priya" in reply_html
    assert api_forged == 403 and api_note == 200
    assert dashboard == 403, "the dashboard is for managers"
    kinds = [e.kind for e in store.get_escalation(url, escalation_id).timeline]
    assert kinds[:2] == ["raised", "claimed"] and "officer_message" in kinds and "note" in kinds
    entries = audit(url)
    assert ("officer:priya", "login_succeeded") in entries
    assert ("officer:priya", "case_viewed") in entries and ("officer:priya", "transcript_viewed") in entries


def test_a_manager_sees_the_dashboard_and_its_csv_and_can_sign_out(casework):
    url, escalation_id = casework

    async def scenario(client):
        await sign_in(client, "amira")
        page = await (await client.get("/console/dashboard")).text()
        csv = await client.get("/console/dashboard.csv")
        csv_text = await csv.text()
        token = await csrf_of(client, "/console")
        await client.post("/logout", data={"csrf": token})
        after = await client.get("/console", allow_redirects=False)
        return page, csv.headers["Content-Type"], csv_text, after.status

    page, content_type, csv_text, after = run(url, scenario)
    assert "Councils with the most overdue statutory deadlines" in page and "<svg" in page
    assert "Leeds" in page, "the demo case in Leeds has an overdue assessment decision"
    assert content_type.startswith("text/csv")
    assert "overdue statutory deadlines,Leeds," in csv_text
    assert "reason,A statutory deadline is overdue,1" in csv_text
    assert after == 303
    assert ("officer:amira", "logout") in audit(url)


def _console_cookie(client):
    return next(c.value for c in client.session.cookie_jar if c.key == "console_session")


async def _replay(client, cookie, escalation_id):
    """The console and API as someone holding a copy of the cookie would try them."""
    headers = {"Cookie": f"console_session={cookie}"}
    page = await client.get("/console", headers=headers, allow_redirects=False)
    api = await client.get("/api/escalations", headers=headers)
    post = await client.post(f"/console/escalations/{escalation_id}/notes", data={"text": "x"}, headers=headers,
                             allow_redirects=False)
    return page.status, page.headers.get("Location", ""), api.status, post.status


def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(casework):
    url, escalation_id = casework

    async def scenario(client):
        await sign_in(client)
        copied = _console_cookie(client)
        token = await csrf_of(client, "/console")
        client.session.cookie_jar.clear()
        before = await _replay(client, copied, escalation_id)
        await client.post("/logout", data={"csrf": token}, headers={"Cookie": f"console_session={copied}"},
                          allow_redirects=False)
        client.session.cookie_jar.clear()
        after = await _replay(client, copied, escalation_id)
        return before, after

    before, after = run(url, scenario)
    assert before[0] == 200 and before[2] == 200, "the copy works while the session is live"
    page, location, api, post = after
    assert page == 303 and location.startswith("/login"), "the login page, not the queue"
    assert api == 401 and post == 401
    with session_scope(url) as session:
        [row] = session.execute(sa.select(ConsoleSession)).scalars().all()
        assert row.ended_at is not None and row.end_reason == "signed_out"
    assert ("officer:priya", "logout") in audit(url)
    kinds = [e.kind for e in store.get_escalation(url, escalation_id).timeline]
    assert "note" not in kinds


def test_deactivation_and_eight_hours_end_a_session(casework):
    url, escalation_id = casework

    async def scenario(client):
        await sign_in(client, "priya")
        priya = _console_cookie(client)
        client.session.cookie_jar.clear()
        await sign_in(client, "amira")
        amira = _console_cookie(client)
        client.session.cookie_jar.clear()
        deactivate_officer(url, "priya")
        with session_scope(url) as session:  # Amira signed in nine hours ago
            session.execute(sa.update(ConsoleSession).where(ConsoleSession.ended_at.is_(None))
                            .values(created_at=datetime.utcnow() - timedelta(hours=9)))
        return await _replay(client, priya, escalation_id), await _replay(client, amira, escalation_id)

    priya, amira = run(url, scenario)
    assert priya[0] == 303 and priya[2] == 401
    assert amira[0] == 303 and amira[2] == 401
    with session_scope(url) as session:
        reasons = sorted(r.end_reason for r in session.execute(sa.select(ConsoleSession)).scalars())
    assert reasons == ["expired", "officer_inactive"]


def test_the_live_socket_closes_at_sign_out(casework, monkeypatch):
    url, _ = casework
    monkeypatch.setattr(live, "RECHECK_SECONDS", 0.2)

    async def scenario(client):
        await sign_in(client)
        token = await csrf_of(client, "/console")
        async with client.ws_connect("/api/events") as socket:
            await asyncio.sleep(0.5)
            open_before = not socket.closed
            await client.post("/logout", data={"csrf": token}, allow_redirects=False)
            await asyncio.wait_for(socket.receive(), timeout=5)
            return open_before, socket.close_code

    open_before, code = run(url, scenario)
    assert open_before and code == live.CREDENTIAL_ENDED


@pytest.mark.parametrize("age_hours, active, reason", [
    (0, True, None), (7.9, True, None), (8, True, "expired"), (1, False, "officer_inactive")])
def test_when_a_session_must_end(age_hours, active, reason):
    now = datetime(2026, 11, 25, 12, 0)
    assert end_reason(now - timedelta(hours=age_hours), active, now) == reason
