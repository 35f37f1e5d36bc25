"""Which deadline a parent's question asks about, and the answer from the timeline.

"when is the final plan due?" names `final_plan`; "how long do we have to comment on the draft?"
names `draft_comments`. The answer counts from the events the rule needs and says which date it
counted from; a question never changes an event. When the event it needs is missing (or known
only to the month), the answer is a question for that one date. Pure functions; no Rasa import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from knowledge.deadlines import Deadline
from knowledge.event_words import ASSESSMENT_TALK, REVIEW_ASKED
from knowledge import target_classifier
from knowledge.spelling import normalise
from knowledge.timeline import MEETING_ROLES, ROLES, SaidEvent, latest_decision, pinned, span, timeline_deadlines

_Q = r"(?:when|by\s+when|what\s+date|which\s+(?:date|day)|how\s+long|how\s+many\s+(?:days|weeks)|deadline|last\s+day|latest|time\s*limit|timescale|due|by\s+law|legally|supposed\s+to|meant\s+to|should|must|have\s+to|\?)"
# (target, pattern): the first that matches wins, so the specific come before the general.
_TARGETS: Sequence[Tuple[str, str]] = (
    ("phase_transfer", r"post[-\s]?16\s+(?:placement|place|setting|provision|college)\s+(?:to\s+be\s+|is\s+|be\s+)?named|phase\s+transfer|secondary\s+transfer|transfer\s+(?:to|into)\s+(?:secondary|year\s*7|junior|college)"
                       r"|15(?:th)?\s+feb|(?:they|the\s+(?:la|council))\s+(?:have|has|need)\s+to\s+name\s+(?:one|a\s+school|the\s+school)\s+by|plan\s+naming\s+(?:the|his|her)\s+(?:college|secondary|school|new)|(?:college|school|secondary)\s+named\s+in\s+it|naming\s+the\s+post-?16|with\s+the\s+(?:college|new\s+school|secondary(?:\s+school)?)\s+named|confirm\s+the\s+secondary|confirm\s+(?:the\s+)?(?:new\s+)?school|post-?16\s+setting|new\s+school\s+name|naming\s+(?:his|her|the)\s+(?:secondary|college)"
                       r"|(?:college|secondary|new\s+school)\s+in\s+it|(?:before|when)\s+(?:he|she|they)\s+(?:goes|go|moves?)\s+(?:up\s+)?to\s+(?:secondary|high\s+school|juniors?|college)|nam(?:e|ed|ing)\s+(?:the|a|his|her)\s+(?:new\s+)?(?:secondary|next|junior|high)\s+school"
                       r"|(?:secondary|junior|high|next|new)\s+school\s+named|name\s+the\s+(?:college|sixth\s+form)|(?:update|amend)\w*\s+(?:\w+\s+)?plan\s+to\s+name|year\s*6\s+(?:to|into)\s+(?:year\s*)?7|(?:what\s+(?:happens|about)|how\s+does\s+it\s+work)\s+(?:about\s+|with\s+|for\s+)?(?:the\s+)?(?:move\s+to\s+)?(?:secondary|high\s+school|year\s*7|moving\s+up|college)|which\s+(?:secondary|high\s+school|college|sixth\s+form|junior\s+school)"),
    ("ombudsman_complaint", r"ombudsman|lgsco"),
    ("discrimination_claim", r"(?:case|claim)\s+against\s+(?:the\s+)?school|take\s+(?:the\s+)?school\s+to|discrim\w*\s+claim|claim\s+(?:for|of|against)\s+\w*\s*discriminat|discriminat\w*.{0,60}"
                             r"(?:claim|tribunal|deadline|time\s*limit|how\s+long|last\s+day)|(?:claim|tribunal).{0,40}discriminat"),
    ("mediation_contact", r"(?:go|going)\s+(?:through|to)\s+mediation.{0,60}(?:contact|last\s+date|deadline|by\s+when)"
                          r"|get\s+hold\s+of\s+(?:the\s+)?mediation|(?:get\s+hold\s+of|speak\w*\s+(?:to|with)|contact\w*|ring\w*|call\w*|get\s+in\s+touch\s+with|go\s+to|do|try)\s+(?:the\s+)?mediation\b.{0,40}(?:by\s+when|when|deadline|how\s+long|cut\s*-?\s*off|last\s+day|latest|which\s+day|until|\?)|(?:contact\w*|ring\w*|call\w*|speak\w*\s+to|get\s+in\s+touch\s+with|tell|email\w*)\s+(?:the\s+)?mediation\w*\s+(?:adviser|advisor|service|people|person|company|line)|(?:contact|ring|call|tell|email)\s+(?:the\s+)?mediation(?:\s+(?:adviser|advisor|service|people))?\s+"
                          r"(?:by|before|deadline|within|how\s+long)|mediation\s+advi[sc]er|how\s+long.{0,40}(?:to\s+)?"
                          r"(?:contact|get\s+in\s+touch\s+with)\s+(?:the\s+)?mediation"
                          r"|(?:get|need)\s+(?:a|the)\s+mediation\s+certificate\b.{0,60}(?:by\s+when|deadline|how\s+long|last\s+day|latest|\?)"),
    ("tribunal_appeal", r"appeal|tribunal|sendist|sen\s*dist|challenge|fight\s+(?:it|this|the\s+decision)|dispute\s+(?:it|this|the\s+decision)"),
    ("annual_review", r"(?:review|\bar\b)\s+(?:is\s+|was\s+)?(?:booked|set|arranged|planned|scheduled)\b.{0,60}(?:too\s+late|late\s*\?|allowed|legal)|(?:no|never\s+had\s+an?|not\s+had\s+an?|hasn'?t\s+had\s+an?)\s+(?:annual\s+)?review|first\s+(?:annual\s+)?review|when'?s\s+(?:his|her|the|my)\s+(?:first\s+|next\s+)?(?:annual\s+)?review|(?:need|have)\s+to\s+have\s+(?:an?\s+|the\s+)?(?:annual\s+)?review|review.{0,60}when\s+should|(?:annual\s+)?review.{0,40}(?:due|be\s+(?:held|done)|happen|take\s+place|by\s+when|late|overdue|by\s*\?)|(?:have|hold|do)\s+(?:the|his|her|an?)\s+(?:annual\s+)?review\s+by|next\s+(?:annual\s+)?(?:review|ar)\b|(?:review|\bar\b).{0,120}next\s+one"
                      r"|when\s+(?:is|should|must|will)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:first\s+|next\s+)?(?:(?:annual\s+)?review|ar\b)"
                      r"|booked\s+(?:the\s+|his\s+|her\s+)?(?:next\s+)?(?:annual\s+)?review.{0,80}(?:allowed|too\s+(?:late|fine)|cutting\s+it)"
                      r"|reviewed\s+(?:by|within|every)|(?:how\s+often|once\s+a\s+year).{0,30}review"
                      r"|(?:annual\s+)?review\b.{0,80}\b(?:nothing|not|nobody|no\s+one|hasn'?t|haven'?t)\b.{0,25}\b(?:booked|arranged|scheduled|organi[sz]ed|set\s+up)\b"),
    ("final_amended_plan", r"final\s+amended\s+(?:plan|ehcp)|(?:when|by\s+when)\s+should\s+(?:we|i)\s+have\s+(?:had|got|received)\s+(?:the\s+)?(?:new|amended|updated)\s+(?:ehc\s*)?(?:plan|ehcp)|(?:after|once|when)\s+(?:i|we)\s+(?:\w+\s+)?(?:reply|respond|comment)\w*\b[^.?]{0,40}amend\w*[^.?]{0,60}\bfinal\s+(?:version|copy|one|plan)|(?:when|how\s+long|by\s+when).{0,60}(?:issue|finali[sz]e|get|send|have)\s+(?:the\s+)?(?:final\s+)?amended|(?:amended|new|updated)\s+(?:final\s+)?(?:ehc\s*)?(?:plan|ehcp).{0,40}(?:due|finali[sz]|issued|by\s+when|when)"
                           r"|(?:when|how\s+long).{0,60}(?:finali[sz]e|issue)\s+(?:the\s+)?(?:amend\w*|new|updated)"
                           r"|8\s+weeks.{0,30}amend|amendments?.{0,40}(?:finali[sz]ed|final\s+plan)|amended\s+version"),
    ("amendment_comments", r"(?:comment|respond|reply|response|views|objections?|disagree|come\s+back).{0,50}(?:amendment|proposed\s+changes|amended\s+draft)"
                           r"|(?:amendment|proposed\s+changes|amended\s+draft).{0,160}(?:comment|respond|reply|response|views|how\s+long\s+(?:do|have)\s+(?:i|we)|(?:don'?t|do\s+not)\s+agree|disagree|object)"),
    ("review_notice", r"how\s+(?:long|far|much\s+notice)\s+(?:before|in\s+advance)|(?:tell|let)\s+(?:me|us)\s+before|(?<!amendment\s)(?<!amendments\s)(?<!cease\s)(?<!ceasing\s)notice(?!\s+(?:to|of)\s+(?:cease|amend|proposed|discontinue))|invit\w+|(?:papers|paperwork|reports?|advice)\s+(?:\w+\s+){0,3}before\s+(?:the\s+)?(?:meeting|review)"
                      r"|how\s+(?:far|long)\s+(?:in\s+advance|before)|weeks?\s+before\s+the\s+(?:meeting|review)"),
    ("review_report", r"(?:review\s+)?report.{0,60}(?:after|following|send|sent|circulat|out\b)|(?:send\w*|sent|circulat\w*|get|do)\s+(?:out\s+)?"
                      r"(?:the\s+)?(?:\w+\s+)?(?:paperwork|minutes|report|notes)|minutes|send\s+everything|report\s+(?:and\s+\w+\s+)?over\s+to|write[-\s]?up|paperwork\s+(?:goes|go|gets?\s+sent|is\s+sent|sent)\s+(?:off\s+)?to\s+the\s+(?:la|council|local\s+authority)"),
    ("review_decision", r"decision\s+after\s+(?:this|the)\s+(?:meeting|review)|if\s+they'?re\s+(?:amending|going\s+to\s+amend)|whether\s+they(?:'ll|\s+will)\s+amend|(?:after|since|following)\s+(?:the\s+)?(?:annual\s+)?review.{0,80}(?:decide|decision|tell|hear|outcome|letter|respond)"
                        r"|(?:decide|decision|outcome|tell\s+us|hear\s+back|respond).{0,60}(?:after|since|following)\s+(?:the\s+|an\s+|a\s+|his\s+|her\s+)?(?:annual\s+)?(?:review|meeting|ar\b)"
                        r"|review\s+(?:decision|outcome)|4\s+weeks.{0,30}review|come\s+back\s+(?:to\s+(?:us|me|her|him)\s+)?with\s+(?:a|the|their|its)\s+decision|(?:amend|cease|keep).{0,20}(?:or|\/).{0,20}(?:amend|cease|keep)"),
    ("draft_comments", r"(?:comment|respond|reply|response|views|feedback|come\s+back|send\s+(?:back|our|my)|name\s+a\s+school|"
                       r"request\s+a\s+school|preference).{0,60}draft|draft.{0,80}(?:comment|respond|reply|response|views|feedback|"
                       r"come\s+back|how\s+long\s+(?:do|have|to)|15\s+days|deadline\s+for\s+us|send\s+it\s+back)"),
    ("no_plan_decision", r"there\s+won'?t\s+be\s+one|say\s+no\s+(?:to\s+(?:a|the)\s+)?plan\b|(?:get|gets|getting|have|has)\s+(?:the|a|an)\s+(?:ehc\s*)?(?:plan|ehcp)\s+or\s+(?:no|not)\b|not\s+(?:to\s+)?proceed\s+to\s+(?:a\s+|an\s+)?(?:ehc\s*)?(?:plan|ehcp)|decide\s+on\s+(?:a|the)\s+(?:ehc\s*)?(?:plan|ehcp)\b|(?:decide|decision)\s+(?:if|whether)\s+(?:to\s+)?(?:do|give|issue|make|write)\s+(?:a|an|the)\s+(?:ehc\s*)?(?:plan|ehcp)|if\s+there'?s\s+(?:no|not)\s+(?:going\s+to\s+be\s+)?(?:a\s+)?plan|say\s+no\s+to\s+(?:a|the)\s+plan|decide\s+no\s+plan|16\s*-?\s*weeks?(?!\s+ago)|whether\s+a\s+plan\s+is\s+(?:not\s+)?necessary|not\s+going\s+to\s+(?:give|issue)|plan\s+is\s+not\s+necessary|decide\s+(?:that\s+)?(?:a\s+)?plan\s+is\s+not|16\s+weeks|(?:tell|decide|decision|let\s+us\s+know|say).{0,40}(?:if|whether)\s+(?:they(?:'ll|\s+will)?|there(?:'ll|\s+will)?"
                         r"(?:\s+be)?)\s+(?:issue|be|get|give).{0,15}(?:no\s+)?(?:a\s+|an\s+)?(?:ehc\s*)?(?:plan|ehcp)"
                         r"|refuse\s+(?:a|the)\s+plan|(?:decide|decided)\s+not\s+to\s+(?:give|issue|do)\s+(?:a|an|the)\s+(?:plan|ehcp)|not\s+going\s+to\s+issue|not\s+issu\w+|(?:weren'?t|aren'?t|isn'?t|not)\s+(?:going\s+to\s+be\s+|be\s+)?issu\w+|won'?t\s+(?:be\s+)?issu\w+|will\s+not\s+issue|(?:if|whether)\s+it'?s\s+a\s+no|whether\s+(?:\w+\s+)?(?:gets?|will\s+get|is\s+getting)\s+(?:a\s+|an\s+)?(?:ehc\s*)?(?:plan|ehcp)"
                         r"|(?:decide|decision).{0,20}(?:to\s+issue|issu\w+)|(?:decide|decided|deciding)\s+not\s+to\s+(?:give|issue|do|make)|threshold\s+for\s+(?:a|the|an)\s+(?:ehc\s*)?(?:plan|ehcp)|(?:whether|if)\s+(?:they'?re|they\s+are|they\s+will\s+be|they'?ll\s+be)\s+(?:issuing|giving)|getting\s+(?:a|an|the)\s+(?:ehc\s*)?(?:plan|ehcp)\s+or\s+not"),
    ("final_plan", r"(?:should|must|will)\s+(?:the\s+)?(?:final\s+)?(?:plan|ehcp)\s+be\s+(?:here|ready|done|issued|finished|through|in\s+place)"
                   r"|(?:does|do|will|should|must)\s+(?:it|the\s+plan|the\s+ehcp)\s+(?:have\s+to\s+|need\s+to\s+)?be\s+final\b|\b(?:has|have)\s+to\s+be\s+final\b"
                   r"|(?:issue|get|send)\s+(?:us\s+|me\s+)?the\s+final\s+version|(?:after|once|when)\s+(?:i|we)\s+(?:\w+\s+)?(?:reply|respond|comment)\w*\b.{0,80}\bfinal\s+(?:version|copy|one|plan)|(?:plan|ehcp)\s+(?:supposed|meant|due)\s+to\s+(?:turn\s+up|arrive|come|be\s+(?:ready|done|issued|finished))"
                   r"|how\s+long\s+(?:after|until|till|til)\b.{0,30}(?:final\s+)?plan|finished\s+(?:plan|ehcp|version)|(?:it|plan)\s+(?:have\s+been|be|been)\s+(?:finali[sz]ed|issued)|20\s*(?:-\s*)?(?:weeks?|wks?)\b|\bthe\s+final\b.{0,40}(?:due|issued|overdue|late|by\s+when|by\b|come|arrive)|(?:finali[sz]e|issue)\s+it\b|(?:final\s+)?(?:ehc\s*)?(?:plan|ehcp)(?!\s*na).{0,40}(?:due|by\s+when|finali[sz]|issued|in\s+place|ready|arrive|come|expect|get\s+it)"
                   r"|(?:when|how\s+long).{0,60}(?:get|give|have|had|receive|expect|see|issue|finali[sz]e)\s+(?:me\s+|us\s+|him\s+|her\s+)?(?:the\s+|a\s+|an\s+|his\s+|her\s+|our\s+|my\s+)?"
                   r"(?:final\s+)?(?:ehc\s*)?(?:plan|ehcp)(?!\s*na)|(?:whole\s+process|from\s+start\s+to\s+finish|the\s+process\s+take)"),
    ("assessment_decision", r"(?<!\d)(?:if|whether)\s+(?:the\s+)?(?:la|council|they)\s+(?:are|is|will\s+be|'?re)\s+(?:going\s+to\s+)?assess|6\s*(?:-\s*)?(?:weeks?|wks?)\b(?!\s+ago)|six\s+weeks(?!\s+ago)|(?:if|whether)\s+(?:they(?:'?ll|\s+will|'?re\s+going\s+to|\s+are\s+going\s+to)?|the\s+(?:la|council)(?:\s+will)?)\s+(?:be\s+)?assess"
                            r"|(?:once|after|when)\s+(?:the\s+)?(?:school|we|they|i)\s+(?:appl\w+|request\w*|send\w*|submit\w*)\b.{0,80}(?:decide|decision|answer|respond|reply|hear|sit\s+on)"
                            r"|(?:say|said)\s+yes\s+or\s+no|(?:decide|decision|answer|respond|reply|response|hear\s+back|tell\s+(?:me|us)|let\s+(?:me|us)\s+know)"
                            r".{0,50}(?:assess|request|application|ehc\s*na|ehcna)|(?:assess\w*|request|application|ehcna)"
                            r".{0,50}(?:decide|decision|answer|respond|reply|response|hear)"),
)
_TARGET_PATTERNS = [(t, re.compile(p, re.IGNORECASE)) for t, p in _TARGETS]
_QUESTION = re.compile(_Q, re.IGNORECASE)
_GENERIC = re.compile(r"\b(?:when\s+(?:is|was)\s+it\s+due|what'?s\s+the\s+deadline|any\s+deadlines?|time\s*limits?|how\s+long\s+do\s+they\s+have"
                      r"|when\s+(?:do|should|must|will)\s+(?:they|the\s+(?:la|council))\s+(?:have\s+to\s+)?(?:reply|respond|decide|answer|get\s+back)"
                      r"|are\s+they\s+(?:late|out\s+of\s+time)|is\s+(?:this|that|it)\s+(?:late|legal|allowed|overdue)"
                      r"|(?:is|are)\s+(?:they|the\s+(?:la|council))\s+(?:breaking|breaching|within))\b", re.IGNORECASE)
# After each event, the deadline a general "when do they have to reply?" is about.
NEXT_DEADLINE: Dict[str, str] = {
    "request_sent": "assessment_decision", "assessment_agreed": "final_plan", "assessment_refused": "tribunal_appeal",
    "plan_refused": "tribunal_appeal", "draft_plan": "draft_comments", "final_plan": "annual_review",
    "review_meeting": "review_decision", "review_decision": "tribunal_appeal", "amendments_sent": "final_amended_plan",
    "amended_plan": "annual_review", "cease_notice": "tribunal_appeal", "decision_letter": "tribunal_appeal",
    "mediation_certificate": "tribunal_appeal", "discrimination": "discrimination_claim",
    "complaint_made": "ombudsman_complaint",
}
# The event each deadline counts from, for asking when it is missing.
NEEDS: Dict[str, Tuple[str, ...]] = {
    "assessment_decision": ("request_sent",), "no_plan_decision": ("request_sent",), "final_plan": ("request_sent",),
    "draft_comments": ("draft_plan",), "annual_review": ("final_plan", "review_meeting"), "review_notice": ("review_meeting",),
    "review_report": ("review_meeting",), "review_decision": ("review_meeting",), "amendment_comments": ("amendments_sent",),
    "final_amended_plan": ("amendments_sent",), "tribunal_appeal": ("decision_letter",),
    "mediation_contact": ("decision_letter",), "discrimination_claim": ("discrimination",),
    "ombudsman_complaint": ("complaint_made",), "phase_transfer": ("transfer_year",),
}


CLASSIFIER_CONFIDENCE = 0.5  # the classifier names a deadline the rules did not find
CLASSIFIER_OVERRULES = 0.7  # above this the classifier is preferred to the rules (best in leave-one-set-out runs)
_DISCRIMINATION = re.compile(r"discriminat", re.IGNORECASE)
_TRANSPORT = re.compile(r"\b(?:transport|taxi|bus\s+pass|travel\s+(?:assistance|support|pass|policy)|minibus|escort)\b", re.IGNORECASE)
# Words that make an appeal the SEND Tribunal's, even in a message about a transport decision (also knowledge.concerns).
TRIBUNAL_WORDS = re.compile(r"\b(?:tribunal|sendist|mediation|school\s+named|the\s+(?:plan|ehcp)|refus\w*\s+to\s+(?:assess|issue)|not\s+to\s+issue|cease|section\s+[bfi]\b|named?\s+(?:in|school)|placement)\b", re.IGNORECASE)
_EHC_DECISION = re.compile(r"\b(?:refus\w*|plan|ehcp?|assess\w*|decision|cease|named?|school\s+named|placement)\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"\b(?:new|that|the|my)\s+(?:deadline|date|last\s+day|cut\s*-?\s*off)\b|(?:does|did|will)\s+(?:that|this|it)\s+change"
                        r"|what\s+about\s+now|when\s+is\s+it\s+now|so\s+when\s+(?:is|'s)\s+it|and\s+now\b", re.IGNORECASE)
_PAPERWORK = re.compile(r"\b(?:paper|write\s+up|papers|reports?|invit\w*|write\s+(?:it\s+)?up|writing\s+it\s+up|minutes|sending\s+it)\b",
                        re.IGNORECASE)
_SEND_IT = re.compile(r"\b(?:send\w*|sent|get\s+it|over\s+to|breaking|allowed|legal|late|time\s*limit)\b", re.IGNORECASE)
_ON_TIME = re.compile(r"\b(?:on\s+time|in\s+time|were\s+they\s+late|was\s+(?:it|that|this)\s+late|within\s+the\s+(?:time|deadline|limit))\b",
                      re.IGNORECASE)
# The council's deadline each event answers ("were they on time?").
FULFILS: Dict[str, str] = {"assessment_agreed": "assessment_decision", "assessment_refused": "assessment_decision",
                           "plan_refused": "no_plan_decision", "final_plan": "final_plan",
                           "review_decision": "review_decision", "amended_plan": "final_amended_plan",
                           "amendments_sent": "review_decision"}  # proposed changes are the decision to amend
_COUNCIL_ACTION = re.compile(r"\b(?:decid\w*|decision|repl\w*|respon\w*|answer\w*|tell\w*|told|hear\w*|get\s+back|let\s+(?:me|us)\s+know|"
                             r"issu\w*|send\w*|sent|finali[sz]\w*|come\s+back|appeal\w*|late|overdue|on\s+time|outcome|happen\w*|"
                             r"how\s+long|time\s*limit|deadline|cut\s*-?\s*off|last\s+(?:day|date)|latest|too\s+late|still|(?:allowed\s+to\s+)?tak(?:e|ing)\s+(?:this|so|that)\s+long)\b", re.IGNORECASE)
_ALL_DEADLINES = re.compile(r"\b(?:all|my|our|the)\s+(?:the\s+)?(?:deadlines|dates|time\s*limits|timescales)\b|\bany\s+deadlines\b",
                            re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
_QUESTION_START = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|also|then|hi|please)\W+)*(?:when|whens|how|what|whats|which|is|are|can|could|do|does|did|should|"
    r"must|will|would|by\s+when|have\s+they|has\s+it|am\s+i|any\s+idea)\b", re.IGNORECASE)
_ASKING_WORDS = re.compile(r"\b(?:let\s+me\s+know|please\s+(?:advise|tell|confirm)|kindly|i\s+would\s+be\s+(?:grateful|obliged)|could\s+you|can\s+you"
                           r"|would\s+you|within\s+what\s+period|by\s+what\s+date|when\s+(?:do|does|did|should|must|will|is|are|was|can)|when'?s|whens|how\s+many\s+(?:days|weeks)|is\s+it\s+too\s+late|am\s+i\s+too\s+late|can\s+i\s+still|deadline|cut\s*-?\s*off|last\s+day|time\s*limits?|how\s+long|by\s+when|want\s+to\s+know|need\s+to\s+know"
                           r"|wants?\s+to\s+know|needs?\s+to\s+know|wondering|no\s+idea\s+(?:when|how))\b", re.IGNORECASE)
_RESPONSE = re.compile(r"\b(?:what\s+(?:i|we)\s+think|opinion|answer\s+(?:them|it|back)|say\s+what\s+(?:i|we)\s+think|comments?|commenting|respond|response|reply|views|feedback|send\s+(?:it\s+|them\s+)?back|"
                       r"get\s+(?:my|our)\s+\w+\s+in|come\s+back\s+to\s+them|objections?)\b", re.IGNORECASE)


# The family's own deadline, said outright: "we have to respond", "what's my deadline?"
_OUR_DEADLINE = re.compile(r"\b(?:(?:i|we)\s+(?:have|need|want|'ve\s+got)\s+to\s+(?:respond|reply|comment|send\s+(?:back\s+)?(?:my|our)\s+(?:comments|views|response))"
                           r"|(?:putting|writing|doing|drafting)\s+(?:a|my|our)\s+(?:response|reply)\s+together|(?:my|our)\s+deadline"
                           r"|how\s+long\s+(?:have|do)\s+(?:i|we)\s+(?:got\s+|have\s+)?to\s+(?:tell|let)\s+(?:them|the\s+(?:council|la))\b)\b", re.IGNORECASE)


def _sentences(text: str) -> List[str]:
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def _is_asking(sentence: str) -> bool:
    return bool("?" in sentence or _QUESTION_START.search(sentence) or _ASKING_WORDS.search(sentence))


def question_parts(text: str) -> List[str]:
    """The sentences of a message that ask something."""
    return [x for x in _sentences(text) if _is_asking(x)]


def _claim_or_appeal(found: Optional[str], text: str, scope: str) -> Optional[str]:
    """"appeal" or "tribunal" in a message about discrimination is a discrimination claim, unless the
    words asking (`scope`) are about an EHC decision. An appeal against a transport decision is the
    council's own review, not the SEND Tribunal's: no tribunal date is given for it."""
    if found == "tribunal_appeal" and _DISCRIMINATION.search(text) and not _EHC_DECISION.search(scope):
        return "discrimination_claim"
    if found in ("tribunal_appeal", "mediation_contact") and _TRANSPORT.search(text) and not TRIBUNAL_WORDS.search(scope):
        return None
    return found


def _named(scope: str) -> Optional[str]:
    for target, pattern in _TARGET_PATTERNS:
        if pattern.search(scope):
            return target
    return None


def asked_target(text: str) -> Optional[str]:
    """The deadline a question names, or None when the message asks about no deadline by name.

    Each asking sentence is read on its own first, then with the sentence before it ("Still no
    final plan. When was it supposed to be issued?"). Common misspellings are corrected first.
    """
    return _asked_target(normalise(text)[0])


# The review's report told as sent (so the council's decision is what is awaited).
_REPORT_WENT = re.compile(r"\b(?:sent|posted|emailed|submitted|forwarded)\s+(?:off\s+|over\s+|in\s+)?(?:the\s+|all\s+the\s+|their\s+|his\s+|her\s+)?"
                          r"(?:\w+\s+)?(?:paperwork|report|minutes|notes|forms?)\b", re.IGNORECASE)


_WAITS_FOR_COUNCIL = re.compile(r"\b(?:heard|hear|council|la|local\s+authority|decision|decide\w*|get\s+back|respond\w*|repl(?:y|ied)|response|tell\s+(?:me|us)|let\s+(?:me|us)\s+know)\b",
                                re.IGNORECASE)


_HEARD_NOTHING = re.compile(r"\b(?:heard\s+(?:absolutely\s+)?nothing|nothing\s+(?:back|since|from\s+(?:them|the\s+(?:la|council)))|not\s+heard|haven'?t\s+heard"
                            r"|no\s+(?:reply|response|word|decision)\b)", re.IGNORECASE)


_AFTER_OUR_REPLY = re.compile(r"\b(?:after|once|when)\s+(?:i|we)\s+(?:\w+\s+)?(?:reply|respond|comment|send\s+(?:it|them|my|our)|return)", re.IGNORECASE)


def _asked_target(text: str) -> Optional[str]:
    """`asked_target` for text already corrected."""
    sentences = _sentences(text)
    for index, sentence in enumerate(sentences):
        if not _is_asking(sentence):
            continue
        found = _named(sentence)
        if (found is None or found == "final_plan") and _RESPONSE.search(sentence) and not _AFTER_OUR_REPLY.search(sentence):
            continue  # "how long to send my comments back?": the draft or the changes, from the events
        own = found
        if found is None and index > 0:
            found = _named(sentences[index - 1] + " " + sentence)
        if found is None and index > 1 and len(sentence) < 60:  # "Last AR was ... Nobody booked one. Late?"
            found = _named(" ".join(sentences[index - 2:index + 1]))
        waits = _WAITS_FOR_COUNCIL.search(sentence) or (index > 0 and _HEARD_NOTHING.search(sentences[index - 1]))
        if own is None and found == "review_report" and waits \
                and _REPORT_WENT.search(" ".join(sentences[max(0, index - 2):index])):
            found = "review_decision"  # "school sent the paperwork to the council. When should we have heard?" (or "... heard nothing since. Is that normal?")
        if found == "review_report" and _OTHER_REPORT.search(text) and not _REVIEW_TALK.search(text):
            found = None  # "the date I sent the nursery report": no review in the message, no review's report
        if found is None and _WHEN_HEARD.search(sentence) and _ASSESSMENT_ASKED.search(" ".join(sentences[:index + 1])) \
                and not _LATER_STEPS.search(text):
            found = "assessment_decision"  # "SENCO sent the EHCNA off beginning of Oct ... when should we have heard by?"
        if found:
            return _claim_or_appeal(found, text, sentence)
    return None


_REVIEW_TALK = re.compile(r"\b(?:review|reviews|ar|meeting|mtg)\b", re.IGNORECASE)
_WHEN_HEARD = re.compile(r"\b(?:when|by\s+when)\s+(?:should|will|would|do|did|must)\s+(?:we|i)\s+(?:have\s+)?hear(?:d)?\b", re.IGNORECASE)
_ASSESSMENT_ASKED = re.compile(r"\b(?:ehc\s*na|ehcna|needs\s+assessment|assessment)\b", re.IGNORECASE)
_LATER_STEPS = re.compile(r"\b(?:draft|final\s+plan|review|ar|appeal|tribunal|refus\w+|agreed\s+to\s+assess|said\s+yes)\b", re.IGNORECASE)
_OTHER_REPORT = re.compile(r"\b(?:nursery|school|ep|ed\s+psych|salt|slt|ot|camhs|medical|paed\w*|gp|doctor|progress|end\s+of\s+(?:term|year)|sen\s+support)\s+reports?\b", re.IGNORECASE)


_REVIEW_STEPS = ("review_report", "review_notice")
_COUNCIL_DECIDES = re.compile(r"\b(?:council|la|local\s+authority|they)\s+(?:have\s+to\s+|need\s+to\s+|must\s+|should\s+)?decide\b", re.IGNORECASE)


def other_targets(text: str, first: Optional[str]) -> List[str]:
    """Deadlines named in the message's other questions, in order ("when's her review due and what
    happens about secondary?" asks two). Rules only: a second answer is given only when its words say."""
    text = normalise(text)[0]
    found: List[str] = []
    for sentence in question_parts(text):
        for clause in re.split(r"\b(?:and|also|plus)\b|,", sentence):
            named = _claim_or_appeal(_named(clause), text, clause)
            if named is None and first in _REVIEW_STEPS and _COUNCIL_DECIDES.search(clause):
                named = "review_decision"  # "when do we get the write up and when does the council have to decide?"
            if named and named != first and named not in found:
                found.append(named)
    return found


def asks_generally(text: str) -> bool:
    """A question about deadlines that does not name one ("are they late?")."""
    return bool(_GENERIC.search(text)) or any(_QUESTION.search(part) for part in question_parts(text))


def asks_about_a_deadline(text: str, has_date: bool) -> bool:
    """Whether a message asks about a deadline: one it names, or (with a date given) a general
    "how long do I have?" or "when must I reply?"."""
    text = normalise(text)[0]
    parts = question_parts(text)
    if _asked_target(text) or (_ALL_DEADLINES.search(text) and parts):
        return True
    if parts:
        learned, confidence = target_classifier.predict(text, parts)
        if learned and confidence >= CLASSIFIER_OVERRULES:
            return True
    if not has_date or not parts:
        return False
    if _KEPT_OUT.search(text) and not _EHC_OR_TIME.search(text):
        return False  # "told me on friday not to come in till after christmas. is that allowed?": the exclusion, not a date
    return asks_generally(text) or any(_RESPONSE.search(part) for part in parts)


# A child kept out of school or college, in a message with no EHC step and no time word: its "is that
# allowed?" asks whether the school may do it
_KEPT_OUT = re.compile(r"\b(?:exclu\w*|suspen\w*|sent\s+(?:him|her|them|me)\s+home|not\s+to\s+come\s+(?:in|back)|"
                       r"(?:told|asked)\s+(?:me|him|her|us|them)\s+to\s+(?:stay|keep)\b|keep\w*\s+(?:him|her|them|me)\s+(?:off|home|out)|"
                       r"part[\s-]*time|reduced\s+(?:timetable|hours))", re.IGNORECASE)
_EHC_OR_TIME = re.compile(r"\b(?:ehc\w*|plan|assess\w*|draft|tribunal|appeal\w*|weeks?|months?|deadline|late|overdue|"
                          r"time\s*limits?|how\s+long|when\s+(?:is|was|do|does|should|must|will))\b", re.IGNORECASE)


def _paperwork_target(text: str, events: Mapping[str, SaidEvent], today: Optional[date]) -> Optional[str]:
    """"When should they have sent the paperwork?": before a meeting still to come, after one held."""
    if not any(_PAPERWORK.search(part) for part in question_parts(text)) and not (
            _PAPERWORK.search(text) and any(_SEND_IT.search(part) for part in question_parts(text))):
        return None
    meeting = events.get("review_meeting")
    if meeting is None or meeting.day is None:
        return None
    return "review_notice" if today is not None and meeting.day > today else "review_report"


_TOOK_LONG = re.compile(r"\ballowed\s+to\s+take\s+(?:this|that|so)\s+long\b", re.IGNORECASE)


def _on_time_target(text: str, events: Mapping[str, SaidEvent]) -> Optional[str]:
    """"Were they on time with that decision?": the deadline the latest council action answers. "Are
    they allowed to take this long?" is about that action only when nothing is said to be still awaited."""
    parts = question_parts(text)
    if not any(_ON_TIME.search(part) for part in parts) and not (
            any(_TOOK_LONG.search(part) for part in parts) and all(e.happened for e in events.values())):
        return None
    done = [e for e in events.values() if e.role in FULFILS and e.on and e.happened]
    if not done:
        return None
    return FULFILS[max(done, key=lambda e: (e.on or "", e.said_at)).role]


def _response_target(text: str, events: Mapping[str, SaidEvent]) -> Optional[str]:
    """"How long do I have to reply?" or "We have to respond. What's the last day?": to the draft plan
    or to the proposed changes, whichever came last."""
    if not any(_RESPONSE.search(part) for part in question_parts(text)) and not _OUR_DEADLINE.search(text):
        return None
    documents = [e for e in events.values() if e.role in ("draft_plan", "amendments_sent") and e.happened]
    if documents:
        latest = max(documents, key=lambda e: (e.on or "", e.said_at))
        return "draft_comments" if latest.role == "draft_plan" else "amendment_comments"
    if re.search(r"amend|propos\w*\s+(?:some\s+)?changes", text, re.IGNORECASE):
        return "amendment_comments"
    if re.search(r"draft", text, re.IGNORECASE):
        return "draft_comments"
    return None


def target_for(text: str, events: Mapping[str, SaidEvent], previous: Optional[str] = None,
               today: Optional[date] = None) -> Optional[str]:
    """The named target; else the one asked before ("so what's the new deadline?"); else a reply
    to a document; else, for a general question, the next deadline after the most recent event.
    Whichever way it is found, an appeal about a transport decision names no tribunal date."""
    found = _target_for(text, events, previous, today)
    corrected = normalise(text)[0]
    if found in ("tribunal_appeal", "mediation_contact") and _TRANSPORT.search(corrected) \
            and not TRIBUNAL_WORDS.search(corrected) and not _PLAN_DECISION.search(corrected):
        return None  # "LA refused transport ... how do i appeal??": the council's own review, no tribunal
    if found in ("assessment_decision", "final_plan", "no_plan_decision") and REVIEW_ASKED.search(corrected) \
            and not ASSESSMENT_TALK.search(corrected):
        return None  # "I sent the review request today, when do they have to answer?": a review, not an assessment
    discrimination = events.get("discrimination")
    if found == "tribunal_appeal" and discrimination is not None and discrimination.happened \
            and latest_decision(events) is None and not _PLAN_DECISION.search(corrected):
        return "discrimination_claim"  # "is there a time limit for taking it to tribunal?" about the school's act
    asked_for = events.get("mediation_requested")
    if found == "mediation_contact" and asked_for is not None and asked_for.happened and "mediation_meeting" not in events \
            and not _MEDIATION_CONTACT_NAMED.search(corrected):
        return "mediation_held"  # "rang the mediation adviser on 20th Nov, we want mediation. How long can they take?"
    return found


# The step of contacting the mediation adviser named in a question, not the mediation itself.
_MEDIATION_CONTACT_NAMED = re.compile(r"\b(?:contact|ring|call|phone|email)\w*\s+(?:the\s+)?mediation\b", re.IGNORECASE)


# A decision about the plan itself, which the tribunal hears even when a taxi is mentioned.
_PLAN_DECISION = re.compile(r"\bnam(?:e|ed|es|ing)\b.{0,30}\b(?:school|college|setting)\b|\bfinal\s+(?:ehc\s*p?|ehcp|plan)\b", re.IGNORECASE)


def _target_for(text: str, events: Mapping[str, SaidEvent], previous: Optional[str] = None,
                today: Optional[date] = None) -> Optional[str]:
    """`target_for` before the transport check."""
    text = normalise(text)[0]
    named = _asked_target(text)
    parts = question_parts(text)
    learned, confidence = target_classifier.predict(text, parts) if parts else (None, 0.0)
    if named and learned and confidence >= CLASSIFIER_OVERRULES:  # wording the rules misread
        named = learned
    if named == "final_plan" and ("amendments_sent" in events or re.search(r"amend", text, re.IGNORECASE)) \
            and "request_sent" not in events:
        return "final_amended_plan"  # "when must they finalise it?" after proposed changes
    if named in ("review_notice", "review_report"):  # papers before a meeting still to come, or after one held
        meeting = events.get("review_meeting")
        if re.search(r"after['\u2019\"]?\s+(?:the|this|that)\b(?:\s+(?:meeting|review))?|how\s+long\s+after\b|afterwards|write[-\s]?up|minutes|from\s+the\s+(?:meeting|review)"
                     r"|send\s+(?:it|the\s+report)\s+(?:in\s+)?to\s+the\s+(?:council|la|local\s+authority)",
                     text, re.IGNORECASE):
            return "review_report"
        if meeting is not None and meeting.day is not None and today is not None:
            return "review_notice" if meeting.day > today else "review_report"
        return named
    if named:
        return named
    if not question_parts(text) or _ALL_DEADLINES.search(text):
        return None  # no question, or a question about every deadline
    if previous and _FOLLOW_UP.search(text):
        return previous
    for found in (_paperwork_target(text, events, today), _response_target(text, events), _on_time_target(text, events)):
        if found:
            return found
    if not any(_COUNCIL_ACTION.search(part) for part in question_parts(text)):
        return learned if confidence >= CLASSIFIER_CONFIDENCE else None  # "when is it due?": only if the words say
    if learned and confidence >= CLASSIFIER_CONFIDENCE:
        return learned  # "when do they have to get back to us?": the wording says which, more often than the last event
    dated = [e for e in events.values() if e.on and e.happened and e.role in NEXT_DEADLINE]
    if not dated:
        return None
    latest = max(dated, key=lambda e: (e.on or "", e.said_at))
    return NEXT_DEADLINE.get(latest.role)


@dataclass(frozen=True)
class TargetAnswer:
    """The deadline asked about, or the one event still needed to work it out."""

    target: str
    deadline: Optional[Deadline] = None
    missing_role: Optional[str] = None  # ask for this event's date
    approximate: bool = False  # the event is known only to the month or season
    between: Optional[Tuple[Deadline, Deadline]] = None  # then: the deadline from its first and from its last possible day


def _deadline(target: str, events: Mapping[str, SaidEvent], today: date, child_age: Optional[int]) -> Optional[Deadline]:
    return next((d for d in timeline_deadlines(events, today, child_age) if d.rule_id == target), None)


def _bounded(target: str, events: Mapping[str, SaidEvent], event: SaidEvent, today: date,
             child_age: Optional[int]) -> TargetAnswer:
    """Ask for the exact day of an event known only to the month or season, with the deadline
    counted from the first and from the last day it can be ("in March": 1 and 31 March)."""
    bounds = span(event)
    if bounds is not None and event.role not in MEETING_ROLES:
        bounds = (bounds[0], max(bounds[0], min(bounds[1], today)))  # a step already taken was not taken after today
    found = tuple(_deadline(target, pinned(events, event.role, day), today, child_age) for day in bounds) if bounds else ()
    between = found if len(found) == 2 and all(found) else None
    return TargetAnswer(target, missing_role=event.role, approximate=True, between=between)


def answer(target: str, events: Mapping[str, SaidEvent], today: date, child_age: Optional[int] = None) -> TargetAnswer:
    """The deadline `target` from the events; never changes them. The year of a phase transfer is
    not in the timeline, so that question is answered in words (see actions/deadline_replies.py)."""
    needed = NEEDS.get(target, ())
    if target == "final_amended_plan" and "amendments_sent" not in events and "review_meeting" in events:
        target, needed = "amended_plan_after_review", ("review_meeting",)  # no changes sent yet: 12 weeks from the meeting
    if target in ("tribunal_appeal", "mediation_contact"):
        if latest_decision(events) is None:
            vague = [e for e in events.values() if ROLES[e.role].appealable and e.on and not e.exact]
            if vague:
                return _bounded(target, events, vague[0], today, child_age)
            return TargetAnswer(target, missing_role="decision_letter")
    elif target == "phase_transfer":
        return TargetAnswer(target, missing_role="transfer_year")
    elif needed:
        have = [events[r] for r in needed if r in events and events[r].happened and events[r].on]
        exact = [e for e in have if e.exact]
        if not exact:
            if have:
                return _bounded(target, events, have[0], today, child_age)
            return TargetAnswer(target, missing_role=needed[0])
    found = _deadline(target, events, today, child_age)
    if found is None:
        return TargetAnswer(target, missing_role=needed[0] if needed else None)
    return TargetAnswer(target, deadline=found)


# "what does all that mean in real dates? like whats the last day for each thing": the dates so far
_ASKS_FOR_ALL_DATES = re.compile(r"\b(?:in\s+)?(?:real|actual|proper)\s+dates\b|\bin\s+real\s+dates?\b|\blast\s+days?\s+(?:for|of)\s+(?:each|every|all)\b"
                            r"|\bwhat\s+(?:are\s+)?(?:the|my|all\s+the)\s+(?:dates|deadlines)\b|\b(?:list|give\s+me)\s+(?:all\s+)?(?:the\s+)?(?:dates|deadlines)\b"
                            # "so does that push everything back a week?" after a corrected date
                            r"|\b(?:push|pushes|move|moves|change|changes|shift|shifts|put|puts)\s+(?:everything|all\s+(?:the\s+)?(?:dates|deadlines))\b",
                            re.IGNORECASE)


def asks_for_all_dates(text: str) -> bool:
    """Whether the message asks for every date so far, not one deadline ("what's that in real dates?")."""
    return bool(_ASKS_FOR_ALL_DATES.search(text or ""))
