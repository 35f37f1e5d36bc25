"""Redis clients that ride out a Redis restart: a command on a connection the server closed is
tried again on a new one (3 tries, 0.1 s back-off doubling to 1 s), instead of failing the message."""
from __future__ import annotations

from typing import Any, Optional


def redis_client(url: Optional[str] = None, **connection: Any) -> Any:
    """An asyncio Redis client from `url` or from host/port/db/password keywords."""
    import redis.asyncio as redis
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import ConnectionError, TimeoutError
    from redis.asyncio.retry import Retry

    resilience = {"retry": Retry(ExponentialBackoff(cap=1.0, base=0.1), 3),
                  "retry_on_error": [ConnectionError, TimeoutError]}
    if url:
        return redis.from_url(url, **resilience)
    return redis.Redis(**connection, **resilience)
