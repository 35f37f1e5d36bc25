"""Writes the letter a family needs, filled in from what the conversation knows (issue 21).

The letter is chosen from the button the parent pressed, the words of their request ("a letter to
chase the plan"), or the concerns they raised; otherwise the parent picks one. In the web widget
the letter is shown in the chat with download links (.docx and plain text); on SMS and WhatsApp a
short note carries the link. Links are sealed and expire (bot/links.py): a child's name never
travels readable in a URL.
"""
from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.council import other_nations_named, signpost_other_nations
from actions.case_lookup import casework_url
from actions.contacts import TEXT_CHANNELS
from actions.timeline import timeline_from_tracker
from bot.casework import store
from bot.links import LETTER_LIFETIME_S, letter_links
from knowledge.concerns import detect, in_reply_order
from knowledge.dates import today_in_england
from knowledge.letter_facts import facts_from_slots, for_link
from knowledge.letter_requests import letter_named, recipient_named
from knowledge.letters import Letter, LetterFacts, kinds, letter_for, render
from knowledge.timeline import SaidEvent

logger = logging.getLogger(__name__)
LETTER_ENTITY = "letter_kind"
LETTER_INTENT = "ask_letter"
LINK_DAYS = LETTER_LIFETIME_S // 86400


def letter_button(kind: str, title: str = "Yes, fill in the letter") -> Dict[str, str]:
    """A button that asks for one letter by its id."""
    return {"title": title, "payload": f'/{LETTER_INTENT}{{"{LETTER_ENTITY}": "{kind}"}}'}


def facts_from_tracker(tracker: Tracker, child_name: Optional[str] = None) -> LetterFacts:
    """What the conversation knows, for a letter: the council, the timeline (this turn's too), the
    age, the concerns."""
    said = next(tracker.get_latest_entity_values("local_authority"), None) or tracker.get_slot("local_authority")
    slots = {"local_authority": said, "child_age": tracker.get_slot("child_age"),
             "concerns": tracker.get_slot("concerns"),
             "timeline": [e.to_dict() for e in timeline_from_tracker(tracker).known.values()]}
    return facts_from_slots(slots, today_in_england(), child_name=child_name)


def chosen_kind(tracker: Tracker) -> Optional[str]:
    """The letter asked for: a button's entity, the words of the request, or the concerns raised."""
    entity = next(tracker.get_latest_entity_values(LETTER_ENTITY), None)
    if entity in kinds():
        return str(entity)
    text = (tracker.latest_message or {}).get("text") or ""
    said = detect(text) if text and not text.startswith("/") else []
    found = in_reply_order(list(said) + list(tracker.get_slot("concerns") or []))
    return letter_asked_for(text, draft_first(found, timeline_from_tracker(tracker).known))


def draft_first(found: Sequence[str], known: Mapping[str, SaidEvent]) -> List[str]:
    """With a draft plan in hand and no final plan, the draft is what the family writes about (their
    comments, the school they want), not a chase for the final plan while their own 15 days run."""
    draft, final = known.get("draft_plan"), known.get("final_plan")
    if draft is None or not draft.happened or (final is not None and final.happened):
        return list(found)
    return ["draft_plan_problems"] + [c for c in found if c not in ("draft_plan_problems", "assessment_delay")]


def letter_asked_for(text: str, found: Sequence[str]) -> Optional[str]:
    """The letter a request for one means: the one its words name ("a letter to chase the plan"),
    else the one the concerns `found` (in reply order) call for, sent to whom the parent named."""
    named = letter_named(text)
    return named if named in kinds() else letter_for(found, to=recipient_named(text))


def links(kind: str, facts: LetterFacts) -> Optional[Dict[str, str]]:
    """Sealed links to the letter (a page to read it on, .docx, .txt), when links are configured."""
    secret = os.environ.get("LINK_SECRET", "")
    if not secret:
        return None
    public = os.environ.get("PUBLIC_URL", "http://localhost:8080")
    return letter_links(public, secret, kind, for_link(facts).to_dict())


def letter_messages(letter: Letter, found_links: Optional[Dict[str, str]], text_channel: bool) -> List[str]:
    """What the parent is sent: the letter in one message, its download links in the message's custom
    payload (widget, REST), or a short note with the link to a page that shows it (SMS, WhatsApp)."""
    kind = letter.kind
    check = "Please check it. Fill in the parts in [square brackets] before you send it."
    if text_channel:
        if not found_links:
            return [f"I can fill in a letter to {kind.recipient} for you, but I cannot make the link just now. "
                    "Please ask me again later, or ask to talk to a person."]
        return [f"I have filled in a letter to {kind.recipient} with what you told me. Open it here: "
                f"{found_links['html']} {check} The link works for {LINK_DAYS} days."]
    intro = (f"Here is a letter to {kind.recipient}, filled in with what you told me. {check} "
             "Send it yourself, by email or post, and keep a copy.")
    if found_links:
        intro += f" You can download it from the links under the letter. They work for {LINK_DAYS} days."
    return [intro, in_one_message(letter.text)]


# Chat channels show each blank-line-separated part of a text as its own message (Rasa's socket
# output splits on it); a line holding a no-break space keeps the letter one message, paragraphs and all.
ONE_MESSAGE_PARAGRAPH_BREAK = "\n\u00a0\n"


def in_one_message(text: str) -> str:
    """The letter as one chat message: its blank lines hold a no-break space."""
    return text.replace("\n\n", ONE_MESSAGE_PARAGRAPH_BREAK)


def choice_buttons() -> List[Dict[str, str]]:
    """One button per letter, for a parent who asked for "a letter" without saying which."""
    return [letter_button(kind.id, kind.title) for kind in kinds().values()]


async def write_letter(dispatcher: CollectingDispatcher, tracker: Tracker, kind: Optional[str]) -> None:
    """Sends letter `kind` filled in from the conversation, or asks which letter would help."""
    if kind is None:
        dispatcher.utter_message(text="I can fill in a letter for you. Which one would help?",
                                 buttons=choice_buttons())
        return
    view = await asyncio.to_thread(store.verified_case, casework_url(), tracker.sender_id)
    facts = facts_from_tracker(tracker, child_name=view.child_first_name if view else None)
    letter = render(kind, facts)
    text_channel = tracker.get_latest_input_channel() in TEXT_CHANNELS
    found_links = links(kind, facts)
    logger.info("letter %s written with %d gaps", kind, len(letter.gaps))
    messages = letter_messages(letter, found_links, text_channel)
    for number, text in enumerate(messages):
        last = number == len(messages) - 1
        dispatcher.utter_message(
            text=text, json_message={"letter": {f: found_links[f] for f in ("docx", "txt")}}
            if last and found_links and not text_channel else None,
            buttons=[{"title": "Talk to a person", "payload": "/request_human"}] if last else None)


class ActionWriteLetter(Action):
    """Fills in the letter the parent asked for, or asks which letter would help."""

    def name(self) -> Text:
        return "action_write_letter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        nations = other_nations_named(tracker)
        if nations:  # these letters cite England's law
            signpost_other_nations(dispatcher, nations)
            return []
        await write_letter(dispatcher, tracker, chosen_kind(tracker))
        return []
