"""Fictional demo families for trying the service. Every name, number and reference is made up;
phone numbers are from Ofcom's range reserved for drama (07700 900000-900999)."""
from __future__ import annotations

from datetime import date
from typing import Dict, List

DEMO_CASES: List[Dict[str, str]] = [
    {"reference": "SR-2026-0001", "parent_name": "Alex Demo", "phone": "+447700900001",
     "email": "alex.demo@example.org", "child_first_name": "Sam", "child_date_of_birth": "2018-05-14",
     "local_authority": "Leeds", "stage": "assessment_requested", "request_date": "2026-09-03"},
    {"reference": "SR-2026-0002", "parent_name": "Jordan Example", "phone": "+447700900002",
     "email": "jordan.example@example.org", "child_first_name": "Priya",
     "child_date_of_birth": "2014-11-02", "local_authority": "Kent", "stage": "draft_plan",
     "request_date": "2026-06-01", "draft_served": "2026-11-16"},
    {"reference": "SR-2026-0003", "parent_name": "Casey Sample", "phone": "+447700900003",
     "email": "casey.sample@example.org", "child_first_name": "Leo", "child_date_of_birth": "2012-02-29",
     "local_authority": "Surrey", "stage": "annual_review", "plan_or_last_review": "2025-10-20",
     "review_meeting": "2026-10-12"},
    {"reference": "SR-2026-0004", "parent_name": "Riley Placeholder", "phone": "+447700900004",
     "email": "riley.placeholder@example.org", "child_first_name": "Maya",
     "child_date_of_birth": "2016-07-30", "local_authority": "Manchester", "stage": "assessment_refused",
     "request_date": "2026-07-01", "decision_letter": "2026-08-12"},
]


def demo_rows() -> List[Dict[str, str]]:
    """The demo cases as import rows (the same format as a CSV import)."""
    return [dict(row) for row in DEMO_CASES]


DEMO_TODAY = date(2026, 11, 24)
