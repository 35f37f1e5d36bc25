"""Local and national contacts: every entry is sourced and dated, and nothing is invented."""
from __future__ import annotations

import csv
from datetime import date

import pytest

from knowledge.authorities import all_authorities
from knowledge.contacts import (
    LOCAL_CONTACTS_CSV, SERVICES, contacts_lines, directory_for, local_contacts, national_contacts,
)


def test_every_local_entry_is_for_a_known_authority_and_service_with_source_and_date() -> None:
    codes = {a.gss_code for a in all_authorities()}
    with LOCAL_CONTACTS_CSV.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["gss_code"] in codes, row
        assert row["service"] in SERVICES, row
        assert row["url"].startswith("https://") and row["source"], row
        assert date.fromisoformat(row["checked"]) <= date(2026, 11, 24), row


def test_a_known_contact_is_given_with_the_date_it_was_checked() -> None:
    contacts = local_contacts("Surrey County Council")
    lines = "\n".join(contacts_lines(contacts))
    assert "SEND Advice Surrey, https://www.sendadvicesurrey.org.uk (checked Tuesday 24 November 2026)" in lines


@pytest.mark.parametrize("authority", [a.name for a in all_authorities()])
def test_every_authority_gets_all_four_services_or_the_directory_to_find_them(authority: str) -> None:
    contacts = local_contacts(authority)
    lines = contacts_lines(contacts)
    assert len(lines) == len(SERVICES)
    for service in contacts.missing:
        assert any(directory_for(service).url in line and "do not have a checked contact" in line
                   for line in lines)


def test_authorities_are_found_by_their_gss_code() -> None:
    from knowledge.authorities import authority_by_code

    assert all(authority_by_code(a.gss_code) is a for a in all_authorities())
    assert authority_by_code("W06000015") is None  # Cardiff


def test_places_outside_england_are_not_given_local_contacts() -> None:
    assert local_contacts("Cardiff") is None
    assert local_contacts("") is None


def test_national_contacts_cover_advice_the_tribunal_and_the_ombudsman() -> None:
    contacts = national_contacts()
    for key in ["ipsea", "sossen", "contact", "tribunal", "mediation", "ombudsman", "iass_directory",
                "parent_carer_forums"]:
        assert contacts[key].url.startswith("https://"), key
