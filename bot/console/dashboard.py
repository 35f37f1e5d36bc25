"""The service dashboard's figures, from escalations and cases. Pure functions, so each figure is
testable without a database or a browser."""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import Iterable, List, Optional, Sequence, Tuple

from bot.escalation.reasons import REASONS
from bot.escalation.store import OUTCOMES, EscalationView
from knowledge.authorities import authority_by_code
from knowledge.deadlines import KeyDates, deadlines

WEEKS_SHOWN = 8


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard page and its CSV show."""

    weeks: List[Tuple[str, int, int]]  # (week starting, raised, resolved)
    closed: int
    resolved_before_tribunal: int
    first_reply_hours_median: Optional[float]
    first_replies: int
    first_replies_within_target: int
    reasons: List[Tuple[str, int]]
    outcomes: List[Tuple[str, int]]
    overdue_by_authority: List[Tuple[str, int]]
    open_now: int
    open_past_target: int
    notes: List[str] = field(default_factory=list)

    @property
    def share_resolved_before_tribunal(self) -> Optional[float]:
        return None if not self.closed else 100.0 * self.resolved_before_tribunal / self.closed

    @property
    def share_within_target(self) -> Optional[float]:
        return None if not self.first_replies else 100.0 * self.first_replies_within_target / self.first_replies


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(views: Sequence[EscalationView], today: date, weeks: int = WEEKS_SHOWN) -> List[Tuple[str, int, int]]:
    """Raised and resolved (closed) per week, oldest first, for the last `weeks` weeks."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    raised = Counter(week_start(v.created_at.date()) for v in views)
    resolved = Counter(week_start(v.closed_at.date()) for v in views if v.closed_at)
    return [((first + timedelta(weeks=n)).isoformat(), raised[first + timedelta(weeks=n)],
             resolved[first + timedelta(weeks=n)]) for n in range(weeks)]


def overdue_by_authority(cases: Iterable[Tuple[str, KeyDates]], today: date, top: int = 10) -> List[Tuple[str, int]]:
    """Authorities with the most overdue statutory deadlines across the cases we hold."""
    counts: Counter = Counter()
    for code, key_dates in cases:
        overdue = sum(1 for d in deadlines(key_dates, today) if d.overdue and d.kind == "statutory")
        if overdue:
            authority = authority_by_code(code)
            counts[authority.name if authority else code] += overdue
    return counts.most_common(top)


def build(views: Sequence[EscalationView], cases: Iterable[Tuple[str, KeyDates]], now: datetime,
          today: date) -> Dashboard:
    """The dashboard over every escalation (naive UTC times) and every case's key dates."""
    closed = [v for v in views if v.status == "closed"]
    replied = [v for v in views if v.first_reply_at]
    hours = [(v.first_reply_at - v.created_at).total_seconds() / 3600 for v in replied]
    within = sum(1 for v in replied if v.reply_due_at is None or v.first_reply_at <= v.reply_due_at)
    open_views = [v for v in views if v.status in ("raised", "claimed")]
    return Dashboard(
        weeks=weekly(views, today),
        closed=len(closed),
        resolved_before_tribunal=sum(1 for v in closed if v.outcome not in ("tribunal_lodged", "withdrawn")),
        first_reply_hours_median=median(hours) if hours else None,
        first_replies=len(replied),
        first_replies_within_target=within,
        reasons=[(REASONS[r].label if r in REASONS else r, n) for r, n in Counter(v.reason for v in views).most_common()],
        outcomes=[(OUTCOMES.get(o, o), n) for o, n in Counter(v.outcome for v in closed if v.outcome).most_common()],
        overdue_by_authority=overdue_by_authority(cases, today),
        open_now=len(open_views),
        open_past_target=sum(1 for v in open_views if v.first_reply_at is None and v.reply_due_at
                             and v.reply_due_at < now),
    )


def to_csv(board: Dashboard) -> str:
    """Every figure as rows of section, label, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "label", "value"])
    for week, raised, resolved in board.weeks:
        writer.writerow(["raised per week", week, raised])
        writer.writerow(["resolved per week", week, resolved])
    writer.writerow(["closed", "all", board.closed])
    writer.writerow(["resolved before tribunal", "count", board.resolved_before_tribunal])
    share = board.share_resolved_before_tribunal
    writer.writerow(["resolved before tribunal", "percent", "" if share is None else f"{share:.1f}"])
    writer.writerow(["first reply", "median hours",
                     "" if board.first_reply_hours_median is None else f"{board.first_reply_hours_median:.2f}"])
    within = board.share_within_target
    writer.writerow(["first reply", "percent within target", "" if within is None else f"{within:.1f}"])
    writer.writerow(["open", "now", board.open_now])
    writer.writerow(["open", "past reply target", board.open_past_target])
    for label, count in board.reasons:
        writer.writerow(["reason", label, count])
    for label, count in board.outcomes:
        writer.writerow(["outcome", label, count])
    for name, count in board.overdue_by_authority:
        writer.writerow(["overdue statutory deadlines", name, count])
    return out.getvalue()
