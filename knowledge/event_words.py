"""Which event each date in a parent's message belongs to, read from the words around it.

"we applied on 2nd june and the refusal letter is dated 1 Aug" gives request_sent on 2 June and
assessment_refused on 1 August. Each date is read within its own part of the message (split at
sentence ends, commas, "and", "but", question words ...); the nearest specific cue wins, and a date
with only a vague cue ("a letter", "the meeting") or none is `unclear`: the assistant asks rather
than guesses. Dates about other things (a birthday, a diagnosis, half term) are `none`.

Also read: roles named without a date (the answer to "What happened on 3 September?"), things the
parent says have not happened yet ("still no decision"), a bare day used in a correction
("no, it was the 12th"), and seasons ("in the spring"). Pure functions; no Rasa import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import List, Optional, Sequence, Tuple

from dateutil.relativedelta import relativedelta

from components.date_rules import _WEEKDAY, WEEKDAY_BEFORE, WEEKDAY_INDEX

from knowledge.half_terms import DAY_AFTER_HALF_TERM
from knowledge.timeline import DAY, MONTH, NOT_AN_EVENT, PART, PART_STARTS, ROLES, SEASON, UNCLEAR, WEEK

# (role, pattern). Order matters only between cues at the same distance: more specific first.
_CUES: Sequence[Tuple[str, str]] = (
    ("amended_plan", r"\b(?<!draft\s)(?:amended\s+final\b|amended\s+(?:ehc\s*)?(?:plan|ehcp)\s+(?:came\s+out|was\s+made)\s+final|been\s+amended\s+and\s+(?:is\s+)?(?:now\s+)?finali[sz]ed|amended\s+plan\s+(?:\w+\s+){0,3}(?:was\s+)?finali[sz]ed|finali[sz]ed\s+(?:an?|the)\s+amended|issued\s+(?:his|her|the|my)\s+amended(?:\s+(?:ehc\s*)?(?:plan|ehcp))?|final\s+(?:version|copy)\s+of\s+the\s+amended(?:\s+(?:ehc\s*)?(?:plan|ehcp))?"
                     r"|final\s+amended\s+(?:ehc\s*)?(?:plan|ehcp)(?:\s+(?:was\s+)?(?:issued|finali[sz]ed|came|arrived|sent))?|amended\s+final\s+(?:ehc\s*)?(?:plan|ehcp)|amended\s+(?:ehc\s*)?(?:plan|ehcp)\s+(?:came|arrived|was\s+issued|issued)|final(?:ised)?\s+amended|amended\s+(?:final\s+)?(?:ehc\s*)?(?:plan|ehcp)\s+(?:was\s+|were\s+)?"
                     r"(?:finali[sz]ed|issued|final)|finali[sz]ed\s+the\s+amend\w*|amended\s+ehcp\s+(?:came|arrived))"),
    ("amendments_sent", r"\b(?:propos\w*\s+(?:of\s+)?(?:amended\s+(?:ehc\s*)?(?:plan|ehcp)|changes?\s+(?:of|to)\s+(?:the\s+)?plan)|changes\s+(?:they\s+)?propos\w*|sen[dt]\s+(?:the\s+|us\s+|their\s+|over\s+)?(?:proposed\s+)?changes|(?<!no\s)(?<!any\s)changes\s+to\s+(?:the\s+|his\s+|her\s+|my\s+)?(?:ehc\s*)?(?:plan|ehcp)\b|proposed\s+(?:amendments?|changes)(?!\s+(?:will|to)\s+follow)|amendment\s+notice|amended\s+draft|draft\s+amend\w*"
                        r"|sent\s+(?:the\s+|us\s+)?changes|amendments?\s+propos\w*|sent\s+(?:us\s+)?(?:the\s+)?amendments?|amendments?\s+(?:\w+\s+)?(?:were|was|came|arrived|sent|through)"
                        r"|notice\s+of\s+(?:proposed\s+)?amend\w*|changes\s+(?:they|the\s+(?:la|council))\s+(?:want|would\s+like|plan)\s+to\s+make)"),
    ("cease_notice", r"\b(?:discontinu\w*|ending\s+my\s+(?:ehc\s*)?(?:plan|ehcp)|wind(?:ing)?\s+up|close\s+(?:my|his|her|the)\s+(?:ehcp|plan)|stop\s+my\s+(?:ehc\s*)?(?:plan|ehcp)|bin\s+(?:her|his|the|their)\s+plan|stopping\s+(?:it|the\s+plan|her\s+plan|his\s+plan)|intend\s+to\s+stop|no\s+longer\s+maintain|stop\s+maintaining|(?:plan|ehcp)\s+(?:has\s+been\s+|had\s+been\s+|was\s+|is\s+being\s+)?"
                     r"(?:stopped|ended|cancelled|scrapped|binned|taken\s+away)|ceas\w*|cease|stop(?:ping)?\s+(?:the|his|her|their|my\s+\w+'?s?|\w+'s)\s+(?:ehc\s*)?(?:plan|ehcp)"
                     r"|end(?:ing)?\s+(?:the|his|her|their)\s+(?:ehc\s*)?(?:plan|ehcp)|(?:stop|finish|end)(?:ing|s)?\s+(?:the\s+)?(?:ehc\s*)?(?:plan|ehcp)\b|finish\w*\s+(?:his|her|their)\s+(?:ehc\s*)?(?:plan|ehcp)|discharg\w+\s+(?:the|his|her)\s+(?:plan|ehcp))"),
    ("mediation_certificate", r"\b(?:mediation\s+)?cert(?:ificate)?s?\b"),
    ("mediation_meeting", r"\b(?:sat\s+down|met|meeting|session|call)\s+with\s+(?:the\s+)?mediator\b|(?<!about\s)\bmediation\b(?!\s+(?:stuff|paper\w*|letter|thing|people|adviser|advisor|service))"),
    ("decision_letter", r"\b(?:(?:decided|decision)\s+to\s+name|change\s+the\s+school\s+(?:named\s+)?in|(?:they'?re|they\s+are|are|will\s+be|is\s+to)\s+nam(?:e|ing)\b|will\s+be\s+named|named\s+in\s+section\s+i"
                        r"|decision\s+on\s+(?:his|her|the)\s+(?:secondary\s+)?placement|change\s+of\s+placement|remains\s+appropriate|continue\s+to\s+be\s+named|rather\s+than\s+the\s+(?:\w+\s+){0,3}(?:we|i)\s+(?:requested|asked\s+for|wanted|chose)|(?:is|are)\s+to\s+attend"
                        r"|(?:say|said|says)\s+(?:he|she)\s+(?:go|goes|will\s+go|should\s+go|must\s+go)\s+to|placement\s+at|(?<!review\s)decision\s+letter"
                        r"|(?:naming|name)\s+a\s+different\s+school|will\s+be\s+naming|not\s+(?:be\s+)?naming|re-?assess\w*|panel\s+decision|not\s+the\s+(?:school|one|placement)\s+we\s+(?:asked|wanted|chose|picked)|letter\s+(?:with|of|giving)\s+(?:the|their)\s+decision|(?:not|won'?t|refus\w*\s+to|will\s+not)\s+"
                        r"(?:name|change\s+the\s+named|agree\s+(?:to\s+)?(?:our|the)\s+(?:choice|school|placement))|named\s+school"
                        r"|placement\s+(?:decision|refus\w*)|refus\w*\s+(?:the|our|my)\s+(?:\w+\s+)?(?:school|college|placement)\b|(?:refus\w*|turned\s+down)\s+(?:our|the|my)\s+(?:school\s+)?(?:choice|preference|placement))"),
    ("review_decision", r"\b(?:decision\s+(?:is|was)\s+to\s+(?:amend|maintain|keep|change)\b|(?:plan|ehcp|it)\s+(?:got|was|were|has\s+been|had\s+been)\s+re-?issued|re-?issued\s+(?:the\s+|his\s+|her\s+)?(?:plan|ehcp)|re-?issued\s+with\s+no\s+changes)\b|without\s+(?:any\s+)?amendment|(?:will|'ll|to)\s+maintain\s+(?:the|his|her)\s+(?:ehc\s*)?(?:plan|ehcp)|(?:annual\s+)?review\s+letter|\b(?:(?:letter|wrote|writ\w+|email\w*|decision)\b(?:(?!amend|draft|propos).){0,60}(?:following|after)\s+(?:the\s+|his\s+|her\s+|\w+'s\s+)?(?:\w+\s+)?(?:review|ar)\b(?!\s+meeting)"
                        r"|(?:won'?t|will\s+not|not)\s+(?:be\s+)?amend\w*"
                        r"|(?:will|going\s+to|are\s+going\s+to|they'?ll)\s+amend\s+(?:the|his|her)\s+plan|(?:they'?ll|they\s+will|will|would|they'?d|were|are)\s+be\s+amending|(?:they'?d|would)\s+(?:be\s+)?amend\s+(?:the|his|her|it)\b"
                        r"|not\s+to\s+change\s+anything|not\s+(?:to\s+)?change\s+(?:the|his|her|\w+'s)\s+plan"
                        r"|decided\s+(?:on\s+(?:the\s+)?\S+(?:\s+(?:of\s+)?[a-z]{3,9})?\s+)?to\s+(?:amend|keep|maintain|leave)"
                        r"|(?:keep|kept|leave|maintain)\w*\s+(?:the|his|her|my|it)\s*(?:plan\s+)?(?:exactly\s+)?(?:unchanged|as\s+it\s+is|the\s+same)|no\s+amendments"
                        r"|decided\s+(?:on\s+(?:the\s+)?\S+(?:\s+(?:of\s+)?[a-z]{3,9})?\s+)?not\s+to\s+(?:make\s+any\s+)?(?:changes|amend)|not\s+to\s+(?:make\s+any\s+)?changes|no\s+changes\s+to|decided\s+to\s+(?:amend|keep|maintain|not\s+amend|leave)|decision\s+(?:after|following|from)\s+the\s+"
                        r"(?:annual\s+)?review|review\s+(?:decision|outcome)|(?:outcome|decision)\s+letter\s+(?:after|from|following)\s+"
                        r"the\s+(?:annual\s+)?review|(?:la|council)'?s?\s+decision\s+(?:on|about)\s+the\s+review)"),
    ("review_meeting", r"\b(?:meeting\s+(?:\w+\s+){0,4}(?:to\s+)?(?:look\s+at|go\s+through|talk\s+about)\s+(?:the\s+|his\s+|her\s+)?(?:ehc\s*)?(?:plan|ehcp)|(?:ehcp?|plan)\s+review|\w+'s\s+(?:annual\s+)?review\b(?!\s+(?:decision|outcome))|review\s+done|had\s+(?:\w+'?s\s+)?(?:annual\s+)?review|(?:yearly|every\s+year|annual)\s+(?:meeting|review)|(?:last\s+)?reviewed\b|annual\s+review|review\s+(?:meeting|mtg)|ar\s+(?:meeting|mtg)|(?:the|his|her|our)\s+(?:\w+\s+)?review\b"
                       r"|\bar\b|a/r|\ba\s+review\s+(?:meeting\s+)?(?:\w+\s+)?(?:pencil+ed|booked|scheduled|arranged|planned|set\s+for)|review\s+(?:was|is|were|happened|took\s+place|held)|(?:had|have|held)\s+(?:the|his|her|our|a)?\s*review)"),
    ("draft_plan", r"\bdraft\b"),
    ("plan_refused", r"\b(?:(?:will\s+not|won'?t|wouldn'?t|would\s+not|not\s+going\s+to|decided\s+not\s+to|refus\w*\s+to)\s+"
                     r"(?:be\s+)?(?:giv|issu|mak|do|writ)\w*\s+(?:\w+\s+)?(?:an?\s+)?(?:ehc\s*)?(?:plan|ehcp)(?!\s*na)"
                     r"|said\s+no\s+to\s+(?:a|an|the)\s+(?:ehc\s*)?(?:plan|ehcp)(?!\s*na)|(?:refus\w*|declin\w*|turned\s+down|not\s+(?:going\s+)?to|won'?t|will\s+not|decided\s+not\s+to)"
                     r"\s+(?:to\s+)?issue|no[t]?\s+(?:to\s+)?issu\w+\s+(?:a|an|the)?\s*(?:ehc\s*)?(?:plan|ehcp)"
                     r"|refus\w*\s+(?:the\s+|an?\s+)?(?:ehc\s*plan|ehcp)(?!\s*na)|(?:ehc\s*)?(?:plan|ehcp)\s+(?:was\s+)?refused"
                     r"|decided\s+(?:that\s+)?(?:he|she|they|my\s+\w+|\w+)\s+(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+need\s+(?:a|an)\s+(?:ehc\s*)?(?:plan|ehcp)"
                     r"|(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+(?:need|require)\s+(?:an?\s+)?(?:ehc\s*)?(?:plan|ehcp)\b(?!\s*na)|sa(?:y|ys|id)\s+no\s+plan|not\s+necessary\s+to\s+issue|not\s+necessary\s+(?:\w+\s+){0,5}(?:in\s+accordance\s+with\s+an?\s+(?:ehc\s*)?(?:plan|ehcp))|(?:do\s+not|don'?t|not)\s+intend\s+to\s+issue|said\s+no\s+to\s+(?:giving|issuing)"
                     r"|no\s+plan\s+for\b|decided\s+no\s+(?:ehcp|plan)|not\s+going\s+to\s+give\s+(?:\w+\s+)?(?:an?\s+)?(?:ehc\s*)?(?:plan|ehcp)|no\s+plan\"?\s+decision|\"no\s+plan\"|decision\s+not\s+to\s+(?:give|issue|make|do|write)"
                     r"|(?:decide|decided)\s+not\s+to\s+(?:give|issue|do|make)\s+(?:a|an|the)\s+(?:ehc\s*)?(?:plan|ehcp)"
                     r"|no\s+plan\s+(?:would|will)\s+be|(?:^|(?<=[.!?]\s))no\s+plan\b(?!\s+yet)|assessed\s+(?:him|her|them|\w+)\s+and\s+(?:then\s+)?(?:said|decided)\s+(?:\w+\s+)?(?:doesn'?t|does\s+not|don'?t|didn'?t)\s+need|after\s+(?:the\s+)?assess\w+\s+(?:they\s+)?(?:refused|said\s+no))"),
    ("assessment_refused", r"\b(?:refus\w*\s+(?:the\s+|an?\s+|our\s+|my\s+)?(?:ehc\s*na|ehcna|assessment|request|application)|"
                           r"(?:decided|decision)\s+[\'\"\u2018\u2019\u201c]?not\s+to\s+proceed\b(?!\s+(?:to|with)\s+(?:an?\s+|the\s+|issuing\s+)?(?:ehc\s*)?(?:plan|ehcp|issu))|"
                           r"not\s+(?:be\s+)?assess\w*|not\s+(?:be\s+)?(?:carrying|carry)\s+out\s+(?:an?\s+|the\s+)?(?:ehc\s*)?(?:needs\s+)?assess\w*|not\s+necessary\s+to\s+carry\s+out|not\s+satisfied\b(?:\s+\w+){0,4}\s+threshold|threshold\s+(?:is\s+|has\s+)?(?:not|n'?t)\s+(?:been\s+)?met|"
                           r"(?:does\s+not|doesn'?t)\s+meet\s+(?:the\s+)?(?:threshold|criteria)|came\s+back\s+(?:as\s+)?a\s+no|(?:would\s*n'?t|would\s+not|not)\s+(?:do\s+|carry\s+out\s+)?(?:an?\s+|the\s+)?assess\w*"
                           r"|knocked\s+(?:us|it|him|her|them)\s+back|knock\s*-?\s*back|sa(?:y|ys|id)\s+no\b(?!\s+fault)|saying\s+no\b(?!\s+fault)|(?:won'?t|will\s+not|refus\w+\s+to)\s+(?:even\s+)?look\s+at|refus\w*\b(?!\s+to\s+(?:go|attend|come|get|leave|eat|do|let|wear|speak|talk|engage))(?!\s+(?:a|the|his|her)\s+place\s+on)(?!\s+(?:the|our|my|his|her)\s+(?:\w+\s+)?(?:school|college|placement|unit)\b)|declin\w*|turned\s+(?:us\s+|it\s+|him\s+|her\s+)?down|rejected|said\s+no|"
                           r"won'?t\s+(?:even\s+)?assess|not\s+(?:going\s+)?to\s+assess|no\s+to\s+(?:the\s+)?assess\w*|"
                           r"(?:won'?t|will\s+not|not\s+(?:going\s+)?to)\s+(?:carry\s+out|do|undertake)\s+(?:an?\s+|the\s+)?(?:ehc\s*)?(?:needs\s+)?assess\w*)"),
    ("assessment_agreed", r"\b(?:agree(?:d|ing)?\s+to\s+(?:carry\s+out|do)\s+(?:the\s+|an?\s+)?(?:ehc\s+)?(?:needs\s+)?assess\w*|(?:council|la|they)\s+agree\b|agree\s+to\s+do\s+it|(?:prepared|happy|willing)\s+to\s+(?:proceed|go\s+ahead|assess)|go(?:ing)?\s+ahead\s+with\s+(?:the\s+|an?\s+)?assess\w*"
                          r"|green\s+light|got\s+the\s+yes|the\s+yes\s+for|(?:said|say)\s+(?:that\s+)?they(?:'ll|\s+will)\s+assess|(?:they|it|the\s+la|la|council)(?:'ll|'d|\s+will|\s+would)\s+(?:now\s+)?assess\b|(?:they'?re|they\s+are)\s+(?:now\s+)?assessing\b|agreed\s+to\s+(?:do\s+)?(?:the\s+|an?\s+)?(?:ehc\s*na|ehcna|assess\w*|needs\s+assessment)|sa(?:y|ys|id)\s+yes|saying\s+yes|agreed\s+to|agree\s+to|said\s+yes|yes\s+to\s+(?:the\s+)?assess\w*|going\s+to\s+assess|decided\s+to\s+assess"
                          r"|assessment\s+(?:was\s+|has\s+been\s+)?(?:agreed|approved|accepted|granted)|accepted\s+(?:the|our|my)\s+request"
                          r"|agreed\s+(?:an?\s+)?(?:ehc\s*na|ehcna|assessment)|approved|agreed)\b"),
    ("final_plan", r"\b(?:finished\s+(?:ehc\s*)?(?:plan|ehcp)|final(?:i[sz]ed)?\s+(?:ehc\s*)?(?:plan|ehcp|version)|(?<!draft\s)(?<!amended\s)(?:ehc\s*)?(?:plan|ehcp)\s+(?:was\s+|got\s+|been\s+)?(?:first\s+)?"
                   r"(?:finali[sz]ed|issued|made\s+final|signed\s+off|in\s+place)|finali[sz]ed|got\s+(?:the\s+|his\s+|her\s+|an?\s+)?"
                   r"(?:final\s+)?(?:ehc\s*)?(?:plan|ehcp)\b|(?:plan|ehcp)\s+since|issued\s+(?:the\s+|his\s+|her\s+)?(?:final\s+)?"
                   r"(?:ehc\s*)?(?:plan|ehcp)|(?:has|had)\s+(?:had\s+)?(?:an?\s+)?(?:ehc\s*)?(?:plan|ehcp)\s+since|(?:ehc\s*)?(?:plan|ehcp)\s+dates\s+(?:back\s+)?(?:to|from))"),
    ("request_sent", r"\b(?:(?:hit|hitting|pressed|pressing|clicked|clicking|press|click)\s+send\b|appl(?:ied|y|ication)|(?<!review\s)(?<!stage\s1\s)(?<!stage\s2\s)(?<!transport\s)(?<!appeal\s)request(?:ed|ing)?\b(?!\s+(?:for\s+)?(?:a\s+|an\s+)?(?:meeting|review|copy|change|reconsideration))(?!\s+(?:for\s+)?(?:them|the\s+(?:council|la))\s+to\s+(?:look\s+at\s+it\s+again|reconsider|review))"
                     r"|requests\b|(?:asked|applied)\s+again|re-?appl\w+|ask\s+(?:for\s+)?(?:an?\s+)?assessment|(?:asking|asked|ask)\s+(?:the\s+)?(?:\w+\s+){0,2}council\s+to\s+(?:look\s+into|assess)|put\s+in\s+for\s+(?:an?\s+)?(?:ehc|ehcp|assessment)"
                     r"|ask(?:ed|ing)?\s+(?:to\s+)?(?:the\s+)?(?:\w+\s+){0,2}for\s+(?:an?\s+|the\s+|his\s+|her\s+)?(?:ehc|ehcp|ehcna|needs\s+assessment|assessment|statutory)"
                     r"|(?:put|sent|send)\s+(?:it\s+|the\s+request\s+|our\s+request\s+|the\s+application\s+)?(?:in|off)\b(?!\s+(?:my|our|a|the|her|his)\s+(?:formal\s+|written\s+)?(?:stage\s+\w+\s+)?complaint)"
                     r"|(?:it|request|application|paperwork|forms?)\s+went\s+(?:in|off)\b(?!\s+(?:to\s+|into\s+)?(?:my\s+|the\s+|our\s+)?(?:junk|spam|clutter))"
                     r"|(?:sent|put|send)\s+(?:the\s+)?(?:paperwork|forms?|application)\s+(?:\w+\s+){0,4}(?:off|in)\b"
                     r"|(?:send|sent|write|wrote|written|email\w*)\s+(?:the\s+)?(?:forms?\s+|paperwork\s+|letter\s+)?to\s+(?:the\s+)?(?:council|la|local\s+authority)\b(?:\s+for\s+(?:an?\s+)?(?:ehc\s*)?(?:needs\s+)?assess\w*)?|submit\w*|(?<!about\s)(?<!'s\s)(?:ehc\s*na|ehcna)|needs\s+assessment\s+request|parental\s+request|req\b)"),
    ("discrimination", r"\b(?:(?<!for\s)(?<!about\s)(?<!of\s)discriminat\w+(?!\s+(?:claims?|cases?|law|tribunal|time\s+limits?))|refused\s+(?:a|the|his|her)\s+place\s+on|(?:left|kept|excluded|banned|stopped|barred|not\s+allowed)\s+(?:\w+\s+){0,2}"
                       r"(?:out\s+of|from|on|to\s+go\s+on)\s+(?:the\s+|a\s+)?(?:school\s+)?(?:year\s*\d+\s+)?(?:trip|residential|visit|sports\s+day|prom|"
                       r"play|assembly|club|outing|disco)|(?:trip|residential|outing|sports\s+day|made\s+to\s+sit)\b"
                       r"|(?:refus\w*\s+to\s+let|wouldn'?t\s+let|won'?t\s+let|didn'?t\s+let|not\s+let)\s+(?:\w+\s+){0,2}(?:go|attend|come|take\s+part|join|do)"
                       r"|(?:couldn'?t|can'?t|could\s+not|not\s+allowed\s+to|wasn'?t\s+allowed\s+to)\s+(?:be\s+in|go\s+on|go\s+to|join|take\s+part\s+in|attend|do)"
                       r"\s+(?:the\s+)?(?:[\w']+\s+){0,3}(?:play|trip|disco|assembly|residential|sports|club|rehearsals?|party|prom|swimming|pe)\b"
                       r"|missed\s+(?:out\s+on\s+)?(?:the\s+)?(?:school\s+|class\s+)?(?:disco|residential|prom|party|sports\s+day)\b|(?:wasn'?t|weren'?t|was\s+not|not)\s+allowed\s+to\s+go\b(?!\s+(?:to\s+the\s+toilet|out|home|in))|out\s+of\s+the\s+(?:\w+\s+)?(?:photo|nativity|play|trip|assembly|party|disco|concert|show|rehearsal))"),
    ("part_time_since", r"\b(?:(?:go|goes|in|attend\w*|come|comes)\s+(?:to\s+school\s+)?(?:from\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:am)?\s+(?:until|till|til|to)\s+\d{1,2}|only\s+let\s+\w+\s+come|come\s+\d{1,2}\s+(?:until|till|to)\s+\d{1,2}|\d+\s+(?:hours?|hrs?)\s+a\s+day|(?:an?|one|two)\s+hours?\s+a\s+day|(?<!wheelchair\s)part[-\s]?time|reduced\s+(?:timetable|hours|days?)|mornings?\s+only|only\s+(?:in\s+)?(?:the\s+)?"
                        r"(?:mornings?|afternoons?|\d+\s+hours?|an\s+hour|two\s+hours)|only\s+(?:come|go|be|attend)\s+(?:in\s+)?(?:for\s+)?(?:the\s+)?(?:mornings?|afternoons?)|half\s+days?|only\s+(?:does|do|doing)\s+(?:the\s+)?(?:mornings?|afternoons?)|(?:stay|kept|keep)\s+(?:at\s+)?home\s+(?:every|in\s+the)\s+(?:afternoon|morning)s?|short(?:ened)?\s+"
                        r"(?:days?|timetable)|\bptt\b|part\s+time\s+timetable)"),
    ("exclusion", r"\b(?:kicked\s+(?:him|her|them|me)\s+out|expelled|told\s+me\s+to\s+come\s+and\s+(?:get|collect|pick)|(?:ring\w*|call\w*|phon\w*)\s+(?:me\s+)?to\s+(?:come\s+(?:and\s+)?)?(?:collect|pick\s+(?:him|her|them)?\s*up)"
                  r"|collect\s+(?:him|her|them|ds|dd)\s+(?:early|at\s+lunch\w*)|(?:rang|called|phoned)\s+(?:me|us)\s+(?:[\w']+\s+){0,6}to\s+come\b|exclu\w+|suspen\w+|sent\s+(?:\w+\s+){0,2}home|send(?:ing)?\s+(?:\w+\s+){0,2}home|fixed[-\s]term"
                  r"|perm(?:anent(?:ly)?)?\s+ex\w*|pex|fte|(?:told|asked)\s+(?:me|us)\s+to\s+keep\s+(?:him|her|them)\s+(?:at\s+)?home)\b"),
    ("out_of_school_since", r"\b(?:no\s+school\s+(?:place\s+)?(?:for\s+(?:\w+\s+){1,2})?since|out\s+of\s+(?:school|education)|not\s+(?:been\s+)?(?:in(?!\s+a\s+(?:good\s+|fit\s+|calm\s+)?(?:place|state|position|mood))|at|attending|going\s+(?:in|to\s+school))"
                            r"|stopped\s+(?:going|attending)|(?:not|n't|never)\s+(?:been\s+)?returned\s+(?:to\s+(?:school|college)\s+)?since|hasn'?t\s+(?:been\s+(?:in|to\s+school)|attended|gone\s+in)|no\s+school\s+place"
                            r"|without\s+a\s+school|not\s+attended|(?:at\s+)?home\s+since|off\s+school|school\s+refus(?:al|er|ing)\b"
                            r"|(?:can'?t|couldn'?t)\s+(?:get\s+into|go\s+to|attend)\s+school|not\s+been\s+to\s+school|set\s+foot\s+in"
                            r"|(?:hasn'?t|haven'?t|has\s+not|have\s+not|not)\s+been\s+(?:at|in|to)\s+(?:school|college)|(?:is|are)\s+at\s+home|can\s*not\s+go\s+to\s+school|hasn'?t\s+been\s+since|(?:been\s+)?off\s+(?:school\s+)?since|(?:not|n't)\s+been\s+back)"),
    ("final_plan", r"\bfinal\b(?!\s+(?:amended|decision|response|straw|say|answer|warning|date|day|deadline|cut))"),
    ("complaint_made", r"\b(?:escalated|complain\w*|formal\s+complaint|stage\s+(?:1|one|2|two)\b(?!\s+(?:response|reply|outcome|answer|letter)))"),
)
# Dates that are not events of the case.
_NOT_EVENTS = (
    r"\b(?:born|birthday|b'?day|birth|diagnos\w*|dx|assessed\s+for\s+autism|started\s+(?:school|reception|year\s*\d+|nursery|"
    r"secondary|primary|college|sixth\s+form)|half[-\s]?term|holidays?|hols|gp|camhs|paed\w*|appointment|appt|moved\s+(?:house|here|area)"
    r"|(?:christmas|xmas|easter)\s+(?:holidays?|hols|break|day)|(?:over|at|before|after|since)\s+(?:christmas|xmas|easter)|bank\s+holiday"
    # the parent's own agreement is no council decision: "I only said yes on the day", "do I have to agree to the part time timetable?"
    r"|\b(?:i|we)\s+(?:only\s+|just\s+|had\s+|have\s+|reluctantly\s+)?(?:said\s+yes|agreed|agree)\b|\b(?:have|had|has|need)\s+to\s+agree\b"
    r"|(?:senco|teacher|head)\s+(?:rang|called|phoned|emailed|texted|told\s+me(?!\s+to\s+(?:keep|collect|come|take|pick))|admitted)|dob\b|d\.o\.b|date\s+of\s+birth|we\s+were\s+(?:in|away)"
    # "school sent the invite for DS's annual review last Thursday", "i cried in the car park on friday"
    r"|(?:sent|got|had|received|emailed)\s+(?:(?:me|us)\s+)?(?:the\s+|an?\s+)?invit\w*(?:\s+(?:for|to)\s+(?:[\w']+\s+){0,2}(?:annual\s+)?review(?:\s+meeting)?)?|\bcried\b|\bcrying\b"
    # "they asked me about it in october and i said i didnt agree": the council asking views, not its decision
    r"|\basked\s+(?:me|us|for\s+(?:my|our)\s+views)\s+about\s+(?:it|this|that)\b|\basked\s+for\s+(?:my|our)\s+views\b"
    r"|(?:salt|ot|ep|camhs)\s+(?:is\s+|was\s+)?booked|(?:we'?re|we\s+are)\s+off\s+to|observed\s+(?:him|her|them)"
    r"|transfer\s+to\s+secondary|move\w*\s+(?:up\s+)?to\s+secondary|starts?\s+secondary|broke\s+up|end\s+of\s+term|(?:\w+\s+)?tuition\s+started|invite\s+out|discharged\s+(?:her|him|them)"
    r"|(?:emailed|e-mailed|messaged|chased|rang|phoned)\s+(?:the\s+|my\s+|our\s+|his\s+|her\s+)?(?:case\s*(?:officer|worker)|caseworker)\b|(?:tribunal\s+)?hearing\s+(?:was|is|on|date)\b"
    r"|\b(?:it'?s|its|it\s+is)\s+now\b"
    r"|waiting\s+list|governors?'?\s+(?:meeting|panel|hearing)|(?:his|her|their|the)\s+panel\s+(?:is|will\s+be|date\s+is|meeting\s+is)\b|(?:only\s+)?(?:realised|realized|noticed|found\s+out)"
    r"|(?:rang|called|phoned|emailed)\s+(?:your|the)\s+(?:helpline|line|service)|helpline|response\s+(?:came|arrived)|final\s+response|(?:sent|gave)\s+(?:their|its|a|the|me\s+a|us\s+a)\s+(?:final\s+)?(?:response|reply)|turned\s+\d+|hospital|op\b|operation|started\s+(?:meds|medication)|new\s+baby"
    r"|started\s+(?:at\s+)?(?:his|her|the|a)\s+(?:new\s+)?(?:school|college|nursery)|started\s+at\b|(?:will|'ll)\s+be\s+\w+\s+on|(?:we'?re|we\s+are|we\s+will\s+be|we'll\s+be)\s+away|(?:i|we)\s+(?:rang|called|phoned)\s+(?:them|the\s+\w+)|(?:meeting|met|meet|spoke|speaking|talk\w*|call)\s+(?:up\s+)?with\s+(?:the\s+|his\s+|her\s+|our\s+)?(?:social\s+worker|case\s*worker|case\s+officer|sen\s+officer)\b(?!\s+(?:for|about)\s+(?:the\s+|his\s+|her\s+)?(?:annual\s+)?review)|(?:about|for)\s+(?:his\s+|her\s+|the\s+)?transition|transition\s+(?:meeting|visit|day)|(?:met|meet)\s+(?:the\s+)?(?:case\s*worker|case\s+officer|sen\s+officer|senco)|(?<![a-z]\s)\b(?:ep|ot|salt|physio|ed\s+psych)\s+(?:on|visit\s+on|was\s+on)\b|turns?\s+\w+\s+on|placement\s+(?:with\s+us\s+)?started|on\s+leave|went\s+back\s+(?:to\s+school\s+)?on"
    r"|if\s+(?:i|we|they|the\s+school|school|you)\s+(?:send|sent|put|submit|apply|do|email)\b|(?:sent|send|submitted|emailed)\s+(?:the|our|my|his|her)\s+(?:annual\s+)?review\s+(?:report|paperwork|papers)|returned\s+(?:to\s+school\s+)?on|(?:lac|cla|looked\s+after|pep|cin|child\s+in\s+need|medication|meds|salt|slt|ot|physio|camhs|paed\w*|speech(?:\s+and\s+language)?|therapy|hearing|sight|eye)\s+review(?:\s+(?:is|was|meeting))?|no\s+fault\s+found|(?:complaint\s+)?(?:was\s+)?not\s+upheld|start\w*\s+(?:my|his|her|the)\s+(?:new\s+)?(?:course|college|school|job|apprenticeship)"
    r"|(?:educational\s+)?psychologist\s+(?:to\s+)?(?:see|saw|visit\w*)|started\s+(?:at\s+)?(?:his|her|the|a)\s+(?:new\s+)?(?:school|college|nursery)|tac\s+meeting|team\s+around\s+the\s+child|cin\s+meeting"
    # the day a letter or email was first opened or found ("didn't open it till the 20th because it went in junk")
    r"|(?:didn'?t|did\s+not|only|first|never)\s+(?:open|see|read|find|spot|notice)(?:ed)?\s+(?:it|the\s+(?:e-?mail|letter|draft|attachment))|went\s+(?:in|into)\s+(?:my\s+|the\s+|our\s+)?(?:junk|spam|clutter)"
    # a complaint's replies, a planned step, and a call or email about something else are not events
    r"|stage\s+(?:1|one|2|two|3|three)\s+(?:reply|response|answer|outcome|letter)|(?:got|had|received)\s+(?:their|its|a|the)\s+(?:final\s+)?(?:stage\s+\w+\s+)?(?:answer|reply|response|outcome)"
    r"|(?:is|are|'s|am|'m|she'?s|he'?s|they'?re|we'?re|i'?m)\s+(?:sending|putting\s+in|submitting)\b|(?:will|'ll|going\s+to|gonna|plans?\s+to|planning\s+to)\s+(?:send|put\s+in|submit)\b"
    r"|(?:emailed|e-mailed|rang|phoned|called|texted|wrote)\s+(?:(?:me|us|back)\s+)?(?:\w+\s+){0,2}saying"
    r"|child\s+in\s+need|pep\s+meeting|sen\s+support\s+plan|sen\s+support\s+(?:review|meeting)|parents'?\s+evening|is\s+\d{1,2}\s+today"
    r"|sats|exams?|mocks|results|open\s+(?:day|evening)|inset\s+day|(?:ep|salt|ot|camhs|paed\w*|doctor|school|the\s+ed\s+psych)\s+(?:\w+\s+)?(?:report|visit\w*|came|come|went|assess\w*|observ\w*|saw|seen)"
    r"|reports?\s+(?:done|in|back|came|were\s+done)|(?:1:1|one\s+to\s+one|ta|teacher|senco|head|keyworker)\s+(?:left|leaving|went\s+off|quit)"
    # a transport decision is the council's own review, never a decision letter the tribunal counts from
    r"|(?:refus\w*|turned\s+down|declin\w*|rejected|stopped|withdr[ae]w\w*|cancell?ed)\s+(?:(?:his|her|their|the|our|my)\s+)?(?:\w+\s+)?(?:transport|taxi|bus\s+pass|travel\s+\w+|escort)"
    r"|(?:transport|taxi|bus\s+pass|travel\s+(?:assistance|support|application))\s+(?:\w+\s+){0,3}?(?:was\s+|were\s+|has\s+been\s+|got\s+)?(?:refus\w*|turned\s+down|declin\w*|rejected|stopped|withdrawn|cancell?ed)"
    # the family's own comments on a draft or proposed changes, and a young person's next course, are no case events
    r"|(?:i|we)\s+(?:\w+\s+)?(?:sent|emailed|returned|submitted|gave|put\s+in|did)\s+(?:(?:my|our|the|in)\s+)?(?:comments|views|response|representations|feedback|reply)"
    r"|(?:comments|views|representations|feedback)\s+(?:were\s+|went\s+)?(?:sent|back|in|returned|submitted)"
    r"|(?:going|goes|off|heading|due)\s+to\s+(?:go\s+to\s+)?(?:uni|university)|start\w*\s+(?:at\s+)?(?:uni|university)"
    # a deadline someone worked out is no event: "my appeal deadline is 16th December", "which would be 20th Dec"
    r"|deadline\s+(?:is|was|would\s+be|will\s+be|date\s+is)|(?:which|that)\s+would\s+be|last\s+day\s+(?:is|was|would\s+be|to\s+appeal\s+is)"
    # the family chasing someone is no case event: "I emailed his caseworker on the 5th Oct and again 3 weeks ago"
    r"|(?:i|we)\s+(?:\w+\s+)?(?:emailed|e-mailed|chased|wrote\s+to|messaged|rang|phoned|called)\s+(?:his|her|their|the|our|my)\s+(?:\w+\s+)?(?:case\s*worker|case\s+officer|sen\s+officer|send\s+officer|senco|sendco)"
    r"|(?:i|we)\s+(?:\w+\s+)?(?:chased|chase)\s+(?:(?:the|his|her|their|our|my)\s+)?(?:school|la|council|sen\s+team|send\s+team|them|it|up)"
    # the family's own appeal, once made, starts no time limit the assistant counts
    r"|(?:lodged|submitted|registered|put\s+in|sent\s+(?:off|in)|filed)\s+(?:(?:the|our|my|an|his|her)\s+)?(?:tribunal\s+)?appeal"
    r"|appeal\s+(?:was\s+|got\s+|has\s+been\s+)?(?:lodged|submitted|registered|filed|put\s+in|sent\s+off)"
    # the parent's own unsent draft, a date given up for another, a review's report sent on, a chasing call (trial Q)
    r"|saved\s+(?:the|a|my|it\s+as\s+a)\s+draft|(?:was|were)\s+(?:just\s+)?(?:the\s+)?original(?:ly)?\s+(?:date|day|booked|planned|set)?|(?:the\s+)?original\s+(?:date|day)"
    r"|(?:sent|send|submitted|emailed|forwarded)\s+(?:the|our|my|his|her)\s+(?:ar|a/r)\s+(?:report|paperwork|papers)|(?:ar|a/r|review)\s+(?:report|paperwork|papers)\s+(?:off|went|was\s+sent|were\s+sent)"
    r"|(?:i|we)\s+(?:rang|called|phoned|emailed|chased)\s+(?:them\s+|up\s+|again\s+)?on\b"
    # a day something is due by, in a question: "and if they dont send it by the 17th?"
    r"|(?:if|unless)\s+(?:they|it|he|she|the\s+\w+)\s+(?:still\s+)?(?:don'?t|dont|doesn'?t|do\s+not|does\s+not|haven'?t|hasn'?t|won'?t|can'?t)\s+(?:\w+\s+){0,4}by\b)\b"
)
# "The annual review was supposed to be in Sept": a date something was due, not the day it happened
_SUPPOSED = re.compile(r"\b(?:(?:was|were|is|are)\s+(?:supposed|meant|scheduled|planned)\s+to\s+(?:be|happen|take\s+place|come|arrive)"
                       r"|should\s+have\s+(?:been|happened|come|arrived|taken\s+place))\b(?!\s+\w+ing\b)", re.IGNORECASE)
_VAGUE = r"\b(?:another\s+one|letter|email|e-mail|meeting|mtg|call|phoned?|rang|heard|came|arrived|got\s+(?:it|something)|post|sent|dated|happened)\b"

_CUE_PATTERNS = [(role, re.compile(pattern, re.IGNORECASE)) for role, pattern in _CUES]
_NOT_EVENT_PATTERN = re.compile(_NOT_EVENTS, re.IGNORECASE)
_VAGUE_PATTERN = re.compile(_VAGUE, re.IGNORECASE)
# Where a message divides into parts that each say one thing.
_BOUNDARY = re.compile(
    r"(?:[!?;\n()]|\.(?!\d))+|,|\s?[-–—]\s|\b(?:and\s+then|and|but|then|so|whereas|although|though|however|after\s+(?=(?:we|they|i|he|she)\b)"
    r"|before\s+(?=(?:we|they|i|he|she)\b)|when\s+(?!we|they|the|i|he|she|it)|how\s+long|how\s+much|what\s+(?:is|date|day)"
    r"|is\s+it|do\s+i|do\s+we|should\s+i|should\s+we|can\s+i|can\s+we|am\s+i|are\s+they)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:is\s+(?:\w+\s+)?(?:on|booked|scheduled|planned|set|happening|coming)|booked\s+(?:\w+\s+){0,4}for|(?:review|meeting|appt|appointment|ar|hearing)\s+is\s+(?:on\s+)?(?:the\s+)?(?=\d)|will\s+be|coming\s+up|upcoming|next\s+(?:week|month|term|year|\w+day)|booked\s+(?:for|in)"
    r"|going\s+to\s+be|due\s+to\s+(?:be|take)|we\s+(?:have|'ve\s+got|have\s+got)\s+(?:the|our|his|her|a|an)\s+(?:\w+\s+){0,2}(?:review|meeting|mtg|appt|appointment|ar|hearing|mediation)\b|(?:we'?re|we\s+are)\s+away\s+from|we\s+have\s+(?:the|our|his|her|a)\s+\w+\s+on|invited\s+to|we'?re\s+off|going\s+away"
    r"|has\s+(?:his|her|their|my)\s+(?:\w+\s+){0,2}(?:appt|appointment|review|meeting)\s+on|pencil+ed\s+in|booked\s+(?:on\s+)?(?:the\s+)?(?=\d)|(?:set|arranged|fixed|moved)\s+(?:the\s+|a\s+|it\s+)?(?:\w+\s+)?(?:meeting|review|date|ar)?\s*for)\b",
    re.IGNORECASE,
)
_QUESTION_WORD = re.compile(r"^\W*(?:(?:so|and|but|ok)\W+)?(?:when|whens|how|what|whats|which|is|are|can|do|does|should|must)\b",
                            re.IGNORECASE)
_RETRACTED = re.compile(r"\b(?:not|instead\s+of|rather\s+than)\s+(?:on\s+)?(?:the\s+)?$", re.IGNORECASE)
_REFERS_BACK = re.compile(r"^\W*(?:ours|it|that|this|his|hers|theirs|mine|the\s+last\s+one)\b", re.IGNORECASE)
_DOCUMENT = re.compile(r"\b(?:letter|notice|email|e-mail|meeting|mtg|dated)\b", re.IGNORECASE)
_LETTERS = frozenset({"assessment_agreed", "assessment_refused", "plan_refused", "cease_notice", "review_decision", "decision_letter",
                      "final_plan", "amended_plan", "draft_plan", "amendments_sent"})
_SPECIFIC_DECISIONS = frozenset({"assessment_refused", "plan_refused", "cease_notice", "review_decision"})
_MEETINGS = frozenset({"review_meeting", "mediation_meeting"})
_ASKING_AT = re.compile(r"\b(?:when|how\s+long|how\s+many|what|which|is\s+it|do\s+i|do\s+we|should\s+i|can\s+i|by\s+when)\b", re.IGNORECASE)
DATED_LETTER = "dated letter"  # the cue of a date just after "dated", in a message that names one kind of letter
_DATED = re.compile(r"\bdated\s*$", re.IGNORECASE)
_ANCHOR_BEFORE = re.compile(r"\b(?:after|following|since|before|from)\s+(?:the\s+|his\s+|her\s+|their\s+|our\s+|\w+'s\s+)?(?:\w+\s+)?$",
                            re.IGNORECASE)  # "the amended draft came on 5 Oct after the review": the review is another event
_PLANNED_SENDING = re.compile(r"\b(?:(?:is|are|am|'s|'m|she'?s|he'?s|they'?re|we'?re|i'?m)\s+(?:sending|putting\s+in|submitting|applying|making)"
                              r"|(?:will|'ll|going\s+to|gonna|plans?\s+to|planning\s+to|intend\s+to)\s+(?:send|put\s+in|submit|apply|make))\b",
                              re.IGNORECASE)
_DATE_LIKE = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{1,2}[/.]\d{1,2}", re.IGNORECASE)
_ITS_OWN_DATE = re.compile(r"\s*(?:was\s+|held\s+)?(?:on|of|dated)\s+(?:the\s+)?$", re.IGNORECASE)
# "I didn't note the day": the letter's own day is not known, so a date beside it is the other event's
_DAY_UNKNOWN = re.compile(r"\b(?:didn'?t|did\s+not|don'?t|do\s+not|can'?t|cannot|can\s+not)\s+(?:note|remember|know|recall|say)\s+"
                          r"(?:the|what|which|when)\s*(?:day|date|it)?|\benvelope'?s?\s+(?:gone|binned|thrown)", re.IGNORECASE)
_WEEK_COMMENCING = re.compile(r"\b(?:w/c|wc|w\.c\.?|week\s+(?:commencing|beginning|starting|of))\s*(?:the\s+|mon(?:day)?\s+)?$",
                              re.IGNORECASE)
_PART_OF_MONTH = re.compile(r"(?:the\s+)?(early|beginning\s+of|start\s+of|mid|middle\s+of|late|end\s+of)\b", re.IGNORECASE)
_PART_NAMES = {"early": "early", "beginning": "early", "start": "early", "mid": "mid", "middle": "mid", "late": "late", "end": "late"}
_MEDIATION_ASKED_FOR = re.compile(r"\b(?:told|rang|called|phoned|emailed|contacted|wrote\s+to)\s+(?:the\s+)?mediation\b"
                                  r"|\b(?:want|wanted|asked\s+for|requested|chose|opted\s+for)\s+(?:a\s+|the\s+)?mediation\b", re.IGNORECASE)
_MEDIATION_HELD = re.compile(r"\b(?:meeting|session|held|took\s+place|happened|went\s+to|attended|had\s+(?:the\s+|our\s+)?mediation)\b",
                             re.IGNORECASE)
EXCLUSION_TALK = re.compile(r"\b(?:perm\w*\s+exclu\w+|exclu(?:ded|sion)|suspen(?:ded|sion))\b", re.IGNORECASE)
_EXCLUSION_STARTS = re.compile(r"\b(?:from|starting|starts|started|start|since|effective)\s+(?:on\s+)?(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_TOLD_OF_A_REVIEW = re.compile(r"\b(?:e-?mailed|wrote|rang|phoned|called|letter|said|told\s+(?:me|us))\b", re.IGNORECASE)
_REVIEW_TO_COME = re.compile(r"\b(?:'ll|will|going\s+to|plan\s+to|intend\s+to)\s+(?:\w+\s+)?review\b", re.IGNORECASE)
TRANSPORT_TALK = re.compile(r"\b(?:transport|taxi|taxis|bus\s+pass|minibus|escort|travel\s+(?:assistance|support|budget|application))\b",
                             re.IGNORECASE)
_MEETING_HELD = re.compile(r"\b(?:meeting|held|took\s+place|attended|went\s+to)\b", re.IGNORECASE)
REVIEW_ASKED = re.compile(r"\b(?:review\s+request|request(?:ed|ing)?\s+(?:for\s+)?an?\s+(?:early\s+|stage\s+\w+\s+)?review|(?:ask\w*|request\w*)\s+(?:for\s+)?(?:them|the\s+(?:council|la))\s+to\s+(?:look\s+at\s+it\s+again|reconsider|review)|ask(?:ed|ing)?\s+for\s+(?:a|an)\s+(?:\w+\s+)?review)\b", re.IGNORECASE)
ASSESSMENT_TALK = re.compile(r"\b(?:assess\w*|ehc\s*na|ehcna|needs\s+assessment|ehc\s*p|ehc\s+plan)\b", re.IGNORECASE)
_REVIEW_ON = re.compile(r"\b(?:annual\s+)?(?:review|ar)(?:\s+meeting)?\s+(?:was\s+|held\s+)?(?:on|of)\s+(?:the\s+)?$", re.IGNORECASE)
_REVIEW_TALK = re.compile(r"\b(?:review|ar)\b", re.IGNORECASE)
_AGAIN = re.compile(r"^\W*(?:(?:\d+|one|two|three|four|five)\s+days?\s+on|again|also|too|as\s+well|(?:then\s+)?another\s+one|(?:and\s+)?(?:\w+'s|hers|his|theirs|ours|mine)\s+(?:was|is|on|went)|and\s+again)\b",
                    re.IGNORECASE)
_DISCRIMINATION_TALK = re.compile(r"\bdiscrim\w*", re.IGNORECASE)
# Something a school did to a child, as opposed to a state ("since 5 Oct things have changed") or a letter.
_SCHOOL_ACT = re.compile(
    r"\b(?:told|refused|wouldn'?t\s+let|won'?t\s+let|not\s+allowed|isn'?t\s+allowed|wasn'?t\s+allowed|cannot|can'?t|couldn'?t"
    r"|detention|detained|confiscat\w*|restrain\w*|banned|barred|left\s+behind|made\s+(?:him|her|them)|punish\w*|isolation"
    r"|stopped|removed|took\s+away|taken\s+away|shouted|humiliat\w*|excluded|sent\s+out|not\s+given|left\s+out"
    r"|not\s+(?:invited|included)|didn'?t\s+(?:let|include|invite)|decision\s+(?:the\s+)?(?:head|school|teacher|senco)\s+(?:made|took)"
    r"|(?:head|school|teacher)\s+(?:has\s+|had\s+)?(?:made|took)\s+(?:a|the|this)\s+decision)\b", re.IGNORECASE)
# "he can't take part in the concert on 15 December": the date of something still to come
_UPCOMING_REFUSAL = re.compile(r"\b(?:can'?t|cannot|won'?t|will\s+not|isn'?t\s+allowed|is\s+not\s+allowed|not\s+allowed\s+to)\s+"
                               r"(?:go|attend|come|be\s+in|join|do|take\s+part)\b", re.IGNORECASE)
_HAS_YEAR = re.compile(r"\b(?:19|20)\d{2}\b|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_HAS_DAY = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\b(?!\s*(?:weeks?|months?|years?)\b)|\b(?:yesterday|yday|yesterdy|today|tomorrow|ago|last\s+week|next\s+week"
    r"|mon|tue|wed|thu|fri|sat|sun)\w*", re.IGNORECASE)
# "AR is Monday 30th", "booked for Weds 9th": a weekday and day said of something coming
_COMING_BEFORE = re.compile(r"\b(?:(?:is|are|'s)(?:\s+(?:on|booked|set|planned))?|booked\s+(?:for|on)|set\s+for|planned\s+for|will\s+be(?:\s+on)?|next)\s+(?:the\s+)?$",
                            re.IGNORECASE)
_MONTH_ONLY_AGO = re.compile(r"\b(?:months?|years?)\s+ago\b", re.IGNORECASE)
_SEASON = re.compile(r"\b(?:(?:in|during|over|back\s+in|since|last|this)\s+)?(?:the\s+)?(spring|summer|autumn|winter)"
                     r"(?:\s+term)?(?:\s+((?:19|20)\d{2}))?\b", re.IGNORECASE)
_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_BARE_DAY = re.compile(r"\b(?:the\s+)?([12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))(?!\s+(?:time|times|attempt|try|go|round|request|application|child|kid|floor|class|choice|one|year|lot|birthday))",
                       re.IGNORECASE)
_APOLOGY_ONLY = r"(?!\s+(?:if|for|this|to|about|one|another|i'?m|im|i\s+am|again|everyone|all|but)\b)(?!,?\s+(?:i'?m|im|this|it'?s)\s+(?:long|a\s+long|so\s+long|a\s+bit))"
# "sorry, it was the 9th" corrects; "Sorry if I'm not making sense", "sorry this is long" only apologise
_CORRECTION = re.compile(
    rf"^\W*(?:\w+\W+)?(?:no\b(?!\s+(?:reports?|papers?|paperwork|word|reply|response|news|letter|decision|plan|draft|idea|one|school|sign|invite|date|meeting|answer|contact|help|support|change|update)\b)|nope|sorry{_APOLOGY_ONLY}|oops|actually|correction|i\s+meant|my\s+mistake|wait|hang\s+on|scratch\s+that)|\bnot\s+the\s+\d|\bi\s+meant\b"
    r"|\bactually\b(?!\s+(?:have|has|need|needs|want|wants|mean|means|do|does|going|get|got|think|know|care|make|help|say|agree|allowed|able|legal|count))|\bshould\s+(?:be|have\s+(?:said|been))\b|\bwait\b|\b(?:just\s+)?checked\b|\bgot\s+(?:that|it|the\s+date)\s+wrong"
    r"|\bwrong\s+date\b|\bfat\s+finger\w*|\bmis-?typed\b|\bmistake\b|\bmuddled\b|\btypo\b|\bcorrection\b|\bnot\s+\d{1,2}(?:st|nd|rd|th)?\b|\bscratch\s+that\b"
    rf"|\bgot\s+the\s+(?:\w+\s+)?date\s+wrong\b|^\W*\w+\W+sorry\b{_APOLOGY_ONLY}|\bwrong\s+(?:calendar|day|month|letter)\b"
    # the date the letter itself gives, after an earlier day: "letter says 4th nov", "ok it says 20/11/26 at the top"
    r"|^\W*(?:(?:ok|oh|right|so)\W+)?(?:the\s+)?(?:letter|email)\s+(?:itself\s+)?(?:says|said)\b|\bit\s+says\s+(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+)\s+at\s+the\s+top\b",
    re.IGNORECASE)
_NOT_YET = re.compile(
    r"\b(?:still\s+(?:waiting|no|not|haven'?t|hasn'?t|nothing|don'?t\s+have)|heard\s+(?:absolutely\s+|abs\s+|literally\s+)?nothing|not\s+heard|nothing\s+(?:back|yet|since|from)"
    r"|no\s+(?:word|reply|response|answer|news|decision|plan|draft|report|paperwork|letter|sign)|haven'?t\s+(?:had|got|received|heard)"
    r"|hasn'?t\s+(?:come|arrived|been\s+(?:sent|issued))|not\s+(?:had|received|got|been\s+(?:sent|issued))|yet\s+to\s+(?:hear|receive|get)"
    r"|waiting\s+(?:for|on)|chas\w+|go(?:es|ing)?\s+to\s+(?:the\s+)?panel|(?:at|to)\s+panel\s+(?:on|next)|not\s+even\s+(?:a|the)\s+(?:draft|letter|reply|plan|decision)"
    # "the caseworker says the final will be 'early in the new year'": not come yet
    r"|(?:the\s+)?final\s+(?:ehc\s*)?(?:plan\s+|ehcp\s+|version\s+)?(?:will|'ll)\s+(?:now\s+)?(?:be|come|arrive)\b(?!\s+(?:wrong|bad|rubbish|the\s+same))"
    r"|(?:plan|ehcp|final)\s+(?:won'?t|wont|will\s+not)\s+be\s+(?:ready|here|issued|done|finished|sent))\b",
    re.IGNORECASE,
)
_NOT_YET_OBJECT: Sequence[Tuple[str, str]] = (
    ("amended_plan", r"amended\s+(?:plan|ehcp)|final\s+amended"),
    ("review_decision", r"decision\s+(?:\w+\s+)?(?:\w+\s+)?(?:after|following|from)\s+the\s+(?:annual\s+)?(?:review|ar)\b|(?:review|ar)\s+(?:decision|outcome)|outcome"
                        # "No letter saying amend/maintain/cease, no draft, nada"
                        r"|^\W*\w+(?:\s+\w+)?\s+(?:letter|decision|word|email)\s+(?:saying|about|on|to\s+say)\s+(?:whether\s+)?(?:they'?(?:ll|re)\s+|it'?s\s+)?(?:amend|maintain|keep|ceas|chang)"),
    ("draft_plan", r"draft"),
    ("final_plan", r"final|(?:the\s+)?(?:ehc\s*)?(?:plan|ehcp)\b(?!\s*na)"),
    ("assessment_agreed", r"decision|decide|answer|whether\s+they'?ll\s+assess|assess"),
    ("review_decision", r"since\s+the\s+(?:annual\s+)?review|after\s+the\s+(?:annual\s+)?review"),
    ("mediation_certificate", r"cert"),
)
_NOT_YET_OBJECT_PATTERNS = [(role, re.compile(p, re.IGNORECASE)) for role, p in _NOT_YET_OBJECT]


@dataclass(frozen=True)
class DateMention:
    """A date found in the text, as `find_dates` gives it (start, end, text, ISO date)."""

    start: int
    end: int
    text: str
    iso: str
    bare_day: int = 0  # set for "the 12th" resolved without a month of its own


@dataclass(frozen=True)
class DateReading:
    """A date in the message with the event it belongs to."""

    start: int
    end: int
    phrase: str
    iso: str
    precision: str
    role: str  # a role of knowledge.timeline.ROLES, NOT_AN_EVENT or UNCLEAR
    cue: str = ""  # the words that decided it
    bare_day: int = 0  # "the 12th" with no month of its own: the day, resolved to the latest 12th
    retracted: bool = False  # "the 12th, not the 2nd": the date being taken back
    rules_role: str = ""  # the rules' role when knowledge.date_roles settled another
    unsure_of: str = ""  # "letter came either the 2nd or 9th": the event that happened, its day unsettled


@dataclass(frozen=True)
class MessageReading:
    """Everything about events in one message."""

    dates: Tuple[DateReading, ...] = ()
    roles_named: Tuple[str, ...] = ()  # roles named without a date of their own
    not_yet: Tuple[str, ...] = ()  # roles said not to have happened ("" = the next step, unnamed)
    bare_days: Tuple[Tuple[int, int, int], ...] = ()  # (start, end, day) for "the 12th"
    correction: bool = False
    vague_words: Tuple[str, ...] = field(default_factory=tuple)
    # roles named in a part that reads like a question but is not one ("when we applied", no "?"):
    # an answer to "What happened on 14 July?"
    roles_in_answer: Tuple[str, ...] = ()
    asks: bool = False  # the message has a question mark
    discrimination_named_only: bool = False  # "discrimination" is named as a word, no act of the school's is told
    named_in_questions: Tuple[str, ...] = ()  # roles named only in a sentence that ends with "?" ("and the mediation bit, by when?")


def _segments(text: str) -> List[Tuple[int, int]]:
    """(start, end) of each part of the message."""
    cuts = [0]
    for match in _BOUNDARY.finditer(text):
        cuts.extend((match.start(), match.end()))
    cuts.append(len(text))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return [(a, b) for a, b in pairs if b > a]


_PLACES_THE_DAY = re.compile(r"\b(?:the\s+)?day\s+(?:after|before)\s+(?:(?:his|her|their|the|my|our)\s+)?(?:\w+\s+)?$", re.IGNORECASE)


def _cues_in(text: str, start: int, end: int, skip: Sequence[Tuple[int, int]]) -> List[Tuple[str, int, int]]:
    """(role, start, end) of each specific cue in text[start:end], outside the date spans `skip`."""
    found: List[Tuple[str, int, int]] = []
    taken: List[Tuple[int, int]] = list(skip)
    for role, pattern in _CUE_PATTERNS:
        for match in pattern.finditer(text, start, end):
            if any(a <= match.start() and match.end() <= b for a, b in skip):
                continue
            if any(match.start() < b and match.end() > a and not (match.start() <= a and b <= match.end())
                   for a, b in taken):
                continue
            if _PLACES_THE_DAY.search(text, max(0, match.start() - 30), match.start()):
                continue  # "it was thurs 12th i think, day after her school trip": the trip only places the day
            found.append((role, match.start(), match.end()))
            taken.append(match.span())
    return found


def _not_events_in(text: str, start: int, end: int, spans: Sequence[Tuple[int, int]]) -> List["re.Match[str]"]:
    """Each phrase for something that is not a case event, outside the dates themselves
    ("the Monday after half term" is a date, not the holiday)."""
    return [m for m in _NOT_EVENT_PATTERN.finditer(text, start, end) if not any(a <= m.start() and m.end() <= b for a, b in spans)]


def _not_event_in(text: str, start: int, end: int, spans: Sequence[Tuple[int, int]]) -> Optional["re.Match[str]"]:
    """The first such phrase."""
    found = _not_events_in(text, start, end, spans)
    return found[0] if found else None


def _distance(cue: Tuple[str, int, int], mention: DateMention) -> float:
    _, start, end = cue
    if end <= mention.start:
        return mention.start - end
    return (start - mention.end) * 2 + 3  # a cue after the date counts a little less


def _precision(phrase: str) -> str:
    if DAY_AFTER_HALF_TERM.search(phrase):
        return DAY
    if _MONTH_ONLY_AGO.search(phrase) or re.search(r"\bweek\s+(?:of|in)\b", phrase, re.IGNORECASE):
        return MONTH
    return DAY if _HAS_DAY.search(phrase) else MONTH


def _next_one(day: date, phrase: str) -> date:
    """When a date read as past comes round again: a weekday alone ("on Monday") next week, a day and month next year."""
    if not re.search(r"\d", phrase) and re.search(rf"\b(?:{'|'.join(WEEKDAY_INDEX)})", phrase, re.IGNORECASE):
        return day + relativedelta(weeks=1)
    return day + relativedelta(years=1)


def _future(iso: str, phrase: str, segment: str, today: date) -> str:
    """A day and month said of something coming ("the review is on 10 December") is the next one."""
    day = date.fromisoformat(iso)
    if day >= today or _HAS_YEAR.search(phrase) or not _FUTURE.search(segment):
        return iso
    if re.search(r"\bago\b|\blast\b|\byesterday\b", phrase, re.IGNORECASE):
        return iso
    later = _next_one(day, phrase)
    return later.isoformat() if (later - today).days <= 366 else iso


_PAST_TALK = re.compile(r"\b(?:was|were|had|held|took\s+place|happened|did|went|attended|last|ago|yesterday|dated"
                        r"|came|since|been|after\s+(?:it|that)|said|told|wrote|sent|finali[sz]ed|issued|decided|agreed|refused)\b", re.IGNORECASE)


def _next_within(mention: DateMention, today: date, days: int) -> bool:
    """A day and month without a year, read as past, whose next one is within `days` from today."""
    if _HAS_YEAR.search(mention.text):
        return False
    later = date.fromisoformat(mention.iso) + relativedelta(years=1)
    return date.fromisoformat(mention.iso) < today and 0 < (later - today).days <= days


def _coming_meeting(iso: str, phrase: str, sentence: str, today: date) -> str:
    """"After dd's review on 8th December, how long...": a meeting day without a year, nothing said of
    it in the past tense, whose next one is within nine weeks, is the coming one, not last year's."""
    day = date.fromisoformat(iso)
    if day >= today or _HAS_YEAR.search(phrase) or _PAST_TALK.search(sentence):
        return iso
    later = _next_one(day, phrase)
    return later.isoformat() if 0 < (later - today).days <= 63 else iso


def _role_for(mention: DateMention, text: str, segments: List[Tuple[int, int]],
              dates_in: List[List[DateMention]], spans: List[Tuple[int, int]],
              seasonal: bool = False, previous_role: Optional[str] = None) -> Tuple[str, str]:
    """(role, cue) for one date; a season takes a role only from its own part of the message."""
    index = next(i for i, (a, b) in enumerate(segments) if a <= mention.start < b)
    a, b = segments[index]
    candidates = _cues_in(text, a, b, spans)
    not_events = _not_events_in(text, a, b, spans)
    not_event = min(not_events, key=lambda m: _distance(("", m.start(), m.end()), mention)) if not_events else None
    if len(dates_in[index]) > 1:  # several dates in one part: each takes the cues nearest to it
        claimed = _nearest_date(("", not_event.start(), not_event.end()), dates_in[index]) if not_event else None
        if claimed is not None and claimed != mention:
            not_event = None  # "said on the 2nd Nov they will cease it because he's going to uni in sept": uni's is sept
        others = [m for m in dates_in[index] if m != claimed or m == mention]
        candidates = [c for c in candidates if _nearest_date(c, others) == mention]
    if not_event:  # "his SEN support plan was reviewed": the cue is part of something that is not an event
        candidates = [c for c in candidates if not any(m.start() <= c[1] and c[2] <= m.end() for m in not_events)]
    if not candidates and text[:a].rstrip(" \t").endswith(")") and "(" in text[:a]:  # on the same line: "Applied for an EHCNA for my ds (7, autistic) on 5th June"
        opening = text.rfind("(", 0, len(text[:a].rstrip()))
        if re.search(r"\w\s*$", text[max(0, opening - 40):opening]) and not _DATE_LIKE.search(text, opening, a):
            before = _cues_in(text, max(0, opening - 60), opening, spans)
            candidates = [max(before, key=lambda c: (c[2], c[2] - c[1]))] if before else []
    if not candidates and text[:a].rstrip().endswith("("):  # "a final EHCP (issued 15 July)"
        opening = text[:a].rstrip()[:-1]
        candidates = [c for c in _cues_in(text, max(0, len(opening) - 60), len(opening), spans)]
        nearer = [m for m in _not_events_in(text, max(0, len(opening) - 60), len(opening), spans)
                  if not candidates or m.end() > max(c[2] for c in candidates)]
        if nearer:  # "no draft, nada. I've emailed the case officer twice (16th Oct and 9th Nov)": her own emails
            return NOT_AN_EVENT, nearer[-1].group(0)
        candidates = [c for c in candidates[-1:] if c[0] != "discrimination"]  # "the residential (14th-16th Oct)": the trip's dates, not the school's act
    if not candidates and not not_event and not seasonal:
        refers_back = bool(_REFERS_BACK.match(text[a:b]))
        blocked = False
        for neighbour in _neighbour_order(text, segments, index, mention):  # "The draft plan arrived. It was dated 4 March."
            if neighbour < index and blocked:
                continue
            if neighbour > index + 1 and index + 1 < len(segments) and dates_in[index + 1]:
                continue  # nothing reaches forward past another date
            if not 0 <= neighbour < len(segments) or dates_in[neighbour]:
                blocked = blocked or (0 <= neighbour < index)  # nothing reaches back past another date
                continue
            na, nb = segments[neighbour]
            if neighbour > index and re.search(r"[.!?\n]", text[b:na + 1]):
                continue  # the next sentence speaks of something else
            if _asks(text, segments[neighbour]) and not (refers_back and neighbour == index - 1):
                continue
            candidates = _cues_in(text, na, nb, spans)
            nearby_not_event = _not_event_in(text, na, nb, spans)
            if nearby_not_event:  # "I sent the review report and ... on 1 October": the cue is part of it
                candidates = [c for c in candidates
                              if not (nearby_not_event.start() <= c[1] and c[2] <= nearby_not_event.end())]
            if not candidates and neighbour == index - 1 and nearby_not_event:
                return NOT_AN_EVENT, "nearby"  # "when we got his diagnosis, 5 May"
            if candidates:
                break
    says = _SAYS_WHAT.match(text, mention.end) if not candidates and not not_event and _REPLIED.search(text[a:b]) else None
    if says:  # "They replied Friday (27th)! Decision is to amend": the reply is the decision the next words give
        candidates = sorted((c for c in _cues_in(text, says.start(), says.end() + 40, spans) if c[1] >= says.start()),
                            key=lambda c: c[1])[:1]
    if not candidates and re.search(r"\blast\s+one\b", text[a:b], re.IGNORECASE) and _REVIEW_TALK.search(text):
        return "review_meeting", "last one"  # "his last one was 12 Nov 2025" in a message about reviews
    if not candidates and previous_role and _AGAIN.match(text[a:b]):
        return previous_role, "again"
    if not_event and candidates and not_event.start() >= mention.end and \
            _SENT_WITH.match(text, mention.end, not_event.start() + 1):
        not_event = None  # "emailed my own request on tuesday 13th october with his OT report": what went with it
    if not_event and (not candidates or _closer(not_event, candidates, mention)):
        return NOT_AN_EVENT, not_event.group(0)
    if len(candidates) > 1:
        own = [c for c in candidates if not _ANCHOR_BEFORE.search(text, max(0, c[1] - 25), c[1])
               or _ITS_OWN_DATE.match(text, c[2], mention.start)]  # "after his AR on 15th Oct": the AR's date
        anchored = [c for c in own if _ANCHOR_BEFORE.search(text, max(0, c[1] - 25), c[1]) and c[2] <= mention.start]
        letters_first = [c for c in own if c[0] in _LETTERS and anchored and c[2] <= anchored[0][1]
                         and c[0] != anchored[0][0]]
        if letters_first and not _DATED.search(text[max(0, mention.start - 12):mention.start]) \
                and not _DAY_UNKNOWN.search(text):
            return UNCLEAR, ""  # "sent the proposed amendments after her annual review on 2nd Nov": the letter's day or the review's?
        candidates = own or candidates
    if candidates:
        if _DATED.search(text[max(0, mention.start - 12):mention.start]):
            letters = [c for c in candidates if c[0] in _LETTERS]
            candidates = letters or candidates
        before = [c for c in candidates if c[2] <= mention.start]
        if _DATED.search(text[max(0, mention.start - 12):mention.start]) and len(before) > 1:
            best = min(before, key=lambda c: c[1])  # "Mediation certificate for cease appeal dated 17th Nov"
        else:
            best = min(candidates, key=lambda c: _distance(c, mention))
        return best[0], text[best[1]:best[2]]
    if _REVIEW_ON.search(text[max(0, mention.start - 40):mention.start]):
        return "review_meeting", "review"  # "letter came 6th Nov after her review on the 8th of October": the review's own day
    document = _DOCUMENT.search(text, a, b)
    if document:  # "The letter is dated 5th November": the one kind of letter the message speaks of
        not_events = [(m.start(), m.end()) for m in _NOT_EVENT_PATTERN.finditer(text)]
        named = [(role, start, end) for role, start, end in _cues_in(text, 0, len(text), spans)
                 if role in (_MEETINGS if document.group(0).lower() in ("meeting", "mtg") else _LETTERS)
                 and not _in_question(text, start)]  # "when are they meant to send the final?" asks, it is no letter had
        kinds = {role for role, start, end in named if not any(a <= start and end <= b for a, b in not_events)}
        if named and not kinds:
            return NOT_AN_EVENT, document.group(0)  # "LA refused transport ... letter dated 30/10": that letter is no case event
        if not kinds and document.group(0).lower() in ("meeting", "mtg") and _REVIEW_TALK.search(text):
            kinds = {"review_meeting"}  # "The meeting itself was 14th September" in a message about a review
        if len(kinds) == 1:
            if document.group(0).lower() in ("letter", "dated") and _DATED.search(text[max(0, mention.start - 12):mention.start]):
                return kinds.pop(), DATED_LETTER  # "the covering letter is dated 10/11": that letter's own date
            return kinds.pop(), document.group(0)
    if seasonal or (not _HAS_DAY.search(mention.text) and not _VAGUE_PATTERN.search(text, a, b)):
        return NOT_AN_EVENT, ""  # a month or season with nothing said about it is background
    if _REVIEW_TALK.search(text) and _BOOKED_FOR.search(text[max(0, mention.start - 25):mention.start]):
        return "review_meeting", "booked for"  # "school sent the invite for DS's annual review last Thursday, it's for Thursday 10th Dec"
    return UNCLEAR, ""


_REPLIED = re.compile(r"\b(?:replied|responded|got\s+back\s+to\s+(?:us|me)|heard\s+back|got\s+(?:a|their|the)\s+(?:reply|response|answer|letter|email)"
                      r"|(?:reply|response|answer|letter|email)\s+(?:came|arrived|came\s+through))\b", re.IGNORECASE)
_SAYS_WHAT = re.compile(r"[)\]\s]*[.!:;,-]+\s*(?:(?:the\s+|their\s+)?(?:decision|outcome|answer)\s+(?:is|was)\b|(?:they'?(?:ve|re)?|they\s+have|it\s+says)\s+"
                        r"(?:decided|agreed|refused|said\s+(?:yes|no))\b)", re.IGNORECASE)
_BOOKED_FOR = re.compile(r"\b(?:it'?s|its|it\s+is|meeting\s+is|booked|set|pencil+ed\s+in)\s+(?:for|on)\s+(?:the\s+)?$", re.IGNORECASE)


_BARE_REST = re.compile(r"^\W*(?:(?:then|and|so|on|by|at|in|the|of|from|dated|date|chronology|timeline)\b\W*)*$", re.IGNORECASE)


def _neighbour_order(text: str, segments: List[Tuple[int, int]], index: int, mention: DateMention) -> Tuple[int, ...]:
    """Where to look for a date's event when its own part says nothing: the parts before it, then after;
    but a date standing alone at the start of a sentence, before a dash, colon or bracket, is told by
    what follows ("14/09/2026 - placed on a reduced timetable", "Then on 14 August (...) they said no")."""
    backward_first = (index - 1, index - 2, index - 3, index + 1, index + 2)
    a, b = segments[index]
    if not _BARE_REST.match(text[a:mention.start] + " " + text[mention.end:b]) or index + 1 >= len(segments):
        return backward_first
    previous = index - 1
    while previous >= 0 and not text[segments[previous][0]:segments[previous][1]].strip():
        previous -= 1  # ". Then": the blank part between two boundaries
    before = text[segments[previous][1]:a] if previous >= 0 else "\n"
    after = text[b:segments[index + 1][0]]
    if re.search(r"[-\u2013\u2014:(]", after) and re.search(r"[.!?\n]", before):
        return (index + 1, index + 2, index + 3, index - 1, index - 2)
    return backward_first


def _sentence_bounds(text: str, start_at: int, end_from: int) -> Tuple[int, int]:
    """(start, end) of the sentence: after the last mark before `start_at`, up to the first mark from
    `end_from` (its index: the mark itself is not included), or the end of the text."""
    start = max(text.rfind(mark, 0, start_at) for mark in ".!?\n") + 1
    ends = [i for i in (text.find(mark, end_from) for mark in ".!?\n") if i >= 0]
    return start, min(ends) if ends else len(text)


# The council's receipt of the request just before a date: the limits count from it (SEND Regulations 2014,
# regulations 5(1) and 13(2)), so it is the request's date, and the later one said wins over the day it was posted.
_REQUEST_RECEIVED = re.compile(r"\b(?:(?:it|request|application)\s+(?:was\s+)?(?:recei?ved|recieved|logged)|(?:council|they|la)\s+"
                               r"(?:\w+\s+){0,2}(?:recei?ved|recieved|got|logged)\s+(?:it|the\s+request|our\s+request|my\s+request))"
                               r"\s+(?:on\s+)?(?:the\s+)?$", re.IGNORECASE)
_EHC_LETTER_ROLES = ("request_sent", "assessment_refused", "decision_letter", "draft_plan", "final_plan", "plan_refused",
                     "amendments_sent", "cease_notice", "review_decision", "assessment_agreed")
_ATTENDANCE_LETTER = re.compile(r"\b(?:attendance\s+(?:officer|team|letter|panel|meeting|warning)|attendance\s+is\s+\d|notice\s+to\s+improve"
                                r"|penalty\s+notice|unauthori[sz]ed|education\s+welfare|\bewo\b|fine[ds]?\b)", re.IGNORECASE)
_PLAN_WORDS = re.compile(r"\b(?:ehc\s*p|ehcp|ehc\s+plan|plan|ehc\s*na|ehcna|assess\w*|draft|section\s+[a-k])\b", re.IGNORECASE)
_CEASE_PROPOSED = re.compile(r"\b(?:minded\s+to|propos\w+\s+to|considering|thinking\s+(?:of|about))\s+(?:\w+\s+){0,2}(?:ceas\w*|stop\w*|end\w*|discontinu\w*)"
                             r"|\bmake\s+representations\b", re.IGNORECASE)
_ADMISSIONS = re.compile(r"\b(?:(?:secondary|primary|reception|junior|school|admissions?|normal|common|online)\s+(?:school\s+)?applications?"
                         r"|applications?\s+(?:deadline|form)|applications?\s+for\s+(?:a\s+|our\s+|the\s+|his\s+|her\s+)?(?:\w+\s+)?(?:school|secondary|primary)\b"
                         r"|catchment|admissions?\s+(?:deadline|form|team|round)|national\s+offer\s+day)\b", re.IGNORECASE)
_ASKED_SCHOOL_TO_APPLY = re.compile(r"\b(?:asked|begged|been\s+asking|pushed)\s+(?:the\s+|his\s+|her\s+)?(?:senco|school|head(?:\s*teacher)?|class\s+teacher|teacher|nursery)\b"
                                    r"[^.!?]{0,60}?\bto\s+(?:apply|request|put\s+in|send|do)\b", re.IGNORECASE)
_REVIEW_PAPERS_SENT = re.compile(r"\b(?:sent|send|emailed|passed|forwarded)\s+(?:\w+\s+){0,3}(?:paperwork|papers|report|minutes|forms?)\b[^.!?]{0,30}"
                                 r"\b(?:to|with)\s+(?:the\s+)?(?:la|council|local\s+authority|sen\s+team|caseworker)\b", re.IGNORECASE)


_COMMENTS_SENT = re.compile(r"\b(?:sent|send|emailed|returned|submitted|gave|put)\s+(?:in\s+|back\s+)?(?:my|our|his|her|the)?\s*"
                            r"(?:comments|views|response|feedback|reply|representations)\b", re.IGNORECASE)


def _not_an_ehc_step(role: str, sentence: str, before: str) -> Optional[str]:
    """The cue that makes a date no EHC step, or None: an attendance officer's letter, a council only
    "minded to cease" (a proposal, not a decision), a school admissions deadline, asking the SENCO to
    apply (not a request to the council), the school sending the review's paperwork on."""
    if (role in _EHC_LETTER_ROLES or role == UNCLEAR) and _ATTENDANCE_LETTER.search(sentence) and not _PLAN_WORDS.search(sentence):
        return "attendance"  # "on the 20th I got a letter from the attendance officer"
    if role in ("cease_notice", "final_plan", "review_decision", "decision_letter") and _CEASE_PROPOSED.search(sentence):
        return "cease proposed"  # "a letter dated 9th Nov saying they are 'minded to cease' my EHCP"
    if role in ("request_sent", "assessment_refused", "decision_letter") and _ADMISSIONS.search(sentence) \
            and not ASSESSMENT_TALK.search(sentence):
        return "admissions"  # "I've missed the secondary application deadline (31st Oct)"
    asked = _ASKED_SCHOOL_TO_APPLY.search(sentence)
    if role == "request_sent" and asked and not re.search(r"\b(?:sent|submitted|went\s+in|put\s+(?:it\s+)?in|did\s+it)\b",
                                                          sentence[asked.end():], re.IGNORECASE):
        return "asked school"  # "I've asked the SENCO twice (last time 4/11) to apply for an EHCNA"
    if role in ("request_sent", UNCLEAR) and _COMMENTS_SENT.search(sentence):
        return "comments sent"  # "sent my comments 20th": the family's reply to a draft, no step of the council's
    if role == "review_meeting" and re.search(_REVIEW_PAPERS_SENT.pattern + r"\s+(?:on\s+|by\s+)?(?:the\s+)?$", before[-150:], re.IGNORECASE):
        return "review papers"  # "School said they sent the AR paperwork to the LA on the 13th"
    return None


def _about_transport(text: str, at: int, cue: str) -> bool:
    """Whether the date at `at`, or the words that gave its event ("The council said no to his college
    transport. I asked for a review today."), speak of school transport and not of an assessment."""
    cue_at = text.lower().rfind(cue.lower(), 0, at) if cue else -1
    sentences = {sentence_at(text, at)} | ({sentence_at(text, cue_at)} if cue_at >= 0 else set())
    return any(TRANSPORT_TALK.search(s) for s in sentences) and not any(ASSESSMENT_TALK.search(s) for s in sentences)


def sentence_at(text: str, at: int, end_from: Optional[int] = None) -> str:
    """The sentence holding position `at`; its end is looked for from `end_from` when given (the end of
    a date such as 20.11.26, whose own full stops end no sentence)."""
    start, end = _sentence_bounds(text, at, at if end_from is None else end_from)
    return text[start:end]


def _clause(text: str, at: int) -> str:
    """The part of the sentence holding `at`, between commas, semicolons and joining words ("sent us
    a letter on the 6th, and we have mediation on 10 Dec": the second part)."""
    start, end = _sentence_bounds(text, at, at)
    sentence, offset = text[start:end], at - start
    breaks = list(_CLAUSE_BREAK.finditer(sentence))
    begin = max((m.end() for m in breaks if m.end() <= offset), default=0)
    return sentence[begin:min((m.start() for m in breaks if m.start() >= offset), default=len(sentence))]


_CLAUSE_BREAK = re.compile(r"[,;]|\s(?:and|but|so|then)\s", re.IGNORECASE)


def _asks(text: str, segment: Tuple[int, int]) -> bool:
    """Whether a part of the message belongs to a question (its words name what is asked, not what happened)."""
    start, end = _sentence_bounds(text, segment[0], segment[1])
    return end < len(text) and text[end] == "?" or bool(_QUESTION_WORD.match(text[start:end]))


def _in_question(text: str, at: int) -> bool:
    """Whether the words at `at` come after the question word of a sentence that asks ("when are they
    meant to send the final?")."""
    start, end = _sentence_bounds(text, at, at)
    return "?" in text[start:end + 2] and _ASKING_AT.search(text, start, at) is not None


def _asked_part(text: str, a: int, b: int) -> bool:
    """Whether a part is the question of its sentence (its words name what is asked, not what happened):
    the whole sentence when it opens with a question word, else from the question word on."""
    start, end = _sentence_bounds(text, a, a)
    sentence = text[start:end + 1]
    if _QUESTION_WORD.match(sentence) or _QUESTION_WORD.match(text[a:b]):
        return True
    if "?" not in sentence:
        return False
    asking = _ASKING_AT.search(text, start, end + 1)
    return asking is not None and asking.start() <= a


def _nearest_date(cue: Tuple[str, int, int], mentions: List[DateMention]) -> DateMention:
    return min(mentions, key=lambda m: _distance(cue, m))


def _closer(match: "re.Match[str]", candidates: List[Tuple[str, int, int]], mention: DateMention) -> bool:
    own = _distance(("", match.start(), match.end()), mention)
    return all(own < _distance(c, mention) for c in candidates)


MONTH_THEN_DAY_GAP = 30  # characters between "June" and "the 12th" for the day to be June's


_WEEKDAY_BRACKET = re.compile(rf"\b({_WEEKDAY})\.?\s*\(\s*(?:the\s+)?$", re.IGNORECASE)


def _anchored_days(text: str, mentions: Sequence[DateMention], today: date) -> List[DateMention]:
    """"the 9th" after "4th November" in the same message: the 9th of that month (or the next)."""
    found = []
    for match in _BARE_DAY.finditer(text):
        if any(m.start <= match.start() < m.end for m in mentions):
            continue
        if re.match(r"\s*(?:to|till|until|-|–)\s*(?:the\s+)?\d", text[match.end():match.end() + 12]):
            continue  # "from 1st to 8th August": a range, not a date of its own
        before = [m for m in mentions if m.end <= match.start() and _HAS_DAY.search(m.text)]
        anchor = date.fromisoformat(before[-1].iso) if before else None
        weekday = WEEKDAY_BEFORE.search(text, max(0, match.start() - 16), match.start()) \
            or _WEEKDAY_BRACKET.search(text, max(0, match.start() - 16), match.start())  # "on Thursday (19th)"
        month_just_before = [m for m in mentions if m.end <= match.start() and not _HAS_DAY.search(m.text)
                             and match.start() - m.end <= MONTH_THEN_DAY_GAP
                             and not re.search(r"[.!?;]", text[m.end:match.start()])]  # the same sentence
        if anchor is None and not weekday and month_just_before and not any(
                month_just_before[-1].end <= m.start < match.start() for m in mentions):
            try:  # "back in June (I think the 12th?)", "in june, the 12th i think": that month's 12th
                day = date.fromisoformat(month_just_before[-1].iso).replace(day=int(match.group(1)))
            except ValueError:
                continue
            found.append(DateMention(match.start(), match.end(), match.group(0), day.isoformat(), int(match.group(1))))
            continue
        if anchor is not None and weekday and not _falls_on(anchor, int(match.group(1)), weekday.group(1)):
            anchor = None  # "request 2nd July ... the draft came on Tuesday 17th": 17 July was a Friday, so not July's
        if anchor is None and weekday:  # "Fri 9th": the latest 9th that was a Friday; "AR is Monday 30th": the next
            coming = bool(_COMING_BEFORE.search(text, max(0, weekday.start() - 30), weekday.start()))
            day = _latest_weekday_day(int(match.group(1)), weekday.group(1), today, forward=coming)
            ahead = None if coming else _latest_weekday_day(int(match.group(1)), weekday.group(1), today, forward=True)
            if ahead is not None and (ahead - today).days <= SOON_DAYS and (day is None or (today - day).days > LONG_AGO_DAYS):
                day = ahead  # "Wed 9th" on Monday 30 November: Wednesday 9 December, not 9 September
            if day:
                found.append(DateMention(weekday.start(), match.end(), text[weekday.start():match.end()], day.isoformat(),
                                         int(match.group(1))))
            continue
        if anchor is None:  # "the draft came on the 3rd": the most recent 3rd
            try:
                day = today.replace(day=int(match.group(1)))
            except ValueError:
                day = None
            if day is None or day > today:
                earlier = today.replace(day=1) - relativedelta(months=1)
                try:
                    day = earlier.replace(day=int(match.group(1)))
                except ValueError:
                    continue
            found.append(DateMention(match.start(), match.end(), match.group(0), day.isoformat(), int(match.group(1))))
            continue
        try:
            day = anchor.replace(day=int(match.group(1)))
        except ValueError:
            continue
        if day < anchor:
            day = day + relativedelta(months=1)
        if day > today and not (weekday and anchor > today - timedelta(days=LONG_AGO_DAYS)):
            continue  # "suspended from Tuesday 1st Dec ... it says from WEDNESDAY 2nd": a named weekday near a recent date stands
        found.append(DateMention(match.start(), match.end(), match.group(0), day.isoformat()))
    return found


def _falls_on(anchor: date, day_number: int, weekday_name: str) -> bool:
    """Whether the day numbered `day_number` in the anchor's month (or the next, as the anchor rule
    reads it) falls on the named weekday."""
    try:
        day = anchor.replace(day=day_number)
    except ValueError:
        return False
    if day < anchor:
        day = day + relativedelta(months=1)
    return day.weekday() == WEEKDAY_INDEX[weekday_name[:3].lower()]


_SENT_WITH = re.compile(r"\W*(?:along\s+)?(?:with|plus|attaching|enclosing|including)\s+(?:\w+\s+){0,3}?\w", re.IGNORECASE)
SOON_DAYS, LONG_AGO_DAYS = 21, 42  # a weekday and day this soon ahead is meant over one that long ago


def _latest_weekday_day(day_number: int, weekday_name: str, today: date, forward: bool = False) -> Optional[date]:
    """The latest day numbered `day_number` on or before today that fell on the named weekday (within a
    year); with `forward`, the next one on or after today."""
    wanted = WEEKDAY_INDEX[weekday_name[:3].lower()]
    month_start = today.replace(day=1)
    for step in range(13):
        first = month_start + relativedelta(months=step if forward else -step)
        try:
            candidate = first.replace(day=day_number)
        except ValueError:
            continue
        if (candidate >= today if forward else candidate <= today) and candidate.weekday() == wanted:
            return candidate
    return None


def _seasons(text: str, today: date, taken: Sequence[Tuple[int, int]]) -> List[DateMention]:
    """"in the spring" as the first day of that season's first month, the most recent one."""
    found = []
    for match in _SEASON.finditer(text):
        if any(match.start() < b and match.end() > a for a, b in taken):
            continue
        month = _SEASON_MONTH[match.group(1).lower()]
        year = int(match.group(2)) if match.group(2) else today.year
        day = date(year, month, 1)
        if not match.group(2) and day > today:
            day = date(year - 1, month, 1)
        found.append(DateMention(match.start(), match.end(), match.group(0), day.isoformat()))
    return found


def read_message(text: str, mentions: Sequence[DateMention], today: date) -> MessageReading:
    """Every date's event, the roles named without dates, what has not happened yet, bare days."""
    spans = [(m.start, m.end) for m in mentions]
    anchored = _anchored_days(text, mentions, today)
    # "on Thursday (19th)": the day the number gives, not the latest Thursday the weekday alone gave
    mentions = [m for m in mentions if not any(a.start < m.end and m.start < a.end for a in anchored)]
    spans += [(m.start, m.end) for m in anchored]
    seasons = _seasons(text, today, spans)
    all_mentions = sorted(list(mentions) + anchored + seasons, key=lambda m: m.start)
    all_spans = [(m.start, m.end) for m in all_mentions]
    segments = _segments(text)
    dates_in = [[m for m in all_mentions if a <= m.start < b] for a, b in segments]
    readings: List[DateReading] = []
    supposed: List[str] = []  # roles whose date was only when they were due
    for mention in all_mentions:
        role, cue = _role_for(mention, text, segments, dates_in, all_spans, mention in seasons,
                              readings[-1].role if readings else None)
        aside = re.search(r"\([^()]{0,12}$", text[max(0, mention.start - 12):mention.start])  # "the residential (14th-16th Oct)"
        if role == UNCLEAR and not aside and _DISCRIMINATION_TALK.search(text) and _SCHOOL_ACT.search(sentence_at(text, mention.start)):
            role, cue = "discrimination", "discrimination"  # what the school did, in a message about discrimination
            if _UPCOMING_REFUSAL.search(sentence_at(text, mention.start)) and _next_within(mention, today, 150):
                role, cue = NOT_AN_EVENT, "upcoming"  # the day of the concert he may not join, not the school's act
        index = next(i for i, (a, b) in enumerate(segments) if a <= mention.start < b)
        segment = text[segments[index][0]:segments[index][1]]
        precision = SEASON if mention in seasons else _precision(mention.text)
        if precision == DAY and _WEEK_COMMENCING.search(text[max(0, mention.start - 24):mention.start]) \
                and date.fromisoformat(mention.iso).weekday() == 0:
            precision = WEEK  # "w/c 9th Nov": some day that week
        iso = _future(mention.iso, mention.text, segment, today) if precision == DAY else mention.iso
        part = _PART_OF_MONTH.match(mention.text) if precision == MONTH else None
        if part:  # "beginning of Oct": the first ten days, not the whole month
            precision = PART
            iso = date.fromisoformat(iso).replace(day=PART_STARTS[_PART_NAMES[part.group(1).lower().split()[0]]]).isoformat()
        if role == "discrimination" and iso > today.isoformat():
            role, cue = NOT_AN_EVENT, "upcoming"  # "he can't come on the trip next week": the trip, not the school's act
        if role == "discrimination" and precision != DAY and _UPCOMING_REFUSAL.search(sentence_at(text, mention.start)):
            role, cue = NOT_AN_EVENT, "upcoming"  # "he cant go on the residential in Jan": the trip's month, not the act's
        if role in ("request_sent", "complaint_made") and _PLANNED_SENDING.search(segment) \
                and not re.search(r"\d", mention.text):  # "on Monday", not "I am sending ... on 29 October" (sent)
            role, cue = NOT_AN_EVENT, "planned"  # "SENCO says she's sending the EHCNA on Monday": not sent yet
        if (role in ("request_sent", "unclear") or role == "review_meeting" and not _MEETING_HELD.search(sentence_at(text, mention.start))) \
                and REVIEW_ASKED.search(sentence_at(text, mention.start)) and not ASSESSMENT_TALK.search(sentence_at(text, mention.start)):
            role, cue = NOT_AN_EVENT, "review asked"  # "I sent the review request today": no request for an assessment
        sentence = sentence_at(text, mention.start)
        guard = _not_an_ehc_step(role, sentence, text[:mention.start])
        if guard:
            role, cue = NOT_AN_EVENT, guard
        if role in _EHC_LETTER_ROLES and _about_transport(text, mention.start, cue) and (
                role in ("request_sent", "assessment_refused", "decision_letter") or not _PLAN_WORDS.search(sentence)):
            role, cue = NOT_AN_EVENT, "transport"  # "we applied for transport in August", "a refusal letter ... post 16 transport"
        if role == UNCLEAR and _REQUEST_RECEIVED.search(text[max(0, mention.start - 60):mention.start]) \
                and ASSESSMENT_TALK.search(text):
            role, cue = "request_sent", "received"  # "posted it on 25th Sept ... acknowledgment letter saying it was recieved 1/10"
        if role == UNCLEAR and EXCLUSION_TALK.search(sentence_at(text, mention.start)):
            starts = _EXCLUSION_STARTS.search(text[max(0, mention.start - 30):mention.start])
            role, cue = ("exclusion", "exclusion") if starts else (NOT_AN_EVENT, "exclusion letter")  # "rang me yesterday (Fri 27th) ... PERMANENTLY excluded"
        if role in ("mediation_meeting", "assessment_agreed", UNCLEAR) and _MEDIATION_ASKED_FOR.search(sentence_at(text, mention.start)) \
                and not _MEDIATION_HELD.search(sentence_at(text, mention.start)):
            # "I told the mediation service on 19th nov we want mediation", "rang the mediation adviser on Friday 20th Nov and
            # said yes we want mediation": asked for, no meeting yet (and no council's "yes")
            role, cue = "mediation_requested", "mediation asked"
        if role == "review_meeting" and _TOLD_OF_A_REVIEW.search(text[max(0, mention.start - 40):mention.start]) \
                and _REVIEW_TO_COME.search(sentence_at(text, mention.start)):
            role, cue = NOT_AN_EVENT, "told"  # "Essex emailed yesterday (27/11) saying ... they'll review it in the spring"
        if role == "review_decision" and re.search(r"\bceas", text, re.IGNORECASE):
            role = "cease_notice"  # "following the annual review, the LA has decided to cease to maintain"
        if role == "decision_letter" and re.match(r"decision\s+letter", cue, re.IGNORECASE):
            kinds = {r for r, _, _ in _cues_in(text, 0, len(text), all_spans) if r in _SPECIFIC_DECISIONS}
            if len(kinds) == 1:
                role = kinds.pop()  # "LA refused to issue a plan - decision letter 11 Aug"
        if role == "final_plan" and re.match(r"finali", cue, re.IGNORECASE) and any(
                r.role == "amendments_sent" for r in readings):
            role = "amended_plan"  # "LA sent proposed amendments ... they finalised it on 19th June"
        if role in ("review_meeting", "mediation_meeting") and precision == DAY:
            iso = _coming_meeting(iso, mention.text, _clause(text, mention.start), today)
        if role in ("review_meeting", "mediation_meeting") and precision in (MONTH, SEASON) \
                and (_FUTURE.search(_clause(text, mention.start)) or re.search(r"\b(?:if|they'?ll|theyll|will|sometime)\b", _clause(text, mention.start), re.IGNORECASE)) \
                and date.fromisoformat(iso) + relativedelta(months=1) <= today and not _HAS_YEAR.search(mention.text):
            iso = (date.fromisoformat(iso) + relativedelta(years=1)).isoformat()  # "my annual review will be sometime in feb": next February
        if re.match(r"\s+last\s+year\b", text[mention.end:mention.end + 12], re.IGNORECASE) and not _HAS_YEAR.search(mention.text):
            iso = date.fromisoformat(iso).replace(year=today.year - 1).isoformat()
        if role in ROLES and _SUPPOSED.search(_clause(text, mention.start)):
            supposed.append(role)  # "was supposed to be in Sept but nothing has been arranged"
            role, cue = NOT_AN_EVENT, "supposed"
        retracted = bool(_RETRACTED.search(text[max(0, mention.start - 12):mention.start]))
        readings.append(DateReading(mention.start, mention.end, mention.text, iso, precision, role, cue,
                                    mention.bare_day, retracted))
    readings = _alternatives_unsettled(text, readings)
    readings = _emailed_not_logged(text, readings)
    bare = tuple((m.start(), m.end(), int(m.group(1))) for m in _BARE_DAY.finditer(text)
                 if not any(m.start() < b and m.end() > a for a, b in all_spans))
    dated_segments = {i for i, found in enumerate(dates_in) if found}
    named: List[str] = []
    answering: List[str] = []
    questioned: List[str] = []
    acts_told = bool(_SCHOOL_ACT.search(text))
    for i, (a, b) in enumerate(segments):
        if i in dated_segments:
            continue
        into = answering if _asked_part(text, a, b) else named
        start, end = _sentence_bounds(text, a, b)
        if end < len(text) and text[end] == "?":
            questioned.extend(role for role, _, _ in _cues_in(text, a, b, all_spans))
        for role, start, end in _cues_in(text, a, b, all_spans):
            if role == "discrimination" and not text[start:end].lower().startswith("discrim"):
                acts_told = True
            if role not in into:
                into.append(role)
    return MessageReading(
        dates=tuple(readings), roles_named=tuple(named),
        not_yet=tuple(dict.fromkeys([*_not_yet(text), *(r for r in supposed if all(d.role != r for d in readings))])),
        bare_days=bare, correction=bool(_CORRECTION.search(text)),
        vague_words=tuple(m.group(0).lower() for m in _VAGUE_PATTERN.finditer(text)),
        roles_in_answer=tuple(answering) if "?" not in text else (),
        asks="?" in text,
        discrimination_named_only=not acts_told,
        named_in_questions=tuple(r for r in dict.fromkeys(questioned)),
    )


_OR_BETWEEN = re.compile(r"^\W*(?:or|or\s+(?:maybe|possibly|perhaps|was\s+it)|/)\W*(?:the\s+|on\s+(?:the\s+)?)?$", re.IGNORECASE)


_EMAILED = re.compile(r"\b(?:e-?mail(?:ed)?|sent\s+(?:it\s+)?(?:by|via)\s+e-?mail|online\s+form)\b", re.IGNORECASE)
_LOGGED = re.compile(r"\b(?:recei?ved|recieved|logged|registered|dated\s+as\s+received)\b[^.!?]{0,25}$", re.IGNORECASE)


def _emailed_not_logged(text: str, readings: List[DateReading]) -> List[DateReading]:
    """"i emailed the sen team on thursday night ... they replied saying my request was 'received on 30/11'": an
    email reaches the council when it is sent, so the later day the council logged is no request date of its own."""
    sent = [r for r in readings if r.role == "request_sent"]
    if len(sent) < 2 or not _EMAILED.search(text):
        return readings
    first = min(sent, key=lambda r: r.iso)
    return [replace(r, role=NOT_AN_EVENT, cue="logged") if r.role == "request_sent" and r.iso > first.iso
            and _LOGGED.search(text[max(0, r.start - 40):r.start]) else r for r in readings]


def _alternatives_unsettled(text: str, readings: List[DateReading]) -> List[DateReading]:
    """"Either the 13th or the 20th": the parent is unsure which day, so neither is the event's date;
    the assistant asks for it rather than picking one. The event itself did happen (`unsure_of`)."""
    unsure = {i for i in range(len(readings) - 1)
              if _OR_BETWEEN.match(text[readings[i].end:readings[i + 1].start])}
    unsure |= {i + 1 for i in unsure}
    return [replace(found, role=NOT_AN_EVENT, cue="alternatives", unsure_of=found.role if found.role in ROLES else "")
            if i in unsure else found for i, found in enumerate(readings)]


def _not_yet(text: str) -> List[str]:
    """Roles the parent says have not happened; "" when they do not say which ("heard nothing")."""
    found: List[str] = []
    for match in _NOT_YET.finditer(text):
        after = text[match.start(): match.end() + 60]
        role = next((r for r, p in _NOT_YET_OBJECT_PATTERNS if p.search(after)), "")
        if role not in found:
            found.append(role)
    return found


def resolve_bare_day(day: int, month_of: Optional[str]) -> Optional[str]:
    """"the 12th" in the month and year of the date it corrects."""
    if not month_of:
        return None
    base = date.fromisoformat(month_of)
    try:
        return base.replace(day=day).isoformat()
    except ValueError:
        return None
