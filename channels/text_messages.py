"""Pure rules for text-only channels (SMS, WhatsApp): numbered options instead of buttons, a
reply such as "2" mapped back to its payload, and long replies split on sentence boundaries
within each channel's limits."""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence

# GSM 03.38 basic character set (plus the extension table, which costs two characters).
GSM_BASIC = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENDED = set("^{}\\[~]|€\f")
SMS_SEGMENTS_PER_MESSAGE = 4  # at most four concatenated segments per message: cheap and reliable
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")


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


def split_sms(text: str) -> List[str]:
    """SMS messages, each within SMS_SEGMENTS_PER_MESSAGE segments of its own encoding."""
    return split_text(text, lambda t: sms_units(t) <= sms_limit(t))


def split_chars(text: str, limit: int) -> List[str]:
    """Messages of at most `limit` characters (WhatsApp: 1600 via Twilio, 4096 on the Cloud API)."""
    return split_text(text, lambda t: len(t) <= limit)


def numbered_options(text: str, buttons: Sequence[Dict[str, str]]) -> str:
    """Buttons as numbered lines a parent can answer with a number."""
    lines = [f"{n}. {b.get('title', '')}" for n, b in enumerate(buttons, 1)]
    return f"{text}\n" + "\n".join(lines) + "\nReply with a number."


def chosen_payload(reply: str, payloads: Sequence[str]) -> Optional[str]:
    """The payload a reply like "2", "2." or " 2 " chooses from the last options, or None."""
    match = re.fullmatch(r"\s*(\d{1,2})[.)]?\s*", reply or "")
    if not match:
        return None
    index = int(match.group(1)) - 1
    return payloads[index] if 0 <= index < len(payloads) else None
