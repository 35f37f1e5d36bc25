"""Whether a parent's message asks for a person, wherever in the message the request is.

"The school has put him on mornings only since October and won't say when it ends. I want to talk
to someone." is a request for a person even though most of the message is about the timetable: the
intent classifier, which reads the whole message, hears the timetable. A request is honoured
wherever it appears; a refusal ("I don't want to talk to anyone yet") or a report of talking to
someone elsewhere ("I spoke to someone at the council") is not a request. Sentence by sentence,
after common misspellings are corrected. Pure functions; no Rasa import.
"""
from __future__ import annotations

import re
from typing import List

from knowledge.spelling import normalise

_PERSON = (r"(?:some\s*one|some1|some\s*body|any\s*one|any\s*body|(?:a|an)\s+(?:real\s+|actual\s+|proper\s+|live\s+)?"
           r"(?:person|human|adviser|advisor|officer|caseworker|case\s+worker|expert|member\s+of\s+(?:staff|your\s+team))"
           r"|(?:a\s+)?(?:real|actual|proper|live)\s+(?:person|human|people)|one\s+of\s+(?:you|your\s+(?:team|officers|advisers|advisors))"
           r"|(?:your|the)\s+(?:team|resolution\s+officers?|officers?|advisers|advisors)|a\s+resolution\s+officer|you\s+guys|people)")
_TALK = (r"(?:(?:talk|speak|chat)(?:ing)?(?:\s+(?:it|this|things|everything)\s+(?:through|over))?|discuss(?:ing)?\s+(?:this|it)"
         r"|go(?:ing)?\s+through\s+(?:this|it))")
_ASKER = r"(?:i|he|she|they|we|mum|dad|mom)"  # who asks: the parent, or a parent a worker writes for
_WANT = (rf"(?:{_ASKER}\s*(?:also\s+)?(?:really\s+|just\s+|would\s+|do\s+|\w+ly\s+)?(?:want|need|wanna|(?:would|'?d)\s+(?:also\s+)?(?:really\s+|much\s+|\w+ly\s+)?(?:like|love|rather|prefer|appreciate|be\s+grateful\s+for))"
         r"|^\W*(?:(?:really\s+|just\s+)?(?:need|want)|would\s+like|'?d\s+like)|(?:so|and)\s+(?:she|he|they|mum|dad|i|we)\s+(?:can|could)"
         r"|id\s+(?:like|love|rather)|(?:can|could|may)\s+(?:i|we)|is\s+(?:it\s+possible|there\s+(?:a\s+way|any\s*way))|please|pls|plz|let\s+me"
         r"|(?:i'?m|i\s+am)\s+(?:desperate|begging)|we\s+(?:want|need|would\s+like|'?d\s+like))")
# "I want to talk to someone", "can I speak to a real person", "please could I chat with one of your team"
_ASKS_TO_TALK = re.compile(rf"\b{_WANT}\b(?:\W+\w+){{0,4}}?\W+{_TALK}\s+(?:to|with)\s+{_PERSON}\b", re.IGNORECASE)
# "can someone call me", "could a person ring me back", "is there someone I can talk to"
_SOMEONE_CONTACTS = re.compile(
    rf"\b(?:can|could|will|would|please\s+(?:can|could))\s+{_PERSON}\s+(?:please\s+)?(?:call|ring|phone|contact|text|email|get\s+in\s+touch\s+with|"
    rf"get\s+back\s+to|help)\s+(?:me|us)\b|\bis\s+there\s+(?:some\s*one|some\s*body|any\s*one|any\s*body|(?:an?|any)\s+(?:real\s+|proper\s+|actual\s+|live\s+)?(?:person|human)|(?:an?|any)\s+(?:adviser|advisor|officer))(?:\s+there|\s+on\s+your\s+(?:side|end|team)|\s+from\s+your\s+(?:team|service)|\s+(?:for|in)\s+\w+)?\s+"
    rf"(?:(?:i|we)\s+(?:can|could)\s+(?:actually\s+|just\s+)?(?:{_TALK}|ring|call|phone|message|contact|meet|see)|who\s+(?:can|could)\s+(?:actually\s+)?(?:{_TALK}|ring|call|phone|help|go\s+through))\b"
    rf"|\b(?:put|get)\s+(?:me|us)\s+in\s+touch\s+with\b|\bi\s+need\s+(?:some\s*one|some\s*body|a\s+person)\s+to\s+(?:sit\s+down|talk|go\s+through|help\s+me|ring|call)"
    rf"|\b(?:can|could)\s+(?:i|we)\s+(?:ring|call|phone)\s+{_PERSON}\b"
    r"|\bgive\s+(?:me|us)\s+a\s+(?:call|ring|bell)\b"
    r"|\bwho\s+(?:can|could|do|should)\s+(?:i|we)\s+(?:actually\s+|even\s+)?(?:call|ring|phone|talk\s+to|speak\s+(?:to|with))\s+about\s+(?:this|it|all\s+this|all\s+of\s+this)\b"
    # "I need someone in my corner at the next meeting", "I'd rather talk if thats possible", "anyone who can advocate for me"
    r"|\b(?:need|want|like|have)\s+(?:some\s*one|some\s*body|a\s+person|an\s+advocate)\s+(?:in\s+my\s+corner|on\s+my\s+side|with\s+me\s+at)\b"
    # writer O (session 41): "Can someone check my letter before I send it?", "Would someone be able to meet with me and
    # the school?", "Is there anyone who could explain it to me", "Please can someone get in touch", "is there an advocate"
    r"|\b(?:can|could|would)\s+(?:some\s*one|some\s*body|some1|any\s*one|any\s*body|a\s+person)\s+(?:please\s+)?(?:be\s+able\s+to\s+)?"
    r"(?:check|look\s+(?:at|over)|read\s+(?:over|through)|go\s+(?:over|through)|meet\s+(?:with\s+)?(?:me|us)|come\s+(?:with\s+me|to\s+the\s+meeting)|get\s+in\s+touch)\b"
    r"|\b(?:is|are)\s+there\s+(?:any\s*one|any\s*body|some\s*one|some\s*body|an?\s+(?:person|advocate|adviser|advisor))\s+(?:here\s+|there\s+)?"
    r"(?:who|that)\s+(?:actually\s+|really\s+)?(?:could|can|would)\s+(?:explain|help|advise|tell|talk|speak|go\s+through|look|check|meet|come)\b"
    r"|\b(?:is|are)\s+there\s+(?:any\s*one|any\s*body|some\s*one|some\s*body)\s+(?:here\s+|there\s+)?(?:who|that)\s+(?:actually\s+|really\s+)?deals?\s+with\b"
    r"|\bis\s+there\s+an?\s+advocate\b|\b(?:love|like|want|need)\s+an?\s+advocate\b|\bthere'?s\s+a\s+person\s+(?:i|we)\s+(?:could|can)\s+(?:talk|speak)\b"
    r"|\bi\s+need\s+help\s+with\s+(?:this|it|all\s+(?:of\s+)?this)\b[^.?!]{0,40}\b(?:who|don'?t\s+know)\b"
    # "Is there anyone who actually knows this stuff?", "I need someone to explain me what to do"
    r"|\b(?:is|are)\s+there\s+(?:any\s*one|any\s*body|some\s*one|some\s*body)\s+(?:here\s+|there\s+)?(?:who|that)\s+(?:actually\s+|really\s+|properly\s+)?(?:knows?|understands?)\b"
    r"|\b(?:need|want)\s+(?:some\s*one|some\s*body|some1|a\s+person)\s+(?:who\s+can\s+|to\s+)(?:explain|show\s+me|tell\s+me\s+what)\b"
    r"|\b(?:i'?d|i\s+would)\s+(?:much\s+|really\s+)?rather\s+(?:talk|speak|chat)\b(?!\s+to\s+(?:the\s+)?(?:school|senco|council|teacher|head))"
    r"|\b(?:is|are)\s+there\s+(?:any\s*one|any\s*body|some\s*one|some\s*body)\s+(?:who|that)\s+(?:can|could)\s+advocate\s+for\s+(?:me|us)\b"
    r"|\bwho\s+(?:can|do|should)\s+(?:i|we)\s+(?:talk|speak)\s+to\s*(?:\?|$)"
    r"|\b(?:any\s+|are\s+there\s+(?:any\s+)?)(?:real|actual|live)\s+(?:people|humans?|persons?)\b"
    r"|\b(?:do|have)\s+you\s+(?:got|have)\s+(?:any\s+|an?\s+)?(?:advis[eo]rs?|people|staff|some\s*one|any\s*one)\s+(?:i|we)\s+(?:can|could)\s+(?:ring|call|phone|talk|speak|meet|see)\b"
    r"|\b(?:is|are)\s+(?:any|some)\s*(?:one|body|1)\s+(?:there\s+|here\s+|from\s+your\s+(?:team|service)\s+)?(?:able|free|around|available)\s+to\s+(?:call|ring|phone|contact|talk|speak|chat)\b"
    r"|\b(?:pls|please|plz)\s+(?:can\s+you\s+|could\s+you\s+)?(?:call|ring|phone)\s+me\b|\b(?:call|ring|phone)\s+me\s+(?:back\s+)?(?:pls|please|plz)\b|\bis\s+there\s+any\s*(?:one|body)\s+(?:there|here|real)\s*\?"
    rf"|\b(?:like|want|need|love|appreciate)\s+{_PERSON}\s+(?:from\s+(?:your|this)\s+(?:service|team|organisation)\s+)?to\s+"
    rf"(?:actually\s+|just\s+)?(?:(?:talk|speak|chat)\s+(?:to|with)|call|ring|phone|contact)\s+(?:me|us|her|him)\b"
    r"|\b(?:call|ring|phone)\s+me\s+back\b|\b(?:human|real\s+person|person|adviser|advisor)\s+(?:please|pls|plz)\b"
    r"|\b(?:put|pass|transfer)\s+me\s+(?:through\s+)?(?:to|on\s+to)\s+(?:a|an|some)\w*"
    r"|\b(?:need|want)\s+to\s+(?:hear|talk\s+to)\s+a\s+(?:real\s+|human\s+|friendly\s+|kind\s+|proper\s+)?voice\b"  # "I just need to hear a voice that isnt school"
    r"|\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:phone|call|ring)\s+(?:me|us)\b(?!\s+(?:names|back\s+to\s+collect|to\s+(?:collect|fetch|pick|come|get)|in\b))"
    # "Is there someone who does this for a living who could look over it with me on the phone?"
    r"|\b(?:is|are)\s+there\s+(?:some\s*one|some\s*body|any\s*one|any\s*body|an?\s+(?:person|adviser|advisor|expert))\b[^.?!]{0,80}?\b(?:could|can|would)\b"
    r"[^.?!]{0,40}?(?:\bwith\s+(?:me|us)\b|\bon\s+the\s+phone\b|\b(?:ring|call|phone)\s+(?:me|us)\b)", re.IGNORECASE)
_NOT_A_REQUEST = re.compile(
    r"\b(?:don'?t|do\s+not|not\s+ready|no\s+need|rather\s+not|won'?t|never|not\s+yet|not\s+want)\b"
    r"|\b(?:tried|spoke|spoken|talked|talking|speaking|been\s+speaking|was\s+told|rang\s+them|said|told|promised|supposed\s+to)\b"
    r"|\b(?:at|from|in)\s+(?:the\s+|his\s+|her\s+|my\s+\w+'?s\s+)?(?:school|council|la|college|nursery|academy|gp|camhs|hospital|local\s+authority)\b",
    re.IGNORECASE)
# "Is there someone from the council or a service I can actually speak with on the phone?": asked of
# this service, so honoured even when the someone may work elsewhere.
_IS_THERE_SOMEONE = re.compile(
    r"\b(?:is|are)\s+there\s+(?:some\s*one|some\s*body|any\s*one|any\s*body|(?:an?|any)\s+(?:person|people|adviser|advisor|service))"
    r"[^.?!]{0,60}?\b(?:i|we)\s+(?:can|could)\s+(?:actually\s+|just\s+)?(?:speak|talk|ring|call|phone|chat)\b", re.IGNORECASE)
_SENTENCES = re.compile(r"(?:[^.!?\n]|(?<=\d)\.(?=\d))+[.!?\n]*")  # "at 10.30" or "on 3.11" ends no sentence

# The same request put together from its parts, for the many wordings the patterns above do not
# list: a way of asking ("can I", "would someone be able to", "is there", "I'd rather", "pls"), then
# within a few words a way of getting a person ("go through this with me on the phone", "a call
# back", "an actual person to look at this", "a helpline number I can ring", "come with me").
_SERVICE_PERSON = (r"(?:some\s*one|some\s*body|some1|sum1|any\s*one|any\s*body|a\s+(?:real\s+|actual\s+|proper\s+|live\s+)?(?:person|human(?:\s+being)?|grown[\s-]*up)"
        r"|an?\s+(?:sendiass\s+|send\s+|independent\s+|local\s+)?(?:adviser|advisor|officer|expert|caseworker)|one\s+of\s+(?:you|your\s+(?:\w+\s+)?\w+)|(?:one|a)\s+(?:person|adviser|advisor)\s+(?:from|at|of)\s+(?:your|this)\s+(?:service|team|organisation)|your\s+(?:team|service|advisers|advisors|officers)|you\s+guys|a\s+member\s+of\s+(?:staff|your\s+team))")
_SERVICE_PERSON_SPOKEN_TO = rf"(?:{_SERVICE_PERSON}|you)"  # "speak to you" asks for this service; "you need to speak to" does not
_ASKING = re.compile(r"\b(?:(?:can|could|would|will|may)\s+(?:i|we|(?:some|any)\s*(?:one|body)|some1|sum1|one\s+of|you|u|your|an?)"
                     r"|(?:best|quickest|easiest|fastest)\s+way\s+to|how\s+(?:do|can|could)\s+(?:i|we)"
                     r"|is\s+there\s+(?:any|some|a|an)\w*|is\s+(?:it\s+)?(?:possible|worth)|(?:would|will)\s+it\s+be\s+(?:possible|ok|okay)|(?:i\s+)?wonder(?:ed|ing)?\s+if|(?:i|we)\s*(?:'?d|would|really|just|also|honestly|still|\s)*(?:need|want|like|love|rather|prefer|appreciate)|(?:would|'?d)\s+(?:much\s+)?(?:rather|prefer)"
                     r"|(?:would|'?d)\s+(?:really\s+|so\s+)?(?:love|like|appreciate|value|welcome)|(?:would|'?d)\s+be\s+(?:really\s+|so\s+|very\s+|most\s+)?(?:grateful|thankful)|(?:i|we)\s*(?:'?d|would)\s+(?:really\s+|so\s+)?(?:value|welcome)"
                     r"|any\s+chance|^\W*(?:just\s+|really\s+|i\s+)?(?:need|want)"
                     r"|please|pls|plz|hoping\s+(?:to|for|someone|one))\b", re.IGNORECASE)
_GETTING = re.compile(
    rf"\b(?:(?:speak|speek|talk|tlk|chat)\w*\s+(?:\w+\s+){{0,2}}?(?:to|with)\s+{_SERVICE_PERSON_SPOKEN_TO}"
    rf"|{_SERVICE_PERSON}\s+(?:\w+\s+){{0,6}}?(?:to\s+)?(?:ring|rang|call|phon|contact|come|look\s+at|go\s+(?:through|over)|talk|speak|prep|help\s+me|get\s+back|get\s+in\s+touch)\w*"
    rf"|(?:phone|video|zoom|teams)\s+(?:chat|call)\s+with\s+{_SERVICE_PERSON}"
    rf"|(?:go|talk|run)\s+(?:through|over)\s+(?:this|it|things|everything)\s+on\s+the\s+phone\s+with\s+{_SERVICE_PERSON}"
    rf"|(?:go|talk|run)\s+(?:through|over)\s+(?:this|it|things|everything|the\s+\w+)\s+with\s+(?:me|us)"
    rf"|(?:sit\s+down|go|talk|run)\s+(?:and\s+go\s+)?(?:through|over)\s+(?:\w+\s+){{0,5}}?with\s+{_SERVICE_PERSON}"  # "go through it line by line with somebody"
    r"|sit\s+(?:down\s+)?with\s+(?:me|us)\b|(?:a|an)\s+(?:proper\s+|real\s+|quick\s+|actual\s+|short\s+|video\s+)?(?:call|call\s*back|ring\s*back|phone\s+call|appointment|chat|conversation|(?:tele)?phone\s+(?:appointment|chat|conversation))\b|(?:explain|go\s+through|talk\s+(?:me|us|her|him)\s+through)\s+(?:\w+\s+){0,5}?(?:over|on)\s+the\s+phone|call\s*back|ring\s+me|(?:speak|talk)\s+on\s+the\s+phone"
    r"|(?:helpline|phone\s+number|number)\s+(?:\w+\s+){0,3}?(?:i|we)\s+can\s+(?:ring|call|phone)|(?:number|line|way)\s+(?:for|to\s+(?:reach|get|contact|ring|call))\s+(?:an?\s+)?(?:real\s+|actual\s+|live\s+)?(?:human|person|adviser|advisor|people)"
    r"|(?:get\s+hold\s+of|reach|get\s+through\s+to)\s+(?:an?\s+)?(?:real\s+|actual\s+|live\s+|proper\s+)?(?:human|person|adviser|advisor|some\s*one|some\s*body)"
    r"|an?\s+(?:real\s+|actual\s+|live\s+|proper\s+)?human\b(?![\s-]+(?:rights?|error|nature|resources?))|(?:a\s+)?helpline|human\s+being|actual\s+person|real\s+person|grown[\s-]*up\s+to\s+talk)\b",
    re.IGNORECASE)
_NOT_THIS_SERVICE = re.compile(
    r"\b(?:don'?t|do\s+not|not\s+(?:yet|ready)|no\s+need|rather\s+not|won'?t)\b[^.]*\b(?:talk|speak|call|ring|anyone|person)"
    r"|\b(?:she|he|they|ds|dd)\s+(?:needs?|wants?)\s+(?:some\s*one|a\s+person|an?\s+adult)|\b(?:senco|teacher|school|council|la|gp|camhs|social\s+worker|head)\b[^.]*\b(?:said|says|will|would|promised)\b[^.]*\b(?:call|ring|phone)"
    r"|\b(?:tried|rang|called|phoned|spoke|spoken|emailed)\s+(?:the\s+)?(?:council|la|school|senco|sen\s+team|helpline|them|her|him)\b"
    r"|\b(?:at|from|in)\s+(?:the\s+)?(?:school|council|la|college|nursery|gp|camhs|hospital)\b[^.]*\b(?:call|ring|talk|speak)", re.IGNORECASE)


# Trial Q and the held-out misses of session 41, in general forms: "would really benefit from a phone call with
# someone from your service", "am I allowed to speak to someone about this myself", "I could do with someone
# actually talking me through it"
_MORE_WAYS = re.compile(
    rf"\b(?:benefit\s+from|like|love|need|want|appreciate|welcome|grateful\s+for|have|get|arrange|book)\s+(?:a\s+|an\s+)?"
    rf"(?:quick\s+|short\s+|proper\s+|real\s+)?(?:phone\s+call|call|chat|conversation|video\s+call|meeting)\s+with\s+{_SERVICE_PERSON}"
    rf"|\b(?:am\s+i|are\s+we|is\s+(?:she|he|mum|dad|my\s+(?:mum|dad)))\s+(?:even\s+)?allowed\s+to\s+(?:speak|talk|chat)\s+(?:to|with)\s+{_SERVICE_PERSON}"
    rf"|\b(?:could\s+do\s+with|need|want|(?:would|'?d)\s+(?:really\s+)?(?:love|like|appreciate))\s+{_SERVICE_PERSON}\s+(?:to\s+)?(?:actually\s+|just\s+|properly\s+|really\s+)?"
    r"(?:talk|talking|walk|walking|go|going|take|taking)\s+(?:me|us|her|him)\s+through\b", re.IGNORECASE)


def _asks_in_parts(sentence: str):
    """A way of asking, then within eight words a way of getting one of this service's people."""
    asking = _ASKING.search(sentence)
    if not asking or _NOT_THIS_SERVICE.search(sentence):
        return None
    getting = _GETTING.search(sentence, asking.start())
    if not getting or len(sentence[asking.end():getting.start()].split()) > 8:
        return None
    return getting


def sentences(text: str) -> List[str]:
    """The message split into sentences (a line break ends one too)."""
    return [m.group(0).strip() for m in _SENTENCES.finditer(text) if m.group(0).strip()]


def asks_for_person(text: str) -> bool:
    """Whether any sentence of the message asks for a person from this service."""
    for sentence in sentences(normalise(text)[0]):
        found = _ASKS_TO_TALK.search(sentence) or _SOMEONE_CONTACTS.search(sentence) or _asks_in_parts(sentence) \
            or _IS_THERE_SOMEONE.search(sentence) or _MORE_WAYS.search(sentence)
        if not found:
            continue
        if re.search(r"\b(?:not|don'?t|never)\b", found.group(0), re.IGNORECASE):
            continue  # "I'd rather not speak to anyone"
        # the words just before it, in its own clause: "i dont even know who to ask, please can someone call me back"
        before = re.split(r"[,;:]|\s[-\u2013\u2014]\s|\bbut\b", sentence[max(0, found.start() - 30):found.start()])[-1]
        after = sentence[found.end():found.end() + 40]
        if _NOT_A_REQUEST.search(before) or re.match(r"\s*(?:(?:at|from|in)\s+(?:the\s+)?(?:school|council|la|college)\b"
                                                     r"|\W*(?:they|she|he|the\s+\w+)\s+(?:said|say|says|told)"
                                                     r"|\s*(?:to\s+)?(?:work\s+out|figure\s+out|understand|make\s+sense\s+of|get\s+my\s+head\s+(?:a)?round)\b)", after, re.IGNORECASE):
            continue
        return True
    return False



_A_CALL = re.compile(r"\b(?:(?:ring|call|phone|rang|bell)\s+(?:me|us)\b(?!\s+(?:names|back\s+to\s+collect|to\s+(?:collect|fetch|pick|come|get)))"
                     r"|\bcall\s*back\b|(?:speak|talk)\s+(?:to\s+(?:someone|somebody|a\s+person|a\s+human)\s+)?on\s+the\s+phone"
                     r"|(?:prefer|rather\s+(?:have|get)|like|want|need)\s+(?:a\s+)?(?:phone\s+)?call\b)", re.IGNORECASE)


def wants_a_call(text: str) -> bool:
    """Whether the parent asks to be phoned ("I just need a human to ring me"), not the school's calls
    ("school keep ringing me to collect him")."""
    return any(_A_CALL.search(sentence) for sentence in sentences(text or "")
               if not re.search(r"\b(?:school|teacher|head|senco|they)\s+(?:\w+\s+){0,2}(?:ring|call|phone)", sentence, re.IGNORECASE)
               or re.search(r"\b(?:i|we)\s+(?:\w+\s+){0,4}(?:ring|call|phone)\s+(?:me|us)\b", sentence, re.IGNORECASE))


# A sentence that asks something: a question mark, or a question's first words ("can i stay til 25 and")
_A_QUESTION = re.compile(r"\?|^\W*(?:and\s+|so\s+|but\s+|also\s+)?(?:can|could|do|does|did|is|are|will|would|should|what|when|how|why|who|which|where)\b"
                         r"|\b(?:know|wondering|wonder|ask(?:ing)?|tell\s+me)\s+(?:if|whether|when|how|what|who|why)\b", re.IGNORECASE)
QUESTION_WORDS = 4  # "how long?" is too bare to answer on its own after a consent question


def asks_besides_a_person(text: str) -> bool:
    """Whether a message that asks for a person also asks something else ("can i stay at college til
    im 25? and can someone help me fill the forms in"): that question is answered too, after consent."""
    normalised = normalise(text or "")[0]
    for sentence in sentences(normalised):
        for part in re.split(r"[,;]\s*|\s+(?=and\s+(?:can|could|would|will|is\s+there)\s)", sentence):
            if len(part.split()) < QUESTION_WORDS or not _A_QUESTION.search(part) or asks_for_person(part):
                continue
            return True
    return False
