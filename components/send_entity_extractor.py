"""Rasa graph component that adds the rule-based SEND entities to each message."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Text
from zoneinfo import ZoneInfo

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import components.action_response_validation  # noqa: F401  (applied when the model loads)
import components.action_server_outage  # noqa: F401  (applied when the model loads)
import components.persistent_http_sessions  # noqa: F401  (applied when the model loads)
import components.sequential_graph_runner  # noqa: F401  (applied when the model loads)
from components.entity_rules import entity_rules


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class SendEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Local authorities, needs, settings, stages, ages, school years and dates.

    Dates resolve against the day the message is processed, in the configured time zone.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Time zone in which relative dates ("last Tuesday") are resolved."""
        return {"timezone": "Europe/London"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.timezone = ZoneInfo(config["timezone"])
        self.rules = entity_rules()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SendEntityExtractor:
        """Builds the component; the matchers are compiled once per process."""
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn: the rules live in `knowledge/`."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Appends the entities found in each message's text."""
        today = datetime.now(self.timezone).date()
        for message in messages:
            text = message.get(TEXT) or ""
            found = [span.as_rasa_entity(text) for span in self.rules.extract(text, today)]
            message.set(
                ENTITIES,
                message.get(ENTITIES, []) + self.add_extractor_name(found),
                add_to_output=True,
            )
        return messages
