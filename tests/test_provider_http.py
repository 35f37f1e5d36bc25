"""Outbound sends to a provider are repeated only when that is safe, and a split SMS that fails
half-way is resumed from the failed part (channels/provider_http.py, channels/twilio.py,
channels/whatsapp.py). A real HTTP server on 127.0.0.1 plays the provider."""
from __future__ import annotations

import asyncio
import logging
import socket
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional

import pytest
from aiohttp import web

from channels.provider_http import ProviderError, post_with_retry

Step = Callable[[web.Request], Awaitable[web.StreamResponse]]
SECRET_BODY = "My son Sam, 9, is autistic"
PHONE, TOKEN = "+447700900123", "token-never-logged"


def answer(status: int = 200, headers: Optional[Dict[str, str]] = None) -> Step:
    async def step(_: web.Request) -> web.StreamResponse:
        return web.json_response({"status": status}, status=status, headers=headers)
    return step


async def drop(request: web.Request) -> web.StreamResponse:
    """Take the whole request in, then close the connection without answering."""
    request.transport.close()
    await asyncio.sleep(0.05)
    return web.Response()


def slow(seconds: float) -> Step:
    async def step(_: web.Request) -> web.StreamResponse:
        await asyncio.sleep(seconds)
        return web.json_response({"status": "late"})
    return step


class Provider:
    """Answers each request as the next step says (the last step repeats); records the bodies."""

    def __init__(self, *steps: Step) -> None:
        self.steps: List[Step] = list(steps)
        self.bodies: List[bytes] = []
        self._runner: Optional[web.AppRunner] = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.bodies.append(await request.read())
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        return await step(request)

    async def __aenter__(self) -> "Provider":
        app = web.Application()
        app.router.add_post("/{tail:.*}", self.handle)
        self._runner = web.AppRunner(app, handler_cancellation=True)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def __aexit__(self, *_: Any) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    @property
    def received(self) -> int:
        return len(self.bodies)


def send(*steps: Step, **options: Any) -> tuple:
    """POST once through `post_with_retry` to a provider playing `steps`: (answer or error, requests received)."""
    async def run() -> tuple:
        async with Provider(*steps) as provider:
            try:
                result: Any = await post_with_retry(f"{provider.url}/Messages.json",
                                                    data={"To": PHONE, "Body": SECRET_BODY},
                                                    headers={"Authorization": f"Bearer {TOKEN}"},
                                                    first_delay=0.01, **options)
            except ProviderError as error:
                result = error
            return result, provider.received
    return asyncio.run(run())


def test_a_request_taken_in_and_then_lost_is_not_sent_again():
    error, received = send(drop, answer(201))
    assert received == 1, "the provider may have it: sending again could reach the parent twice"
    assert isinstance(error, ProviderError) and error.uncertain and error.attempts == 1


def test_503_with_retry_after_is_sent_again_after_the_wait():
    started = time.monotonic()
    result, received = send(answer(503, {"Retry-After": "1"}), answer(201))
    assert received == 2 and result == {"status": 201}
    assert time.monotonic() - started >= 0.9, "Retry-After is honoured"


def test_503_without_retry_after_is_uncertain_and_not_sent_again():
    error, received = send(answer(503), answer(201))
    assert received == 1
    assert isinstance(error, ProviderError) and error.uncertain and error.status == 503


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_server_error_is_uncertain_and_not_sent_again(status):
    error, received = send(answer(status), answer(201))
    assert received == 1
    assert isinstance(error, ProviderError) and error.uncertain and error.status == status


def test_429_is_sent_again():
    result, received = send(answer(429), answer(201))
    assert received == 2 and result == {"status": 201}


def test_429_every_time_gives_up_after_the_attempts_and_is_not_uncertain():
    error, received = send(answer(429, {"Retry-After": "0"}), attempts=3)
    assert received == 3
    assert isinstance(error, ProviderError) and not error.uncertain and error.attempts == 3


def test_a_refusal_is_not_sent_again_and_is_not_uncertain():
    error, received = send(answer(400), answer(201))
    assert received == 1
    assert isinstance(error, ProviderError) and not error.uncertain and error.status == 400


def test_a_slow_answer_past_the_timeout_is_uncertain_and_not_sent_again():
    started = time.monotonic()
    error, received = send(slow(3.0), answer(201), timeout=0.3)
    assert received == 1
    assert isinstance(error, ProviderError) and error.uncertain
    assert time.monotonic() - started < 2.5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_connection_refused_is_tried_again_then_fails_certainly(caplog):
    caplog.set_level(logging.INFO, logger="channels.provider_http")
    url = f"http://127.0.0.1:{free_port()}/Messages.json"  # nothing listens there
    with pytest.raises(ProviderError) as caught:
        asyncio.run(post_with_retry(url, data={"To": PHONE, "Body": SECRET_BODY}, attempts=3, first_delay=0.01))
    assert not caught.value.uncertain and caught.value.attempts == 3
    attempts = [r.getMessage() for r in caplog.records if r.name == "channels.provider_http"]
    assert len([m for m in attempts if "attempt" in m]) == 3


def test_every_attempt_is_logged_with_its_outcome_and_host_only(caplog):
    caplog.set_level(logging.INFO, logger="channels.provider_http")
    send(answer(429), answer(201))
    logged = [r.getMessage() for r in caplog.records if r.name == "channels.provider_http"]
    assert any("attempt 1" in m and "429" in m for m in logged), logged
    assert any("attempt 2" in m and "201" in m for m in logged), logged
    assert all("127.0.0.1" in m for m in logged if "attempt" in m)
    text = " ".join(logged)
    assert SECRET_BODY not in text and PHONE not in text and TOKEN not in text and "Messages.json" not in text


# --- a reply split over several messages ---------------------------------------------------

@pytest.fixture
def casework(tmp_path):
    from bot.casework.database import upgrade

    url = f"sqlite:///{tmp_path / 'casework.db'}"
    upgrade(url)
    return url


LONG_REPLY = " ".join(f"Sentence number {n} explains one more thing about the EHC plan and what the council must do."
                      for n in range(1, 25))


def twilio_output(url: str, db: str) -> Any:
    from channels.twilio import TwilioOutput, TwilioSettings

    return TwilioOutput(TwilioSettings("AC123", TOKEN, "+447700900000", "", "", url, db), in_turn=True)


def test_a_split_sms_failing_half_way_is_resumed_from_the_failed_part_by_more(casework):
    from channels.text_messages import MORE_PROMPT, sms_reply

    conversation = f"sms:{PHONE}"
    first, second = sms_reply(LONG_REPLY).messages

    async def run() -> tuple:
        async with Provider(answer(201), answer(500), answer(201)) as provider:
            output = twilio_output(provider.url, casework)
            await output.send_text_message(conversation, LONG_REPLY)
            await output.flush()
            bodies_then = form_bodies(provider)
            await output.send_more(conversation)
            return bodies_then, form_bodies(provider)

    bodies_then, bodies = asyncio.run(run())
    assert bodies_then == [first, second], "the failed part was tried once, not sent again"
    resumed = bodies[2]
    assert resumed.startswith(second.replace(MORE_PROMPT, "").strip()[:60]), "MORE resumes from the failed part"
    assert bodies.count(first) == 1, "the part that went is never sent again"


def form_bodies(provider: Provider) -> List[str]:
    from urllib.parse import parse_qs

    return [parse_qs(b.decode())["Body"][0] for b in provider.bodies]


def test_send_sms_tells_the_first_part_not_delivered_and_keeps_it_before_the_older_rest(casework):
    from bot.casework.channel_state import keep_more, next_more

    conversation = f"sms:{PHONE}"
    keep_more(casework, conversation, "An older rest.")
    officer = "Hello, this is Priya from the SEND team. I have read your message. I will call you tomorrow."

    async def run() -> int:
        async with Provider(answer(503)) as provider:
            output = twilio_output(provider.url, casework)
            return await output._send_sms(conversation, officer, "", replace_kept=False)

    assert asyncio.run(run()) == 0
    kept = next_more(casework, conversation, lambda text: ([text], ""))
    assert kept == [f"{officer}\nAn older rest."], "the message that failed comes first, then the older rest"


def test_whatsapp_stops_at_a_failed_message_and_does_not_send_it_again(casework):
    from channels.whatsapp import WhatsAppOutput, WhatsAppSettings

    async def run() -> int:
        async with Provider(answer(200), drop, answer(200)) as provider:
            output = WhatsAppOutput(WhatsAppSettings("", "", TOKEN, "123", provider.url, casework))
            bodies = [{"messaging_product": "whatsapp", "to": "447700900123", "type": "text",
                       "text": {"body": f"part {n}"}} for n in range(3)]
            sent = await output._post(bodies)
            assert sent == 1
            return provider.received

    assert asyncio.run(run()) == 2, "the first went, the second was taken in once, the third waits"


@pytest.mark.parametrize("sentences", [3, 12, 30])
@pytest.mark.parametrize("with_options", [False, True])
def test_what_is_kept_after_a_failed_part_holds_every_word_not_delivered_once(sentences, with_options):
    import re

    from channels.text_messages import MORE_PROMPT, option_lines, sms_reply
    from channels.twilio import _unsent_text

    text = " ".join(f"Sentence {n} about the plan and the school." for n in range(sentences))
    options = option_lines([{"title": f"Choice {n}"} for n in range(1, 4)]) if with_options else ""
    reply = sms_reply(text, options)
    whole = "\n".join(p for p in (text, options) if p)
    for sent in range(len(reply.messages)):
        kept = "\n".join(p for p in (_unsent_text(whole, reply.messages[:sent], reply.kept), reply.kept) if p)
        delivered = " ".join(m.replace(MORE_PROMPT, "") for m in reply.messages[:sent])
        assert re.sub(r"\s+", " ", f"{delivered} {kept}").strip() == re.sub(r"\s+", " ", whole)
