"""Safeguarding detection: a rule-based safety net under the intent classifier.

`detect_risk` is a pure function over the phrases in `knowledge/safeguarding.yml`. The graph
component `SafeguardingOverride` runs after the classifiers: when the rules find a disclosure,
the message's intent becomes `safeguarding_risk` with full confidence, whatever the classifier
thought, so crisis contacts are never missed because a message was long, misspelt or unusual.
When the classifier alone says safeguarding and the only alarming words are a listed idiom
("dying to go back"), its next guess is used; every other classifier alarm is kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, List, Optional, Pattern, Text, Tuple

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from knowledge import KNOWLEDGE_DIR

SAFEGUARDING_FILE = KNOWLEDGE_DIR / "safeguarding.yml"
SAFEGUARDING_INTENT = "safeguarding_risk"


@dataclass(frozen=True)
class RiskMatch:
    """Why a message was judged a disclosure: the category and the words that matched."""

    category: str
    words: str


@lru_cache(maxsize=1)
def _rules() -> Tuple[Pattern, List[Tuple[str, Pattern]]]:
    data = yaml.safe_load(SAFEGUARDING_FILE.read_text(encoding="utf-8"))
    idioms = re.compile("|".join(f"(?:{p})" for p in data["idioms"]), re.IGNORECASE)
    categories = [(name, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
                  for name, patterns in data["categories"].items()]
    return idioms, categories


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def has_idiom(text: str) -> bool:
    """Whether the message uses one of the listed idioms ("dying to", "killing time" ...)."""
    idioms, _ = _rules()
    return idioms.search(_normalise(text or "")) is not None


def detect_risk(text: str) -> Optional[RiskMatch]:
    """The first sign of a risk of harm in `text`, or None."""
    idioms, categories = _rules()
    cleaned = idioms.sub(" ", _normalise(text or ""))
    for category, pattern in categories:
        match = pattern.search(cleaned)
        if match:
            return RiskMatch(category, match.group(0))
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafeguardingOverride(GraphComponent):
    """Sets the intent to `safeguarding_risk` when the safeguarding rules find a disclosure."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafeguardingOverride":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            risk = detect_risk(text)
            if risk is None:
                self._unless_only_an_idiom(message, text)
                continue
            top = {INTENT_NAME_KEY: SAFEGUARDING_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [r for r in message.get("intent_ranking", []) if r.get(INTENT_NAME_KEY) != SAFEGUARDING_INTENT]
            message.set(INTENT, top, add_to_output=True)
            message.set("intent_ranking", [top, *ranking], add_to_output=True)
            message.set("safeguarding", {"category": risk.category}, add_to_output=True)
        return messages

    @staticmethod
    def _unless_only_an_idiom(message: Message, text: str) -> None:
        """The classifier said safeguarding, but the only alarming words are a known idiom
        ("she's dying to go back"): take its next guess instead. Anything else it flags stays."""
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) != SAFEGUARDING_INTENT or not has_idiom(text):
            return
        ranking = [r for r in message.get("intent_ranking", []) if r.get(INTENT_NAME_KEY) != SAFEGUARDING_INTENT]
        if ranking:
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
