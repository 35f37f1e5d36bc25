"""Migration 0004 (officer API tokens, console sessions) on a real SQLite file and a real
PostgreSQL server: an existing store keeps its officers, the new tables come and go cleanly."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from bot.casework.console_sessions import session_officer, start_session
from bot.casework.database import alembic_config, engine_for, upgrade
from bot.casework.officer_tokens import create_token, officer_for_token

NEW_TABLES = {"officer_api_tokens", "console_sessions"}


def tables(url: str) -> set:
    engine = engine_for(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def officers(url: str) -> list:
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            return [row[0] for row in connection.execute(sa.text("SELECT username FROM officers"))]
    finally:
        engine.dispose()


def test_0004_upgrades_a_store_with_officers_and_downgrades_cleanly(empty_db):
    url = empty_db
    command.upgrade(alembic_config(url), "0003")
    engine = engine_for(url)
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO officers (username, display_name, password_hash, role, active, failed_logins, created_at) "
            "VALUES ('priya', 'Priya Shah', 'x', 'officer', :yes, 0, CURRENT_TIMESTAMP)"), {"yes": True})
    engine.dispose()
    assert not NEW_TABLES & tables(url)

    command.upgrade(alembic_config(url), "0004")
    assert NEW_TABLES <= tables(url) and officers(url) == ["priya"]

    command.downgrade(alembic_config(url), "0003")
    assert not NEW_TABLES & tables(url) and officers(url) == ["priya"]

    upgrade(url)  # to the newest schema, where tokens and sessions work
    issued = create_token(url, "priya")
    assert officer_for_token(url, issued.token).username == "priya"
    assert session_officer(url, start_session(url, 1)).username == "priya"
