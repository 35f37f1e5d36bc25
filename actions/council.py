"""The family's council for the forms: a council name, a town, or a postcode looked up.

A place or postcode in Wales, Scotland or Northern Ireland arrives as a `local_authority` value
naming the nation ("Wales"); the family gets that nation's signposting instead of being asked for
a council in England, and the form stops.
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, Sequence, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.corrections import preferred_value
from knowledge.authorities import find_authority
from knowledge.other_nations import RESPONSES, moved_into_england, nations_of
from knowledge.postcodes import PostcodeProvider, make_provider
from knowledge.situation import UNKNOWN


def postcode_provider() -> PostcodeProvider:
    """The provider chosen in settings (POSTCODE_PROVIDER, POSTCODE_API_URL)."""
    return make_provider(os.environ.get("POSTCODE_PROVIDER", "offline"), os.environ.get("POSTCODE_API_URL", ""))


def signpost_other_nations(dispatcher: CollectingDispatcher, nations: Sequence[str]) -> None:
    """The answer for families in Wales, Scotland or Northern Ireland (both answers for "Bangor")."""
    for nation in nations:
        dispatcher.utter_message(response=RESPONSES[nation])


def other_nations_named(tracker: Tracker) -> List[str]:
    """The nations outside England the family lives in, from the latest message's place ("we live in
    Cardiff") or the council already given; empty for England or when nothing is known. England's
    SEND law (EHC plans, its deadlines and tribunal) does not apply there. A family that says it
    moved from there into England ("we moved from Cardiff to Bristol") lives in England now."""
    if moved_into_england((tracker.latest_message or {}).get("text") or ""):
        return []
    named = next(tracker.get_latest_entity_values("local_authority"), None)
    for value in (named, tracker.get_slot("local_authority")):
        if value and value != UNKNOWN and find_authority(str(value)) is None and nations_of(str(value)):
            return list(nations_of(str(value)))
        if value and value != UNKNOWN:
            return []  # a council in England named: its law applies
    return []


def checked_authority(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, signpost: bool = True
) -> Dict[Text, Any]:
    """The council's official name, "unknown", or None with a kind word when we do not know it.

    A nation ("Wales") is kept as the value and ends the form; `signpost` says whether to give the
    nation's answer here or leave it to the action that follows the form.
    """
    value = preferred_value(tracker, "local_authority", value)
    if value is None:
        return {"local_authority": None}
    if value == UNKNOWN:
        return {"local_authority": UNKNOWN}
    nations = nations_of(value)
    if nations and find_authority(str(value)) is None:
        if signpost:
            signpost_other_nations(dispatcher, nations)
        return {"local_authority": " or ".join(nations), "requested_slot": None}
    authority = find_authority(str(value))
    if authority is None:
        dispatcher.utter_message(
            text="Sorry, I don't know that council. Please give the name of your council in England."
        )
        return {"local_authority": None}
    return {"local_authority": authority.name}


async def authority_from_postcode(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
    """The council for a postcode the parent just gave, when no council was named with it."""
    if next(tracker.get_latest_entity_values("local_authority"), None):
        return {}
    postcode = next(tracker.get_latest_entity_values("postcode"), None)
    if not postcode:
        return {}
    result = await postcode_provider().lookup(postcode)
    # On failure the slot is set to None, so the form asks for the council again.
    if result is None:
        dispatcher.utter_message(text=f"I could not find the council for {postcode}.")
        return {"local_authority": None}
    if not result.certain:
        names = " or ".join(a.name for a in result.authorities)
        dispatcher.utter_message(text=f"The postcode {result.postcode} covers parts of {names}.")
        return {"local_authority": None}
    return {"local_authority": result.authorities[0].name}


class CouncilSlotValidation:
    """Mixed into a form's validation action: fills and checks the `local_authority` slot."""

    # Whether a place in another nation is answered during validation (False when the action run
    # after the form gives the answer itself).
    answers_other_nations: bool = True

    async def extract_local_authority(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return await authority_from_postcode(dispatcher, tracker)

    def validate_local_authority(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return checked_authority(value, dispatcher, tracker, self.answers_other_nations)
