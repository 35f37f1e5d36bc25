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
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intent_override import override_intent

from knowledge import KNOWLEDGE_DIR

SAFEGUARDING_FILE = KNOWLEDGE_DIR / "safeguarding.yml"
SAFEGUARDING_INTENT = "safeguarding_risk"


@dataclass(frozen=True)
class RiskMatch:
    """Why a message was judged a disclosure: the category and the words that matched."""

    category: str
    words: str


# A category lists single patterns (any one matching anywhere in the message is enough) and
# co-occurrence rules, written `- all: [cue, cue, ...]`: every cue must match within one sentence
# ("found pills" + "a note"; an injury + someone holding the child). Sentences end at . ! ? ; or
# a line break; a message without punctuation is one sentence.
_SENTENCE_END = re.compile(r"[.!?;\n]+(?:\s|$)")
_Rule = Tuple[Optional[Pattern], List[Tuple[Pattern, ...]]]


def _compile(patterns: List[Any]) -> _Rule:
    single = [p for p in patterns if isinstance(p, str)]
    together = [tuple(re.compile(c, re.IGNORECASE) for c in p["all"]) for p in patterns if isinstance(p, dict)]
    anyone = re.compile("|".join(f"(?:{p})" for p in single), re.IGNORECASE) if single else None
    return anyone, together


@lru_cache(maxsize=1)
def _rules() -> Tuple[Pattern, List[Tuple[str, _Rule]]]:
    data = yaml.safe_load(SAFEGUARDING_FILE.read_text(encoding="utf-8"))
    idioms = re.compile("|".join(f"(?:{p})" for p in data["idioms"]), re.IGNORECASE)
    categories = [(name, _compile(patterns)) for name, patterns in data["categories"].items()]
    return idioms, categories


def _match(rule: _Rule, text: str, sentences: List[str]) -> Optional[str]:
    anyone, together = rule
    if anyone is not None:
        found = anyone.search(text)
        if found:
            return found.group(0)
    for cues in together:
        for sentence in sentences:
            hits = [c.search(sentence) for c in cues]
            if all(hits):
                return " + ".join(h.group(0) for h in hits)
    return None


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
    sentences = [s for s in _SENTENCE_END.split(cleaned) if s.strip()]
    for category, rule in categories:
        words = _match(rule, cleaned, sentences)
        if words:
            return RiskMatch(category, words)
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
            override_intent(message, SAFEGUARDING_INTENT)
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
