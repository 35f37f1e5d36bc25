"""While a resolution officer holds a conversation, the bot stays silent.

`HandoffPolicy` is a Rasa policy (a graph component listed in config.yml). Whenever the handoff
slot is set and the parent has just written, it predicts the action that forwards the message to
the officer, with full confidence and a priority above the rule, memoization and TED policies;
after that action it predicts listening. Officer events (`officer_joined`, `officer_message`,
`officer_handed_back`, sent by the service through Rasa's trigger_intent API) run their actions
the same way, even in the middle of a form.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa.core.constants import RULE_POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

HANDOFF_PRIORITY = RULE_POLICY_PRIORITY + 1


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class HandoffPolicy(Policy):
    """Forwards every parent message to the officer while the handoff slot is set."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "priority": HANDOFF_PRIORITY,
            "handoff_slot": "handoff_officer",
            "forward_action": "action_forward_to_officer",
            # Events the service sends for an officer, and the action each one runs.
            "officer_actions": {
                "officer_joined": "action_officer_joined",
                "officer_message": "action_relay_officer_message",
                "officer_handed_back": "action_hand_back_to_bot",
            },
        }

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        """Nothing to learn; the configuration is written so the model records what it ran with."""
        for action in (self.config["forward_action"], *self.config["officer_actions"].values()):
            if action not in domain.action_names_or_texts:
                raise ValueError(f"HandoffPolicy: the domain has no action {action!r}")
        with self._model_storage.write_to(self._resource) as path:
            (path / "handoff_policy.json").write_text(json.dumps(
                {k: self.config[k] for k in ("handoff_slot", "forward_action", "officer_actions")}))
        return self._resource

    def next_action(self, tracker: DialogueStateTracker) -> Optional[str]:
        """The action to predict, or None to leave the decision to the other policies.

        An officer event runs its action whatever else is going on (even mid-form); while the
        handoff slot is set, each parent message is forwarded; after either, the bot listens."""
        officer_actions: Dict[str, str] = self.config["officer_actions"]
        handed_off = bool(tracker.get_slot(self.config["handoff_slot"]))
        latest = tracker.latest_action_name
        if latest in officer_actions.values() or (handed_off and latest == self.config["forward_action"]):
            return ACTION_LISTEN_NAME
        if latest != ACTION_LISTEN_NAME or tracker.latest_message is None:
            return None
        intent = (tracker.latest_message.intent or {}).get("name")
        # Only the service's own trigger_intent call (Rasa marks it external) is an officer event;
        # the same intent in a parent's message runs nothing of the officer's (and, while an
        # officer holds the conversation, is forwarded to them like anything else the parent says).
        if intent in officer_actions and (tracker.latest_message.metadata or {}).get("is_external"):
            return officer_actions[intent]
        return self.config["forward_action"] if handed_off else None

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        result = self._default_predictions(domain)
        action = self.next_action(tracker)
        if action is None:
            return self._prediction(result)
        result[domain.index_for_action(action)] = 1.0
        # A no-user prediction competes only with other no-user predictions (a form's happy
        # path), and wins those on priority: the officer, not the bot, answers.
        return self._prediction(result, is_no_user_prediction=True)
