"""Access logs never record a calendar token (the key to a family's dates) or a `token=` value:
our web server's, as it runs, and the Sanic servers' (Rasa, actions) through the same filter."""
from __future__ import annotations

import logging
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date

import pytest

from bot import PROJECT_DIR
from bot.links import calendar_link
from bot.log_redaction import REDACTED, RedactingFilter, install, redact
from knowledge.deadlines import KeyDates
from tests.conftest import free_port, wait_for


@pytest.mark.parametrize("line, secret", [
    ('127.0.0.1 "GET /calendar/eyJyIjoiMjAyNi0wOS0wMyJ9.c2lnbmF0dXJl.ics HTTP/1.1" 200', "eyJyIjoiMjAyNi0wOS0wMyJ9"),
    ('"GET /calendar/abc.icsTAIL.ics HTTP/1.1"', "TAIL"),
    ('"POST /conversations/x/trigger_intent?output_channel=latest&token=s3cret HTTP/1.1"', "s3cret"),
    ('"GET /conversations/x/tracker?token=s3cret&include_events=ALL HTTP/1.1"', "s3cret"),
    ('"GET /x HTTP/1.1" 200 "https://example.org/calendar/tok123.ics" "Mozilla"', "tok123"),
])
def test_a_token_is_replaced(line, secret):
    assert secret not in redact(line) and REDACTED in redact(line)


def test_a_line_without_tokens_is_unchanged():
    line = '127.0.0.1 "GET /console/queue?status=open HTTP/1.1" 200 512'
    assert redact(line) == line


def test_sanic_access_records_lose_their_tokens():
    """Sanic (Rasa and action servers) logs the request line in the record's `request` field."""
    record = logging.LogRecord("sanic.access", logging.INFO, __file__, 1, "", None, None)
    record.request = "GET http://127.0.0.1:5005/calendar/secret-token.ics?token=api-token"
    record.status, record.host, record.byte = 404, "127.0.0.1:5555", 10
    assert RedactingFilter().filter(record)
    assert "secret-token" not in record.request and "api-token" not in record.request


def test_install_puts_the_filter_on_both_access_loggers_once():
    install()
    install()
    for name in ("aiohttp.access", "sanic.access"):
        assert sum(isinstance(f, RedactingFilter) for f in logging.getLogger(name).filters) == 1


def test_the_running_web_servers_access_log_has_no_calendar_token(tmp_path):
    port = free_port()
    log = tmp_path / "web.log"
    env = {"PATH": "/usr/bin:/bin", "RASA_API_TOKEN": "r" * 32, "LINK_SECRET": "l" * 32,
           "CONSOLE_SECRET": "k" * 32, "LOG_LEVEL": "INFO",
           "PUBLIC_URL": f"http://127.0.0.1:{port}", "CASEWORK_DB_URL": f"sqlite:///{tmp_path / 'casework.db'}"}
    link = calendar_link(f"http://127.0.0.1:{port}", "l" * 32, KeyDates(request_date=date(2026, 9, 3)).to_dict())
    token = link.rsplit("/", 1)[1][:-len(".ics")]
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "bot", "web", "--port", str(port), "--environment-only"],
                                  cwd=PROJECT_DIR, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", timeout=60)
        with urllib.request.urlopen(link, timeout=10) as response:
            assert response.status == 200 and b"BEGIN:VCALENDAR" in response.read()
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/calendar/forged-token.ics", timeout=10)
        deadline = time.monotonic() + 10
        while log.read_text().count("/calendar/") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    written = log.read_text()
    assert written.count(f"/calendar/{REDACTED}") >= 2, written
    assert token not in written and "forged-token" not in written


def test_rasa_structured_lines_lose_the_parents_words():
    """Rasa's REST channel logs a whole message when a turn times out ("rest.message.received.timeout",
    seen in rasa.log when the machine was busy); the installed filter takes the words out."""
    install()
    seen: list = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[assignment]
    logger = logging.getLogger("rasa.core.channels.rest")
    logger.addHandler(handler)
    try:
        words = "He's got a GP appt Tues 1st Dec for his meds review"
        logger.error('{"text": "%s", "event": "rest.message.received.timeout", "level": "error"}' % words)
        logger.error("an ordinary line stays as it is")
    finally:
        logger.removeHandler(handler)
    assert "GP appt" not in seen[0] and REDACTED in seen[0] and "rest.message.received.timeout" in seen[0]
    assert seen[1] == "an ordinary line stays as it is"
