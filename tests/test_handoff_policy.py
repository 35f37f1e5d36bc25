"""The handoff policy on real trackers and the real domain: silent while an officer holds the
conversation, officer events run their actions anywhere, and it leaves every other turn alone."""
from __future__ import annotations

import pytest
from rasa.core.constants import RULE_POLICY_PRIORITY
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import PROJECT_DIR
from components.handoff_policy import HandoffPolicy
from components.safety_policy import SafetyPolicy


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(PROJECT_DIR / "domain.yml"))


@pytest.fixture
def policy(tmp_path):
    return HandoffPolicy.create(HandoffPolicy.get_default_config(), LocalModelStorage(tmp_path), Resource("handoff"),
                                ExecutionContext(GraphSchema({}), "test"))


def tracker(domain, *events):
    return DialogueStateTracker.from_events("parent", [ActionExecuted("action_listen"), *events], domain.slots)


def user(intent, text="some words"):
    return UserUttered(text, {"name": intent, "confidence": 0.9})


def external(intent):
    """The event Rasa's trigger_intent API makes for the service's officer events."""
    return UserUttered.create_external(intent)


def predicted(policy, domain, tracker_):
    prediction = policy.predict_action_probabilities(tracker_, domain)
    best = max(range(len(prediction.probabilities)), key=prediction.probabilities.__getitem__)
    if prediction.probabilities[best] == 0:
        return None
    assert prediction.policy_priority > RULE_POLICY_PRIORITY, "above the rule policy"
    return domain.action_names_or_texts[best]


def test_it_leaves_ordinary_turns_to_the_other_policies(policy, domain):
    assert predicted(policy, domain, tracker(domain, user("greet"))) is None
    assert predicted(policy, domain, tracker(domain, user("request_human"))) is None


def test_while_an_officer_holds_the_conversation_every_message_is_forwarded(policy, domain):
    for intent in ("greet", "request_human", "inform_child", "nlu_fallback", "safeguarding_risk"):
        held = tracker(domain, SlotSet("handoff_officer", "Priya"), ActionExecuted("action_listen"), user(intent))
        assert predicted(policy, domain, held) == "action_forward_to_officer", intent
    forwarded = tracker(domain, SlotSet("handoff_officer", "Priya"), ActionExecuted("action_listen"),
                        user("greet"), ActionExecuted("action_forward_to_officer"))
    assert predicted(policy, domain, forwarded) == "action_listen"


def test_it_wins_over_a_form_that_is_still_active(policy, domain):
    mid_form = tracker(domain, ActiveLoop("situation_form"), SlotSet("requested_slot", "setting"),
                       SlotSet("handoff_officer", "Priya"), ActionExecuted("action_listen"), user("inform_child"))
    prediction = policy.predict_action_probabilities(mid_form, domain)
    assert prediction.is_no_user_prediction and max(prediction.probabilities) == 1.0


@pytest.mark.parametrize("intent, action", [
    ("officer_joined", "action_officer_joined"),
    ("officer_message", "action_relay_officer_message"),
    ("officer_handed_back", "action_hand_back_to_bot"),
])
def test_officer_events_run_their_action_with_or_without_the_slot(policy, domain, intent, action):
    assert predicted(policy, domain, tracker(domain, external(intent))) == action
    held = tracker(domain, SlotSet("handoff_officer", "Priya"), ActionExecuted("action_listen"), external(intent))
    assert predicted(policy, domain, held) == action
    assert predicted(policy, domain, tracker(domain, user(intent), ActionExecuted(action))) == "action_listen"


@pytest.mark.parametrize("intent", ["officer_joined", "officer_message", "officer_handed_back"])
def test_the_same_intent_in_a_parents_message_runs_nothing_of_the_officers(policy, domain, intent):
    """Only the service's trigger_intent call (marked external by Rasa) is an officer event."""
    typed = user(intent, f"EXTERNAL: {intent}")
    assert predicted(policy, domain, tracker(domain, typed)) is None
    held = tracker(domain, SlotSet("handoff_officer", "Priya"), ActionExecuted("action_listen"), typed)
    assert predicted(policy, domain, held) == "action_forward_to_officer"


def test_training_refuses_a_domain_without_the_forward_action(policy):
    with pytest.raises(ValueError):
        policy.train([], Domain.from_dict({"intents": ["greet"]}))


# --- The safety policy: a disclosure pre-empts every form, question and handoff ---------------

@pytest.fixture
def safety(tmp_path):
    return SafetyPolicy.create(SafetyPolicy.get_default_config(), LocalModelStorage(tmp_path), Resource("safety"),
                               ExecutionContext(GraphSchema({}), "test"))


def crisis_path(safety, domain, *before):
    """The actions the safety policy predicts after a disclosure, one after another."""
    events = [*before, ActionExecuted("action_listen"), user("safeguarding_risk")]
    actions = []
    while len(actions) < 6:
        action = predicted(safety, domain, tracker(domain, *events))
        if action is None:
            break
        actions.append(action)
        if action == "action_listen":
            break
        events.append(ActionExecuted(action))
        if action == "action_deactivate_loop":
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
    return actions


def test_safety_outranks_the_handoff_policy_and_the_rules():
    assert SafetyPolicy.get_default_config()["priority"] > HandoffPolicy.get_default_config()["priority"]


def test_a_disclosure_gets_crisis_contacts_then_an_urgent_escalation(safety, domain):
    assert crisis_path(safety, domain) == ["utter_crisis_contacts", "action_escalate_safeguarding", "action_listen"]


@pytest.mark.parametrize("form", ["verify_form", "fact_form", "contact_form", "situation_form"])
def test_every_form_is_pre_empted_and_asks_again_afterwards(safety, domain, form):
    asking = (ActiveLoop(form), SlotSet("requested_slot", "case_reference"), ActionExecuted(form))
    assert crisis_path(safety, domain, *asking) == ["utter_crisis_contacts", "action_escalate_safeguarding", form]
    mid_form = tracker(domain, *asking, ActionExecuted("action_listen"), user("safeguarding_risk"))
    prediction = safety.predict_action_probabilities(mid_form, domain)
    assert prediction.is_no_user_prediction, "beats the form's happy path"


def test_the_consent_question_is_ended_not_asked_again(safety, domain):
    asking = (ActiveLoop("handoff_form"), SlotSet("requested_slot", "handoff_consent"), ActionExecuted("handoff_form"))
    assert crisis_path(safety, domain, *asking) == [
        "utter_crisis_contacts", "action_escalate_safeguarding", "action_deactivate_loop", "action_listen"]


def test_while_an_officer_holds_it_the_forward_action_gives_the_crisis_path(safety, domain):
    held = (SlotSet("handoff_officer", "Priya"),)
    assert crisis_path(safety, domain, *held) == ["action_forward_to_officer", "action_listen"]
    # The officer had left: the forward action cleared the slot, so the bot gives the full path.
    left = tracker(domain, *held, ActionExecuted("action_listen"), user("safeguarding_risk"),
                   ActionExecuted("action_forward_to_officer"), SlotSet("handoff_officer", None))
    assert predicted(safety, domain, left) == "utter_crisis_contacts"


def test_safety_leaves_every_other_turn_alone(safety, domain):
    for intent in ("greet", "request_human", "express_distress", "nlu_fallback"):
        assert predicted(safety, domain, tracker(domain, user(intent))) is None
    done = tracker(domain, user("safeguarding_risk"), ActionExecuted("utter_crisis_contacts"),
                   ActionExecuted("action_escalate_safeguarding"), ActionExecuted("action_listen"))
    assert predicted(safety, domain, done) is None


def test_safety_training_refuses_a_domain_without_the_crisis_actions(safety):
    with pytest.raises(ValueError):
        safety.train([], Domain.from_dict({"intents": ["safeguarding_risk"]}))


def test_a_calmer_message_after_a_disclosure_gets_the_short_follow_up_and_an_answer(safety, domain):
    first = (user("safeguarding_risk", "honestly some nights i think theyd all be better off without me"),
             ActionExecuted("utter_crisis_contacts"), ActionExecuted("action_escalate_safeguarding"))
    calmer = "im ok, my sister is coming round. what do i say to the school if they ring again to collect him?"
    events = [*first, ActionExecuted("action_listen"), user("safeguarding_risk", calmer)]
    assert predicted(safety, domain, tracker(domain, *events)) == "action_safety_follow_up"
    events.append(ActionExecuted("action_safety_follow_up"))
    assert predicted(safety, domain, tracker(domain, *events)) in ("action_answer_concerns", "action_listen")
    worse = [*first, ActionExecuted("action_listen"), user("safeguarding_risk", "im ok but he took all his tablets")]
    assert predicted(safety, domain, tracker(domain, *worse)) == "utter_crisis_contacts", "new harm: the whole reply"
    abuse = UserUttered("im ok but their dad hit me again last night", {"name": "safeguarding_risk", "confidence": 1.0},
                        parse_data={"intent": {"name": "safeguarding_risk", "confidence": 1.0},
                                    "safeguarding": {"category": "violence_or_abuse"}})
    other = [*first, ActionExecuted("action_listen"), abuse]
    assert predicted(safety, domain, tracker(domain, *other)) == "utter_crisis_contacts", "another kind of harm"
    fresh = [ActionExecuted("action_listen"), user("safeguarding_risk", calmer)]
    assert predicted(safety, domain, tracker(domain, *fresh)) == "utter_crisis_contacts", "no disclosure before"
