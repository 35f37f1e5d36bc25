"""Who a family can contact: their council's SEND services, and national organisations.

Local entries come from `local_contacts.csv` (one row per council per service, each fact with the
page it was read on and the date; see CONTACTS.md). A service we hold no name for is in
`LocalContacts.missing`, and the reply points to the national directory for it instead of
inventing a contact; a field we could not confirm (a phone number, a website) is said to be
missing for that field only.
"""
from __future__ import annotations

import csv
from datetime import date
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from knowledge.authorities import LocalAuthority, find_authority
from knowledge.dates import long_date

KNOWLEDGE_DIR = Path(__file__).parent
LOCAL_CONTACTS_CSV = KNOWLEDGE_DIR / "local_contacts.csv"
NATIONAL_CONTACTS_YML = KNOWLEDGE_DIR / "national_contacts.yml"

# The local services every council area has, what each is, and where to look when we have no entry.
SERVICES: Dict[str, Tuple[str, str]] = {
    "sendiass": ("SENDIASS (free, impartial advice for parents)", "iass_directory"),
    "send_team": ("Council SEND team (it runs EHC assessments and plans)", "find_council"),
    "parent_carer_forum": ("Parent carer forum (local parents who work with the council)", "parent_carer_forums"),
    "local_offer": ("Local Offer (the council's list of SEND help in the area)", "find_council"),
}


@dataclass(frozen=True)
class Contact:
    """One organisation a family can contact, with where we found it."""

    name: str
    url: str
    what: str = ""
    source: str = ""
    checked: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class LocalContacts:
    """The contacts we hold for one authority, and the services we hold none for."""

    authority: LocalAuthority
    known: Dict[str, Contact]
    missing: Tuple[str, ...]


@lru_cache(maxsize=1)
def national_contacts() -> Dict[str, Contact]:
    """National organisations by id (ipsea, sossen, contact, tribunal, ombudsman, directories)."""
    with NATIONAL_CONTACTS_YML.open(encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)
    return {e["id"]: Contact(e["name"], e["url"], e["what"], e["source"]) for e in entries}


@lru_cache(maxsize=1)
def _local_table() -> Dict[str, Dict[str, Contact]]:
    table: Dict[str, Dict[str, Contact]] = {}
    with LOCAL_CONTACTS_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["name"].strip() or not row["source"].strip():
                continue  # nothing confirmed for this service: the directory is given instead
            table.setdefault(row["gss_code"], {})[row["service"]] = Contact(
                row["name"].strip(), row["website"].strip(), SERVICES[row["service"]][0], row["source"],
                row["checked"], row["phone"].strip(), row["email"].strip())
    return table


def local_contacts(authority_name: str) -> Optional[LocalContacts]:
    """The contacts for an authority (by name or variant), or None when it is not an English authority."""
    authority = find_authority(authority_name)
    if authority is None:
        return None
    known = _local_table().get(authority.gss_code, {})
    missing = tuple(service for service in SERVICES if service not in known)
    return LocalContacts(authority, dict(known), missing)


def directory_for(service: str) -> Contact:
    """The national directory to use when we hold no checked contact for a local service."""
    return national_contacts()[SERVICES[service][1]]


def contact_line(description: str, contact: Contact) -> str:
    """"• SENDIASS (...): IASK, phone 03000 412 412, https://... (checked 26 November 2026)." A field we
    could not confirm is said to be missing, for that field only."""
    checked = long_date(date.fromisoformat(contact.checked)) if contact.checked else "not dated"
    facts = [f"phone {contact.phone}" if contact.phone else "", contact.email, contact.url]
    gaps = [word for word, value in (("phone number", contact.phone), ("website", contact.url)) if not value]
    gap = f"no checked {' or '.join(gaps)} yet, " if gaps else ""
    return f"• {description}: {', '.join([contact.name, *[f for f in facts if f]])} ({gap}checked {checked})."


def contacts_lines(contacts: LocalContacts, phones_first: bool = False) -> List[str]:
    """Plain-English lines: what we know (with when we checked it), then where to look for the rest.
    With `phones_first` (SMS), the services with a phone number come first."""
    known = [(service, contacts.known[service]) for service in SERVICES if service in contacts.known]
    if phones_first:
        known.sort(key=lambda item: not item[1].phone)
    lines = [contact_line(SERVICES[service][0], contact) for service, contact in known]
    for service in contacts.missing:
        description = SERVICES[service][0]
        directory = directory_for(service)
        lines.append(f"• {description}: I do not have a checked contact for {contacts.authority.name} yet. "
                     f"Find yours here: {directory.url}")
    return lines
