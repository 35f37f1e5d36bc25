"""Console sign-in: a server-side session (bot.casework.console_sessions) whose random id rides in
an encrypted cookie (aiohttp-session) with the CSRF token, lock-out after repeated failures
(bot.casework.officers.authenticate), roles, sign-out that ends the session in the store. Nothing
under /console is reachable without a live session; every sign-in, failure and sign-out is audited."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from typing import Optional
from urllib.parse import quote

from aiohttp import web
from aiohttp_session import get_session, new_session, setup as setup_session_middleware
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from bot.casework import console_sessions
from bot.casework.console_sessions import REPLACED, SESSION_HOURS, SIGNED_OUT
from bot.casework.database import session_scope
from bot.casework.models import AuditEntry, Officer
from bot.casework.officers import LOCK_MINUTES, LOCKED, OK, authenticate
from bot.console.templates import render

COOKIE_NAME = "console_session"
SESSION_ID, CSRF = "sid", "csrf"
CSRF_HEADER, CSRF_FIELD = "X-CSRF-Token", "csrf"
URL_KEY = web.AppKey("console_casework_url", str)
OFFICER_REQUEST_KEY = "console_officer"
_CHECKED_KEY = "console_session_checked"


def setup_sessions(app: web.Application, secret: str, secure: bool) -> None:
    """Encrypted, HttpOnly, SameSite=Strict cookies; Secure when the service is on https."""
    key = hashlib.sha256(("console-session:" + secret).encode()).digest()
    setup_session_middleware(app, EncryptedCookieStorage(
        key, cookie_name=COOKIE_NAME, max_age=SESSION_HOURS * 3600, secure=secure, httponly=True,
        samesite="Strict"))


async def csrf_token(request: web.Request) -> str:
    """The session's CSRF token, made on first use."""
    session = await get_session(request)
    if CSRF not in session:
        session[CSRF] = secrets.token_urlsafe(32)
    return session[CSRF]


async def csrf_ok(request: web.Request, supplied: Optional[str]) -> bool:
    session = await get_session(request)
    expected = session.get(CSRF)
    return bool(expected and supplied) and hmac.compare_digest(str(expected), str(supplied))


async def current_officer(request: web.Request, recheck: bool = False) -> Optional[Officer]:
    """The signed-in officer, while the cookie names a live server-side session of an active
    officer (looked up once per request unless `recheck`)."""
    if _CHECKED_KEY in request and not recheck:
        return request[_CHECKED_KEY]
    session = await get_session(request)
    session_id = session.get(SESSION_ID)
    officer = None
    if isinstance(session_id, str):
        officer = await asyncio.to_thread(console_sessions.session_officer, request.app[URL_KEY], session_id)
    request[_CHECKED_KEY] = officer
    return officer


def record_audit(url: str, actor: str, action: str, detail: str = "") -> None:
    """One audit entry not about a case: sign-in, sign-out, refused credentials."""
    with session_scope(url) as session:
        session.add(AuditEntry(actor=actor, action=action, detail=detail))


def _safe_next(target: str) -> str:
    return target if target.startswith("/console") and "//" not in target else "/console"


async def login_page(request: web.Request) -> web.Response:
    return render(request, "login.html", csrf=await csrf_token(request), next=_safe_next(request.query.get("next", "")),
                  error=None)


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    target = _safe_next(str(form.get("next", "")))
    if not await csrf_ok(request, str(form.get(CSRF_FIELD, ""))):
        return render(request, "login.html", status=400, csrf=await csrf_token(request), next=target,
                      error="This form has expired. Please try again.")
    status, officer = await asyncio.to_thread(authenticate, request.app[URL_KEY], str(form.get("username", "")),
                                              str(form.get("password", "")))
    if status != OK or officer is None:
        error = (f"This account is locked for {LOCK_MINUTES} minutes after too many failed sign-ins."
                 if status == LOCKED else "That username and password do not match. Please try again.")
        return render(request, "login.html", status=401, csrf=await csrf_token(request), next=target, error=error)
    url, previous = request.app[URL_KEY], (await get_session(request)).get(SESSION_ID)
    if isinstance(previous, str):
        await asyncio.to_thread(console_sessions.end_session, url, previous, REPLACED)
    session = await new_session(request)  # a fresh session: no fixation
    session[SESSION_ID] = await asyncio.to_thread(console_sessions.start_session, url, officer.id)
    session[CSRF] = secrets.token_urlsafe(32)
    raise web.HTTPSeeOther(target)


async def logout(request: web.Request) -> web.Response:
    form = await request.post()
    officer = await current_officer(request)
    if officer is not None and await csrf_ok(request, str(form.get(CSRF_FIELD, ""))):
        session = await get_session(request)
        await asyncio.to_thread(console_sessions.end_session, request.app[URL_KEY], str(session.get(SESSION_ID)),
                                SIGNED_OUT)
        await asyncio.to_thread(record_audit, request.app[URL_KEY], f"officer:{officer.username}", "logout")
        session.invalidate()
    raise web.HTTPSeeOther("/login")


@web.middleware
async def console_guard(request: web.Request, handler):  # type: ignore[no-untyped-def]
    """Sign-in for every /console page, CSRF on every change, managers only on the dashboard."""
    if not request.path.startswith("/console") or request.path.startswith("/console/static/"):
        return await handler(request)
    officer = await current_officer(request)
    if officer is None:
        if request.method == "GET":
            raise web.HTTPSeeOther(f"/login?next={quote(request.path_qs)}")
        raise web.HTTPUnauthorized(text="Please sign in again.")
    if request.method not in ("GET", "HEAD"):
        supplied = request.headers.get(CSRF_HEADER)
        if supplied is None and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            supplied = str((await request.post()).get(CSRF_FIELD, ""))
        if not await csrf_ok(request, supplied):
            raise web.HTTPForbidden(text="This form has expired. Go back, reload the page and try again.")
    if request.path.startswith("/console/dashboard") and officer.role != "manager":
        raise web.HTTPForbidden(text="The dashboard is for service managers.")
    request[OFFICER_REQUEST_KEY] = officer
    return await handler(request)


def signed_in_officer(request: web.Request) -> Officer:
    return request[OFFICER_REQUEST_KEY]
