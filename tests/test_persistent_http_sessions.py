"""Rasa's calls to the action server reuse one kept-alive connection instead of one per call."""
from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.test_utils import TestServer
from rasa.utils.endpoints import EndpointConfig

import components.persistent_http_sessions  # noqa: F401  (the patch under test)


def test_calls_share_one_connection_and_answers_are_unchanged() -> None:
    peers = []

    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"events": [], "responses": [], "echo": (await request.json())["n"]})

    async def run() -> list:
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        server = TestServer(app)
        await server.start_server()
        try:
            endpoint = EndpointConfig(url=str(server.make_url("/webhook")))
            return [await endpoint.request(json={"n": n}, method="post") for n in range(3)]
        finally:
            await server.close()

    answers = asyncio.run(run())
    assert [a["echo"] for a in answers] == [0, 1, 2]
    assert len(set(peers)) == 1, f"one client connection, not {len(set(peers))}"
