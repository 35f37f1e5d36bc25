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

Every request carries `Authorization: Bearer <SERVICE_API_TOKEN>` and `X-Officer: <username>`
(an active officer), or comes from the console with a signed-in session (and its CSRF token in
`X-CSRF-Token` for any change). Reading an escalation that has a case is written to the audit log.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict

from aiohttp import web

from bot.casework.models import Officer
from bot.console import auth as console_auth
from bot.escalation import handoff, store
from bot.escalation.live import LiveHub
from bot.escalation.relay import RasaRelay, RelayError

logger = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
API_URL_KEY = web.AppKey("casework_url", str)
API_TOKEN_KEY = web.AppKey("service_api_token", str)
RELAY_KEY = web.AppKey("relay", RasaRelay)
HUB_KEY = web.AppKey("live_hub", LiveHub)
OFFICER_KEY = "officer"


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


@web.middleware
async def api_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Token and officer checks for /api/; store errors become clear JSON errors."""
    if not request.path.startswith("/api/"):
        return await handler(request)
    if "Authorization" in request.headers:
        supplied = request.headers["Authorization"].removeprefix("Bearer ").strip()
        if not supplied or not hmac.compare_digest(supplied.encode(), request.app[API_TOKEN_KEY].encode()):
            return _error(401, "A valid service API token is needed.")
        officer = await asyncio.to_thread(store.officer_by_username, request.app[API_URL_KEY],
                                          request.headers.get("X-Officer", ""))
        if officer is None:
            return _error(403, "Name an active officer in X-Officer.")
    else:  # the console in a browser: its signed-in session, and its CSRF token for any change
        officer = await console_auth.current_officer(request)
        if officer is None:
            return _error(401, "A valid service API token is needed.")
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
    try:
        async for _ in socket:  # officers only listen; anything they send is ignored
            pass
    finally:
        hub.unsubscribe(socket)
    return socket


def add_routes(app: web.Application, casework_url: str, token: str, relay: RasaRelay) -> None:
    """Install the API, its guard and the live hub on the web application."""
    app[API_URL_KEY] = casework_url
    app[API_TOKEN_KEY] = token
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
