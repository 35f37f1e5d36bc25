"""Tells a family who to contact where they live, and the national organisations that can help."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from knowledge.contacts import contacts_lines, local_contacts, national_contacts

NATIONAL_IDS = ("ipsea", "sossen", "contact")


def national_lines() -> List[str]:
    contacts = national_contacts()
    return [f"• {contacts[i].name}: {contacts[i].what} {contacts[i].url}" for i in NATIONAL_IDS]


class ActionLocalContacts(Action):
    """Local SEND contacts for the family's council (checked ones, or the directory to use), then national ones."""

    def name(self) -> Text:
        return "action_local_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = []
        named = next(tracker.get_latest_entity_values("local_authority"), None)
        authority = named or tracker.get_slot("local_authority")
        if named and named != tracker.get_slot("local_authority"):
            events.append(SlotSet("local_authority", named))
        contacts = local_contacts(str(authority)) if authority and authority != "unknown" else None
        if contacts is None:
            dispatcher.utter_message(response="utter_contact_overview")
            dispatcher.utter_message(response="utter_ask_contact_area")
            return events
        text = "\n".join([f"Who can help in {contacts.authority.name}:", *contacts_lines(contacts),
                          "National help for families in England:", *national_lines()])
        dispatcher.utter_message(text=text, buttons=[{"title": "Talk to a person", "payload": "/request_human"}])
        return events
