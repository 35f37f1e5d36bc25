"""Checks for the local contacts file (issue 18): age, source, phone, email and URL formats.

Pure functions over rows read from a CSV file; no network look-ups and no Rasa. Used by
`python -m bot contacts check`, by scripts/merge_contacts.py and by tests/test_contacts_check.py.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Set
from urllib.parse import urlparse

import phonenumbers
from dateutil.relativedelta import relativedelta
from email_validator import EmailNotValidError, validate_email

from knowledge.authorities import AUTHORITIES_CSV
from knowledge.contacts import LOCAL_CONTACTS_CSV, SERVICES as SERVICE_DESCRIPTIONS
from knowledge.dates import parse_iso

CONTACT_COLUMNS = ("gss_code", "council", "service", "name", "website", "phone", "email", "source", "checked")
SERVICES = tuple(SERVICE_DESCRIPTIONS)  # the four local services, in the order the assistant gives them
MAX_AGE_MONTHS = 12

# The fields a family would use; a row with any of them filled must name its page and date.
FACTS = ("name", "website", "phone", "email")
# Every kind of problem fails `python -m bot contacts check`; missing services only get reported.
PROBLEM_KINDS = ("stale", "no_source", "no_date", "bad_phone", "bad_email", "bad_url", "unknown_council",
                 "unknown_service")

_PHONE_CHARACTERS = re.compile(r"[0-9+() -]+")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row."""

    gss_code: str
    council: str
    service: str
    field: str
    kind: str
    detail: str


def read_rows(path: Path | str) -> List[Dict[str, str]]:
    """The rows of a CSV file as dicts (UTF-8; a byte-order mark is ignored)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _value(row: Mapping[str, Optional[str]], field: str) -> str:
    return (row.get(field) or "").strip()


def _parse_phone(text: str) -> Optional[phonenumbers.PhoneNumber]:
    text = text.strip()
    if not text or not _PHONE_CHARACTERS.fullmatch(text):
        return None
    try:
        return phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None


def valid_uk_phone(text: str) -> bool:
    """Whether the text is one valid UK (+44) number and nothing else (no words, no extension)."""
    number = _parse_phone(text)
    return number is not None and number.country_code == 44 and phonenumbers.is_valid_number(number)


def normalise_phone(text: str) -> str:
    """The number in UK national format ("0300 041 2000"); text that is not a number comes back stripped."""
    number = _parse_phone(text)
    if number is None:
        return text.strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def valid_email(text: str) -> bool:
    """Whether the text is one syntactically valid email address (no DNS look-up)."""
    text = text.strip()
    if not text:
        return False
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def valid_url(text: str) -> bool:
    """Whether the text is an http(s) URL with a dotted host name and no whitespace."""
    if not text or any(character.isspace() for character in text):
        return False
    try:
        parts = urlparse(text)
        host = parts.hostname or ""
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and "." in host.strip(".")


def has_facts(row: Mapping[str, Optional[str]]) -> bool:
    """Whether the row gives a name, website, phone number or email."""
    return any(_value(row, field) for field in FACTS)


def row_problems(row: Mapping[str, Optional[str]], today: date, known_gss: Iterable[str]) -> List[Problem]:
    """Everything wrong with one row, checked on `today` against the known GSS codes."""
    known = known_gss if isinstance(known_gss, (set, frozenset, dict)) else set(known_gss)
    gss, council, service = _value(row, "gss_code"), _value(row, "council"), _value(row, "service")
    problems: List[Problem] = []

    def problem(field: str, kind: str, detail: str) -> None:
        problems.append(Problem(gss, council, service, field, kind, detail))

    if gss not in known:
        problem("gss_code", "unknown_council", f"{gss or '(empty)'} is not in local_authorities.csv")
    if service not in SERVICES:
        problem("service", "unknown_service", f"{service or '(empty)'} is not one of {', '.join(SERVICES)}")
    source, checked_text = _value(row, "source"), _value(row, "checked")
    checked = parse_iso(checked_text) if checked_text else None
    if has_facts(row) and not source:
        problem("source", "no_source", "facts without the page they came from")
    if checked_text and checked is None:
        problem("checked", "no_date", f"{checked_text!r} is not an ISO date (YYYY-MM-DD)")
    elif has_facts(row) and checked is None:
        problem("checked", "no_date", "facts without the date they were checked")
    if checked is not None and checked < today - relativedelta(months=MAX_AGE_MONTHS):
        problem("checked", "stale", f"checked {checked.isoformat()}, more than {MAX_AGE_MONTHS} months "
                                    f"before {today.isoformat()}")
    phone = _value(row, "phone")
    if phone and not valid_uk_phone(phone):
        problem("phone", "bad_phone", f"{phone!r} is not one valid UK phone number")
    email = _value(row, "email")
    if email and not valid_email(email):
        problem("email", "bad_email", f"{email!r} is not one valid email address")
    for field in ("website", "source"):
        url = _value(row, field)
        if url and not valid_url(url):
            problem(field, "bad_url", f"{url!r} is not an http(s) URL")
    return problems


def all_problems(rows: Iterable[Mapping[str, Optional[str]]], authorities: Sequence[Mapping[str, str]],
                 today: date) -> List[Problem]:
    """The problems of every row."""
    known = {_value(authority, "gss_code") for authority in authorities}
    return [problem for row in rows for problem in row_problems(row, today, known)]


def missing_services(rows: Iterable[Mapping[str, Optional[str]]],
                     authorities: Sequence[Mapping[str, str]]) -> Dict[str, List[str]]:
    """Council name -> the services it has no named row for (councils with all four are left out)."""
    named: Set[tuple] = {(_value(row, "gss_code"), _value(row, "service")) for row in rows if _value(row, "name")}
    missing: Dict[str, List[str]] = {}
    for authority in authorities:
        gss = _value(authority, "gss_code")
        absent = [service for service in SERVICES if (gss, service) not in named]
        if absent:
            missing[_value(authority, "name")] = absent
    return missing


def counts(rows: Iterable[Mapping[str, Optional[str]]]) -> Dict[str, Dict[str, int]]:
    """Service -> fact -> how many rows have it filled."""
    table: Dict[str, Dict[str, int]] = {service: dict.fromkeys(FACTS, 0) for service in SERVICES}
    for row in rows:
        service = _value(row, "service")
        for fact in FACTS:
            if service in table and _value(row, fact):
                table[service][fact] += 1
    return table


def report(rows: Sequence[Mapping[str, Optional[str]]], authorities: Sequence[Mapping[str, str]],
           today: date, problems: Optional[Sequence[Problem]] = None) -> str:
    """A plain-text report: counts per service, problems grouped by kind (`problems` when the caller
    has them already), councils missing a service."""
    lines = [f"Local contacts: {len(rows)} rows, checked on {today.isoformat()}.", "",
             "Filled per service (name / website / phone / email):"]
    for service, filled in counts(rows).items():
        lines.append(f"  {service}: {' / '.join(str(filled[fact]) for fact in FACTS)}")
    missing = missing_services(rows, authorities)
    complete = len(authorities) - len(missing)
    with_sendiass = sum(1 for services in missing.values() if "sendiass" not in services) + complete
    without_source = sum(1 for row in rows if has_facts(row) and not _value(row, "source"))
    lines += [f"Councils with a named SENDIASS row: {with_sendiass} of {len(authorities)}.",
              f"Councils with all four services: {complete} of {len(authorities)}.",
              f"Rows with facts but no source: {without_source}.", ""]
    grouped: Dict[str, List[Problem]] = defaultdict(list)
    for problem in all_problems(rows, authorities, today) if problems is None else problems:
        grouped[problem.kind].append(problem)
    if grouped:
        lines.append(f"Problems ({sum(len(found) for found in grouped.values())}):")
        for kind in PROBLEM_KINDS:
            if grouped.get(kind):
                lines.append(f"  {kind} ({len(grouped[kind])}):")
                lines += [f"    {p.gss_code} {p.council} {p.service} {p.field}: {p.detail}" for p in grouped[kind]]
    else:
        lines.append("Problems: none.")
    lines.append("")
    if missing:
        lines.append(f"Councils missing a service ({len(missing)}):")
        lines += [f"  {council}: {', '.join(services)}" for council, services in missing.items()]
    else:
        lines.append("Councils missing a service: none.")
    return "\n".join(lines) + "\n"
