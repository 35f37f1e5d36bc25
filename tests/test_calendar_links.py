"""Signed calendar links, and the .ics file the web server returns for them (through real HTTP)."""
from __future__ import annotations

import asyncio
from datetime import date

import aiohttp
from aiohttp.test_utils import TestServer
from icalendar import Calendar

from bot.links import calendar_link, sign, verify
from bot.settings import Settings
from bot.web import create_app
from knowledge.calendar_file import deadlines_calendar
from knowledge.deadlines import KeyDates, deadlines

SECRET = "test-secret-not-used-anywhere-else"


def settings() -> Settings:
    return Settings(rasa_api_token="t", rasa_port=1, action_port=2, action_server_url="", tracker_db="",
                    rasa_model="", log_level="WARNING", link_secret=SECRET)


def test_a_link_round_trips_and_cannot_be_forged_or_altered() -> None:
    token = sign({"request_date": "2026-09-03"}, SECRET)
    assert verify(token, SECRET) == {"request_date": "2026-09-03"}
    assert verify(token, "another-secret") is None
    body, signature = token.split(".")
    forged_body = sign({"request_date": "2020-01-01"}, "attacker").split(".")[0]
    assert verify(f"{forged_body}.{signature}", SECRET) is None
    assert verify("not-a-token", SECRET) is None
    assert verify("", SECRET) is None


def test_a_link_expires() -> None:
    token = sign({"request_date": "2026-09-03"}, SECRET, now=1_000_000)
    assert verify(token, SECRET, lifetime_s=3600, now=1_000_000 + 3599) is not None
    assert verify(token, SECRET, lifetime_s=3600, now=1_000_000 + 3601) is None


def test_the_calendar_file_has_one_all_day_event_per_deadline() -> None:
    found = deadlines(KeyDates(request_date=date(2026, 9, 3)), date(2026, 9, 10))
    calendar = Calendar.from_ical(deadlines_calendar(found, date(2026, 9, 10)))
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {d.title for d in found}
    final = events["Final EHC plan"]
    assert final.decoded("dtstart") == date(2027, 1, 21)
    assert "regulation 13(2)" in str(final["description"])
    assert final.walk("VALARM"), "a reminder before the deadline"


def fetch(url_path: str) -> tuple:
    async def run() -> tuple:
        server = TestServer(create_app(settings()))
        await server.start_server()
        try:
            async with aiohttp.ClientSession() as session:
                async with session.get(server.make_url(url_path)) as response:
                    return response.status, response.headers.get("Content-Type", ""), await response.read()
        finally:
            await server.close()

    return asyncio.run(run())


def test_the_web_server_serves_the_calendar_for_a_genuine_link() -> None:
    link = calendar_link("http://localhost:8080", SECRET, KeyDates(request_date=date(2026, 9, 3)).to_dict())
    status, content_type, body = fetch(link.replace("http://localhost:8080", ""))
    assert status == 200
    assert content_type.startswith("text/calendar")
    summaries = {str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert "Decision on the EHC needs assessment" in summaries


def test_the_web_server_refuses_forged_and_malformed_links_kindly() -> None:
    forged = sign({"request_date": "2026-09-03"}, "attacker")
    for path in [f"/calendar/{forged}.ics", "/calendar/x.ics", "/calendar/" + "a" * 5000 + ".ics",
                 f"/calendar/{sign({'name': 'Robert'}, SECRET)}.ics",
                 f"/calendar/{sign({'request_date': 'soon'}, SECRET)}.ics"]:
        status, _, body = fetch(path)
        assert status == 404, path
        assert b"not valid or has expired" in body
