"""Console sign-in: encrypted session cookies (aiohttp-session), CSRF tokens, lock-out after
repeated failures (bot.casework.officers.authenticate), roles, sign-out. Nothing under /console
is reachable without a session; every sign-in, failure and sign-out is audited."""
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

from bot.casework.database import session_scope
from bot.casework.models import AuditEntry, Officer
from bot.casework.officers import LOCK_MINUTES, LOCKED, OK, authenticate, officer_by_id
from bot.console.templates import render

COOKIE_NAME = "console_session"
SESSION_HOURS = 8
OFFICER_ID, CSRF = "officer_id", "csrf"
CSRF_HEADER, CSRF_FIELD = "X-CSRF-Token", "csrf"
URL_KEY = web.AppKey("console_casework_url", str)
OFFICER_REQUEST_KEY = "console_officer"


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


async def current_officer(request: web.Request) -> Optional[Officer]:
    """The signed-in officer, if the session names one who is still active."""
    session = await get_session(request)
    officer_id = session.get(OFFICER_ID)
    if not isinstance(officer_id, int):
        return None
    return await asyncio.to_thread(officer_by_id, request.app[URL_KEY], officer_id)


def _audit(url: str, actor: str, action: str) -> None:
    with session_scope(url) as session:
        session.add(AuditEntry(actor=actor, action=action))


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
    session = await new_session(request)  # a fresh session: no fixation
    session[OFFICER_ID] = officer.id
    session[CSRF] = secrets.token_urlsafe(32)
    raise web.HTTPSeeOther(target)


async def logout(request: web.Request) -> web.Response:
    form = await request.post()
    officer = await current_officer(request)
    if officer is not None and await csrf_ok(request, str(form.get(CSRF_FIELD, ""))):
        await asyncio.to_thread(_audit, request.app[URL_KEY], f"officer:{officer.username}", "logout")
        (await get_session(request)).invalidate()
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
