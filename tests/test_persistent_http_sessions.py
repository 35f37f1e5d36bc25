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


def test_a_connection_dropped_before_the_answer_is_tried_once_more():
    """A kept-alive connection closed by the action server just as Rasa reuses it is not an
    outage: the request is sent again (it never reached the action)."""
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    from tests.conftest import free_port

    calls = []

    async def handler(request):
        calls.append(await request.json())
        if len(calls) == 1:
            request.transport.close()  # drop the connection without an answer
            await asyncio.sleep(0.1)
        return web.json_response({"events": [], "responses": []})

    async def scenario():
        app = web.Application()
        app.router.add_post("/webhook", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            return await EndpointConfig(f"http://127.0.0.1:{port}/webhook").request(json={"next_action": "x"})
        finally:
            await runner.cleanup()

    assert asyncio.run(scenario()) == {"events": [], "responses": []}
    assert len(calls) == 2
