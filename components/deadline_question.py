"""Dated questions reach the deadline engine: a message that names a deadline becomes `ask_deadline`.

"The draft plan came on 4 March, how long do we have to comment?" reads to the classifier like a
description or an FAQ. `DeadlineQuestionOverride` runs after the classifiers: when
knowledge.deadline_questions finds a question about a deadline (named, or general with a date
given), and the classifier chose an
informational intent, the intent becomes `ask_deadline`. Requests for a person, safety, case
checks and the rest are never changed.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intent_override import override_intent

from knowledge import target_classifier
from knowledge.deadline_questions import asks_about_a_deadline

DEADLINE_INTENT = "ask_deadline"
# Intents a deadline question is often mistaken for; anything else is left alone.
INFORMATIONAL = frozenset({"faq", "inform_stage", "inform_child", "ask_process", "nlu_fallback", "out_of_scope",
                           "intend_tribunal", "complain", "dont_know", "affirm", "deny"})


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DeadlineQuestionOverride(GraphComponent):
    """Sets the intent to `ask_deadline` when an informational message asks about a named deadline."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DeadlineQuestionOverride":
        target_classifier.model()  # trained once, when the model loads, not on a parent's first message
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            text = message.get(TEXT) or ""
            has_date = any(e.get("entity") == "date" for e in message.get(ENTITIES) or [])
            if intent not in INFORMATIONAL or text.startswith("/") or not asks_about_a_deadline(text, has_date):
                continue
            override_intent(message, DEADLINE_INTENT)
        return messages
