"""The console's pages and form actions: the queue, one conversation (summary, transcript,
timeline, reply, notes, hand back, outcome, letters) and the managers' dashboard with its CSV."""
from __future__ import annotations

import asyncio
from datetime import date, datetime, timezone
from typing import Any, Dict, Optional, Tuple

from aiohttp import web
from aiohttp_session import get_session

from bot.casework.store import all_case_key_dates
from bot.console import dashboard as figures
from bot.console.auth import URL_KEY, csrf_token, signed_in_officer
from bot.console.charts import bar_chart
from bot.console.templates import SECURITY_HEADERS, render
from bot.console.view_rules import due_label, first_words, whatsapp_window_closed
from bot.escalation import handoff, store
from bot.escalation.api import RELAY_KEY
from bot.escalation.reasons import REASONS
from bot.escalation.relay import RelayError
from bot.links import letter_links
from knowledge.authorities import all_authorities, authority_by_code
from knowledge.dates import today_in_england
from knowledge.letter_facts import facts_from_slots, for_link
from knowledge.letters import kinds, render as render_letter

FLASH = "flash"
LINKS_KEY = web.AppKey("letter_links", tuple)  # (public URL, link secret) for letters' download links


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def authority_name(code: Optional[str]) -> str:
    authority = authority_by_code(code) if code else None
    return authority.name if authority else "Not known"


async def _common(request: web.Request) -> Dict[str, Any]:
    session = await get_session(request)
    return {"officer": signed_in_officer(request), "csrf": await csrf_token(request), "flash": session.pop(FLASH, None)}


async def _flash(request: web.Request, message: str) -> None:
    (await get_session(request))[FLASH] = message


def _row(view: store.EscalationView, now: datetime) -> Dict[str, Any]:
    words = view.summary.parent_words if view.summary else []
    return {"view": view, "reason": REASONS[view.reason].label if view.reason in REASONS else view.reason,
            "authority": authority_name(view.local_authority_code), "due": due_label(view.reply_due_at, now),
            "late": bool(view.reply_due_at and view.reply_due_at < now and view.first_reply_at is None),
            "words": first_words(words[-1]) if words else ""}


async def queue(request: web.Request) -> web.Response:
    filters = {k: request.query.get(k) or None for k in ("status", "reason", "authority")}
    if filters["status"] not in (None, *store.STATUSES):
        filters["status"] = None
    views = await asyncio.to_thread(store.list_escalations, request.app[URL_KEY], filters["status"],
                                    filters["reason"], filters["authority"])
    now = _now()
    return render(request, "queue.html", **await _common(request), rows=[_row(v, now) for v in views],
                  filters=filters, reasons=REASONS, statuses=store.STATUSES,
                  authorities=sorted(all_authorities(), key=lambda a: a.name))


async def conversation(request: web.Request) -> web.Response:
    url, officer = request.app[URL_KEY], signed_in_officer(request)
    escalation_id = _id(request)
    view = await asyncio.to_thread(store.get_escalation, url, escalation_id, f"officer:{officer.username}")
    await asyncio.to_thread(store.audit, url, f"officer:{officer.username}", "transcript_viewed", escalation_id)
    transcript, transcript_error = [], None
    try:
        transcript = await request.app[RELAY_KEY].transcript(view.conversation_id)
    except RelayError as error:
        transcript_error = str(error)
    parent_times = [datetime.fromisoformat(line["at"]).replace(tzinfo=None) for line in transcript
                    if line["who"] == "parent"]
    parent_times += [e.at for e in view.timeline if e.kind == "parent_message"]
    now = _now()
    return render(
        request, "conversation.html", **await _common(request), view=view, row=_row(view, now),
        transcript=transcript, transcript_error=transcript_error,
        timeline=[e for e in view.timeline if e.kind != "parent_message" or not transcript],
        window_closed=whatsapp_window_closed(view.channel, max(parent_times, default=None), now),
        holds=view.status == store.CLAIMED and view.claimed_by == officer.username,
        outcomes=store.OUTCOMES, letters=kinds())


async def letter(request: web.Request) -> web.Response:
    """POST /console/escalations/{id}/letter: the letter an officer fills in for a conversation they
    hold, from the assistant's slots (and a name or school the officer adds), to check and pass on."""
    url, relay, officer = request.app[URL_KEY], request.app[RELAY_KEY], signed_in_officer(request)
    escalation_id = _id(request)
    form = await request.post()
    try:
        view = await asyncio.to_thread(store.get_escalation, url, escalation_id, f"officer:{officer.username}")
    except store.NotFound:
        raise web.HTTPNotFound(text="There is no such escalation.")
    kind = str(form.get("kind", ""))
    if not (view.status == store.CLAIMED and view.claimed_by == officer.username) or kind not in kinds():
        await _flash(request, "Not done: claim the conversation and choose a letter first.")
        raise web.HTTPSeeOther(f"/console/escalations/{escalation_id}")
    try:
        slots = await relay.slots(view.conversation_id)
    except RelayError as error:
        await _flash(request, f"Not done: {error}")
        raise web.HTTPSeeOther(f"/console/escalations/{escalation_id}")
    named = view.summary.case.get("child_first_name") if view.summary and view.summary.case else None
    facts = facts_from_slots(slots, today_in_england(), child_name=str(form.get("child_name", "")) or named,
                             school=str(form.get("school", ""))[:200])
    filled = render_letter(kind, facts)
    public_url, secret = request.app[LINKS_KEY]
    downloads = letter_links(public_url, secret, kind, for_link(facts).to_dict(), ("docx", "txt"))
    await asyncio.to_thread(store.audit, url, f"officer:{officer.username}", "letter_filled_in", escalation_id)
    return render(request, "letter.html", **await _common(request), view=view, letter=filled, downloads=downloads)


def _id(request: web.Request) -> int:
    try:
        return int(request.match_info["escalation_id"])
    except ValueError:
        raise web.HTTPNotFound(text="There is no such escalation.")


async def act(request: web.Request) -> web.Response:
    """POST /console/escalations/{id}/{action}: claim, reply, notes, handback, outcome."""
    url, relay, officer = request.app[URL_KEY], request.app[RELAY_KEY], signed_in_officer(request)
    escalation_id, action = _id(request), request.match_info["action"]
    form = await request.post()
    try:
        if action == "claim":
            _, delivered = await handoff.claim(url, relay, escalation_id, officer.id)
            message = "You have claimed this conversation. The parent has been told you joined."
        elif action == "reply":
            _, delivered = await handoff.reply(url, relay, escalation_id, officer.id, str(form.get("text", "")))
            message = "Reply sent."
        elif action == "notes":
            await asyncio.to_thread(store.add_note, url, escalation_id, officer.id, str(form.get("text", "")))
            delivered, message = True, "Note saved. Parents never see notes."
        elif action == "handback":
            _, delivered = await handoff.hand_back(url, relay, escalation_id, officer.id, str(form.get("agreed", "")))
            message = "Handed back to the assistant."
        elif action == "outcome":
            await asyncio.to_thread(store.record_outcome, url, escalation_id, officer.id,
                                    str(form.get("outcome", "")), str(form.get("note", "")))
            delivered, message = True, "Outcome recorded. The escalation is closed."
        else:
            raise web.HTTPNotFound(text="No such action.")
        if not delivered:
            message += " But it could not reach the parent just now. It is saved: please send it again shortly."
    except store.NotFound:
        raise web.HTTPNotFound(text="There is no such escalation.")
    except store.EscalationError as error:
        message = f"Not done: {error}"
    await _flash(request, message)
    raise web.HTTPSeeOther(f"/console/escalations/{escalation_id}")


async def dashboard_data(request: web.Request) -> figures.Dashboard:
    url = request.app[URL_KEY]
    views = []
    for status in store.STATUSES:
        views += await asyncio.to_thread(store.list_escalations, url, status, None, None, 100_000)
    cases = await asyncio.to_thread(all_case_key_dates, url)
    return figures.build(views, cases, _now(), today_in_england())


async def dashboard(request: web.Request) -> web.Response:
    board = await dashboard_data(request)
    charts = {
        "weeks": bar_chart("weeks", "Escalations raised per week",
                           [(f"w/c {w}", raised) for w, raised, _ in board.weeks]),
        "resolved": bar_chart("resolved", "Escalations resolved per week",
                              [(f"w/c {w}", resolved) for w, _, resolved in board.weeks]),
        "reasons": bar_chart("reasons", "Escalations by reason", board.reasons),
        "overdue": bar_chart("overdue", "Overdue statutory deadlines by authority", board.overdue_by_authority),
    }
    return render(request, "dashboard.html", **await _common(request), board=board, charts=charts)


async def dashboard_csv(request: web.Request) -> web.Response:
    board = await dashboard_data(request)
    return web.Response(text=figures.to_csv(board), content_type="text/csv", charset="utf-8",
                        headers={**SECURITY_HEADERS,
                                 "Content-Disposition": f'attachment; filename="dashboard-{date.today()}.csv"'})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/console", queue)
    app.router.add_get("/console/escalations/{escalation_id}", conversation)
    app.router.add_post("/console/escalations/{escalation_id}/letter", letter)
    app.router.add_post("/console/escalations/{escalation_id}/{action}", act)
    app.router.add_get("/console/dashboard", dashboard)
    app.router.add_get("/console/dashboard.csv", dashboard_csv)
