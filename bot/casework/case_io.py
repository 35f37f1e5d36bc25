"""Import cases from CSV (all or nothing, every bad row reported with its line and reason),
and export them again (one case as JSON, or every case as CSV rows in the import format)."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, Iterable, List, Optional, Tuple

import sqlalchemy as sa

from bot.casework.database import session_scope
from bot.casework.models import (
    CASE_KEY_DATES, AuditEntry, Case, CaseEvent, Child, ContactIdentity, Family,
)
from bot.casework.verification import new_reference, normalise_reference
from knowledge.authorities import authority_by_code, find_authority
from knowledge.situation import STAGE_LABELS

COLUMNS = ("reference", "parent_name", "phone", "email", "child_first_name", "child_date_of_birth",
           "local_authority", "stage", *CASE_KEY_DATES, "transfer_year", "post16_transfer")
REQUIRED = ("parent_name", "child_first_name", "child_date_of_birth", "local_authority", "stage")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}$")
MAX_TEXT = 200


@dataclass(frozen=True)
class CaseRecord:
    """One valid row, ready to store."""

    reference: str
    parent_name: str
    phone: Optional[str]
    email: Optional[str]
    child_first_name: str
    child_date_of_birth: date
    local_authority_code: str
    stage: str
    key_dates: Dict[str, date] = field(default_factory=dict)
    transfer_year: Optional[int] = None
    post16_transfer: bool = False


@dataclass
class ImportReport:
    imported: int = 0
    errors: List[Tuple[int, str]] = field(default_factory=list)


def normalise_phone(text: str) -> Optional[str]:
    """A UK phone number in E.164 form ("07700 900001" -> "+447700900001"), or None."""
    digits = re.sub(r"[\s().-]", "", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("0"):
        digits = "+44" + digits[1:]
    return digits if re.fullmatch(r"\+\d{10,15}", digits) else None


def _date(text: str) -> date:
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)  # British day/month/year
    if match:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return date.fromisoformat(text)


def parse_row(row: Dict[str, Optional[str]], today: date) -> CaseRecord:
    """One CSV row as a record; ValueError with a plain reason when it is not valid."""
    values = {key: (row.get(key) or "").strip() for key in COLUMNS}
    for key, value in values.items():
        if _CONTROL.search(value):
            raise ValueError(f"{key} contains control characters")
        if len(value) > MAX_TEXT:
            raise ValueError(f"{key} is longer than {MAX_TEXT} characters")
    missing = [key for key in REQUIRED if not values[key]]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    # A new case gets a random reference (never the next number); existing references are kept.
    reference = normalise_reference(values["reference"]) if values["reference"] else new_reference()
    if reference is None:
        raise ValueError(f"reference {values['reference']!r} is not like SR-7K4M-9QXD (or leave it empty for a new one)")
    try:
        birth = _date(values["child_date_of_birth"])
    except ValueError:
        raise ValueError("child_date_of_birth is not a date (use 2018-05-14 or 14/05/2018)") from None
    if not (date(today.year - 26, 1, 1) <= birth <= today):
        raise ValueError("child_date_of_birth must be in the past and within 25 years")
    authority = find_authority(values["local_authority"]) or authority_by_code(values["local_authority"])
    if authority is None:
        raise ValueError(f"local_authority {values['local_authority']!r} is not an English council")
    if values["stage"] not in STAGE_LABELS:
        raise ValueError(f"stage {values['stage']!r} is not one of {', '.join(STAGE_LABELS)}")
    phone = normalise_phone(values["phone"]) if values["phone"] else None
    if values["phone"] and phone is None:
        raise ValueError(f"phone {values['phone']!r} is not a phone number")
    if values["email"] and not _EMAIL.match(values["email"]):
        raise ValueError(f"email {values['email']!r} is not an email address")
    key_dates = {}
    for name in CASE_KEY_DATES:
        if values[name]:
            try:
                key_dates[name] = _date(values[name])
            except ValueError:
                raise ValueError(f"{name} is not a date") from None
            if key_dates[name] > today:
                raise ValueError(f"{name} is in the future")
    transfer_year = None
    if values["transfer_year"]:
        if not values["transfer_year"].isdigit() or not today.year - 1 <= int(values["transfer_year"]) <= today.year + 5:
            raise ValueError("transfer_year must be a year close to now")
        transfer_year = int(values["transfer_year"])
    post16 = values["post16_transfer"].lower() in ("yes", "true", "1")
    return CaseRecord(reference, values["parent_name"], phone, values["email"].lower() or None,
                      values["child_first_name"], birth, authority.gss_code, values["stage"], key_dates,
                      transfer_year, post16)


def parse_rows(rows: Iterable[Dict[str, Optional[str]]], today: date,
               first_line: int = 2) -> Tuple[List[CaseRecord], List[Tuple[int, str]]]:
    """Every row parsed; errors carry the file's line number (the header is line 1)."""
    records: List[CaseRecord] = []
    errors: List[Tuple[int, str]] = []
    seen: Dict[str, int] = {}
    for line, row in enumerate(rows, first_line):
        try:
            record = parse_row(row, today)
        except ValueError as error:
            errors.append((line, str(error)))
            continue
        if record.reference in seen:
            errors.append((line, f"reference {record.reference} repeats line {seen[record.reference]}"))
            continue
        seen[record.reference] = line
        records.append(record)
    return records, errors


def import_records(url: str, records: List[CaseRecord], lines: Optional[List[int]] = None,
                   actor: str = "import") -> ImportReport:
    """Store every record in one transaction, or none when any reference already exists."""
    report = ImportReport()
    with session_scope(url) as session:
        existing = set(session.execute(
            sa.select(Case.reference).where(Case.reference.in_([r.reference for r in records]))
        ).scalars())
        if existing:
            for index, record in enumerate(records):
                if record.reference in existing:
                    report.errors.append(((lines or [])[index] if lines else index + 2,
                                          f"reference {record.reference} is already in the store"))
            return report
        for record in records:
            _store(session, record)
        session.add(AuditEntry(actor=actor, action="cases_imported", detail=str(len(records))))
        report.imported = len(records)
    return report


def _store(session: Any, record: CaseRecord) -> None:
    family = None
    for kind, value in (("phone", record.phone), ("email", record.email)):
        if value:
            identity = session.execute(sa.select(ContactIdentity).where(
                ContactIdentity.kind == kind, ContactIdentity.value == value)).scalar_one_or_none()
            family = family or (identity.family if identity else None)
    if family is None:
        family = Family(parent_name=record.parent_name)
        session.add(family)
    known = {(i.kind, i.value) for i in family.identities}
    for kind, value in (("phone", record.phone), ("email", record.email)):
        if value and (kind, value) not in known:
            family.identities.append(ContactIdentity(kind=kind, value=value))
    child = next((c for c in family.children if c.first_name == record.child_first_name
                  and c.date_of_birth == record.child_date_of_birth), None)
    if child is None:
        child = Child(first_name=record.child_first_name, date_of_birth=record.child_date_of_birth)
        family.children.append(child)
    case = Case(reference=record.reference, local_authority_code=record.local_authority_code,
                stage=record.stage, transfer_year=record.transfer_year, post16_transfer=record.post16_transfer,
                **record.key_dates)
    child.cases.append(case)
    for name, value in sorted(record.key_dates.items(), key=lambda item: item[1]):
        case.events.append(CaseEvent(kind=name, happened_on=value, recorded_by="import"))


def import_csv(url: str, text: str, today: date) -> ImportReport:
    """Import a CSV file's text; nothing is stored unless every row is valid."""
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        return ImportReport(errors=[(line, "the file contains a NUL byte: is it really a CSV file?")])
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames
        unknown = [c for c in (fieldnames or []) if c not in COLUMNS]
        if not fieldnames or unknown or any(c not in fieldnames for c in REQUIRED):
            return ImportReport(errors=[(1, f"the header must have {', '.join(REQUIRED)}"
                                            + (f"; unknown columns: {', '.join(unknown)}" if unknown else ""))])
        rows = list(reader)
    except csv.Error as error:
        return ImportReport(errors=[(reader.line_num, f"not readable as CSV: {error}")])
    records, errors = parse_rows(rows, today)
    if errors:
        return ImportReport(errors=errors)
    lines = [line for line, _ in enumerate(rows, 2)]
    return import_records(url, records, lines)


def export_case(url: str, reference: str) -> Optional[Dict[str, Any]]:
    """One case with its family, child and timeline, as JSON-ready data; None when unknown."""
    normalised = normalise_reference(reference)
    with session_scope(url) as session:
        case = session.execute(sa.select(Case).where(Case.reference == normalised)).scalar_one_or_none()
        if case is None:
            return None
        session.add(AuditEntry(actor="cli", action="case_exported", case_id=case.id))
        return {
            **_row(case),
            "timeline": [{"kind": e.kind, "happened_on": e.happened_on.isoformat() if e.happened_on else None,
                          "recorded_by": e.recorded_by, "detail": e.detail,
                          "recorded_at": e.recorded_at.isoformat(timespec="seconds")} for e in case.events],
        }


def _row(case: Case) -> Dict[str, Any]:
    family = case.child.family
    identities = {i.kind: i.value for i in family.identities}
    authority = authority_by_code(case.local_authority_code)
    row: Dict[str, Any] = {
        "reference": case.reference, "parent_name": family.parent_name,
        "phone": identities.get("phone", ""), "email": identities.get("email", ""),
        "child_first_name": case.child.first_name,
        "child_date_of_birth": case.child.date_of_birth.isoformat(),
        "local_authority": authority.name if authority else case.local_authority_code, "stage": case.stage,
        "transfer_year": case.transfer_year or "", "post16_transfer": "yes" if case.post16_transfer else "",
    }
    for name in CASE_KEY_DATES:
        value = getattr(case, name)
        row[name] = value.isoformat() if value else ""
    return row


def export_csv(url: str) -> str:
    """Every case as CSV in the import format."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    with session_scope(url) as session:
        for case in session.execute(sa.select(Case).order_by(Case.reference)).scalars():
            writer.writerow(_row(case))
    return out.getvalue()
