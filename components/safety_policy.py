"""Safety first, everywhere: a disclosure pre-empts every form, question and handoff.

`SafetyPolicy` is a Rasa policy (a graph component listed in config.yml) with the highest
priority. When the parent's latest message is `safeguarding_risk` it drives the whole turn:
crisis contacts, then an urgent escalation, then the interrupted form asks its question again
(loops listed in `loops_ended`, the consent question, are ended instead: the escalation needs no
consent). While an officer holds the conversation it predicts the forward action, whose crisis
path sends the contacts and makes the escalation urgent. Its predictions are "no user"
predictions, so they beat a form's happy path (which would otherwise take the disclosure as the
answer to its question). Every other turn is left to the other policies.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa.core.constants import RULE_POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import (ACTION_DEACTIVATE_LOOP_NAME, ACTION_EXTRACT_SLOTS,
                                        ACTION_LISTEN_NAME)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from knowledge.concerns import answer_by_concern
from knowledge.safety_steps import calmer_follow_up

SAFETY_PRIORITY = RULE_POLICY_PRIORITY + 2  # above the handoff policy's RULE_POLICY_PRIORITY + 1


def actions_since_user(tracker: DialogueStateTracker) -> List[str]:
    """The actions run since the latest user message, oldest first (slot extraction left out)."""
    actions: List[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted) and event.action_name not in (None, ACTION_EXTRACT_SLOTS):
            actions.append(event.action_name)
    return actions[::-1]


def previous_user_message(tracker: DialogueStateTracker) -> Optional[UserUttered]:
    """The parent's message before the latest one, or None."""
    said = [event for event in tracker.events if isinstance(event, UserUttered)]
    return said[-2] if len(said) >= 2 else None


# Kinds of disclosure a calmer message may name again ("the cuts were shallow" after "rather be dead")
SAME_KIND = ({"suicide", "self_harm", "parental_crisis"},)


def _category(message: UserUttered) -> Optional[str]:
    return ((message.parse_data or {}).get("safeguarding") or {}).get("category")


def new_kind_of_harm(latest: UserUttered, earlier: UserUttered) -> bool:
    """Whether the latest disclosure is of another kind than the one before ("im ok but he hit me
    again last night" after a child's self-harm): the whole crisis reply again, not the short one.
    The disclosure classifier's "learned" alarm names no kind, so it is no new one."""
    now, before = _category(latest), _category(earlier)
    return now not in (None, "learned", before) and not any(now in kin and before in kin for kin in SAME_KIND)



def _after_the_path(active_loop: Optional[str], offer_more: bool, config: Dict[str, Any]) -> str:
    """Once the crisis path has run: end a loop the disclosure ended, offer to go on to the concerns
    still waiting, or go back to the form that was active (else listen)."""
    if active_loop in config["loops_ended"]:
        return ACTION_DEACTIVATE_LOOP_NAME
    if offer_more and not active_loop:
        return config["offer_action"]
    return active_loop or ACTION_LISTEN_NAME

def crisis_step(done: Sequence[str], handed_off: bool, active_loop: Optional[str],
                config: Dict[str, Any], offer_more: bool = False, follow_up: bool = False) -> Optional[str]:
    """The next action of the crisis path after `done` (the actions run since the disclosure), or
    None when the path does not apply (so the other policies decide). With `offer_more` (the
    disclosure came in a message that also raised SEND concerns, and no form was active), the
    offer to go through those concerns "when you are ready" follows the escalation. With
    `follow_up` (the parent's message before was a disclosure, and this one says things are
    calmer), the short follow-up replaces the crisis contacts and the escalation message; the
    concerns are then answered (offer_action)."""
    contacts, escalate, forward = config["contacts_action"], config["escalate_action"], config["forward_action"]
    if follow_up and not handed_off:
        path = [config["follow_up_action"]]
        if not done:
            return path[0]
        if list(done) == path:
            return _after_the_path(active_loop, offer_more, config)
        if list(done) in ([*path, config["offer_action"]], [*path, ACTION_DEACTIVATE_LOOP_NAME]):
            return ACTION_LISTEN_NAME
        return None
    if done and done[0] == forward:
        if handed_off:  # the officer has it: the forward action gave the contacts, made it urgent
            return ACTION_LISTEN_NAME if len(done) == 1 else None
        done = done[1:]  # the officer had left: the bot is back, so the full path runs
    else:
        if not done:
            return forward if handed_off else contacts
    path = [contacts, escalate]
    if list(done) == path[:len(done)] and len(done) < len(path):
        return path[len(done)]
    if list(done) == path:
        return _after_the_path(active_loop, offer_more, config)
    if list(done) == [*path, config["offer_action"]]:
        return ACTION_LISTEN_NAME
    if list(done) == [*path, ACTION_DEACTIVATE_LOOP_NAME]:
        return ACTION_LISTEN_NAME
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class SafetyPolicy(Policy):
    """Crisis contacts and an urgent escalation for every disclosure, whatever is active."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "priority": SAFETY_PRIORITY,
            "intent": "safeguarding_risk",
            "contacts_action": "utter_crisis_contacts",
            "escalate_action": "action_escalate_safeguarding",
            "handoff_slot": "handoff_officer",
            "forward_action": "action_forward_to_officer",
            # The parent writes again after a disclosure to say things are calmer: the steps they
            # took named back and the numbers in short, instead of the whole crisis reply again.
            "follow_up_action": "action_safety_follow_up",
            # After the escalation, for a message that also raised SEND concerns: the offer to go
            # through them when the parent is ready (action_answer_concerns, offer only).
            "offer_action": "action_answer_concerns",
            # Loops ended, not resumed, after the crisis path (the escalation needs no consent).
            "loops_ended": ["handoff_form"],
        }

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        """Nothing to learn; checks the domain and records the configuration in the model."""
        for action in (self.config["contacts_action"], self.config["escalate_action"], self.config["forward_action"],
                       self.config["offer_action"], self.config["follow_up_action"]):
            if action not in domain.action_names_or_texts:
                raise ValueError(f"SafetyPolicy: the domain has no action {action!r}")
        if self.config["intent"] not in domain.intents:
            raise ValueError(f"SafetyPolicy: the domain has no intent {self.config['intent']!r}")
        keys = ("intent", "contacts_action", "escalate_action", "handoff_slot", "forward_action", "offer_action",
                "follow_up_action", "loops_ended")
        with self._model_storage.write_to(self._resource) as path:
            (path / "safety_policy.json").write_text(json.dumps({k: self.config[k] for k in keys}))
        return self._resource

    def next_action(self, tracker: DialogueStateTracker) -> Optional[str]:
        """The crisis path's next action, or None when the latest message is not a disclosure."""
        message = tracker.latest_message
        if message is None or (message.intent or {}).get("name") != self.config["intent"]:
            return None
        if tracker.latest_action_name is None:
            return None
        text = message.text or ""
        earlier = previous_user_message(tracker)
        follow_up = earlier is not None and (earlier.intent or {}).get("name") == self.config["intent"] \
            and calmer_follow_up(text) and not new_kind_of_harm(message, earlier)
        offer_more = answer_by_concern(text) or (follow_up and answer_by_concern(earlier.text or ""))
        return crisis_step(actions_since_user(tracker), bool(tracker.get_slot(self.config["handoff_slot"])),
                           tracker.active_loop_name, self.config, offer_more, follow_up)

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        result = self._default_predictions(domain)
        action = self.next_action(tracker)
        if action is None:
            return self._prediction(result)
        result[domain.index_for_action(action)] = 1.0
        # "No user" predictions are the ones a form's happy path makes; this one must beat it.
        return self._prediction(result, is_no_user_prediction=True)
