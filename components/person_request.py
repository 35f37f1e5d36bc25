"""A request for a person is honoured wherever it appears in a message: it becomes `request_human`.

"The school has put him on mornings only since October and won't say when it ends. I want to talk
to someone." reads to the intent classifier as a message about the timetable. `PersonRequestOverride`
runs after the classifiers and the deadline override: when knowledge.person_request finds a request
for a person in any sentence, and the classifier chose an intent that describes or asks something,
the intent becomes `request_human` (the consent question follows, after the answer to whatever else
the message raises or asks: components.question_first_policy). Yes and
no (the answer to the consent question), safety, stop and the officer's events are never changed;
the safeguarding override still has the last word.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intent_override import override_intent

from knowledge import concerns
from knowledge.person_request import asks_for_person

PERSON_INTENT = "request_human"
# Intents a long message asking for a person is often taken as; anything else is left alone.
DESCRIBING = frozenset({"faq", "inform_child", "inform_stage", "ask_deadline", "ask_process", "ask_contact", "ask_summary",
                        "complain", "intend_tribunal", "express_distress", "report_case_fact", "dont_know", "greet",
                        "thank", "nlu_fallback", "out_of_scope"})


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class PersonRequestOverride(GraphComponent):
    """Sets the intent to `request_human` when any sentence of a describing message asks for a person."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PersonRequestOverride":
        concerns.model()  # the concern classifier the policies read long messages with, trained as the model loads
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            text = message.get(TEXT) or ""
            if intent not in DESCRIBING or text.startswith("/") or not asks_for_person(text):
                continue
            override_intent(message, PERSON_INTENT)
        return messages
