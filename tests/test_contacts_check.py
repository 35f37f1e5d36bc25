"""The local contacts checks (issue 18): the rules, the shipped file and `python -m bot contacts check`."""
from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Dict, List

import pytest

from bot import PROJECT_DIR
from knowledge import KNOWLEDGE_DIR
from knowledge.contacts_check import (
    AUTHORITIES_CSV, CONTACT_COLUMNS, SERVICES, Problem, missing_services, normalise_phone, read_rows, report,
    row_problems, valid_email, valid_uk_phone, valid_url)

SHIPPED = KNOWLEDGE_DIR / "local_contacts.csv"
TODAY = date(2026, 11, 26)
AUTHORITIES = read_rows(AUTHORITIES_CSV)
KNOWN = {authority["gss_code"] for authority in AUTHORITIES}
LEEDS = "E08000035"


def contact(**fields: str) -> Dict[str, str]:
    """A clean, fictional-but-well-formed Leeds SENDIASS row, with `fields` changed."""
    row = {"gss_code": LEEDS, "council": "Leeds", "service": "sendiass", "name": "Example SENDIASS",
           "website": "https://www.example.org.uk", "phone": "0113 378 5020", "email": "help@example.org.uk",
           "source": "https://www.example.org.uk/contact", "checked": "2026-11-26"}
    row.update(fields)
    return row


def kinds(row: Dict[str, str], today: date = TODAY) -> List[str]:
    return [problem.kind for problem in row_problems(row, today, KNOWN)]


def test_a_clean_row_has_no_problems():
    assert row_problems(contact(), TODAY, KNOWN) == []
    assert row_problems(dict.fromkeys(CONTACT_COLUMNS, "") | {"gss_code": LEEDS, "service": "send_team"},
                        TODAY, KNOWN) == []


def test_a_row_twelve_months_and_a_day_old_is_stale():
    assert kinds(contact(checked="2025-11-25")) == ["stale"]
    assert kinds(contact(checked="2025-11-26")) == []
    problem = row_problems(contact(checked="2025-11-25"), TODAY, KNOWN)[0]
    assert problem == Problem(LEEDS, "Leeds", "sendiass", "checked", "stale", problem.detail)


def test_facts_need_a_source_and_a_date():
    assert kinds(contact(source="")) == ["no_source"]
    assert kinds(contact(checked="")) == ["no_date"]
    assert kinds(contact(checked="26/11/2026")) == ["no_date"]


@pytest.mark.parametrize("phone", ["0123", "01234 56789x", "call 0113 378 5020", "0113 378 5020; 0113 378 5021",
                                   "+33 1 42 68 53 00"])
def test_a_malformed_phone_is_caught(phone):
    assert not valid_uk_phone(phone)
    assert kinds(contact(phone=phone)) == ["bad_phone"]


@pytest.mark.parametrize("phone, national", [("01234 567890", "01234 567890"), ("0161 2098356", "0161 209 8356"),
                                             ("0300 041 2000", "0300 041 2000"), ("03000 267 800", "0300 026 7800"),
                                             ("0800 195 1635", "0800 195 1635"), ("+44 20 7946 0958", "020 7946 0958")])
def test_uk_landlines_and_0300_0800_numbers_are_accepted(phone, national):
    assert valid_uk_phone(phone)
    assert normalise_phone(phone) == national
    assert kinds(contact(phone=phone)) == []


@pytest.mark.parametrize("email", ["sen.team@", "a@b@example.org", "one@example.org; two@example.org", "no at sign"])
def test_a_bad_email_is_caught(email):
    assert not valid_email(email)
    assert kinds(contact(email=email)) == ["bad_email"]


@pytest.mark.parametrize("url", ["www.example.org.uk/send", "ftp://example.org.uk", "https://localhost/x",
                                 "https://www.example.org.uk/a page"])
def test_a_bad_url_is_caught_in_the_website_and_the_source(url):
    assert not valid_url(url)
    assert kinds(contact(website=url)) == ["bad_url"]
    assert [(p.field, p.kind) for p in row_problems(contact(source=url), TODAY, KNOWN)] == [("source", "bad_url")]


def test_an_unknown_gss_code_is_caught():
    assert kinds(contact(gss_code="E99999999")) == ["unknown_council"]
    assert kinds(contact(gss_code="S12000033")) == ["unknown_council"]  # Aberdeen: not an English council


def test_a_council_missing_a_service_is_reported():
    rows = [contact(service=service) for service in SERVICES]
    assert "Leeds" not in missing_services(rows, AUTHORITIES)
    rows[2] = dict.fromkeys(CONTACT_COLUMNS, "") | {"gss_code": LEEDS, "service": "parent_carer_forum"}
    rows[3] = contact(service="local_offer", name="")  # a website alone is not a named service
    assert missing_services(rows, AUTHORITIES)["Leeds"] == ["parent_carer_forum", "local_offer"]
    assert len(missing_services(rows, AUTHORITIES)) == len(AUTHORITIES)
    assert "  Leeds: parent_carer_forum, local_offer" in report(rows, AUTHORITIES, TODAY)


def test_the_shipped_file_covers_every_council_and_passes_every_check():
    with open(SHIPPED, encoding="utf-8", newline="") as handle:
        assert tuple(csv.DictReader(handle).fieldnames or ()) == CONTACT_COLUMNS
    rows = read_rows(SHIPPED)
    assert len(rows) == 612
    expected = [(authority["gss_code"], service) for authority in AUTHORITIES for service in SERVICES]
    assert [(row["gss_code"], row["service"]) for row in rows] == expected
    assert len({row["gss_code"] for row in rows}) == len(AUTHORITIES) == 153
    problems = [problem for row in rows for problem in row_problems(row, TODAY, KNOWN)]
    assert problems == []


def contacts_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "contacts", "check", "--file", str(path),
                           "--today", "2026-11-26"], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60)


def write_contacts(path: Path, rows: List[Dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CONTACT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_command_fails_on_a_bad_phone(tmp_path):
    result = contacts_check(write_contacts(tmp_path / "contacts.csv", [contact(phone="01234 56789x")]))
    assert result.returncode == 1
    assert "bad_phone" in result.stdout and "01234 56789x" in result.stdout


def test_the_command_passes_a_clean_file_and_prints_the_counts(tmp_path):
    rows = [contact(service=service) for service in SERVICES]
    rows[1]["name"] = ""  # a missing service is reported, not a failure
    result = contacts_check(write_contacts(tmp_path / "contacts.csv", rows))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sendiass: 1 / 1 / 1 / 1" in result.stdout
    assert "send_team: 0 / 1 / 1 / 1" in result.stdout
    assert "Problems: none." in result.stdout
    assert "  Leeds: send_team" in result.stdout
