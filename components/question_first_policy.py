"""Answer the parent first, whatever form is active: one door for questions asked mid-conversation.

`QuestionFirstPolicy` is a Rasa policy one step above the rules. It drives the turn when:
- the parent asks for a summary ("can you read that back?"), at any point;
- the parent asks for a letter ("can you write the letter for me?"), at any point (with a long
  message of concerns, the concerns' answer brings the letter);
- the parent asks about a deadline while any form is active; a time-limit question about a concern
  no EHC deadline covers (school transport) is answered by that concern;
- the parent answers the date question the deadline answer just asked ("What date was the
  request?", "What happened on 3 September?"), or, after an answer with dates, corrects a date or
  dates another step without asking anything ("she actually sent it on the 16th, not the 9th");
- a long message raises several concerns (knowledge.concerns): it is answered concern by concern,
  instead of with the one FAQ answer that shares a word with it; a shorter statement the concern
  rules read is answered by its concern before the situation form asks anything (so is a first
  message whose own dates show the decision to assess or the plan late and not yet come, even when
  it reads as a "no": "ehcna sent 14th july. no decision, no nothing", or as a process question:
  "we asked in March and still nothing, what do I do?"), and an FAQ answer that fits
  none of a message's concerns gives way to them; a short message that dates two steps or more ("AR was
  14/10. LA sent amended draft 2/11. heard nowt since. wot now") gets the deadlines they give;
- the parent answers the date the concerns' answer asked for: the deadline engine answers;
- a message that dates a school transport decision ("got it mon 16th nov ... taxi stops 4th jan") gets
  the transport concern's answer with the review's last day, not the transport FAQ;
- the consent question asked for a long message that also raised concerns has been answered:
  the concerns are answered next (the person comes first, then what the message asked); a short
  statement of one concern is answered too when the parent chose not to be passed on;
- a message the classifier is unsure of names a place in Wales, Scotland or Northern Ireland: that
  nation's advice (action_local_contacts), never the fallback;
- a message is in another language (components.other_language): any form ends and the fixed reply
  in that language follows; "1" (or its button) after it raises an escalation for a person;
- the parent asks for a person while any form but the consent question is active: the form is
  ended and the offer of a person (with its consent question) follows, even when the message
  also holds something the form would take as its answer ("he's been sent home. can I speak to
  someone?" while asked what happened).
It runs the answering action, then the interrupted form asks its question again (or the assistant
listens, never a fallback). A new form is covered without a new rule. It never acts while an officer holds the
conversation, and safety (SafetyPolicy, higher priority) comes before it.
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa.core.constants import RULE_POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import (ACTION_DEACTIVATE_LOOP_NAME, ACTION_EXTRACT_SLOTS, ACTION_LISTEN_NAME,
                                         ACTION_TWO_STAGE_FALLBACK_NAME)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from components.safety_policy import actions_since_user
from knowledge.concerns import (answer_by_concern, asks_beyond_ehc_limits, asks_how_to_write, asks_what_next, faq_fits_none_of, delay_told, detect, faq_misses_concerns, reply_notes,
                                short_concern, urgent_concerns)
from knowledge.deadline_questions import asks_for_all_dates
from knowledge.event_notes import adds_dated_news, corrects_dates, dated_steps, read_by_rules
from knowledge.planned_request import planned_request
from knowledge.letter_requests import asks_for_letter
from knowledge.other_nations import moved_into_england, nations_of
from knowledge.person_request import asks_besides_a_person
from knowledge.sign_off import signs_off, still_struggling
from knowledge.transport import review_limit

QUESTION_FIRST_PRIORITY = RULE_POLICY_PRIORITY + 1
# An apology that corrects a date ("sorry, I actually sent it on the 5th") is often read as distress:
# after an answer with dates, the correction is answered, not met with comfort and a person.
CORRECTION_INTENTS = ("express_distress",)
TIMELINE_TOLD = 2  # dated steps in a short message that make it a timeline to work out, not the start of a form


def actions_before_user(tracker: DialogueStateTracker) -> List[str]:
    """The assistant's actions between the parent's message before the latest one and the latest."""
    actions: List[str] = []
    seen_user = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_user:
                break
            seen_user = True
        elif seen_user and isinstance(event, ActionExecuted) and event.action_name:
            actions.append(event.action_name)
    return actions[::-1]


def action_before_user(tracker: DialogueStateTracker) -> Optional[str]:
    """The assistant's last action before the parent's latest message (listening left out)."""
    seen_user = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_user:
                return None
            seen_user = True
            continue
        if seen_user and isinstance(event, ActionExecuted) and event.action_name not in (
                None, ACTION_LISTEN_NAME, ACTION_EXTRACT_SLOTS, *CONSENT_FLOW):
            return event.action_name  # the consent question after an answer leaves that answer the last one
    return None


CONSENT_FLOW = ("action_offer_handoff", "handoff_form", ACTION_DEACTIVATE_LOOP_NAME)  # asking whether to pass the parent on


def answers_date_question(intent: str, entities: Sequence[Dict[str, Any]], text: str, config: Dict[str, Any]) -> bool:
    """Whether a reply looks like an answer to "What date was ...?" or "What happened on ...?"."""
    if intent in config["never_an_answer"]:
        return False
    if "?" in (text or ""):  # "I want to do a supported internship from september 2027 ... does that help?": plans ahead, asked
        dates = read_by_rules(text, date.today())[1].dates
        if dates and all(found.iso > date.today().isoformat() for found in dates):
            return False
    if any(e.get("entity") in ("date", "event_role") for e in entities):
        return True
    if intent in ("inform_stage", "dont_know", "deny", "affirm", "nlu_fallback"):
        return True
    return bool(text) and bool(read_by_rules(text, date.today())[1].roles_named)


def first_user_message(tracker: DialogueStateTracker) -> bool:
    """Whether the latest message is the first the parent has sent (so a "no" answers nothing)."""
    return sum(isinstance(event, UserUttered) for event in tracker.events) <= 1


def faq_answer_key(parse_data: Dict[str, Any]) -> str:
    """The FAQ answer the response selector chose for a message ("draft_plan" of "faq/draft_plan"), or ""."""
    for selector in (parse_data.get("response_selector") or {}).values():
        if isinstance(selector, dict):
            key = str(((selector.get("response") or {}).get("intent_response_key")) or "")
            if "/" in key:
                return key.split("/", 1)[1]
    return ""


# words that ask whom to contact, as the contact intent should
ASKS_FOR_CONTACT = re.compile(r"\b(?:who|whom|number|phone|contact|address|ring|call|helpline|sendiass|ipsea|local\s+offer)\b", re.IGNORECASE)


def faq_confidence(parse_data: Dict[str, Any]) -> float:
    """How sure the response selector was of the FAQ answer it chose (1.0 when it gave no figure)."""
    for selector in (parse_data.get("response_selector") or {}).values():
        if isinstance(selector, dict) and "/" in str(((selector.get("response") or {}).get("intent_response_key")) or ""):
            return float((selector.get("response") or {}).get("confidence", 1.0))
    return 1.0


def names_another_nation(entities: Sequence[Dict[str, Any]]) -> bool:
    """Whether the message names a place in Wales, Scotland or Northern Ireland (its own law applies)."""
    return any(e.get("entity") == "local_authority" and nations_of(str(e.get("value"))) for e in entities)


# an exclusion's next step asked about, after an exclusion was told: its dates, not "not sure I understood"
EXCLUSION_STEP_ASKED = re.compile(r"\b(?:review\s+panel|irp|governors?|reinstat\w*|uphold|upheld|sixth\s+day|6th\s+day)\b", re.IGNORECASE)
EXCLUSION_TOLD = re.compile(r"\b(?:perm(?:anent(?:ly)?)?\s+ex\w*|expelled|pex)\b", re.IGNORECASE)  # suspensions: no panel dates
IF_QUESTION = re.compile(r"^\W*(?:(?:and|so|ok|okay|but)\W+)*(?:what\s+)?if\b", re.IGNORECASE)  # "and if ...?": a follow-up
_POINTS_BACK = re.compile(r"\b(?:that|this|it|they|them|those)\b", re.IGNORECASE)
FOLLOW_UP_WORDS = 15


def follow_up_question(text: str) -> bool:
    """"and if they ignore that?", "do i ring or email them": a short question about what was just said."""
    return bool(IF_QUESTION.search(text)) or (len(text.split()) <= FOLLOW_UP_WORDS and bool(QUESTION_START.search(text))
                                             and bool(_POINTS_BACK.search(text)))


QUESTION_START = re.compile(r"^\W*(?:and\s+|so\s+|ok\s+|but\s+)?(?:should|can|could|do|does|is|will|what|when|how|why)\b", re.IGNORECASE)


def user_texts(tracker: DialogueStateTracker) -> List[str]:
    """Every message the parent has sent, oldest first."""
    return [event.text or "" for event in tracker.events if isinstance(event, UserUttered)]


def earlier_user_texts(tracker: DialogueStateTracker) -> str:
    """Every message the parent wrote before the latest one, buttons left out."""
    return " ".join(text for text in user_texts(tracker)[:-1] if text and not text.startswith("/"))


def earlier_user_text(tracker: DialogueStateTracker) -> str:
    """The parent's message before the latest one (the one a consent question was asked for)."""
    seen = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            seen += 1
            if seen == 2:
                return event.text or ""
    return ""


def concerns_after_consent_step(done: Sequence[str], config: Dict[str, Any], earlier: str,
                                passed_on: bool = True, answered_before: bool = False, pending: bool = False) -> Optional[str]:
    """After the consent answer to a message that asked for a person and raised concerns (several, or
    one urgent one such as a part-time timetable, or a question of its own: "can i stay at college til im
    25? and can someone help me"): the concerns. A short statement of one concern ("council r stopping
    ds plan") is answered too when the parent chose not to be passed on (`passed_on` False): otherwise
    the officer answers it. Nothing is said again when it was answered before the consent question
    (`answered_before`), except the concerns it left for later (`pending`)."""
    answered, concern_action = config["consent_answered_action"], config["concern_action"]
    if done and done[-1] == answered and answered_before and pending:
        return concern_action  # answered before the consent question, with more to go on to: the rest now
    if done[-2:] == [answered, concern_action] and answered_before:
        return ACTION_LISTEN_NAME
    if not done or answered not in done or answered_before or not (
            answered_with_the_request(earlier) or (not passed_on and short_concern(earlier, questions_too=True))):
        return None
    if done[-1] == answered:
        return concern_action
    if done[-2:] == [answered, concern_action]:
        return ACTION_LISTEN_NAME
    return None


CONSENT_ANSWERS = ("affirm", "deny", "stop", "thank", "greet", "goodbye", "dont_know", "safeguarding_risk", "request_human", "ask_summary",
                   "ask_letter", "other_language", "request_interpreter", "officer_joined", "officer_message", "officer_handed_back")


def ignored_consent_step(done: Sequence[str], config: Dict[str, Any], intent: str, text: str, earlier: str,
                         answered_before: bool = False, raises_new: bool = False) -> Optional[str]:
    """The consent question met with a new question instead of a yes or no ("Thank you. Who exactly do I
    email, the SENCo or Essex?", trial R14), after a message that raised concerns or asked something:
    those are answered now (the new question with them when it raises its own), the consent question
    is dropped, and the answer still offers a person. When the earlier message was answered before the
    consent question (`answered_before`), the new question alone is answered. Called while the consent
    question waits, and once more after the form has ended."""
    concern_action = config["concern_action"]
    if not done and answered_before and intent not in CONSENT_ANSWERS and text and not text.startswith("/") \
            and raises_new and ("?" in text or QUESTION_START.search(text)):
        return concern_action  # "college told me on friday not to come in... is that allowed?": the new problem, not dates
    if not done and answered_before and intent not in CONSENT_ANSWERS and text and not text.startswith("/") \
            and (adds_dated_news(text, date.today()) or corrects_dates(text, date.today())):
        return config["deadline_action"]  # "found it, sent 4/9 by email": what the date changes, not the consent question
    answering = (config["deadline_action"], concern_action)
    if done and all(action in answering for action in done):
        return ACTION_DEACTIVATE_LOOP_NAME  # answered (the deadline action may hand over to the concerns)
    if len(done) > 1 and done[-1] == ACTION_DEACTIVATE_LOOP_NAME and all(action in answering for action in done[:-1]):
        return ACTION_LISTEN_NAME
    if not done:
        if intent in CONSENT_ANSWERS or not text or text.startswith("/") or len(text.split()) < IGNORED_CONSENT_WORDS \
                or not ("?" in text or QUESTION_START.search(text)) or _ABOUT_CONSENT.search(text):
            return None
        if not answered_before and not answered_with_the_request(earlier):
            return None
        return concern_action
    return None


IGNORED_CONSENT_WORDS = 4  # "how long?" is too bare to be a new question
# "what do you mean?", "who would see it?", "what happens if I say yes": about the consent question itself
_ABOUT_CONSENT = re.compile(r"\b(?:mean|meaning|share\w*|pass(?:ed|ing)?\s+(?:me\s+)?on|what\s+happens|who\s+(?:will|would|can)\s+(?:see|read)"
                            r"|data|privacy|private|confidential\w*|consent|officer|resolution|how\s+long\s+(?:will|would)\s+(?:it|they|that))\b",
                            re.IGNORECASE)


def raises_new_concerns(message: Optional[UserUttered], tracker: DialogueStateTracker) -> bool:
    """Whether the parent's message raises a concern the conversation has not raised before."""
    text = (message.text if message else "") or ""
    if not text or text.startswith("/"):
        return False
    return bool(set(detect(text)) - set(tracker.get_slot("concerns") or []))


# The answers for families in Wales, Scotland or Northern Ireland, given only when a nation or a place there is named
ANOTHER_NATIONS_ANSWERS = frozenset({"wales", "scotland", "northern_ireland"})
_NATION_WORDS = re.compile(r"\b(?:wales|welsh|cymru|scotland|scottish|northern\s+ireland|\bni\b|alns?|idp|csp)\b", re.IGNORECASE)


def question_first_step(done: Sequence[str], action: Optional[str], active_loop: Optional[str]) -> Optional[str]:
    """The next action after `done` (run since the parent's message) when `action` answers them."""
    if action is None:
        return None
    if not done:
        return action
    if list(done) == [action]:
        return active_loop or ACTION_LISTEN_NAME
    return None


def language_step(done: Sequence[str], action: str, active_loop: Optional[str]) -> Optional[str]:
    """The next action for a message in another language (or its "1"): any form ends first, since
    its English question would mean nothing; then `action`; then the assistant listens."""
    if not done:
        return ACTION_DEACTIVATE_LOOP_NAME if active_loop else action
    if list(done) == [ACTION_DEACTIVATE_LOOP_NAME]:
        return action
    if list(done) in ([action], [ACTION_DEACTIVATE_LOOP_NAME, action]):
        return ACTION_LISTEN_NAME
    return None


def language_action(intent: str, text: str, previous_action: Optional[str], config: Dict[str, Any]) -> Optional[str]:
    """The action for a message in another language, or for the parent's "1" (or its button) in
    reply to the fixed message in their language."""
    if intent == config["language_intent"]:
        return config["language_action"]
    if intent == config["interpreter_intent"] or (
            previous_action == config["language_action"] and text.strip().rstrip(".)") == "1"):
        return config["language_person_action"]
    return None


def person_request_step(done: Sequence[str], offer_action: str, in_form: bool,
                        answer_action: Optional[str] = None) -> Optional[str]:
    """The next action when a parent asks for a person: end any form, answer what else the message
    raises or asks (`answer_action`, if any), then offer a person (the consent question)."""
    steps = ([ACTION_DEACTIVATE_LOOP_NAME] if in_form else []) + ([answer_action] if answer_action else []) + [offer_action]
    done = list(done)
    if done == steps[:len(done)] and len(done) < len(steps):
        return steps[len(done)]
    return None


def answered_with_the_request(text: str) -> bool:
    """Whether a message asking for a person is answered before the consent question: it raises
    concerns worth answering, an urgent one, or asks something else ("and is the council late?")."""
    return bool(text) and not text.startswith("/") and bool(
        answer_by_concern(text) or urgent_concerns(text) or asks_besides_a_person(text))


def person_request_answer(text: str, config: Dict[str, Any]) -> Optional[str]:
    """The action that answers a message asking for a person before the consent question: its concerns or
    other questions; else a note's answer alone ("Is there anyone who could come with me to the meeting on the
    10th??": SENDIASS, a friend); None when there is nothing else to answer."""
    if answered_with_the_request(text):
        return config["concern_action"]
    if text and not text.startswith("/") and reply_notes(text):
        return config["deadline_action"]
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class QuestionFirstPolicy(Policy):
    """Summaries on request, deadline questions mid-form, and answers to the date questions."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "priority": QUESTION_FIRST_PRIORITY,
            "summary_intent": "ask_summary",
            "summary_action": "action_summarise_situation",
            "letter_intent": "ask_letter",
            "letter_action": "action_write_letter",
            "deadline_intent": "ask_deadline",
            "deadline_action": "action_explain_deadlines",
            "asked_slots": ["asked_event", "event_question"],
            "concern_action": "action_answer_concerns",
            "situation_form": "situation_form",
            "consent_answered_action": "action_raise_escalation",
            "pending_slot": "concerns_pending",
            # Intents a message of several concerns is often taken as; questions about a deadline,
            # a case, a person or safety keep their own answers.
            "concern_intents": ["faq", "inform_child", "inform_stage", "ask_process", "out_of_scope", "nlu_fallback",
                                "complain", "intend_tribunal", "dont_know", "ask_contact"],
            # A short statement of one urgent thing ("he's been sent home every day this week") is
            # answered at once, not met with the situation form's first question; FAQ questions keep theirs.
            # A process question whose own dates show a step already late ("asked in March, still nothing,
            # what do I do?") gets that late step, not the overview of the process.
            "delay_intents": ["ask_process"],
            # A message the classifier is unsure of that names a place in Wales, Scotland or Northern
            # Ireland ("we live in Swansea, my son has ALN") gets that nation's advice, never "not sure I understood".
            # A family that moved from there into England gets England's answer about the old plan, from the same action.
            "unsure_intents": ["nlu_fallback", "out_of_scope"],
            # an FAQ answer chosen with less confidence than this, after the first message, is not given
            # (held-out FAQ questions: one right answer of 32 fell below it, at 0.14)
            "faq_unsure_below": 0.2,
            "nation_action": "action_local_contacts",
            "short_concern_intents": ["inform_child", "inform_stage", "out_of_scope", "nlu_fallback", "dont_know"],
            # Dated news after an answer with dates ("she actually sent it on the 16th, not the 9th") is
            # answered with what it changes, not met with the situation form's first question.
            "news_intents": ["inform_child", "inform_stage", "out_of_scope", "nlu_fallback", "faq"],
            "language_intent": "other_language",
            "language_action": "action_reply_other_language",
            "interpreter_intent": "request_interpreter",
            "language_person_action": "action_escalate_other_language",
            "person_intent": "request_human",
            "thanks_action": "utter_you_are_welcome",
            "person_action": "action_offer_handoff",
            "consent_loop": "handoff_form",
            "handoff_slot": "handoff_officer",
            "never_an_answer": ["safeguarding_risk", "request_human", "stop", "goodbye", "check_case", "ask_summary",
                                "ask_contact", "officer_joined", "officer_message", "officer_handed_back", "ask_letter"],
        }

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        """Nothing to learn; checks the domain and records the configuration in the model."""
        for action in (self.config["summary_action"], self.config["deadline_action"], self.config["person_action"],
                       self.config["letter_action"], self.config["nation_action"],
                       self.config["concern_action"], self.config["language_action"],
                       self.config["language_person_action"], self.config["thanks_action"]):
            if action not in domain.action_names_or_texts:
                raise ValueError(f"QuestionFirstPolicy: the domain has no action {action!r}")
        for slot in self.config["asked_slots"]:
            if slot not in [s.name for s in domain.slots]:
                raise ValueError(f"QuestionFirstPolicy: the domain has no slot {slot!r}")
        with self._model_storage.write_to(self._resource) as path:
            (path / "question_first_policy.json").write_text(json.dumps(self.config))
        return self._resource

    def answering_action(self, tracker: DialogueStateTracker) -> Optional[str]:
        """The action that answers the parent's latest message first, if this policy's turn."""
        message = tracker.latest_message
        if message is None or tracker.get_slot(self.config["handoff_slot"]):
            return None
        intent = (message.intent or {}).get("name") or ""
        if tracker.active_loop_name == self.config["consent_loop"] and intent in ("affirm", "deny", "stop"):
            return None  # a yes or no while the consent question waits is its answer, whatever came before it
        if intent == self.config["summary_intent"]:
            return self.config["summary_action"]
        text = message.text or ""
        if intent not in self.config["never_an_answer"] and not first_user_message(tracker) and corrects_dates(text, date.today()):
            return self.config["deadline_action"]  # "the draft actually came on Tuesday 17th ... does that change things?"
        if intent in CORRECTION_INTENTS and not first_user_message(tracker) and read_by_rules(text, date.today())[1].correction \
                and action_before_user(tracker) in (self.config["deadline_action"], self.config["concern_action"]) \
                and adds_dated_news(text, date.today()):
            return self.config["deadline_action"]  # "sorry, I actually sent it on the 5th Oct not the 2nd", read as distress
        if intent in self.config["news_intents"] and not first_user_message(tracker) \
                and action_before_user(tracker) in (self.config["deadline_action"], self.config["concern_action"]) \
                and adds_dated_news(text, date.today()):
            return self.config["deadline_action"]  # "she actually sent it on Friday 16th Oct": what that changes, not a form's question
        if intent in self.config["news_intents"] and not first_user_message(tracker) and not tracker.active_loop_name \
                and "?" in text and dated_steps(text, date.today()) >= 1:
            return self.config["deadline_action"]  # "They replied Friday (27th)! ... draft amendments in the new year. Is that OK?"
        if intent in ("inform_child", "inform_stage") and not tracker.active_loop_name and not first_user_message(tracker) \
                and action_before_user(tracker) == self.config["concern_action"] and "?" not in text \
                and read_by_rules(text, date.today())[1].dates:
            # "last tues the 24th. no ehcp, adhd. the other 4 days were in oct": more about the concern just answered,
            # its dates worked out, not the situation form's first question
            return self.config["deadline_action"]
        if intent in ("inform_child", "inform_stage") and not tracker.active_loop_name and not first_user_message(tracker) \
                and tracker.get_slot("concerns") and reply_notes(text):
            return self.config["deadline_action"]  # "he has adhd but no ehcp does that matter": its answer, not "Where does your child learn?"
        if tracker.active_loop_name == self.config["situation_form"] and "?" in text and not first_user_message(tracker) \
                and intent not in self.config["never_an_answer"]:
            # "can they do that to a kid with adhd??" while the form waits for the age: the question first (the
            # answering action ends the form once its question has been asked twice, so it is not asked again and again)
            if detect(text):
                return self.config["concern_action"]
            if reply_notes(text):
                return self.config["deadline_action"]
        if intent not in self.config["never_an_answer"] and moved_into_england(text) and not answer_by_concern(text):
            return self.config["nation_action"]  # "we moved from Cardiff to Bristol, her IDP": England's answer to that
        if tracker.active_loop_name == "contact_form" and tracker.get_slot("concerns") and asks_how_to_write(text):
            return self.config["concern_action"]  # "13th yeah ... do i ring or email" while the council is asked: how, then the question
        if intent in [*self.config["unsure_intents"], "express_distress"] and signs_off(text):  # "I feel like I actually know what to do now x"
            return self.config["thanks_action"]  # "Thank you, honestly. That's all for now - I feel a bit less like I'm going mad."
        if intent in self.config["unsure_intents"] and names_another_nation(message.entities or []):
            return self.config["nation_action"]
        if intent == "express_distress" and not tracker.active_loop_name and not first_user_message(tracker) \
                and tracker.get_slot("concerns") and IF_QUESTION.search(text) and not still_struggling(text):
            return self.config["concern_action"]  # "ok and what if they just ignore me again? i work full time": what comes next
        if intent == "express_distress" and tracker.active_loop_name in (None, self.config["consent_loop"]) \
                and not first_user_message(tracker) and reply_notes(text):
            # "and if I miss it?" while the consent question waits; "... this is destroying me. anyway should he go to the
            # governors meeting or just me": the answer (the deadline action says sorry first), not comfort alone
            return self.config["deadline_action"]  # "if I appeal do I lose my mentor while I wait?? thats what Im most scared about": the answer
        if intent == "ask_contact" and not tracker.active_loop_name and not ASKS_FOR_CONTACT.search(text) and reply_notes(text):
            return self.config["deadline_action"]  # "can I send my own stuff in like a parent views form": the note, not "Which council?"
        if intent == "ask_contact" and not tracker.active_loop_name and not ASKS_FOR_CONTACT.search(text) \
                and not first_user_message(tracker) and ("?" in text or QUESTION_START.search(text)):
            # "should i email the council now about the support or wait til the review?", "and if they uphold it can I go
            # to that independent panel thing?": a question about the concerns so far, not "Which council area?"
            return self.config["concern_action"]
        if intent in self.config["unsure_intents"] and tracker.active_loop_name in (None, self.config["consent_loop"]) \
                and not first_user_message(tracker) and EXCLUSION_STEP_ASKED.search(text) and any(EXCLUSION_TOLD.search(said) for said in user_texts(tracker)):
            return self.config["deadline_action"]  # "ok and if they uphold it when do i have to ask for the review panel"
        if intent in self.config["unsure_intents"] and not tracker.active_loop_name and reply_notes(text) \
                and not answer_by_concern(text):
            return self.config["deadline_action"]  # "we're separated ... do I get a say?": the note that answers it
        if intent == self.config["letter_intent"] or (
                asks_for_letter(text) and intent not in self.config["never_an_answer"]):
            # a long message that also raises concerns is answered by concern, its letter with it
            return self.config["concern_action"] if answer_by_concern(text) else self.config["letter_action"]
        if intent == self.config["deadline_intent"] and asks_beyond_ehc_limits(text):
            return self.config["concern_action"]  # "transport refused, how long do I have?": the concern's own limit
        if intent == self.config["deadline_intent"] and tracker.active_loop_name:
            return self.config["deadline_action"]
        consent_waits = tracker.active_loop_name == self.config["consent_loop"]  # a yes or no is the consent question's
        if intent == "affirm" and action_before_user(tracker) == self.config["concern_action"] and not consent_waits \
                and tracker.get_slot(self.config["pending_slot"]):
            return self.config["concern_action"]  # "Shall I go on to those?" "Yes", even when that reply also asked for a date
        asked = any(tracker.get_slot(slot) for slot in self.config["asked_slots"]) and not (
            consent_waits and intent in ("affirm", "deny", "stop"))
        if asked and action_before_user(tracker) in (self.config["deadline_action"], self.config["concern_action"]) \
                and answers_date_question(
                intent, message.entities or [], message.text or "", self.config):
            return self.config["deadline_action"]
        if intent in self.config["concern_intents"] and answer_by_concern(message.text or ""):
            return self.config["concern_action"]
        if intent == "faq" and not tracker.active_loop_name and not first_user_message(tracker) \
                and IF_QUESTION.search(text) and reply_notes(text):
            return self.config["deadline_action"]  # "and if mediation doesnt happen before christmas?": not what mediation is
        if intent == "faq" and not tracker.active_loop_name and not first_user_message(tracker) \
                and faq_confidence(message.parse_data or {}) < self.config["faq_unsure_below"] \
                and not names_another_nation(message.entities or []):
            # "what happens if i dont sign", "what does all that mean in real dates?": an FAQ answer the
            # selector barely chose is a guess; the dates so far, a note that answers it, or the concerns instead
            if asks_for_all_dates(text) or reply_notes(text):
                return self.config["deadline_action"]
            return self.config["concern_action"]
        if intent == "faq" and not tracker.active_loop_name and not names_another_nation(message.entities or []) \
                and faq_misses_concerns(text, faq_answer_key(message.parse_data or {})):
            return self.config["concern_action"]  # an FAQ answer about something else: the concerns instead
        if intent == "faq" and not tracker.active_loop_name and faq_answer_key(message.parse_data or {}) in ANOTHER_NATIONS_ANSWERS \
                and not names_another_nation(message.entities or []) and not _NATION_WORDS.search(text) and tracker.get_slot("concerns"):
            return self.config["concern_action"]  # "they said rules is rules under 3 miles" about a Lincolnshire taxi: not Wales
        if intent == "faq" and not tracker.active_loop_name and not first_user_message(tracker) \
                and faq_fits_none_of(faq_answer_key(message.parse_data or {}), tracker.get_slot("concerns") or []) and reply_notes(text):
            return self.config["deadline_action"]  # "they'd just send work home, which counts as his education. is that right": its note
        if intent == "faq" and not tracker.active_loop_name and (follow_up_question(text) or asks_how_to_write(text)) \
                and faq_fits_none_of(faq_answer_key(message.parse_data or {}), tracker.get_slot("concerns") or []) \
                and not first_user_message(tracker) and not detect(text):
            return self.config["concern_action"]  # "Do I ring or email the Virtual School?" after an exclusion: not section I
        if intent == "faq" and not tracker.active_loop_name and review_limit(text, date.today()) is not None:
            return self.config["concern_action"]  # "got it mon 16th nov ... taxi stops 4th jan": the review's last day, not the FAQ
        if intent == self.config["deadline_intent"] and answer_by_concern(message.text or ""):
            return self.config["concern_action"]  # the deadline asked about comes first in that answer
        if intent in self.config["delay_intents"] and not tracker.active_loop_name and delay_told(text, date.today()):
            return self.config["concern_action"]  # "we asked in March and still nothing, what do I do?": the late step first
        short_intent = intent in self.config.get("short_concern_intents", ()) or (
            intent == "deny" and first_user_message(tracker))  # "ehcna sent 14th july. no decision, no nothing": no answer to anything
        if short_intent and not tracker.active_loop_name and (
                short_concern(message.text or "", questions_too=True) or delay_told(message.text or "", date.today())):
            return self.config["concern_action"]
        if short_intent and not tracker.active_loop_name and dated_steps(text, date.today()) >= TIMELINE_TOLD:
            return self.config["deadline_action"]  # "AR was 14/10. LA sent amended draft 2/11. heard nowt. wot now": the dates they give
        if intent == "affirm" and action_before_user(tracker) == self.config["concern_action"] and (
                tracker.get_slot(self.config["pending_slot"])
                or actions_since_user(tracker) == [self.config["concern_action"]]):
            return self.config["concern_action"]  # "Shall I go on to those?" "Yes" (the slot is empty once answered)
        if intent not in self.config["never_an_answer"] and not tracker.active_loop_name and not first_user_message(tracker) \
                and planned_request(text, date.today(), earlier_user_texts(tracker)) is not None:
            return self.config["deadline_action"]  # "actually scrap that il send it 2nite, does that change it": the dates it starts
        if intent not in self.config["never_an_answer"] and not tracker.active_loop_name and not first_user_message(tracker) \
                and tracker.get_slot("concerns") and asks_what_next(text):
            return self.config["concern_action"]  # "Ok so what do I do now?" after the concerns: their next steps, not the SEN overview
        if intent in self.config["unsure_intents"] and not tracker.active_loop_name and not first_user_message(tracker) \
                and (action_before_user(tracker) in (self.config["deadline_action"], self.config["concern_action"])
                     or tracker.get_slot("concerns")) and follow_up_question(text):
            return self.config["concern_action"]  # "and if they ignore that?" after the transport answer: not "not sure I understood"
        return None

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        result = self._default_predictions(domain)
        if tracker.latest_action_name is None or tracker.active_loop_name == ACTION_TWO_STAGE_FALLBACK_NAME:
            # "Were you asking ...?" is answered to Rasa's fallback loop: a new question ends it and comes back as a new
            # message. Answering it here instead, then handing back to the loop as to a form, went round for ever.
            return self._prediction(result)
        message = tracker.latest_message
        intent = ((message.intent or {}).get("name") if message else None) or ""
        done = actions_since_user(tracker)
        after_consent = concerns_after_consent_step(done, self.config, earlier_user_text(tracker),
                                                    passed_on=bool(tracker.get_slot("handoff_escalation")),
                                                    answered_before=self.config["concern_action"] in actions_before_user(tracker),
                                                    pending=bool(tracker.get_slot(self.config["pending_slot"])))
        if after_consent is not None:
            result[domain.index_for_action(after_consent)] = 1.0
            return self._prediction(result, is_no_user_prediction=True)
        if not tracker.get_slot(self.config["handoff_slot"]) and (
                tracker.active_loop_name == self.config["consent_loop"]
                or (len(done) > 1 and done[-1] == ACTION_DEACTIVATE_LOOP_NAME
                    and all(a in (self.config["concern_action"], self.config["deadline_action"]) for a in done[:-1]))):
            step = ignored_consent_step(done, self.config, intent, (message.text if message else "") or "",
                                        earlier_user_text(tracker),
                                        answered_before=self.config["concern_action"] in actions_before_user(tracker),
                                        raises_new=not done and raises_new_concerns(message, tracker))
            if step is not None:
                result[domain.index_for_action(step)] = 1.0
                return self._prediction(result, is_no_user_prediction=True)
        language = None if tracker.get_slot(self.config["handoff_slot"]) else language_action(
            intent, (message.text if message else "") or "", action_before_user(tracker), self.config)
        if language is not None:
            step = language_step(done, language, tracker.active_loop_name)
            if step is not None:
                result[domain.index_for_action(step)] = 1.0
                return self._prediction(result, is_no_user_prediction=True)
        in_form = bool(tracker.active_loop_name and tracker.active_loop_name != self.config["consent_loop"]) \
            or done[:1] == [ACTION_DEACTIVATE_LOOP_NAME]
        answer_first = person_request_answer((message.text if message else "") or "", self.config) \
            if intent == self.config["person_intent"] else None
        if intent == self.config["person_intent"] and not tracker.get_slot(self.config["handoff_slot"]) and (
                in_form or answer_first) and tracker.active_loop_name != self.config["consent_loop"]:
            # "is there someone I can talk to? and is the council late?": the answer, then the consent question
            step = person_request_step(done, self.config["person_action"], in_form, answer_first)
            if step is not None:
                result[domain.index_for_action(step)] = 1.0
                return self._prediction(result, is_no_user_prediction=True)
        answering = (self.config["summary_action"], self.config["deadline_action"], self.config["concern_action"],
                     self.config["letter_action"], self.config["nation_action"])
        if done and len(done) <= 2 and all(a in answering for a in done) and not tracker.get_slot(self.config["handoff_slot"]):
            # (two: the deadline action handed a message with no EHC date to the concerns action)
            # answered: the form asks its question again, or the assistant listens (the answer may have
            # cleared what chose it, such as the date it was waiting for, so it is not chosen again)
            result[domain.index_for_action(tracker.active_loop_name or ACTION_LISTEN_NAME)] = 1.0
            return self._prediction(result, is_no_user_prediction=True)
        step = question_first_step(actions_since_user(tracker), self.answering_action(tracker),
                                   tracker.active_loop_name)
        if step is None:
            return self._prediction(result)
        result[domain.index_for_action(step)] = 1.0
        return self._prediction(result, is_no_user_prediction=True)
