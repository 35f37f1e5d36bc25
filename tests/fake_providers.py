"""Local HTTP servers that speak the messaging providers' APIs, for the channel tests: Twilio's
Messages API and Meta's WhatsApp Cloud API. They record what our service sends and can fail the
first calls to test retries. Each runs its own event loop in a thread."""
from __future__ import annotations

import asyncio
import threading
import time
import uuid
from typing import Any, Dict, List
from urllib.parse import urlparse

from aiohttp import web


class FakeProvider:
    """Records every request; answers as the provider does; fails the first `fail_next` calls."""

    def __init__(self, base_url: str) -> None:
        self.port = urlparse(base_url).port
        self.requests: List[Dict[str, Any]] = []
        self.fail_next = 0
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner = None  # type: ignore[assignment]
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def app(self) -> web.Application:
        raise NotImplementedError

    def start(self) -> "FakeProvider":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> None:
        self._runner = web.AppRunner(self.app())
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def _failing(self) -> bool:
        if self.fail_next > 0:
            self.fail_next -= 1
            return True
        return False

    def wait_for(self, count: int, timeout: float = 20.0) -> List[Dict[str, Any]]:
        """Wait until at least `count` requests arrived; return them all."""
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.requests)

    def bodies(self) -> List[str]:
        raise NotImplementedError


class FakeTwilio(FakeProvider):
    """POST /2010-04-01/Accounts/{sid}/Messages.json with basic auth, as Twilio's REST API."""

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self.create_message)
        return app

    async def create_message(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        if self._failing():
            return web.json_response({"code": 20429, "message": "Too Many Requests", "status": 429}, status=429)
        self.requests.append({"sid": request.match_info["sid"], "auth": request.headers.get("Authorization"),
                              **form})
        return web.json_response({"sid": "SM" + uuid.uuid4().hex, "status": "queued", "to": form.get("To"),
                                  "from": form.get("From"), "body": form.get("Body"), "num_segments": "1"},
                                 status=201)

    def bodies(self) -> List[str]:
        return [r["Body"] for r in self.requests]


class FakeMeta(FakeProvider):
    """POST /v21.0/{phone_number_id}/messages with a bearer token, as the WhatsApp Cloud API."""

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v21.0/{phone_id}/messages", self.send)
        return app

    async def send(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self._failing():
            # "come back later": explicitly not processed, so safe to send again
            return web.json_response({"error": {"message": "Service temporarily unavailable", "code": 2}},
                                     status=503, headers={"Retry-After": "1"})
        self.requests.append({"phone_id": request.match_info["phone_id"],
                              "auth": request.headers.get("Authorization"), "json": body})
        return web.json_response({"messaging_product": "whatsapp",
                                  "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                                  "messages": [{"id": "wamid." + uuid.uuid4().hex}]})

    def bodies(self) -> List[str]:
        out = []
        for r in self.requests:
            message = r["json"]
            out.append(message["text"]["body"] if message["type"] == "text"
                       else message["interactive"]["body"]["text"])
        return out
