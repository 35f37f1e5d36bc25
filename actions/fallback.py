"""The first stage of the two-stage fallback: check what the parent meant, in plain words."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

INTENT_MEANINGS: Dict[str, str] = {
    "inform_child": "telling me about your child",
    "inform_stage": "telling me where you are in the EHC process",
    "ask_deadline": "asking about deadlines",
    "faq": "asking a question about SEND",
    "ask_process": "asking how the process works",
    "ask_contact": "asking who to contact",
    "check_case": "asking about your case",
    "report_case_fact": "wanting to add something to your case",
    "request_human": "asking to talk to a person",
    "complain": "wanting to make a complaint",
    "intend_tribunal": "thinking about an appeal to the tribunal",
    "express_distress": "telling me things are really hard right now",
    "greet": "saying hello",
    "goodbye": "saying goodbye",
    "stop": "asking me to stop",
}


class ActionDefaultAskAffirmation(Action):
    """Asks "Did you mean …?" using the classifier's best guess, with Yes and No buttons."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        guesses = [i["name"] for i in ranking if i.get("name") in INTENT_MEANINGS]
        if not guesses:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        best = guesses[0]
        dispatcher.utter_message(
            text=f"Sorry, I'm not sure I understood. Were you {INTENT_MEANINGS[best]}?",
            buttons=[
                {"title": "Yes", "payload": f"/{best}"},
                {"title": "No", "payload": "/out_of_scope"},
            ],
        )
        return []
