"""Why a conversation is escalated, and how urgent it is. Pure data and functions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional

URGENT, HIGH, NORMAL = "urgent", "high", "normal"
PRIORITY_RANK: Dict[str, int] = {URGENT: 0, HIGH: 1, NORMAL: 2}


@dataclass(frozen=True)
class Reason:
    """A reason code, the words an officer sees, and its priority."""

    code: str
    label: str
    priority: str


REASONS: Dict[str, Reason] = {r.code: r for r in (
    Reason("safeguarding", "Possible risk to a child or parent", URGENT),
    Reason("out_of_school", "Child excluded, sent home or out of school", HIGH),
    Reason("distress", "Parent in strong distress", HIGH),
    Reason("tribunal_intent", "Thinking of appealing to the tribunal", HIGH),
    Reason("overdue_deadline", "A statutory deadline is overdue", HIGH),
    Reason("identity_checks", "Repeated failed identity checks (security alert)", HIGH),
    Reason("complaint", "Wants to complain", NORMAL),
    Reason("asked_for_person", "Asked for a person", NORMAL),
    Reason("other_language", "Writes in another language (may need an interpreter)", NORMAL),
    Reason("not_understood", "The assistant did not understand twice", NORMAL),
)}

# The reasons the assistant's own buttons carry (`/request_human{"handoff_reason": ...}`): the only
# ones taken from a message, since a parent can type any payload.
BUTTON_REASONS = frozenset({"not_understood", "overdue_deadline", "out_of_school"})

# The parent's intent that raises each reason.
INTENT_REASONS: Dict[str, str] = {
    "safeguarding_risk": "safeguarding",
    "express_distress": "distress",
    "intend_tribunal": "tribunal_intent",
    "complain": "complaint",
    "request_human": "asked_for_person",
}
OUT_OF_SCHOOL_STAGES = frozenset({"excluded", "not_in_school"})
OUT_OF_SCHOOL_FAQ = frozenset({"faq/exclusion", "faq/informal_exclusion", "faq/part_time_timetable",
                               "faq/alternative_provision"})


def reason_for_intent(intent: Optional[str]) -> Optional[str]:
    """The reason code an intent raises, or None."""
    return INTENT_REASONS.get(intent or "")


def priority_of(reason: str) -> str:
    return REASONS[reason].priority if reason in REASONS else NORMAL


def more_urgent(first: str, second: str) -> str:
    """The more urgent of two priorities."""
    return first if PRIORITY_RANK.get(first, 9) <= PRIORITY_RANK.get(second, 9) else second


def more_urgent_reason(first: str, second: str) -> str:
    """`first` when its priority is strictly more urgent than `second`'s, else `second`."""
    return first if PRIORITY_RANK.get(priority_of(first), 9) < PRIORITY_RANK.get(priority_of(second), 9) else second
