"""The service API the officer console uses (aiohttp, token-protected):

  GET  /api/escalations[?status=&reason=&authority=]   the queue, most urgent first
  GET  /api/escalations/{id}                            one, with its summary and timeline
  GET  /api/escalations/{id}/transcript                 the whole conversation, from Rasa
  POST /api/escalations/{id}/claim                      take it (one officer only)
  POST /api/escalations/{id}/reply      {"text"}        sent through the parent's own channel
  POST /api/escalations/{id}/notes      {"text"}        private note
  POST /api/escalations/{id}/handback   {"agreed"}      back to the bot, with what was agreed
  POST /api/escalations/{id}/outcome    {"outcome", "note"}
  GET  /api/events                                      WebSocket: timeline entries as they happen

Every request carries the officer's own token, `Authorization: Bearer <token>` (made with
`python -m bot officer token create USERNAME`), or comes from the console with a live signed-in
session (and its CSRF token in `X-CSRF-Token` for any change). The token alone says who acts: an
`X-Officer` header naming anyone else is refused. Every action is audited by the officer's username;
reading an escalation that has a case is written to the audit log.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional

from aiohttp import web

from bot.casework.models import Officer
from bot.casework.officer_tokens import officer_for_token
from bot.console import auth as console_auth
from bot.escalation import handoff, store
from bot.escalation.live import LiveHub, hold_open
from bot.escalation.relay import RasaRelay, RelayError

logger = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
API_URL_KEY = web.AppKey("casework_url", str)
RELAY_KEY = web.AppKey("relay", RasaRelay)
HUB_KEY = web.AppKey("live_hub", LiveHub)
OFFICER_KEY = "officer"
NEEDS_CREDENTIAL = "An officer's API token or a signed-in console session is needed."


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def bearer_token(authorization: str) -> str:
    """The token of an `Authorization: Bearer <token>` header, or ''."""
    scheme, _, token = authorization.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def claimed_name_differs(claimed: Optional[str], username: str) -> bool:
    """Whether an X-Officer header names someone other than the token's officer."""
    return claimed is not None and claimed.strip().lower() != username


async def _token_officer(request: web.Request) -> Optional[Officer]:
    token = bearer_token(request.headers.get("Authorization", ""))
    if not token:
        return None
    return await asyncio.to_thread(officer_for_token, request.app[API_URL_KEY], token)


async def _still_allowed(request: web.Request) -> bool:
    """Whether the credential a request came with still opens the API (for long-lived sockets)."""
    if "Authorization" in request.headers:
        return await _token_officer(request) is not None
    return await console_auth.current_officer(request, recheck=True) is not None


@web.middleware
async def api_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Who is calling /api/, from their own token or console session; store errors become clear
    JSON errors."""
    if not request.path.startswith("/api/"):
        return await handler(request)
    if "Authorization" in request.headers:
        officer = await _token_officer(request)
        if officer is None:
            return _error(401, NEEDS_CREDENTIAL)
        if claimed_name_differs(request.headers.get("X-Officer"), officer.username):
            await asyncio.to_thread(console_auth.record_audit, request.app[API_URL_KEY],
                                    f"officer:{officer.username}", "api_officer_mismatch_refused",
                                    f"x-officer:{request.headers['X-Officer'][:40]}")
            return _error(403, "This token belongs to another officer than X-Officer names.")
    else:  # the console in a browser: its signed-in session, and its CSRF token for any change
        officer = await console_auth.current_officer(request)
        if officer is None:
            return _error(401, NEEDS_CREDENTIAL)
        if request.method not in ("GET", "HEAD") and not await console_auth.csrf_ok(
                request, request.headers.get(console_auth.CSRF_HEADER)):
            return _error(403, "The CSRF token is missing or wrong.")
    request[OFFICER_KEY] = officer
    try:
        return await handler(request)
    except store.NotFound as error:
        return _error(404, str(error))
    except store.Conflict as error:
        return _error(409, str(error))
    except store.EscalationError as error:
        return _error(400, str(error))


def _officer(request: web.Request) -> Officer:
    return request[OFFICER_KEY]


def _actor(request: web.Request) -> str:
    return f"officer:{_officer(request).username}"


def _id(request: web.Request) -> int:
    try:
        return int(request.match_info["escalation_id"])
    except ValueError:
        raise store.NotFound("There is no such escalation.")


async def _body(request: web.Request) -> Dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise store.EscalationError("Send a JSON object.")
    if not isinstance(body, dict):
        raise store.EscalationError("Send a JSON object.")
    return body


async def list_queue(request: web.Request) -> web.Response:
    status = request.query.get("status") or None
    if status and status not in store.STATUSES:
        raise store.EscalationError(f"status must be one of {', '.join(store.STATUSES)}")
    views = await asyncio.to_thread(store.list_escalations, request.app[API_URL_KEY], status,
                                    request.query.get("reason") or None, request.query.get("authority") or None)
    return web.json_response({"escalations": [v.to_dict() for v in views]})


async def show(request: web.Request) -> web.Response:
    view = await asyncio.to_thread(store.get_escalation, request.app[API_URL_KEY], _id(request), _actor(request))
    return web.json_response(view.to_dict(with_timeline=True))


async def transcript(request: web.Request) -> web.Response:
    url, escalation_id = request.app[API_URL_KEY], _id(request)
    view = await asyncio.to_thread(store.get_escalation, url, escalation_id)
    await asyncio.to_thread(store.audit, url, _actor(request), "transcript_viewed", escalation_id)
    try:
        lines = await request.app[RELAY_KEY].transcript(view.conversation_id)
    except RelayError as error:
        return _error(502, str(error))
    return web.json_response({"escalation_id": escalation_id, "transcript": lines})


async def claim(request: web.Request) -> web.Response:
    view, delivered = await handoff.claim(request.app[API_URL_KEY], request.app[RELAY_KEY], _id(request),
                                          _officer(request).id)
    return web.json_response({**view.to_dict(), "delivered": delivered})


async def reply(request: web.Request) -> web.Response:
    body = await _body(request)
    message_id, delivered = await handoff.reply(request.app[API_URL_KEY], request.app[RELAY_KEY], _id(request),
                                                _officer(request).id, str(body.get("text", "")))
    return web.json_response({"message_id": message_id, "delivered": delivered})


async def note(request: web.Request) -> web.Response:
    body = await _body(request)
    note_id = await asyncio.to_thread(store.add_note, request.app[API_URL_KEY], _id(request), _officer(request).id,
                                      str(body.get("text", "")))
    return web.json_response({"note_id": note_id})


async def hand_back(request: web.Request) -> web.Response:
    body = await _body(request)
    view, delivered = await handoff.hand_back(request.app[API_URL_KEY], request.app[RELAY_KEY], _id(request),
                                              _officer(request).id, str(body.get("agreed", "")))
    return web.json_response({**view.to_dict(), "delivered": delivered})


async def outcome(request: web.Request) -> web.Response:
    body = await _body(request)
    view = await asyncio.to_thread(store.record_outcome, request.app[API_URL_KEY], _id(request),
                                   _officer(request).id, str(body.get("outcome", "")), str(body.get("note", "")))
    return web.json_response(view.to_dict())


async def events(request: web.Request) -> web.WebSocketResponse:
    socket = web.WebSocketResponse(heartbeat=30)
    await socket.prepare(request)
    hub = request.app[HUB_KEY]
    hub.subscribe(socket)
    try:  # officers only listen; the socket closes when their token or session ends
        await hold_open(socket, lambda: _still_allowed(request))
    finally:
        hub.unsubscribe(socket)
    return socket


def add_routes(app: web.Application, casework_url: str, relay: RasaRelay) -> None:
    """Install the API, its guard and the live hub on the web application."""
    app[API_URL_KEY] = casework_url
    app[RELAY_KEY] = relay
    app[HUB_KEY] = LiveHub(casework_url)
    app.middlewares.append(api_guard)
    app.router.add_get("/api/escalations", list_queue)
    app.router.add_get("/api/escalations/{escalation_id}", show)
    app.router.add_get("/api/escalations/{escalation_id}/transcript", transcript)
    app.router.add_post("/api/escalations/{escalation_id}/claim", claim)
    app.router.add_post("/api/escalations/{escalation_id}/reply", reply)
    app.router.add_post("/api/escalations/{escalation_id}/notes", note)
    app.router.add_post("/api/escalations/{escalation_id}/handback", hand_back)
    app.router.add_post("/api/escalations/{escalation_id}/outcome", outcome)
    app.router.add_get("/api/events", events)

    async def lifecycle(app: web.Application):  # type: ignore[no-untyped-def]
        await app[HUB_KEY].start()
        yield
        await app[HUB_KEY].stop()

    app.cleanup_ctx.append(lifecycle)
