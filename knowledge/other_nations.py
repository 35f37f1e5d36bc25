"""Wales, Scotland and Northern Ireland: their main places and postcode areas, for signposting.

The service covers England. A family in another nation has a different system (ALN and IDPs in
Wales, additional support for learning and CSPs in Scotland, SEN statements in Northern Ireland),
so a place or postcode there leads to that nation's answer instead of a council in England.
Places are in `other_nations.csv` (sources in its header); postcode areas are below.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Optional, Tuple

from knowledge import KNOWLEDGE_DIR

OTHER_NATIONS_CSV = KNOWLEDGE_DIR / "other_nations.csv"

WALES = "Wales"
SCOTLAND = "Scotland"
NORTHERN_IRELAND = "Northern Ireland"
NATIONS = (WALES, SCOTLAND, NORTHERN_IRELAND)
# The signposting answer for each nation (the FAQ answers in domain.yml).
RESPONSES = {WALES: "utter_faq/wales", SCOTLAND: "utter_faq/scotland", NORTHERN_IRELAND: "utter_faq/northern_ireland"}
# When a name is used in two nations, the entity value names both: "Wales or Northern Ireland".
_JOINER = " or "

# Postcode areas wholly (or, for the few border districts below, almost wholly) in one nation.
# Royal Mail postcode areas; border districts from the ONS postcode directory (checked 2026-11).
_AREAS: Dict[str, str] = {
    **{area: WALES for area in ("CF", "LL", "SA", "LD", "NP")},
    **{area: SCOTLAND for area in ("AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY",
                                   "ML", "PA", "PH", "TD", "ZE")},
    "BT": NORTHERN_IRELAND,
}
# Districts of English areas that lie in Wales.
_DISTRICTS: Dict[str, str] = {
    **{f"CH{n}": WALES for n in (5, 6, 7, 8)},  # Deeside, Flint, Mold, Holywell
    **{f"SY{n}": WALES for n in (15, 16, 17, 18, 19, 20, 21, 23, 24, 25)},  # Powys, Ceredigion
}
# Districts that cross the border: the postcode alone does not say which nation, so no answer.
BORDER_DISTRICTS = frozenset({
    "LD7", "LD8",  # Knighton, Presteigne: Powys and Shropshire/Herefordshire
    "NP16", "NP25",  # Chepstow, Monmouth: reach into Gloucestershire and Herefordshire
    "TD12", "TD15",  # Coldstream/Cornhill, Berwick-upon-Tweed (England)
    "CH4", "SY10", "SY13", "SY14", "SY22", "HR3", "HR5",  # Chester, Oswestry, Whitchurch, Hay, Kington
})
_OUTWARD = re.compile(r"^([A-Z]{1,2})([0-9][A-Z0-9]?)$")


@dataclass(frozen=True)
class Place:
    """A place in another nation as written in the gazetteer."""

    name: str
    nations: Tuple[str, ...]
    kind: str
    needs_context: bool
    namesake: Tuple[str, ...]

    @property
    def value(self) -> str:
        """The entity value: the nation, or "Wales or Northern Ireland" for a name used in both."""
        return _JOINER.join(self.nations)


@lru_cache(maxsize=1)
def places() -> Tuple[Place, ...]:
    """Every place in `other_nations.csv`, in file order."""
    with OTHER_NATIONS_CSV.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple(
            Place(
                name=row["place"],
                nations=tuple(row["nation"].split(";")),
                kind=row["kind"],
                needs_context=row["needs_context"] == "yes",
                namesake=tuple(w for w in row["namesake"].split(";") if w),
            )
            for row in rows
        )


def nations_of(value: object) -> Tuple[str, ...]:
    """The nations a `local_authority` value stands for ("Wales", "Wales or Northern Ireland"); () for a council in England."""
    if not isinstance(value, str):
        return ()
    parts = tuple(p.strip() for p in value.split(_JOINER))
    if all(p in NATIONS for p in parts):
        return parts
    found = {place.name.lower(): place.nations for place in places()}.get(value.strip().lower())
    return found or ()


def nation_of_postcode(postcode: str) -> Optional[str]:
    """The other nation a postcode or outward code lies in ("BT7 1NN" -> Northern Ireland), or None.

    None for England and for districts that cross the border.
    """
    outward = postcode.strip().upper().split()[0] if postcode.strip() else ""
    if len(outward) > 4 and " " not in postcode.strip():
        outward = outward[:-3]
    match = _OUTWARD.match(outward)
    if not match or outward in BORDER_DISTRICTS:
        return None
    return _DISTRICTS.get(outward) or _AREAS.get(match.group(1))


# The plans of the other nations, which do not carry over to England.
_OTHER_PLANS = re.compile(r"\b(?:idp|individual\s+development\s+plan|csp|co-?ordinated\s+support\s+plan)\b", re.IGNORECASE)
_MOVE = r"(?:moved|moving|move|relocat\w*|came|come|coming)"
_MOVE_WORD = re.compile(rf"\b{_MOVE}\b", re.IGNORECASE)
_MOVED_HERE = re.compile(rf"\b{_MOVE}\s+(?:\w+\s+){{0,3}}(?:to|into|here|over)\b", re.IGNORECASE)
_TO_ANOTHER_NATION = re.compile(r"\b(?:to|into)\s+(?:wales|scotland|northern\s+ireland)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _from_and_to_places() -> Tuple["re.Pattern[str]", "re.Pattern[str]"]:
    """"from <place>" and "to <place>" for any place of the gazetteer, longest name first ("Vale of
    Glamorgan" before "Glamorgan")."""
    names = "|".join(sorted((re.escape(place.name) for place in places()), key=len, reverse=True))
    return (re.compile(rf"\bfrom\s+(?:the\s+)?({names})\b", re.IGNORECASE),
            re.compile(rf"\b(?:to|into)\s+(?:the\s+)?({names})\b", re.IGNORECASE))


def moved_into_england(text: str) -> Optional[str]:
    """The nation a family says it moved from into England ("we moved from Cardiff to Bristol",
    "moved to Leeds from Glasgow", "he had an IDP before we moved"), or None.

    A plan from Wales, Scotland or Northern Ireland does not transfer to an English council
    (SEND Regulations 2014, regulation 15 is about plans between English councils), so these
    families need England's answer about starting again, not the other nation's signposting.
    A move within another nation, or out of England, is not one.
    """
    text = text or ""
    origin_at, destination_at = _from_and_to_places()
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        if not _MOVE_WORD.search(sentence):
            continue
        origin = origin_at.search(sentence)
        if origin is None or destination_at.search(sentence):
            continue  # no place moved from, or "from Cardiff to Swansea": still in Wales
        nations = nations_of(origin.group(1))
        if len(nations) == 1:
            return nations[0]
    plan = _OTHER_PLANS.search(text)
    if plan and _MOVED_HERE.search(text) and not _TO_ANOTHER_NATION.search(text):
        return SCOTLAND if plan.group(0).lower().startswith("c") else WALES
    return None
