"""Tells a family who to contact where they live, and the national organisations that can help.

The council comes from what the parent just said (a council, a town, or a postcode looked up by
the configured postcode provider), or from the situation already worked out.
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.situation_form import authority_from_postcode, checked_authority
from knowledge.contacts import contacts_lines, local_contacts, national_contacts
from knowledge.postcodes import PostcodeProvider, make_provider

NATIONAL_IDS = ("ipsea", "sossen", "contact")


def national_lines() -> List[str]:
    contacts = national_contacts()
    return [f"• {contacts[i].name}: {contacts[i].what} {contacts[i].url}" for i in NATIONAL_IDS]


def postcode_provider() -> PostcodeProvider:
    return make_provider(os.environ.get("POSTCODE_PROVIDER", "offline"), os.environ.get("POSTCODE_API_URL", ""))


class ValidateContactForm(FormValidationAction):
    """Finds the family's council from a council name, a town or a postcode."""

    def name(self) -> Text:
        return "validate_contact_form"

    async def extract_local_authority(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return await authority_from_postcode(dispatcher, tracker)

    def validate_local_authority(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return checked_authority(value, dispatcher, tracker)


class ActionLocalContacts(Action):
    """Local SEND contacts for the family's council (checked ones, or the directory to use), then national ones."""

    def name(self) -> Text:
        return "action_local_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        named = next(tracker.get_latest_entity_values("local_authority"), None)
        authority = named or tracker.get_slot("local_authority")
        events: List[Dict[Text, Any]] = []
        contacts = local_contacts(str(authority)) if authority and authority != "unknown" else None
        if contacts is None:
            dispatcher.utter_message(response="utter_contact_overview")
            return events
        if contacts.authority.name != tracker.get_slot("local_authority"):
            events.append(SlotSet("local_authority", contacts.authority.name))
        text = "\n".join([f"Who can help in {contacts.authority.name}:", *contacts_lines(contacts),
                          "National help for families in England:", *national_lines()])
        dispatcher.utter_message(text=text, buttons=[{"title": "Talk to a person", "payload": "/request_human"}])
        return events
