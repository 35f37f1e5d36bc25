"""A message written in another language becomes `other_language`, with its language as an entity.

A Polish message about a child sent home once got the phase transfer answer: the intent classifier
only knows English. `OtherLanguageOverride` runs after the classifiers: when knowledge.other_languages
finds the message clearly in another language, the intent becomes `other_language` and the entity
`language` carries its ISO 639-1 code, so the reply comes in that language. Button payloads and the
officer's events are never changed; the safeguarding override still has the last word.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intent_override import override_intent
from knowledge.other_languages import message_language

LANGUAGE_INTENT = "other_language"
LANGUAGE_ENTITY = "language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class OtherLanguageOverride(GraphComponent):
    """Sets the intent to `other_language` (and the `language` entity) for a message in another language."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "OtherLanguageOverride":
        message_language("wczoraj szkoła odesłała syna do domu")  # loads the language models as the server starts
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            code = message_language(text) if not text.startswith("/") else None
            if code is None:
                continue
            override_intent(message, LANGUAGE_INTENT)
            entity = {"entity": LANGUAGE_ENTITY, "value": code, "start": 0, "end": len(text),
                      "extractor": self.__class__.__name__}
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages
