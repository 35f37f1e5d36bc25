"""Messages waiting for a REST client, in the casework database (durable, and shared by every
Rasa server): each has an id; a client acknowledges what it received by passing the highest id
on its next call, and only then are they removed. Bounded per conversation and kept a day."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional

import sqlalchemy as sa

from bot.casework.database import session_scope
from bot.casework.models import PendingMessage, utcnow

MAX_PER_CONVERSATION = 100
KEPT_FOR = timedelta(days=1)


def add(url: str, conversation_id: str, message: Dict[str, Any], now: Optional[datetime] = None) -> int:
    """Keep a message for the conversation's client; the oldest go beyond MAX_PER_CONVERSATION."""
    now = now or utcnow()
    with session_scope(url) as session:
        row = PendingMessage(conversation_id=conversation_id, body=json.dumps(message), at=now)
        session.add(row)
        session.flush()
        keep_from = session.execute(
            sa.select(PendingMessage.id).where(PendingMessage.conversation_id == conversation_id)
            .order_by(PendingMessage.id.desc()).offset(MAX_PER_CONVERSATION - 1).limit(1)).scalar()
        if keep_from is not None:
            session.execute(sa.delete(PendingMessage).where(PendingMessage.conversation_id == conversation_id,
                                                            PendingMessage.id < keep_from))
        return row.id


def unacknowledged(url: str, conversation_id: str, acknowledged: int = 0,
                   now: Optional[datetime] = None) -> List[Dict[str, Any]]:
    """Remove what the client acknowledged (ids up to `acknowledged`) and anything older than a
    day; return the rest, oldest first, each with its `pending_id`."""
    now = now or utcnow()
    with session_scope(url) as session:
        session.execute(sa.delete(PendingMessage).where(
            PendingMessage.conversation_id == conversation_id,
            sa.or_(PendingMessage.id <= acknowledged, PendingMessage.at < now - KEPT_FOR)))
        rows = session.execute(sa.select(PendingMessage).where(PendingMessage.conversation_id == conversation_id)
                               .order_by(PendingMessage.id)).scalars().all()
        return [{**json.loads(row.body), "pending_id": row.id} for row in rows]


def forget_expired(url: str, now: Optional[datetime] = None) -> int:
    """Remove every message older than a day (the daily retention job); returns how many."""
    now = now or utcnow()
    with session_scope(url) as session:
        return session.execute(sa.delete(PendingMessage).where(PendingMessage.at < now - KEPT_FOR)).rowcount or 0
