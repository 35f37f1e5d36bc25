"""Security alerts for the officers' queue: repeated failed identity checks against one case
reference, or many from one source address (someone trying references). The alert is an
escalation of its own, so it reaches the same queue, priorities and audit as everything else;
it carries no words of the person trying, and nothing is said to them."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Optional

from bot.escalation import store
from bot.escalation.reasons import REASONS, priority_of
from bot.escalation.service_level import ServiceLevel
from bot.escalation.summary import EscalationSummary
from channels.ownership import namespace_of

ALERT_REASON = "identity_checks"
WHAT_WAS_TRIED = {
    "reference": "The identity check for one case reference failed again and again.",
    "address": "Many identity checks failed from one place (someone may be trying case references).",
    "date_of_birth": "Many identity checks failed with the same date of birth and different references "
                     "(someone may be trying case references).",
}


def alert_summary(kind: str, case_linked: bool) -> EscalationSummary:
    """What the officer sees: what happened and what to do, no personal details."""
    facts = {"What happened": WHAT_WAS_TRIED.get(kind, "Repeated failed identity checks.")}
    action = ("Do not share anything in this conversation. "
              + ("Contact the family on the details the case holds (not through this conversation) "
                 "to check they are safe and know about it." if case_linked
                 else "Watch for further alerts; no case matched the references tried."))
    return EscalationSummary(
        reason=ALERT_REASON, reason_label=REASONS[ALERT_REASON].label, priority=priority_of(ALERT_REASON),
        situation=facts, case=None, deadlines=[], parent_words=[],
        suggested_step={"code": "security_check", "title": "Check the family is safe", "action": action,
                        "source": "The service's identity-check policy (bot/casework/verification.py)"},
    )


def raise_verification_alert(url: str, conversation_id: str, kind: str, case_id: Optional[int],
                             now: Optional[datetime] = None) -> int:
    """Raise (or add to) the alert escalation on the conversation the failures came from, with
    the targeted case attached when the reference exists. Returns the escalation id."""
    now = now or datetime.now(timezone.utc)
    summary = alert_summary(kind, case_id is not None)
    due = ServiceLevel.from_environment(os.environ).reply_due(now, summary.priority)
    escalation_id, _ = store.raise_escalation(url, conversation_id, summary, namespace_of(conversation_id) or "rest",
                                              "not_asked_security_alert", due, None, case_id=case_id)
    return escalation_id
