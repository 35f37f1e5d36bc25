"""Local and national contacts: every entry is sourced and dated, and nothing is invented."""
from __future__ import annotations

import csv
from datetime import date

import pytest

from knowledge.authorities import all_authorities
from knowledge.dates import today_in_england
from knowledge.contacts import (
    LOCAL_CONTACTS_CSV, SERVICES, contacts_lines, directory_for, local_contacts, national_contacts,
)


def test_every_local_entry_is_for_a_known_authority_and_service_with_source_and_date() -> None:
    codes = {a.gss_code for a in all_authorities()}
    with LOCAL_CONTACTS_CSV.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4 * len(codes), "one row per council per service"
    for row in rows:
        assert row["gss_code"] in codes and row["service"] in SERVICES, row
        if row["name"]:
            assert row["source"].startswith(("https://", "http://")), row
            assert date.fromisoformat(row["checked"]) <= today_in_england(), row  # never a future date


def test_a_known_contact_is_given_with_what_was_checked_and_when() -> None:
    lines = "\n".join(contacts_lines(local_contacts("Surrey County Council")))
    assert "SEND Advice Surrey, https://sendadvicesurrey.org.uk/ (no checked phone number yet, " \
           "checked Thursday 26 November 2026)" in lines


def test_a_phone_number_is_given_and_comes_first_for_text_messages() -> None:
    contacts = local_contacts("Telford and Wrekin")
    phoned = [c for c in contacts.known.values() if c.phone]
    assert phoned, "this council's SEND team has a checked phone number"
    first = contacts_lines(contacts, phones_first=True)[0]
    assert f"phone {phoned[0].phone}" in first
    assert f"phone {phoned[0].phone}" not in contacts_lines(contacts)[0], "on the web, services keep their order"


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
