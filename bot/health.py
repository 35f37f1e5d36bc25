"""What `/health` on the web server reports: whether each part of the service answers.

Rasa (its HTTP root), the action server (`/health`), the casework database (`SELECT 1`) and,
where one is used (REDIS_HOST and REDIS_PORT set, the scale-out profile), Redis, each with a short
time limit. Redis is asked PING without its password: "NOAUTH" or "PONG" both prove it answers, so
the web server never holds Redis's password. Nothing about a family is read or shown.
"""
from __future__ import annotations

import asyncio
import os
from typing import Dict, Optional

import aiohttp
import sqlalchemy as sa

from bot.casework.database import engine_for
from bot.settings import Settings

TIMEOUT_SECONDS = 2.0
UP, DOWN = "ok", "down"


async def _answers(session: aiohttp.ClientSession, url: str) -> str:
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)) as response:
            return UP if response.status == 200 else DOWN
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return DOWN


def _database_answers(url: str) -> str:
    try:
        with engine_for(url).connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return UP
    except sa.exc.SQLAlchemyError:
        return DOWN


async def _redis_answers(host: str, port: int) -> str:
    """PING over Redis's protocol; any Redis reply (PONG, or NOAUTH without a password) is up."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), TIMEOUT_SECONDS)
        try:
            writer.write(b"PING\r\n")
            await writer.drain()
            reply = await asyncio.wait_for(reader.readline(), TIMEOUT_SECONDS)
        finally:
            writer.close()
        return UP if reply.startswith((b"+PONG", b"-NOAUTH")) else DOWN
    except (OSError, asyncio.TimeoutError):
        return DOWN


def redis_address(environ: Optional[Dict[str, str]] = None) -> Optional[tuple]:
    """(host, port) of the Redis the service uses, or None in the default profile."""
    source = os.environ if environ is None else environ
    host, port = source.get("REDIS_HOST", ""), source.get("REDIS_PORT", "")
    return (host, int(port)) if host and port.isdigit() else None


def action_server_health_url(webhook_url: str) -> str:
    """The action server's `/health`, from the webhook URL Rasa calls ("http://host:5055/webhook")."""
    base = webhook_url.rstrip("/")
    return (base[: -len("/webhook")] if base.endswith("/webhook") else base) + "/health"


async def service_parts(settings: Settings, session: aiohttp.ClientSession) -> Dict[str, str]:
    """{"rasa": "ok" | "down", "actions": ..., "database": ..., and "redis" where one is used}."""
    rasa, actions, database = await asyncio.gather(
        _answers(session, settings.rasa_api_url + "/"),
        _answers(session, action_server_health_url(settings.action_server_url)),
        asyncio.get_running_loop().run_in_executor(None, _database_answers, settings.casework_db_url),
    )
    parts = {"rasa": rasa, "actions": actions, "database": database}
    redis = redis_address()
    if redis is not None:
        parts["redis"] = await _redis_answers(*redis)
    return parts
