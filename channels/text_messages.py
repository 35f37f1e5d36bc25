"""Pure rules for text-only channels (SMS, WhatsApp): numbered options instead of buttons, a
reply such as "2" mapped back to its payload, long replies split on sentence boundaries within
each channel's limits, and the SMS budget: a reply is at most two messages, the first lines and
any options now, "Reply MORE for the rest" and the rest kept for later."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

# GSM 03.38 basic character set (plus the extension table, which costs two characters).
GSM_BASIC = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENDED = set("^{}\\[~]|€\f")
SMS_SEGMENTS_PER_MESSAGE = 4  # at most four concatenated segments per message: cheap and reliable
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
_WORD_END = re.compile(r"\s+")
_BREAKS = (re.compile(r"\s*\n\s*"), _SENTENCE_END, _WORD_END)  # coarsest first
SMS_MESSAGES_PER_REPLY = 2  # everything sent in answer to one message: at most two SMS messages
MORE_PROMPT = "Reply MORE for the rest."


def is_gsm(text: str) -> bool:
    return all(c in GSM_BASIC or c in GSM_EXTENDED for c in text)


def sms_units(text: str) -> int:
    """Characters as the SMS encoding counts them (extension characters cost two in GSM-7;
    in UCS-2, characters outside the Basic Multilingual Plane such as emoji cost two)."""
    if is_gsm(text):
        return sum(2 if c in GSM_EXTENDED else 1 for c in text)
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def sms_limit(text: str, segments: int = SMS_SEGMENTS_PER_MESSAGE) -> int:
    """Units one message may carry: 153 per concatenated GSM-7 segment, 67 in UCS-2."""
    return segments * (153 if is_gsm(text) else 67)


def split_text(text: str, fits) -> List[str]:
    """Split `text` into messages that each `fits`, on sentence boundaries where possible,
    then on word boundaries, then (a single huge word) by characters."""
    text = text.strip()
    if not text:
        return []
    if fits(text):
        return [text]
    pieces: List[str] = []
    for sentence in (s for s in _SENTENCE_END.split(text) if s.strip()):
        if fits(sentence):
            pieces.append(sentence.strip())
            continue
        word_piece = ""
        for word in sentence.split():
            while not fits(word):  # one word longer than a message: cut it
                cut = len(word)
                while cut > 1 and not fits(word[:cut]):
                    cut = cut * 3 // 4
                if word_piece:
                    pieces.append(word_piece)
                    word_piece = ""
                pieces.append(word[:cut])
                word = word[cut:]
            candidate = f"{word_piece} {word}".strip()
            if fits(candidate):
                word_piece = candidate
            else:
                pieces.append(word_piece)
                word_piece = word
        if word_piece:
            pieces.append(word_piece)
    messages: List[str] = []
    for piece in pieces:
        candidate = f"{messages[-1]} {piece}" if messages else piece
        if messages and fits(candidate) and not messages[-1].endswith("\n"):
            messages[-1] = candidate
        else:
            messages.append(piece)
    return messages


def sms_fits(text: str) -> bool:
    """True when `text` goes as one SMS message (SMS_SEGMENTS_PER_MESSAGE segments at most)."""
    return sms_units(text) <= sms_limit(text)


def split_sms(text: str) -> List[str]:
    """SMS messages, each within SMS_SEGMENTS_PER_MESSAGE segments of its own encoding."""
    return split_text(text, sms_fits)


def split_chars(text: str, limit: int) -> List[str]:
    """Messages of at most `limit` characters (WhatsApp: 1600 via Twilio, 4096 on the Cloud API)."""
    return split_text(text, lambda t: len(t) <= limit)


def option_lines(buttons: Sequence[Dict[str, str]]) -> str:
    """Buttons as numbered lines a parent can answer with a number."""
    lines = [f"{n}. {b.get('title', '')}" for n, b in enumerate(buttons, 1)]
    return "\n".join(lines) + "\nReply with a number."


def numbered_options(text: str, buttons: Sequence[Dict[str, str]]) -> str:
    """A message's text followed by its buttons as numbered options."""
    return f"{text}\n{option_lines(buttons)}"


def chosen_payload(reply: str, payloads: Sequence[str]) -> Optional[str]:
    """The payload a reply like "2", "2." or " 2 " chooses from the last options, or None."""
    match = re.fullmatch(r"\s*(\d{1,2})[.)]?\s*", reply or "")
    if not match:
        return None
    index = int(match.group(1)) - 1
    return payloads[index] if 0 <= index < len(payloads) else None


@dataclass(frozen=True)
class SmsReply:
    """What to send now (at most SMS_MESSAGES_PER_REPLY messages) and the text kept for MORE."""

    messages: List[str] = field(default_factory=list)
    kept: str = ""


def turn_text(said: Sequence[Tuple[str, str]]) -> Tuple[str, str]:
    """One turn's messages, each (text, its numbered options or ""), as one text and the options
    the turn ends with. Options in the middle of a turn stay in the text where they were."""
    if not said:
        return "", ""
    *before, (last_text, last_options) = said
    parts = [f"{text}\n{options}" if options else text for text, options in before] + [last_text]
    return "\n".join(p.strip() for p in parts if p.strip()), last_options.strip()


def longest_fit(text: str, start: int, fits: Callable[[str], bool]) -> int:
    """Where the longest piece of `text` from `start` that `fits` ends (the next piece starts
    there): at a line end if that fills at least half of what a finer cut would, else at a
    sentence end, else a word end, else a character; `start` when not one character fits."""
    if fits(text[start:].strip()):
        return len(text)
    cuts = [cut for cut in (_last_break(text, start, fits, breaks) for breaks in _BREAKS) if cut > start]
    if cuts:
        return next(cut for cut in cuts if cut - start >= (max(cuts) - start) / 2)
    end = start
    while end < len(text) and fits(text[start:end + 1].strip()):
        end += 1
    return end


def _last_break(text: str, start: int, fits: Callable[[str], bool], breaks: "re.Pattern[str]") -> int:
    """The start of the text after the last break whose piece from `start` fits (or `start`)."""
    best = start
    for match in breaks.finditer(text, start):
        if match.start() <= start:
            continue
        if not fits(text[start:match.start()].strip()):
            break  # a longer piece never fits again
        best = match.end()
    return best


def _greedy(text: str, most: int, fits: Callable[[str], bool]) -> Tuple[List[str], int]:
    """Up to `most` messages cut from the start of `text`, and where the text not sent begins."""
    messages: List[str] = []
    start = 0
    while len(messages) < most and text[start:].strip():
        end = longest_fit(text, start, fits)
        if end == start:
            break
        messages.append(text[start:end].strip())
        start = end
    return messages, start


def sms_reply(text: str, options: str = "", most: int = SMS_MESSAGES_PER_REPLY,
              fits: Callable[[str], bool] = sms_fits) -> SmsReply:
    """The SMS budget for one reply. All of it when it goes in `most` messages; otherwise the
    first lines of `text` then `options` (so the numbered options stay visible now) and
    MORE_PROMPT last, keeping the rest of the text (and the options again at its end) for MORE.
    Nothing is lost: the messages and the kept text hold every word, in order."""
    text, options = text.strip(), options.strip()
    whole = _lines(text, options)
    messages, start = _greedy(whole, most, fits)
    if not whole[start:].strip():
        return SmsReply(messages)
    tail = _lines(options, MORE_PROMPT)
    if not fits(tail):  # options too long to ride along: they are just more text
        text, options, tail = whole, "", MORE_PROMPT
    messages, start = _greedy(text, most - 1, fits)
    end = longest_fit(text, start, lambda t: fits(f"{t}\n{tail}"))
    last, rest = text[start:end].strip(), text[end:].strip()
    if not rest:  # only the options were left over, and they are here
        return SmsReply(messages + [_lines(last, options)])
    return SmsReply(messages + [_lines(last, tail)], _lines(rest, options))


def _lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p)
