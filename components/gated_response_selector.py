"""Rasa's ResponseSelector, run only for messages whose intent is a retrieval intent.

The stock ResponseSelector runs its TensorFlow model on every message, although its answer is
only used when the intent classifier chose a retrieval intent (here `faq`). This subclass asks
it only then, which removes a model call from every other message. Training is unchanged.
"""
from __future__ import annotations

from typing import List, Set, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

UTTER_PREFIX = "utter_"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentGatedResponseSelector(ResponseSelector):
    """Selects a response only when the message's intent is one of the retrieval intents."""

    def retrieval_intents(self) -> Set[Text]:
        """The retrieval intents it has answers for, e.g. {"faq"} from "utter_faq/semh"."""
        return {key.split("/")[0][len(UTTER_PREFIX):] for key in self.responses if "/" in key}

    def process(self, messages: List[Message]) -> List[Message]:
        wanted = self.retrieval_intents()
        chosen = [m for m in messages if (m.get(INTENT) or {}).get(INTENT_NAME_KEY) in wanted]
        if chosen:
            super().process(chosen)
        return messages
