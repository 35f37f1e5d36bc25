"""`ask_letter` only for a message that asks for a letter: "we got a letter on 28 October, how long
do I have?" shares the word with "can you write the letter for me?", but reports a letter.

`LetterRequestGate` runs after the classifiers. When the classifier chose `ask_letter` and
knowledge.letter_requests finds no request for a letter in the words, the next intent in the
ranking takes its place (or `nlu_fallback`, below the fallback threshold). A button's payload (/ask_letter{...}) is never changed.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intent_override import override_intent
from knowledge.letter_requests import asks_for_letter

LETTER_INTENT = "ask_letter"
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_THRESHOLD = 0.3  # config.yml's FallbackClassifier threshold


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LetterRequestGate(GraphComponent):
    """Demotes `ask_letter` when the message does not ask for a letter."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LetterRequestGate":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            text = message.get(TEXT) or ""
            if intent != LETTER_INTENT or text.startswith("/") or asks_for_letter(text):
                continue
            ranking = [r for r in message.get("intent_ranking", []) if r.get(INTENT_NAME_KEY) != LETTER_INTENT]
            second = ranking[0] if ranking else {}
            confident = second.get(PREDICTED_CONFIDENCE_KEY, 0.0) >= FALLBACK_THRESHOLD
            override_intent(message, second[INTENT_NAME_KEY] if confident else FALLBACK_INTENT)
        return messages
