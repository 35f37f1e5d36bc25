"""Rasa's ResponseSelector, run only for messages whose intent is a retrieval intent.

The stock ResponseSelector runs its TensorFlow model on every message, although its answer is
only used when the intent classifier chose a retrieval intent (here `faq`). This subclass asks
it only then, which removes a model call from every other message. Training is unchanged.
"""
from __future__ import annotations

from typing import List, Set, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.nlu.constants import (RESPONSE_SELECTOR_PREDICTION_KEY, RESPONSE_SELECTOR_PROPERTY_NAME,
                                RESPONSE_SELECTOR_RESPONSES_KEY, RESPONSE_SELECTOR_UTTER_ACTION_KEY)
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RESPONSE_KEY
from rasa.shared.nlu.training_data.message import Message

from knowledge.other_nations import nations_of

UTTER_PREFIX = "utter_"
NATION_ANSWERS = ("wales", "scotland", "northern_ireland")  # faq/<nation>: signposting for a nation outside England


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
            for message in chosen:
                self._answer_for_the_nation_named(message)
        return messages

    def _answer_for_the_nation_named(self, message: Message) -> None:
        """"We're in Caerphilly, does any of this apply?": when the message names a place in one other
        nation and the model chose another nation's answer, the named nation's answer is given."""
        named = {nation for entity in message.get(ENTITIES) or [] if entity.get("entity") == "local_authority"
                 for nation in nations_of(str(entity.get("value")))}
        if len(named) != 1:
            return
        wanted_key = named.pop().lower().replace(" ", "_")
        for selector in (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).values():
            prediction = selector.get(RESPONSE_SELECTOR_PREDICTION_KEY) if isinstance(selector, dict) else None
            chosen_key = str((prediction or {}).get(INTENT_RESPONSE_KEY) or "")
            retrieval, _, answer = chosen_key.partition("/")
            if answer in NATION_ANSWERS and answer != wanted_key and f"{UTTER_PREFIX}{retrieval}/{wanted_key}" in self.responses:
                utter = f"{UTTER_PREFIX}{retrieval}/{wanted_key}"
                prediction.update({INTENT_RESPONSE_KEY: f"{retrieval}/{wanted_key}", RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter,
                                   RESPONSE_SELECTOR_RESPONSES_KEY: self.responses[utter]})
