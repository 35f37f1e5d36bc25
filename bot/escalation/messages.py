"""What the parent is told about a handoff, in plain words. Pure functions."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from bot.escalation.service_level import ServiceLevel, due_text


ESCALATIONS_LIMITED_TEXT = ("We have had many requests for a person from your connection in the last hour, "
                            "so I cannot add another one just now. Please try again later. "
                            "If anyone is in danger, call 999.")


def first_name(display_name: Optional[str]) -> str:
    """ "Priya" from "Priya Shah"; a neutral word when there is no name."""
    parts = (display_name or "").split()
    return parts[0] if parts else "Your officer"


def consent_question(level: ServiceLevel, priority: str, now: datetime) -> str:
    """What happens next, how soon, and the consent question."""
    due = level.reply_due(now, priority)
    closed = "" if level.is_open(now) else "Our officers are not working right now. "
    return (
        "Yes, you can talk to a person. A resolution officer is a real person. They can look at your situation and help sort it out early. "
        f"{closed}Officers work {level.hours_text()}. We aim to reply within {level.target_text(priority)}, "
        f"so by {due_text(due)}. "
        "To pass you on, I need to share this conversation and what you have told me with them. Is that OK?"
    )


PHONE_CALL_TEXT = ("Our officers usually reply here, in writing. If you would rather have a phone call, say yes. "
                   "Then write your phone number and a good time to call. The officer will see it.")


def raised_text(due: datetime) -> str:
    return ("Thank you. I have passed your conversation to a resolution officer. They will reply here, in this chat. "
            f"We aim to reply by {due_text(due)}. You can keep writing to me while you wait.")


def already_queued_text(due: Optional[datetime]) -> str:
    when = f" We aim to reply by {due_text(due)}." if due else ""
    return f"You are already in the queue for a resolution officer.{when} They will reply here, in this chat."


def safeguarding_raised_text(level: ServiceLevel, now: datetime) -> str:
    due = level.reply_due(now, "urgent")
    return ("I have also asked a resolution officer to look at this conversation urgently. They will reply here, "
            f"by {due_text(due)} at the latest. If anyone is in danger now, do not wait: call 999.")


def safeguarding_still_urgent_text(due: datetime) -> str:
    return f"A resolution officer already has this as urgent and will reply here by {due_text(due)} at the latest."


def joined_text(name: str) -> str:
    return f"{name}, a resolution officer, has joined this conversation. {name} can see what you have told me and will reply here."


def officer_message_text(name: str, text: str) -> str:
    return f"{name} (resolution officer): {text}"


def handed_back_text(name: str, agreed: str) -> str:
    said = f" What you agreed: {agreed}" if agreed else ""
    return (f"{name} has handed you back to me, the assistant.{said} "
            "I am here if you need anything else, and you can ask for a person again at any time.")
