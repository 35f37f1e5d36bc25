"""Outbound calls to a messaging provider's API with aiohttp: a few tries with exponential back-off
on rate limits, server errors and network failures; a clear error after the last."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Optional

import aiohttp

logger = logging.getLogger(__name__)
RETRY_STATUSES = {429, 500, 502, 503, 504}


class ProviderError(Exception):
    """The provider refused or could not be reached after every try."""


async def post_with_retry(url: str, *, data: Optional[Dict[str, str]] = None, json: Any = None,
                          headers: Optional[Dict[str, str]] = None, auth: Optional[aiohttp.BasicAuth] = None,
                          attempts: int = 4, first_delay: float = 0.25) -> Dict[str, Any]:
    """POST and return the JSON answer; retries 429/5xx/network errors with back-off."""
    delay = first_delay
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
        for attempt in range(1, attempts + 1):
            try:
                async with session.post(url, data=data, json=json, headers=headers, auth=auth) as response:
                    if response.status in RETRY_STATUSES and attempt < attempts:
                        retry_after = response.headers.get("Retry-After", "")
                        await asyncio.sleep(min(float(retry_after), 10.0) if retry_after.isdigit() else delay)
                        delay *= 2
                        continue
                    if response.status >= 400:
                        raise ProviderError(f"the provider answered {response.status}")
                    return await response.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                if attempt == attempts:
                    raise ProviderError("the provider could not be reached") from error
                await asyncio.sleep(delay)
                delay *= 2
    raise ProviderError("no attempt was made")
