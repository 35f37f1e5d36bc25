"""Logs without secrets or parents' words: calendar and letter tokens in paths and `token=` query values
are replaced, and a message's text in Rasa's own structured log lines ("rest.message.received.timeout",
which logs the whole message when a turn takes too long) is taken out.

A calendar link (/calendar/<token>.ics) is the key to a family's dates, a letter link
(/letters/<token>.docx) to their letter, and Rasa's HTTP API
takes its token as `?token=`: neither may reach a log file. `install()` puts the filter on the
access loggers of aiohttp (our web server) and Sanic (the Rasa and action servers).
"""
from __future__ import annotations

import json
import logging
import re
from typing import Iterable

REDACTED = "[redacted]"
ACCESS_LOGGERS = ("aiohttp.access", "sanic.access")
# Rasa's structured (JSON) log lines that can carry what a parent wrote, by the module that logs them
MESSAGE_LOGGERS = ("rasa.core.channels.rest", "rasa.core.channels.channel", "rasa.core.channels.socketio",
                   "rasa.core.channels.twilio", "rasa.core.processor", "rasa.core.agent", "rasa.server")
MESSAGE_KEYS = ("text", "message", "user_message", "user_text", "utterance")
_CALENDAR = re.compile(r"(/(?:calendar|letters)/)[^/?#\s\"]+")  # the whole path segment after /calendar/ or /letters/
_TOKEN_PARAM = re.compile(r"([?&](?:token|access_token)=)[^&#\s\"]*", re.IGNORECASE)


def redact(text: str) -> str:
    """`text` with calendar tokens and token query values replaced."""
    return _TOKEN_PARAM.sub(rf"\g<1>{REDACTED}", _CALENDAR.sub(rf"\g<1>{REDACTED}", text))


def without_message_text(line: str) -> str:
    """A JSON log line with the values of its message keys ("text", ...) replaced; any other line as it is."""
    if not line.lstrip().startswith("{"):
        return line
    try:
        fields = json.loads(line)
    except ValueError:
        return line
    if not isinstance(fields, dict) or not any(key in fields for key in MESSAGE_KEYS):
        return line
    return json.dumps({key: REDACTED if key in MESSAGE_KEYS else value for key, value in fields.items()})


class RedactingFilter(logging.Filter):
    """Rewrites a record's message, its string arguments and Sanic's `request` field."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(without_message_text(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        request = getattr(record, "request", None)
        if isinstance(request, str):
            record.request = redact(request)
        return True


def install(names: Iterable[str] = (*ACCESS_LOGGERS, *MESSAGE_LOGGERS)) -> None:
    """Put one redacting filter on each named logger (once, however often it is called)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
