"""Ready-to-send letters for families, filled from what is known about their situation (issue 21).

Each letter is a Jinja2 template (`templates/<id>.txt.j2`) described in `letters.yml`. `render`
prepares the facts (dates written out, the deadlines the engine computes from the family's
timeline) and the template turns them into plain text. A fact that is not known is left as a gap
in square brackets ("[your address]") for the family to fill in: nothing is invented, and a date is
said to have passed only when it has. `as_docx` and `as_plain_text` give the files to download.
Pure functions and data; no Rasa import.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Collection, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from knowledge import KNOWLEDGE_DIR
from knowledge.dates import long_date, parse_iso
from knowledge.deadlines import MET, Deadline
from knowledge.timeline import (CASE, DAY, MONTH, OFFICER, PARENT, PART, ROLES, SEASON, WEEK, SaidEvent, current, part_of_month,
                                latest_decision, timeline_deadlines)

LETTERS_DIR = Path(__file__).resolve().parent
LETTERS_FILE = LETTERS_DIR / "letters.yml"
TEMPLATES_DIR = LETTERS_DIR / "templates"
CONCERNS_FILE = KNOWLEDGE_DIR / "concerns.yml"

# A gap for the family to fill in: "[your address]". A law report's year ("[2022] EWHC 493") is not one.
GAP = re.compile(r"\[(?!\d)[^\[\]\n]+\]")
# What the family said that the letter repeats must not look like a gap or a template.
_UNSAFE = re.compile(r"[\[\]{}<>\x00-\x1f\x7f]")
MAX_TEXT = 80
MAX_AGE = 120  # a whole number of years; the letters themselves only say it

# The council's time limits a chase letter can ask about, and the one it names alongside the final plan.
CHASED = ("assessment_decision", "final_plan", "review_decision")
NO_PLAN = "no_plan_decision"
EHC_STAGES = ("assessment_agreed", "draft_plan", "final_plan")


@dataclass(frozen=True)
class LetterFacts:
    """What a letter may say about the family's situation; anything left out becomes a gap."""

    made_on: date  # the date the letter is written (its date line)
    council: Optional[str] = None  # the council's name as the family gave it, e.g. "Kent" or "Leeds City Council"
    child_name: Optional[str] = None  # first name only
    school: Optional[str] = None
    events: Tuple[SaidEvent, ...] = ()  # knowledge.timeline.SaidEvent, as said (current() is applied inside)
    child_age: Optional[int] = None
    concerns: Tuple[str, ...] = ()  # concern ids from knowledge/concerns.yml the family raised

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", tuple(self.events))
        object.__setattr__(self, "concerns", tuple(self.concerns))

    def to_dict(self) -> Dict[str, Any]:
        """A plain JSON-able dict (dates as ISO strings); defaults left out."""
        plain: Dict[str, Any] = {"made_on": self.made_on.isoformat()}
        for name in ("council", "child_name", "school", "child_age"):
            if getattr(self, name) is not None:
                plain[name] = getattr(self, name)
        if self.events:
            plain["events"] = [event.to_dict() for event in self.events]
        if self.concerns:
            plain["concerns"] = list(self.concerns)
        return plain

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "LetterFacts":
        """Rebuild from `to_dict`. It comes from a link token, so anything malformed or unknown
        (a key, a date, an event role, a concern) is refused with ValueError."""
        if not isinstance(data, Mapping):
            raise ValueError("letter facts must be a mapping")
        known = {item.name for item in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown letter facts {sorted(map(str, unknown))}")
        if "made_on" not in data:
            raise ValueError("made_on is required")
        made_on = _iso_date(data["made_on"], "made_on")
        texts = {name: _text(data.get(name), name) for name in ("council", "child_name", "school")}
        age = data.get("child_age")
        if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= MAX_AGE):
            raise ValueError(f"child_age must be a whole number from 0 to {MAX_AGE}")
        events = tuple(_event(item) for item in _list(data.get("events", []), "events"))
        concerns = tuple(_list(data.get("concerns", []), "concerns"))
        allowed = concern_ids()
        for concern in concerns:
            if not isinstance(concern, str) or concern not in allowed:
                raise ValueError(f"unknown concern {concern!r}")
        return cls(made_on=made_on, events=events, child_age=age, concerns=concerns, **texts)


@dataclass(frozen=True)
class LetterKind:
    """One letter a family can send, from `letters.yml`."""

    id: str
    title: str  # "Chasing a late decision or EHC plan"
    recipient: str  # "the council's SEN team" / "the head teacher"
    concerns: Tuple[str, ...]  # concern ids this letter answers, most fitting first
    provisions: Tuple[str, ...]  # ids in knowledge/LEGAL.md
    offer: str  # one short plain sentence offering it
    sources: str = ""  # the provisions named for people


@dataclass(frozen=True)
class Letter:
    """A filled-in letter: plain text, paragraphs separated by a blank line."""

    kind: LetterKind
    text: str
    gaps: Tuple[str, ...]  # every "[...]" gap left in the text, in order of first appearance


# -- the letters ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _kinds() -> Tuple[LetterKind, ...]:
    with LETTERS_FILE.open(encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)
    return tuple(
        LetterKind(id=entry["id"], title=entry["title"], recipient=entry["recipient"],
                   concerns=tuple(entry.get("concerns") or ()), provisions=tuple(entry["provisions"]),
                   offer=entry["offer"], sources=entry.get("sources", ""))
        for entry in entries
    )


def kinds() -> Dict[str, LetterKind]:
    """Every letter, by id, in the order of `letters.yml`."""
    return {kind.id: kind for kind in _kinds()}


@lru_cache(maxsize=1)
def concern_ids() -> FrozenSet[str]:
    """The concern ids of knowledge/concerns.yml."""
    with CONCERNS_FILE.open(encoding="utf-8") as handle:
        return frozenset(yaml.safe_load(handle))


def _best_letter(concern: str) -> Optional[str]:
    """The letter that lists the concern nearest the front of its `concerns`; file order breaks ties."""
    ranked = [(kind.concerns.index(concern), position, kind.id)
              for position, kind in enumerate(_kinds()) if concern in kind.concerns]
    return min(ranked)[2] if ranked else None


RECIPIENT_WORDS = {"council": ("council",), "school": ("head teacher", "school"), "mediation": ("mediation",),
                   "governors": ("governors",)}


def letter_for(concern_ids: Sequence[str], to: Optional[str] = None, taken: Collection[str] = ()) -> Optional[str]:
    """The id of the best letter for the first concern (in the given order) that has one, leaving out
    the letters `taken` (for a step already taken); with `to` ("council", "school", "mediation": whom
    the parent wants to write to), the first whose letter goes there, if any does."""
    letters = [best for best in (_best_letter(concern) for concern in concern_ids) if best is not None and best not in taken]
    words = RECIPIENT_WORDS.get(to or "", ())
    addressed = [kind for kind in letters if any(w in kinds()[kind].recipient for w in words)]
    return (addressed or letters or [None])[0]


# -- filling a letter in ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), undefined=StrictUndefined,
                       autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def render(kind_id: str, facts: LetterFacts) -> Letter:
    """The letter `kind_id` filled in from `facts`; KeyError for an unknown kind."""
    kind = kinds()[kind_id]
    raw = _environment().get_template(f"{kind_id}.txt.j2").render(**_context(facts))
    text = _tidy(raw)
    return Letter(kind=kind, text=text, gaps=gaps_in(text))


def gaps_in(text: str) -> Tuple[str, ...]:
    """Every "[...]" gap in the text, in order of first appearance."""
    return tuple(dict.fromkeys(GAP.findall(text)))


def _tidy(text: str) -> str:
    """No trailing spaces, and exactly one blank line between paragraphs (a left-out paragraph leaves none)."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _context(facts: LetterFacts) -> Dict[str, Any]:
    """What the templates are given: the facts made safe to repeat, dates written out, deadlines."""
    events = current(facts.events)
    made_on = facts.made_on
    found = {d.rule_id: d for d in timeline_deadlines(events, made_on, facts.child_age)}
    happened = {role: event for role, event in events.items() if event.happened}
    decision = latest_decision(events) or _latest_appealable(happened)
    return {
        "today": long_date(made_on),
        "council": one_line(facts.council),
        "child": one_line(facts.child_name),
        "school": one_line(facts.school),
        "age": facts.child_age,
        "concerns": list(facts.concerns),
        "events": {role: _when(event) for role, event in happened.items()},
        "deadlines": {rule: _due(deadline, made_on) for rule, deadline in found.items()},
        "chase": _chase(happened, found, made_on),
        "decision": {"role": decision.role, **_when(decision)} if decision is not None else None,
    }


def one_line(value: Optional[str]) -> Optional[str]:
    """A name or school as given, on one short line, without brackets that could pass for a gap or markup."""
    if value is None:
        return None
    cleaned = " ".join(_UNSAFE.sub(" ", str(value)).split())[:MAX_TEXT].strip()
    return cleaned or None


def _when(event: SaidEvent) -> Dict[str, Optional[str]]:
    """An event's date as a letter may state it: exact ("Thursday 3 September 2026"), or only its
    month ("June 2026") or season ("around June 2026"), never used to count from."""
    day = event.day
    return {
        "exact": long_date(day) if event.exact and day is not None else None,
        "month": f"{day:%B %Y}" if day is not None and event.precision == MONTH else None,
        "around": (f"{day:%B %Y}" if event.precision == SEASON else part_of_month(day) if event.precision == PART
                   else f"the week of {long_date(day)}" if event.precision == WEEK else None) if day is not None else None,
    }


def _due(deadline: Deadline, made_on: date) -> Dict[str, Any]:
    """A deadline as a letter states it: its date, and whether it has passed (only if before today)."""
    return {
        "rule": deadline.rule_id,
        "date": long_date(deadline.due),
        "passed": deadline.due < made_on,
        "today": deadline.due == made_on,
        "met": deadline.status == MET,
        "summer": deadline.exception_likely is not None,
    }


def _chase(happened: Mapping[str, SaidEvent], found: Mapping[str, Deadline], made_on: date) -> Dict[str, Any]:
    """What a chase letter asks for: the most urgent of the council's time limits not yet met.

    No decision after a request: the decision whether to assess (reg 5(1)); assessing but no plan:
    the final plan (reg 13(2)), with the 16 weeks (reg 10(1)) only once that date has passed with no
    plan in sight; a review meeting with no decision: the decision (reg 20(10)). Without exact dates
    the stage comes from the events, and the letter states the rule in words.
    """
    open_ = sorted((found[rule] for rule in CHASED if rule in found and found[rule].status != MET),
                   key=lambda d: (d.due, CHASED.index(d.rule_id)))
    if open_:
        rule = open_[0].rule_id
    elif "review_meeting" in happened and "review_decision" not in happened:
        rule = "review_decision"
    elif any(role in happened for role in EHC_STAGES):
        rule = "final_plan"
    else:
        rule = "assessment_decision"
    due = found.get(rule)
    no_plan = found.get(NO_PLAN)
    also = (rule == "final_plan" and no_plan is not None and no_plan.status != MET and no_plan.due < made_on)
    return {
        "rule": rule,
        "due": _due(due, made_on) if due is not None and due.status != MET else None,
        "no_plan": _due(no_plan, made_on) if also and no_plan is not None else None,
    }


def _latest_appealable(happened: Mapping[str, SaidEvent]) -> Optional[SaidEvent]:
    """The latest appealable decision the family mentioned, even without an exact date."""
    decisions = [e for e in happened.values() if ROLES[e.role].appealable]
    return max(decisions, key=lambda e: (e.on or "", e.said_at), default=None)


# -- checking what a link token carries ------------------------------------------------------------

_EVENT_KEYS = {item.name for item in fields(SaidEvent)}
PRECISIONS = (DAY, WEEK, PART, MONTH, SEASON)
SOURCES = (PARENT, CASE, OFFICER)


def _iso_date(value: Any, name: str) -> date:
    day = parse_iso(value) if isinstance(value, str) else None
    if day is None:
        raise ValueError(f"{name} must be an ISO date, not {value!r}")
    return day


def _text(value: Any, name: str) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT or _UNSAFE.search(value):
        raise ValueError(f"{name} must be a short line of text")
    return value


def _list(value: Any, name: str) -> List[Any]:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"{name} must be a list")
    return list(value)


def _event(item: Any) -> SaidEvent:
    """One timeline event; unknown keys, roles, precisions, sources or dates are refused."""
    if not isinstance(item, Mapping):
        raise ValueError("each event must be a mapping")
    unknown = set(item) - _EVENT_KEYS
    if unknown:
        raise ValueError(f"unknown event keys {sorted(map(str, unknown))}")
    if "on" in item and item["on"] is not None:
        _iso_date(item["on"], "on")
    if item.get("precision", DAY) not in PRECISIONS or item.get("source", PARENT) not in SOURCES:
        raise ValueError("unknown event precision or source")
    for flag in ("happened", "corrects"):
        if not isinstance(item.get(flag, False), bool):
            raise ValueError(f"{flag} must be true or false")
    if not isinstance(item.get("phrase", ""), str) or isinstance(item.get("said_at", 0.0), bool):
        raise ValueError("malformed event")
    try:
        return SaidEvent.from_dict(item)
    except (TypeError, ValueError) as error:
        raise ValueError(f"malformed event: {error}") from None


# -- the files to download --------------------------------------------------------------------------

def as_docx(letter: Letter) -> bytes:
    """A Word file with one paragraph per text paragraph (a single newline stays a line break), so
    joining the reopened paragraphs' text with a blank line gives `letter.text` exactly."""
    from docx import Document  # python-docx, imported only when a file is wanted

    document = Document()
    document.core_properties.title = letter.kind.title
    document.core_properties.author = ""
    document.core_properties.last_modified_by = ""
    for paragraph in letter.text.split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_plain_text(letter: Letter) -> str:
    """The letter as a .txt file's content: `letter.text` ending with one newline, with no stray
    carriage return (a CRLF or a lone CR becomes a newline), so it reads the same in any editor."""
    return letter.text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n") + "\n"
