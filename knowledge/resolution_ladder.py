"""Which step on the resolution ladder to suggest for an escalation: a pure rule over the reason,
the EHC stage and whether a statutory deadline is overdue."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

import yaml

LADDER_FILE = Path(__file__).with_name("resolution_ladder.yml")
# Stages where the council holds the next step (knowledge.situation stage codes).
COUNCIL_STAGES = {"assessment_requested", "assessment_agreed", "draft_plan", "final_plan", "annual_review"}
DECISION_STAGES = {"assessment_refused", "plan_refused", "placement_dispute"}


@dataclass(frozen=True)
class LadderStep:
    """One rung: its code, a plain title, what the officer can do, and the source."""

    code: str
    title: str
    action: str
    source: str


@lru_cache(maxsize=1)
def ladder() -> Dict[str, LadderStep]:
    data = yaml.safe_load(LADDER_FILE.read_text(encoding="utf-8"))
    return {code: LadderStep(code, **fields) for code, fields in data["steps"].items()}


def suggested_step(reason: str, stage: Optional[str], overdue: bool) -> LadderStep:
    """The earliest step that fits: safety first, a late council step goes to the council,
    a decision the parent disputes goes to mediation, school matters start with the SENCo."""
    steps = ladder()
    if reason == "safeguarding":
        return steps["safeguarding"]
    if overdue or reason == "overdue_deadline":
        return steps["la_casework_officer"]
    if reason == "tribunal_intent":
        return steps["mediation"] if stage in DECISION_STAGES else steps["disagreement_resolution"]
    if stage in DECISION_STAGES:
        return steps["mediation"]
    if reason == "complaint":
        return steps["complaint"] if stage in COUNCIL_STAGES else steps["school_senco"]
    if stage in COUNCIL_STAGES:
        return steps["la_casework_officer"] if reason != "out_of_school" else steps["school_senco"]
    return steps["school_senco"]
