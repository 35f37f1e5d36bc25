"""Score the situation model on a labelled set of parents' messages (tests/data/situation_*.yml).

For every turn the notes are taken as the assistant takes them (knowledge.event_notes), then:
- date roles: each labelled date phrase must get its role (an unclear date must be asked about, a
  date that is no event must add none) and, when labelled with a day, that day;
- target deadlines: a question must name the labelled target and get the exact date the engine
  gives from the labelled events, or ask for the missing date when the labels lack it;
- relabels: a turn that only asks must leave every recorded event as it was.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import yaml

from knowledge.deadline_questions import answer, target_for
from knowledge.date_roles import EXAMPLES_FILE, context
from knowledge.event_notes import UnclearDate, note_message, read, read_by_rules
from knowledge.timeline import DAY, ROLES, SaidEvent, current

DATA_DIR = Path(__file__).parent / "data"
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Score:
    """Counts and the failures behind them."""

    roles_right: int = 0
    roles_total: int = 0
    targets_right: int = 0
    targets_total: int = 0
    relabels: int = 0
    wrong_dates_stated: int = 0  # a deadline date given that is not the one the labels give
    failures: List[str] = field(default_factory=list)

    @property
    def role_accuracy(self) -> float:
        return self.roles_right / self.roles_total if self.roles_total else 0.0

    @property
    def target_accuracy(self) -> float:
        return self.targets_right / self.targets_total if self.targets_total else 0.0


def load(name: str) -> Tuple[date, List[Dict[str, Any]]]:
    data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    return date.fromisoformat(str(data["today"])), data["items"]


def _gold_event(gold: Dict[str, Any], said_at: float, corrects: bool = False) -> Optional[SaidEvent]:
    """The labels' event for one labelled date; `corrects` when the turn is labelled as correcting its role."""
    value = str(gold.get("date"))
    if gold.get("role") not in ROLES:
        return None
    if _FULL_DATE.match(value):
        return SaidEvent(role=gold["role"], on=value, said_at=said_at, corrects=corrects)
    if re.match(r"^\d{4}-\d{2}$", value):
        return SaidEvent(role=gold["role"], on=value + "-01", precision="month", said_at=said_at, corrects=corrects)
    return SaidEvent(role=gold["role"], on=None, said_at=said_at, corrects=corrects)


def _gold_spans(text: str, turn: Dict[str, Any]) -> List[Tuple[int, int]]:
    """(start, end) of each labelled date phrase, found in order (a repeated phrase is the next one)."""
    spans, cursor = [], 0
    for gold in turn.get("dates") or []:
        start = text.find(gold["phrase"], cursor)
        start = start if start >= 0 else text.find(gold["phrase"])
        cursor = start + len(gold["phrase"])
        spans.append((start, cursor))
    return spans


def _role_given(phrase_start: int, phrase_end: int, gold: Dict[str, Any], text: str, today: date,
                new_events: List[SaidEvent], unclear: List[UnclearDate]) -> Tuple[str, Optional[str]]:
    """(role the assistant gave the labelled phrase, its ISO date)."""
    reading = read(text, today)
    spans = [d for d in reading.dates if d.start < phrase_end and d.end > phrase_start]
    phrases = {d.phrase for d in spans}
    for event in new_events:
        if event.phrase in phrases or (not spans and event.corrects and event.on and
                                       event.phrase and event.phrase in gold["phrase"]):
            return event.role, event.on
    for item in unclear:
        if item.phrase in phrases:
            return "unclear", item.iso
    return "none", None


def score(name: str) -> Score:
    today, items = load(name)
    result = Score()
    for item in items:
        events: List[SaidEvent] = []
        gold_events: List[SaidEvent] = []
        pending: Optional[UnclearDate] = None
        previous_target: Optional[str] = None
        gold_pending: Optional[Dict[str, Any]] = None
        for number, turn in enumerate(item["turns"]):
            text = str(turn["text"])
            said_at = float(number + 1)
            before = current(events)
            notes = note_message(text, today, said_at, before, None, pending)
            events.extend(notes.events)
            pending = notes.unclear[0] if notes.unclear else (None if notes.events else pending)
            new_events = list(notes.events)
            # the labels' own timeline
            for gold in turn.get("dates") or []:
                event = _gold_event(gold, said_at, corrects=turn.get("corrects") == gold.get("role"))
                if event:
                    gold_events.append(event)
                if gold.get("role") == "unclear":
                    gold_pending = gold
            if turn.get("answers_role") and gold_pending:
                event = _gold_event({**gold_pending, "role": turn["answers_role"]}, said_at)
                if event:
                    gold_events.append(event)
            # date roles
            for gold, (start, end) in zip(turn.get("dates") or [], _gold_spans(text, turn)):
                role, iso = _role_given(start, end, gold, text, today, new_events, list(notes.unclear))
                want = gold["role"]
                value = str(gold.get("date"))
                ok = role == want
                if ok and _FULL_DATE.match(value) and want in ROLES:
                    ok = iso == value
                result.roles_total += 1
                result.roles_right += ok
                if not ok:
                    result.failures.append(f"{item['id']}.{number + 1} role {gold['phrase']!r}: want {want} "
                                           f"{value}, got {role} {iso}")
            if turn.get("answers_role"):
                result.roles_total += 1
                got = current(events).get(turn["answers_role"])
                ok = got is not None and gold_pending is not None and (
                    not _FULL_DATE.match(str(gold_pending.get("date"))) or got.on == str(gold_pending.get("date")))
                result.roles_right += ok
                if not ok:
                    result.failures.append(f"{item['id']}.{number + 1} answer {turn['answers_role']}: not recorded")
            # targets
            want_target = turn.get("asks")
            now = current(events)
            if want_target:
                result.targets_total += 1
                got_target = target_for(text, now, previous_target, today)
                expected = answer(want_target, current(gold_events), today)
                got = answer(got_target, now, today) if got_target else None
                if got is not None and got.deadline is not None and (
                        expected.deadline is None or got.deadline.due != expected.deadline.due):
                    result.wrong_dates_stated += 1
                ok = got_target == want_target
                if ok:
                    if expected.deadline is not None:
                        ok = got.deadline is not None and got.deadline.due == expected.deadline.due
                    else:
                        ok = got.deadline is None and got.missing_role is not None
                result.targets_right += ok
                if not ok:
                    want_due = expected.deadline.due if expected.deadline else f"ask {expected.missing_role}"
                    result.failures.append(f"{item['id']}.{number + 1} target: want {want_target} {want_due}, "
                                           f"got {got_target}")
            previous_target = target_for(text, now, previous_target, today) or previous_target
            if not (turn.get("dates") or turn.get("answers_role") or turn.get("corrects")):
                changed = {r: (e.on, e.happened) for r, e in now.items() if e.happened} != \
                          {r: (e.on, e.happened) for r, e in before.items() if e.happened}
                if changed:
                    result.relabels += 1
                    result.failures.append(f"{item['id']}.{number + 1} relabel: {before} -> {now}")
    return result


def report(name: str) -> str:
    found = score(name)
    return (f"{name}: date roles {found.roles_right}/{found.roles_total} = {found.role_accuracy:.3f}; "
            f"target deadlines {found.targets_right}/{found.targets_total} = {found.target_accuracy:.3f}; "
            f"relabels {found.relabels}; wrong dates stated {found.wrong_dates_stated}/{found.targets_total}")


NEVER_TAUGHT = ("situation_heldout_t.yml", "situation_heldout_u.yml")  # the latest writers: they measure


def taught_sets() -> List[str]:
    """The labelled sets the date-role classifier learns from: every set but the latest writers'."""
    return sorted(p.name for p in DATA_DIR.glob("situation_*.yml") if p.name not in NEVER_TAUGHT)


def role_examples(names: Sequence[str]) -> List[Dict[str, str]]:
    """Each labelled date the rules find, with what the classifier reads about it and its role."""
    examples = []
    for name in names:
        today, items = load(name)
        for item in items:
            for turn in item["turns"]:
                text = str(turn["text"])
                corrected, reading, spans = read_by_rules(text, today)
                golds = [(start, end, str(gold["role"]))
                         for gold, (start, end) in zip(turn.get("dates") or [], _gold_spans(text, turn))]
                for found, (a, b) in zip(reading.dates, spans):
                    role = next((r for s, e, r in golds if s < b and e > a), None)
                    if role is not None:
                        examples.append({**context(corrected, found), "role": role})
    return examples


def write_role_examples() -> int:
    """Write knowledge/date_role_examples.yml from the taught sets; returns how many."""
    examples = role_examples(taught_sets())
    header = ("# Dates in parents' messages with the event each belongs to, for knowledge/date_roles.py.\n"
              "# Source: the labelled sets tests/data/situation_*.yml written for this project (fictional),\n"
              f"# all but {', '.join(NEVER_TAUGHT)}, which measure it. Regenerate with\n"
              "# `python -m tests.situation_scoring examples` after changing the rules (rule, cue).\n")
    EXAMPLES_FILE.write_text(header + yaml.safe_dump({"examples": examples}, allow_unicode=True, sort_keys=False,
                                                     width=200), encoding="utf-8")
    return len(examples)


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["examples"]:
        print(write_role_examples(), "examples written")
        sys.exit(0)
    for set_name in sys.argv[1:] or ["situation_dev.yml"]:
        outcome = score(set_name)
        print(report(set_name))
        for line in outcome.failures:
            print("  ", line)
