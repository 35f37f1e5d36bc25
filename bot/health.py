"""What `/health` on the web server reports: whether each part of the service answers.

Rasa (its HTTP root), the action server (`/health`) and the casework database (`SELECT 1`), each
with a short time limit. Nothing about a family is read or shown.
"""
from __future__ import annotations

import asyncio
from typing import Dict

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


def action_server_health_url(webhook_url: str) -> str:
    """The action server's `/health`, from the webhook URL Rasa calls ("http://host:5055/webhook")."""
    base = webhook_url.rstrip("/")
    return (base[: -len("/webhook")] if base.endswith("/webhook") else base) + "/health"


async def service_parts(settings: Settings, session: aiohttp.ClientSession) -> Dict[str, str]:
    """{"rasa": "ok" | "down", "actions": ..., "database": ...}."""
    rasa, actions, database = await asyncio.gather(
        _answers(session, settings.rasa_api_url + "/"),
        _answers(session, action_server_health_url(settings.action_server_url)),
        asyncio.get_running_loop().run_in_executor(None, _database_answers, settings.casework_db_url),
    )
    return {"rasa": rasa, "actions": actions, "database": database}
