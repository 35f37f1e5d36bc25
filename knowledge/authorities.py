"""The English local authorities with SEND duties, loaded from `local_authorities.csv`,
and the main towns in each (`towns.csv`), so "we live in Watford" finds Hertfordshire.

Source: ONS "Counties and Unitary Authorities (April 2023) Names and Codes in England" and the
DfE list of the 153 local authorities responsible for children with SEND (checked 2026-11).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterator, List, Optional, Tuple

from knowledge import KNOWLEDGE_DIR

AUTHORITIES_CSV = KNOWLEDGE_DIR / "local_authorities.csv"

# Names that are also everyday English words or first names: matched only when capitalised.
CASE_SENSITIVE_NAMES = frozenset(
    {
        "Reading", "Bury", "Bath", "Harrow", "Barking", "Dudley", "Chester", "Lincoln",
        "Warwick", "Preston", "Chelsea", "Richmond", "Hastings", "Devon", "Stafford", "Windsor",
        "Kingston", "MK", "Crawley", "Ashford", "Sutton", "Brent", "Derby", "Poole",
        # towns (towns.csv) that are also words, names or places elsewhere
        "Sale", "Grays", "Washington", "Shirley", "Leigh", "Rugby", "Poplar", "Ely", "Crosby",
        "Acton", "Morley", "Hayes", "Middleton", "Denton", "Hyde", "Marple", "Dover", "Stamford",
        "Kirkby", "Thorne", "Woodford", "Buxton", "Beeston", "Redhill", "Heywood", "Eccles",
        "Swinton", "Blyth", "Frome", "Stroud", "Ryde", "Newark", "Lancaster", "Bromley", "Enfield",
        "Luton", "Worthing", "Horsham", "Hastings", "Boston", "Barking", "Windsor", "Darlington",
        "Telford", "Rochester", "Gillingham", "Chester", "Durham", "Salisbury", "Ilkley",
    }
)
TOWNS_CSV = KNOWLEDGE_DIR / "towns.csv"

_SUFFIXES = ("council", "county council", "city council", "borough council", "la")
_PREFIXES = ("london borough of", "royal borough of", "city of")


@dataclass(frozen=True)
class LocalAuthority:
    """One local authority: its ONS/GSS code, official short name, kind, region and variants."""

    gss_code: str
    name: str
    kind: str
    region: str
    variants: Tuple[str, ...]


@lru_cache(maxsize=1)
def all_authorities() -> Tuple[LocalAuthority, ...]:
    """Every authority in the gazetteer, in file order."""
    with AUTHORITIES_CSV.open(newline="", encoding="utf-8") as handle:
        return tuple(
            LocalAuthority(
                gss_code=row["gss_code"],
                name=row["name"],
                kind=row["kind"],
                region=row["region"],
                variants=tuple(v for v in row["variants"].split(";") if v),
            )
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=1)
def towns_by_authority() -> Dict[str, Tuple[str, ...]]:
    """Main towns in each authority's area, from `towns.csv` (town -> authority name)."""
    towns: Dict[str, List[str]] = {}
    with TOWNS_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            towns.setdefault(row["authority"], []).append(row["town"])
    return {name: tuple(found) for name, found in towns.items()}


def surface_forms(authority: LocalAuthority) -> Iterator[str]:
    """Every way of writing the authority's name that the matcher should accept, and its main towns."""
    bases = (authority.name, *authority.variants)
    for base in bases:
        yield base
        if "," not in base and len(base) > 3:
            for suffix in _SUFFIXES:
                yield f"{base} {suffix}"
    for prefix in _PREFIXES:
        yield f"{prefix} {authority.name}"
    yield from towns_by_authority().get(authority.name, ())


def _normalise(name: str) -> str:
    name = name.lower().replace("&", " and ").replace(".", "").replace("-", " ")
    return re.sub(r"\s+", " ", name).strip()


@lru_cache(maxsize=1)
def _index() -> Dict[str, LocalAuthority]:
    index: Dict[str, LocalAuthority] = {}
    for authority in all_authorities():
        for form in surface_forms(authority):
            index.setdefault(_normalise(form), authority)
    return index


@lru_cache(maxsize=1)
def _by_code() -> Dict[str, LocalAuthority]:
    return {authority.gss_code: authority for authority in all_authorities()}


def authority_by_code(gss_code: str) -> Optional[LocalAuthority]:
    """The authority with this ONS/GSS code ("E08000035" -> Leeds), or None."""
    return _by_code().get(gss_code)


def find_authority(name: str) -> Optional[LocalAuthority]:
    """The authority a name or variant refers to ("Kent County Council" -> Kent), or None."""
    return _index().get(_normalise(name))


def authority_names() -> List[str]:
    """The official short names, for prompts and validation."""
    return [authority.name for authority in all_authorities()]
