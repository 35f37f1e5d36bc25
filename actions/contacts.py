"""Tells a family who to contact where they live, and the national organisations that can help.

The council comes from what the parent just said (a council or a town), from the contact form
(which also takes a postcode), or from the situation already worked out.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.council import CouncilSlotValidation, signpost_other_nations
from actions.timeline import CONCERNS_SLOT
from knowledge.concerns import detect, who_to_contact
from knowledge.contacts import contacts_lines, local_contacts, national_contacts
from knowledge.other_nations import moved_into_england, nations_of

NATIONAL_IDS = ("ipsea", "sossen", "contact")
TEXT_CHANNELS = frozenset({"twilio", "whatsapp"})  # SMS and WhatsApp: the local phone numbers come first


def national_lines() -> List[str]:
    contacts = national_contacts()
    return [f"• {contacts[i].name}: {contacts[i].what} {contacts[i].url}" for i in NATIONAL_IDS]


class ValidateContactForm(CouncilSlotValidation, FormValidationAction):
    """Finds the family's council from a council name, a town or a postcode."""

    # action_local_contacts, run when the form stops, gives the other nation's answer.
    answers_other_nations = False

    def name(self) -> Text:
        return "validate_contact_form"


WHO_HEADING = "Who to contact:"
IN_WRITING = "Ring if you like, then email the same day, so you have it in writing. Ask for a named person and a date."


def who_lines(tracker: Tracker) -> List[str]:
    """Whom to contact about the concerns raised so far and in this message, with a heading; none if
    nothing has been raised ("who do I ring tomorrow?" after an exclusion: the governors' clerk, the council),
    or if this message only answered the contact form's question for the council (said once)."""
    if ((tracker.latest_message or {}).get("intent") or {}).get("name") != "ask_contact":
        return []
    text = (tracker.latest_message or {}).get("text") or ""
    found = [*(tracker.get_slot(CONCERNS_SLOT) or []), *detect(text)]
    lines = who_to_contact(list(dict.fromkeys(found)), text)
    return [WHO_HEADING, *lines, IN_WRITING] if lines else []


class ActionAskContactLocalAuthority(Action):
    """The contact form's question for the council, after whom to contact about what was raised, so
    "who do I ring tomorrow?" is answered before the local numbers are looked up."""

    def name(self) -> Text:
        return "action_ask_contact_form_local_authority"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        lines = who_lines(tracker)
        if lines:
            dispatcher.utter_message(text="\n".join(lines))
        dispatcher.utter_message(response="utter_ask_local_authority")
        return []


class ActionLocalContacts(Action):
    """Local SEND contacts for the family's council (checked ones, or the directory to use), then national ones."""

    def name(self) -> Text:
        return "action_local_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = []
        moved = bool(moved_into_england((tracker.latest_message or {}).get("text") or ""))
        if moved:  # the old nation's plan does not carry over: England's answer, then the new council's contacts
            dispatcher.utter_message(response="utter_faq/moved_into_england")
        named = next((value for value in tracker.get_latest_entity_values("local_authority")
                      if not (moved and nations_of(value))), None)
        authority = named or tracker.get_slot("local_authority")
        if moved and (not authority or nations_of(authority)):
            return events
        nations = nations_of(authority)
        if nations:
            signpost_other_nations(dispatcher, nations)
            return events
        contacts = local_contacts(str(authority)) if authority and authority != "unknown" else None
        if contacts is None:
            dispatcher.utter_message(response="utter_contact_overview")
            return events
        if contacts.authority.name != tracker.get_slot("local_authority"):
            events.append(SlotSet("local_authority", contacts.authority.name))
        phones_first = tracker.get_latest_input_channel() in TEXT_CHANNELS  # a phone number is one tap away
        text = "\n".join([*who_lines(tracker), f"Who can help in {contacts.authority.name}:", *contacts_lines(contacts, phones_first),
                          "National help for families in England:", *national_lines()])
        dispatcher.utter_message(text=text, buttons=[{"title": "Talk to a person", "payload": "/request_human"}])
        return events
