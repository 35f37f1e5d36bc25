"""Postcode to council: a pluggable provider.

`OfflineDistrictProvider` (the default) reads `postcode_districts.csv`: it knows postcode
districts of the main cities and can answer with several councils when a district crosses a
boundary. `HttpPostcodeProvider` asks a postcodes.io-style API (`GET /postcodes/{postcode}`,
`GET /outcodes/{outcode}`) and is chosen in `.env` with POSTCODE_PROVIDER=http and
POSTCODE_API_URL. Both return councils from our own gazetteer, never free text from elsewhere.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Optional, Protocol, Tuple

import aiohttp

from knowledge import KNOWLEDGE_DIR
from knowledge.authorities import LocalAuthority, authority_by_code, find_authority

DISTRICTS_CSV = KNOWLEDGE_DIR / "postcode_districts.csv"
# A full UK postcode ("LS6 2AB") or just its outward part ("LS6"); the inward part is optional.
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s*([0-9][A-Z]{2}))?\b", re.IGNORECASE)


@dataclass(frozen=True)
class PostcodeResult:
    """The councils a postcode lies in: one when certain, several when a district crosses a boundary."""

    postcode: str
    authorities: Tuple[LocalAuthority, ...]

    @property
    def certain(self) -> bool:
        return len(self.authorities) == 1


def normalise(text: str) -> Optional[Tuple[str, Optional[str]]]:
    """(outward, inward) from text like "ls6 2ab" or "LS6"; None when it is not a postcode."""
    match = POSTCODE.fullmatch(text.strip())
    if not match:
        return None
    return match.group(1).upper(), (match.group(2) or "").upper() or None


class PostcodeProvider(Protocol):
    async def lookup(self, postcode: str) -> Optional[PostcodeResult]:
        """The councils for a postcode or postcode district; None when unknown."""


@lru_cache(maxsize=1)
def _districts() -> Dict[str, Tuple[LocalAuthority, ...]]:
    with DISTRICTS_CSV.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["district"]: tuple(authority_by_code(c) for c in row["gss_codes"].split(";")) for row in rows}


class OfflineDistrictProvider:
    """Looks up the postcode district in the table shipped with the project."""

    async def lookup(self, postcode: str) -> Optional[PostcodeResult]:
        parts = normalise(postcode)
        if parts is None:
            return None
        authorities = _districts().get(parts[0])
        return PostcodeResult(" ".join(p for p in parts if p), authorities) if authorities else None


class HttpPostcodeProvider:
    """Asks a postcodes.io-compatible API; full postcodes give one council, districts maybe several."""

    def __init__(self, base_url: str, timeout_s: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def lookup(self, postcode: str) -> Optional[PostcodeResult]:
        parts = normalise(postcode)
        if parts is None:
            return None
        outward, inward = parts
        path = f"/postcodes/{outward}{inward}" if inward else f"/outcodes/{outward}"
        try:
            async with aiohttp.ClientSession(timeout=self.timeout) as session:
                async with session.get(self.base_url + path) as response:
                    if response.status != 200:
                        return None
                    result = (await response.json()).get("result") or {}
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return None
        authorities = _authorities_from_api(result)
        return PostcodeResult(" ".join(p for p in parts if p), authorities) if authorities else None


def _authorities_from_api(result: dict) -> Tuple[LocalAuthority, ...]:
    """Councils from a postcodes.io result: GSS codes first, then names, matched to our gazetteer."""
    codes = result.get("codes") or {}
    found = []
    for key in ("admin_county", "admin_district"):
        code = codes.get(key) if isinstance(codes, dict) else None
        authority = authority_by_code(code) if isinstance(code, str) else None
        if authority is not None:
            return (authority,)
    for key in ("admin_county", "admin_district"):
        names = result.get(key)
        for name in names if isinstance(names, list) else [names]:
            authority = find_authority(name) if isinstance(name, str) else None
            if authority and authority not in found:
                found.append(authority)
    return tuple(found)


def make_provider(kind: str = "offline", api_url: str = "") -> PostcodeProvider:
    """The provider chosen in settings: "offline" (default) or "http" with its API address."""
    if kind == "http":
        if not api_url:
            raise ValueError("POSTCODE_PROVIDER=http needs POSTCODE_API_URL")
        return HttpPostcodeProvider(api_url)
    return OfflineDistrictProvider()
