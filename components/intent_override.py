"""One way for a rule-based component to set a message's intent after the classifiers."""
from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message


def override_intent(message: Message, intent: str) -> None:
    """Make `intent` the message's intent (confidence 1.0) and put it first in the ranking."""
    top = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [r for r in message.get("intent_ranking", []) if r.get(INTENT_NAME_KEY) != intent]
    message.set(INTENT, top, add_to_output=True)
    message.set("intent_ranking", [top, *ranking], add_to_output=True)
