"""The service's own web server (aiohttp): health, calendar files of a family's deadlines, their
filled-in letters, and
the escalation service API with its live updates (bot/escalation/api.py), and the officer
console with the managers' dashboard behind a login (bot/console/).
"""
from __future__ import annotations

import logging
from typing import Optional

import aiohttp
from aiohttp import web

from bot import log_redaction
from bot.console import auth, pages
from bot.console.templates import STATIC_DIR, render
from bot.escalation import api
from bot.escalation.relay import RasaRelay
from bot.health import UP, service_parts
from bot.links import unseal, verify
from bot.settings import Settings
from channels import WIDGET_DIR
from knowledge.calendar_file import deadlines_calendar
from knowledge.dates import today_in_england
from knowledge.deadlines import KeyDates, deadlines
from knowledge.letters import LetterFacts, as_docx, as_plain_text, kinds, render as render_letter

logger = logging.getLogger(__name__)
SETTINGS_KEY = web.AppKey("settings", Settings)
HEALTH_SESSION_KEY = web.AppKey("health_session", aiohttp.ClientSession)


async def widget_demo(request: web.Request) -> web.Response:
    """GET /widget: a page with the web widget on it, as a family's site would have it."""
    settings = request.app[SETTINGS_KEY]
    socket = settings.public_socket_url
    response = render(request, "widget_demo.html", public_url=settings.public_url, socket_url=socket)
    websocket = socket.replace("https://", "wss://").replace("http://", "ws://")
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {socket} {websocket}; frame-ancestors 'none'; base-uri 'none'")
    return response


async def home(_: web.Request) -> web.Response:
    raise web.HTTPSeeOther("/console")


async def health(request: web.Request) -> web.Response:
    """GET /health: the web server answers (200), with {"status": "ok", "parts": {...}} when Rasa,
    the action server and the casework database all answer, "degraded" and the part that does not."""
    parts = await service_parts(request.app[SETTINGS_KEY], request.app[HEALTH_SESSION_KEY])
    healthy = all(state == UP for state in parts.values())
    return web.json_response({"status": "ok" if healthy else "degraded", "parts": parts})


async def _health_session(app: web.Application):
    """One HTTP client session for the health checks, closed with the app."""
    async with aiohttp.ClientSession() as session:
        app[HEALTH_SESSION_KEY] = session
        yield


async def calendar_file(request: web.Request) -> web.Response:
    """GET /calendar/{token}.ics: the deadlines for the key dates the signed token carries."""
    settings = request.app[SETTINGS_KEY]
    payload = verify(request.match_info["token"], settings.link_secret)
    try:
        key_dates = KeyDates.from_dict(payload) if payload is not None else None
    except (ValueError, TypeError):
        key_dates = None
    if key_dates is None:
        logger.info("calendar link refused (bad or expired token)")
        raise web.HTTPNotFound(text="This calendar link is not valid or has expired. "
                                    "Ask the assistant for your deadlines again to get a new one.")
    today = today_in_england()
    body = deadlines_calendar(deadlines(key_dates, today), today)
    return web.Response(
        body=body, content_type="text/calendar", charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="send-deadlines.ics"',
                 "Cache-Control": "no-store"},
    )


LETTER_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain",
}


async def letter_file(request: web.Request) -> web.Response:
    """GET /letters/{token}.html, .docx or .txt: the letter the sealed token describes, filled in
    again: a page to read it on (with both downloads), or the file."""
    settings = request.app[SETTINGS_KEY]
    fmt = request.match_info["fmt"]
    payload = unseal(request.match_info["token"], settings.link_secret)
    letter = None
    if payload is not None and payload.get("k") in kinds() and isinstance(payload.get("f"), dict):
        try:
            letter = render_letter(str(payload["k"]), LetterFacts.from_dict(payload["f"]))
        except (ValueError, TypeError, KeyError):
            letter = None
    if letter is None:
        logger.info("letter link refused (bad or expired token)")
        raise web.HTTPNotFound(text="This letter link is not valid or has expired. "
                                    "Ask the assistant for the letter again to get a new one.")
    if fmt == "html":
        token = request.match_info["token"]
        return render(request, "family_letter.html", letter=letter, docx=f"/letters/{token}.docx",
                      txt=f"/letters/{token}.txt")
    body = as_docx(letter) if fmt == "docx" else as_plain_text(letter).encode("utf-8")
    return web.Response(
        body=body, content_type=LETTER_TYPES[fmt], charset="utf-8" if fmt == "txt" else None,
        headers={"Content-Disposition": f'attachment; filename="letter-{letter.kind.id.replace("_", "-")}.{fmt}"',
                 "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )


def create_app(settings: Settings) -> web.Application:
    """The aiohttp application with every route of the service's web server."""
    app = web.Application(client_max_size=64 * 1024)
    app[SETTINGS_KEY] = settings
    app.cleanup_ctx.append(_health_session)
    app.router.add_get("/health", health)
    app.router.add_get("/calendar/{token}.ics", calendar_file)
    app.router.add_get("/letters/{token:[A-Za-z0-9_-]+}.{fmt:html|docx|txt}", letter_file)
    auth.setup_sessions(app, settings.console_secret, secure=settings.public_url.startswith("https://"))
    app[auth.URL_KEY] = settings.casework_db_url
    app.middlewares.append(auth.console_guard)
    api.add_routes(app, settings.casework_db_url, RasaRelay(settings.rasa_api_url, settings.rasa_api_token))
    app.router.add_get("/", home)
    app.router.add_get("/login", auth.login_page)
    app.router.add_post("/login", auth.login)
    app.router.add_post("/logout", auth.logout)
    app[pages.LINKS_KEY] = (settings.public_url, settings.link_secret)
    pages.add_routes(app)
    app.router.add_static("/console/static", STATIC_DIR)
    app.router.add_get("/widget", widget_demo)
    app.router.add_static("/widget/static", WIDGET_DIR)
    return app


def serve(settings: Settings, port: Optional[int] = None) -> None:
    """Run the web server until it is stopped; its access log never shows a calendar token."""
    logging.basicConfig(level=settings.log_level)
    log_redaction.install()
    web.run_app(create_app(settings), host=settings.web_host, port=port or settings.web_port, print=None)
