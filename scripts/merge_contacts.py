#!/usr/bin/env python
"""Merge the raw local contacts (knowledge/contacts_work/*.csv) into one cleaned file (issue 18).

One row per council per service, for every council in knowledge/local_authorities.csv, in that
file's order and then in SERVICES order. The raw rows are the source of truth; where a raw row is
empty and the earlier knowledge/contacts_work/local_contacts_2026-11-24.csv has a row for that council and service, that row
is taken whole (its url becomes the website; its own source and checked date are kept).

Cleaning never guesses: whitespace is stripped; phone numbers are written in UK national format and
one that is not a single valid UK number is emptied; an email that is not one valid address is
emptied; a website that is not an http(s) URL is emptied; a row whose source is empty or not a URL,
or whose checked date is not an ISO date, loses all its facts (a fact without its page and date is
not kept). Everything emptied is printed, then the final counts and the checker's problems.

Then the second pass (knowledge/contacts_work/second_pass/*.csv, 2026-11-27, with a notes file per
group): a service with no name yet takes the first second-pass row that has a name, unless
SECOND_PASS_SKIPPED names it (a page the collector flagged as old, a name the page did not give or
only a generic one, a forum the page did not call the council's); a row in
SECOND_PASS_REPLACES replaces the first pass's row (a newer page says the service changed).

Rerunnable: it reads only the raw files and the current file and overwrites the output.

Usage: python scripts/merge_contacts.py [--output knowledge/local_contacts.csv]
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from collections import Counter
from typing import Dict, List, Optional, Tuple

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from knowledge import KNOWLEDGE_DIR  # noqa: E402
from knowledge.contacts_check import (  # noqa: E402
    AUTHORITIES_CSV, CONTACT_COLUMNS, FACTS, LOCAL_CONTACTS_CSV, SERVICES, all_problems, has_facts,
    normalise_phone, read_rows, report, valid_email, valid_uk_phone, valid_url)
from knowledge.dates import parse_iso, today_in_england  # noqa: E402

WORK_DIR = KNOWLEDGE_DIR / "contacts_work"
OUTPUT_CSV = LOCAL_CONTACTS_CSV
# The 11 rows the assistant shipped before this collection (old columns: gss_code,service,name,url,source,checked).
EARLIER_CSV = KNOWLEDGE_DIR / "contacts_work" / "local_contacts_2026-11-24.csv"

SECOND_PASS_DIR = WORK_DIR / "second_pass"
# (gss_code, service): why the second pass's row is not used (from the collectors' notes).
SECOND_PASS_SKIPPED: Dict[Tuple[str, str], str] = {
    ("E09000006", "sendiass"): "Bromley: the page does not call it the SENDIASS (low confidence)",
    ("E06000009", "sendiass"): "Blackpool: the name was put together by the collector, not read on the page",
    ("E09000020", "parent_carer_forum"): "Kensington and Chelsea: a 2011 blog that does not say it is the forum",
    ("E10000018", "parent_carer_forum"): "Leicestershire: the page does not say it is the parent carer forum",
    ("E09000019", "parent_carer_forum"): "Islington: not said to be the council's parent carer forum",
    ("E09000032", "parent_carer_forum"): "Wandsworth: not said to be the council's parent carer forum",
    ("E08000014", "sendiass"): "Sefton: a page from about 2014 (Parent Partnership); the number may be out of date",
    ("E06000046", "sendiass"): "Isle of Wight: a page from before 2014; may be out of date",
    ("E09000007", "send_team"): "Camden: pages from about 2014-15",
    ("E06000019", "send_team"): "Herefordshire: the page speaks of September 2014 as still to come",
    ("E06000014", "send_team"): "York: the page still speaks of statements (before 2014)",
    ("E09000001", "sendiass"): "City of London: a generic name in a news article, no contact",
    ("E09000014", "sendiass"): "Haringey: a 2021 blog about re-contracting the service; the provider may have changed",
    ("E09000028", "sendiass"): "Southwark: only 'the Information Advice and Support team'",
    ("E06000061", "sendiass"): "North Northamptonshire: only a generic 'local impartial IASS'",
    ("E06000062", "sendiass"): "West Northamptonshire: only a generic 'Information, Advice and Support Service'",
    ("E06000005", "sendiass"): "Darlington: only the word 'SENDIASS', no contact",
    ("E08000021", "sendiass"): "Newcastle upon Tyne: only the word 'SENDIASS', no contact",
    ("E06000033", "sendiass"): "Southend-on-Sea: only the word 'SENDIASS', no contact",
    ("E06000039", "sendiass"): "Slough: only a generic name, no contact",
    ("E06000055", "sendiass"): "Bedford: 'SEND Advice' is not called the SENDIASS on the page",
    ("E06000066", "sendiass"): "Somerset: a 2020 guide from before the unitary council",
    ("E10000019", "send_team"): "Lincolnshire: only 'SEND caseworkers', no team name or contact",
}
# (gss_code, service): a newer page shows the first pass's row is out of date.
SECOND_PASS_REPLACES: Dict[Tuple[str, str], str] = {
    ("E06000064", "sendiass"): "Westmorland and Furness: its own SENDIASS site replaces Cumbria's (2023 split)",
}

Row = Dict[str, str]
Key = Tuple[str, str]
Emptied = Tuple[str, str, str]  # (which row, which field or "row", why)


def read_work_rows(work_dir: Path, known: Dict[str, str]) -> Dict[Key, Row]:
    """The raw rows by (gss_code, service); a duplicate, unknown council or unknown service stops the merge."""
    rows: Dict[Key, Row] = {}
    errors: List[str] = []
    for path in sorted(work_dir.glob("*.csv")):
        if path.name == EARLIER_CSV.name:
            continue  # the rows shipped before the collection: used only where a raw row is empty
        for line, raw in enumerate(read_rows(path), start=2):
            row = {column: (raw.get(column) or "").strip() for column in CONTACT_COLUMNS}
            key = (row["gss_code"], row["service"])
            where = f"{path.name} line {line}"
            if row["gss_code"] not in known:
                errors.append(f"{where}: unknown council {row['gss_code']!r}")
            elif row["service"] not in SERVICES:
                errors.append(f"{where}: unknown service {row['service']!r}")
            elif key in rows:
                errors.append(f"{where}: a second row for {key[0]} {key[1]}")
            else:
                rows[key] = row
    if errors:
        raise SystemExit("Cannot merge:\n  " + "\n  ".join(errors))
    return rows


def read_existing_rows(path: Path) -> Dict[Key, Row]:
    """The rows the assistant uses now, by (gss_code, service), in the contacts columns."""
    if not path.exists():
        return {}
    existing: Dict[Key, Row] = {}
    for raw in read_rows(path):
        row = {column: (raw.get(column) or "").strip() for column in CONTACT_COLUMNS}
        row["website"] = row["website"] or (raw.get("url") or "").strip()
        existing[(row["gss_code"], row["service"])] = row
    return existing


def clean(row: Row, emptied: List[Emptied]) -> Row:
    """The row with every unverifiable field emptied; each emptying is appended to `emptied`."""
    row = dict(row)
    label = f"{row['gss_code']} {row['council']} {row['service']}"

    def empty(field: str, reason: str) -> None:
        emptied.append((label, field, f"{row[field]!r}: {reason}"))
        row[field] = ""

    if row["phone"]:
        if valid_uk_phone(row["phone"]):
            row["phone"] = normalise_phone(row["phone"])
        else:
            empty("phone", "not one valid UK phone number")
    if row["email"] and not valid_email(row["email"]):
        empty("email", "not one valid email address")
    if row["website"] and not valid_url(row["website"]):
        empty("website", "not an http(s) URL")
    if row["source"] and not valid_url(row["source"]):
        empty("source", "not an http(s) URL")
    if row["checked"] and parse_iso(row["checked"]) is None:
        empty("checked", "not an ISO date")
    if has_facts(row) and not (row["source"] and row["checked"]):
        missing = "source" if not row["source"] else "checked date"
        emptied.append((label, "row", f"facts emptied, no {missing} "
                                      f"({', '.join(f'{f}={row[f]!r}' for f in FACTS if row[f])})"))
        for fact in FACTS:
            row[fact] = ""
    if not row["source"]:
        row["checked"] = ""
    return row


def merge(authorities: List[Row], work: Dict[Key, Row], existing: Dict[Key, Row],
          emptied: List[Emptied], notes: List[str]) -> List[Row]:
    """One cleaned row per council per service."""
    merged: List[Row] = []
    for authority in authorities:
        gss, council = authority["gss_code"], authority["name"]
        for service in SERVICES:
            blank = dict.fromkeys(CONTACT_COLUMNS, "")
            row = dict(work.get((gss, service)) or blank)
            if row["council"] and row["council"] != council:
                notes.append(f"{gss} {service}: council {row['council']!r} written as {council!r}")
            row.update(gss_code=gss, council=council, service=service)
            current = existing.get((gss, service))
            if current and not has_facts(row) and (current["name"] or current["website"]):
                row.update({field: current[field] for field in CONTACT_COLUMNS if field not in
                            ("gss_code", "council", "service")})
                notes.append(f"{gss} {council} {service}: taken from {EARLIER_CSV.name} "
                             f"({row['name']!r})")
            elif current and has_facts(row) and current["website"] and not row["website"]:
                notes.append(f"{gss} {council} {service}: raw row kept; {EARLIER_CSV.name} also has "
                             f"website {current['website']!r} from another page (not merged)")
            merged.append(clean(row, emptied))
    return merged


def read_second_pass(folder: Path, known: Dict[str, str]) -> Dict[Key, List[Row]]:
    """The second pass's rows by (gss_code, service), in file order; unknown councils or services stop."""
    found: Dict[Key, List[Row]] = {}
    for path in sorted(folder.glob("*.csv")):
        for line, raw in enumerate(read_rows(path), start=2):
            row = {column: (raw.get(column) or "").strip() for column in CONTACT_COLUMNS}
            if row["gss_code"] not in known or row["service"] not in SERVICES:
                raise SystemExit(f"Cannot merge: {path.name} line {line}: unknown council or service")
            found.setdefault((row["gss_code"], row["service"]), []).append(row)
    return found


def apply_second_pass(merged: List[Row], second: Dict[Key, List[Row]], emptied: List[Emptied],
                      notes: List[str]) -> List[Row]:
    """Fill services that have no name from the second pass; replace the rows SECOND_PASS_REPLACES names."""
    result: List[Row] = []
    for row in merged:
        key = (row["gss_code"], row["service"])
        candidates = [clean({**r, "council": row["council"]}, emptied) for r in second.get(key, [])]
        usable = [r for r in candidates if r["name"]]
        if key in SECOND_PASS_SKIPPED and usable:
            notes.append(f"second pass not used: {SECOND_PASS_SKIPPED[key]}")
        elif usable and (not row["name"] or key in SECOND_PASS_REPLACES):
            if row["name"]:
                notes.append(f"second pass replaces {row['name']!r}: {SECOND_PASS_REPLACES[key]}")
            row = usable[0]
        result.append(row)
    return result


def write_rows(path: Path, rows: List[Row]) -> None:
    """Write the rows in CONTACT_COLUMNS order."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CONTACT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: Optional[List[str]] = None) -> int:
    """Merge, clean, write and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT_CSV)
    parser.add_argument("--existing", type=Path, default=EARLIER_CSV)
    args = parser.parse_args(argv)

    authorities = read_rows(AUTHORITIES_CSV)
    known = {authority["gss_code"]: authority["name"] for authority in authorities}
    work = read_work_rows(WORK_DIR, known)
    emptied: List[Emptied] = []
    notes: List[str] = []
    merged = merge(authorities, work, read_existing_rows(args.existing), emptied, notes)
    merged = apply_second_pass(merged, read_second_pass(SECOND_PASS_DIR, known), emptied, notes)
    write_rows(args.output, merged)

    print(f"Read {len(work)} raw rows from {WORK_DIR.relative_to(PROJECT_DIR)}/.")
    for note in notes:
        print(f"  note: {note}")
    print(f"Emptied by cleaning ({len(emptied)}):")
    for label, field, why in emptied:
        print(f"  {label} {field} {why}")
    totals = Counter(field for _, field, _ in emptied)
    print("  totals: " + ", ".join(f"{field} {totals[field]}" for field in
                                   ("phone", "email", "website", "source", "checked", "row")))
    print(f"Wrote {len(merged)} rows to {args.output}.\n")
    today = today_in_england()
    print(report(merged, authorities, today), end="")
    return 1 if all_problems(merged, authorities, today) else 0


if __name__ == "__main__":
    sys.exit(main())
