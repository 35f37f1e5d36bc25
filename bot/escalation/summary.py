"""The summary a resolution officer acts on without reading the whole transcript. Pure functions:
the action server builds it from the conversation; the store keeps it as JSON."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional, Sequence

from bot.escalation.reasons import REASONS, priority_of
from knowledge.dates import long_date, parse_iso
from knowledge.deadlines import Deadline
from knowledge.resolution_ladder import suggested_step
from knowledge.situation import NEED_LABELS, SETTING_LABELS, STAGE_LABELS, Situation, school_year_label

MAX_WORDS_KEPT = 3
MAX_WORDS_LENGTH = 500
UNKNOWN_VALUES = (None, "", "unknown", ["unknown"], [])


@dataclass(frozen=True)
class VerifiedCase:
    """The verified case, as the officer needs it."""

    reference: str
    child_first_name: str
    council: str
    stage: str  # in words, for the officer
    stage_code: str  # as knowledge.situation codes it, for the resolution ladder


@dataclass(frozen=True)
class EscalationSummary:
    """Situation, case, deadlines (overdue first), reason, the parent's words, a suggested step."""

    reason: str
    reason_label: str
    priority: str
    situation: Dict[str, str]
    case: Optional[Dict[str, str]]
    deadlines: List[Dict[str, Any]]
    parent_words: List[str]
    suggested_step: Dict[str, str]
    stage: Optional[str] = None
    timeline: List[str] = field(default_factory=list)  # dated events, earliest first, corrections noted
    concerns: List[str] = field(default_factory=list)  # every concern the parent raised, in words

    @property
    def overdue_count(self) -> int:
        return sum(1 for d in self.deadlines if d.get("overdue"))

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Optional["EscalationSummary"]:
        try:
            return cls(**json.loads(text)) if text else None
        except (ValueError, TypeError):
            return None


def situation_facts(situation: Situation) -> Dict[str, str]:
    """What the bot worked out, as labelled facts; unknown ones are left out."""
    facts: Dict[str, str] = {}
    if situation.age not in UNKNOWN_VALUES:
        facts["Age"] = str(situation.age)
    if situation.school_year not in UNKNOWN_VALUES:
        try:
            facts["School year"] = school_year_label(situation.school_year)
        except (TypeError, ValueError):
            pass
    needs = [NEED_LABELS.get(n, n) for n in situation.needs if n not in UNKNOWN_VALUES]
    if needs:
        facts["Needs"] = ", ".join(needs)
    if situation.setting not in UNKNOWN_VALUES:
        facts["Setting"] = SETTING_LABELS.get(str(situation.setting), str(situation.setting))
    if situation.local_authority not in UNKNOWN_VALUES:
        facts["Council"] = str(situation.local_authority)
    if situation.stage not in UNKNOWN_VALUES:
        facts["Stage"] = "The child " + STAGE_LABELS.get(str(situation.stage), str(situation.stage))
    when = parse_iso(situation.stage_date) if situation.stage_date not in UNKNOWN_VALUES else None
    if when:
        facts["Key date"] = long_date(when)
    return facts


def deadline_facts(found: Sequence[Deadline]) -> List[Dict[str, Any]]:
    """Each deadline with its date, status and source; overdue ones first (as the engine sorts)."""
    return [{"title": d.title, "due": d.due.isoformat(), "status": d.status_text(), "overdue": d.overdue,
             "source": d.source} for d in found]


def parent_words(texts: Sequence[str]) -> List[str]:
    """The parent's last few messages in their own words (buttons left out, long ones cut)."""
    kept = [t.strip() for t in texts if t and t.strip() and not t.strip().startswith("/")]
    return [t if len(t) <= MAX_WORDS_LENGTH else t[:MAX_WORDS_LENGTH] + "…" for t in kept[-MAX_WORDS_KEPT:]]


def build_summary(reason: str, situation: Situation, case: Optional[VerifiedCase],
                  found: Sequence[Deadline], words: Sequence[str],
                  timeline: Sequence[str] = (), concerns: Sequence[str] = ()) -> EscalationSummary:
    """The whole summary; the suggested step follows the reason, the stage and any overdue deadline."""
    stage = case.stage_code if case else (situation.stage if situation.stage not in UNKNOWN_VALUES else None)
    overdue = any(d.overdue for d in found)
    step = suggested_step(reason, stage, overdue)
    label = REASONS[reason].label if reason in REASONS else reason
    return EscalationSummary(
        reason=reason, reason_label=label, priority=priority_of(reason),
        situation=situation_facts(situation),
        case=asdict(case) if case else None,
        deadlines=deadline_facts(found),
        parent_words=parent_words(words),
        suggested_step={"code": step.code, "title": step.title, "action": step.action, "source": step.source},
        stage=stage,
        timeline=list(timeline),
        concerns=list(concerns),
    )
