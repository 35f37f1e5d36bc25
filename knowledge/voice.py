"""Whose voice a message is in: a young person writing about themselves, or someone writing about a child.

"im 19 and got an ehcp, my college says..." is the young person with the rights (from the end of
the school year they turn 16 they make their own decisions; plans can run to 25), and is answered
"you", not "your child". A parent, carer or professional names the child ("my son", "ds", "she's
16"): their message is not in a young person's voice, whatever ages it mentions. Pure functions.
"""
from __future__ import annotations

import re

from knowledge.spelling import normalise

# "I'm 17", "im 19", "i am 20", "17 and at college" at the start, "(19)" after "I".
_OWN_AGE = re.compile(r"\b(?:i'?m|im|i\s+am|i\s+turned|i\s+turn)\s+(?:now\s+|nearly\s+|almost\s+|just\s+)?(?:aged\s+)?(?:1[6-9]|2[0-5])\b"
                      r"|^\W*(?:hi\W+|hello\W+|hey\W+)?(?:1[6-9]|2[0-5])\s*(?:yo\b|y/o|years?\s+old|,|\s+and\b|\s+at\b|\s+in\b|\s+m\b|\s+f\b)"
                      r"|\bi\s*\((?:1[6-9]|2[0-5])\)", re.IGNORECASE)
# "my EHCP", "my college", "I have an EHCP", "I've got a plan".
_OWN_PLAN = re.compile(r"\bmy\s+(?:ehc\s*p|ehcp|ehc\s+plan|plan|college|course|sixth\s+form|6th\s+form|apprenticeship|a[\s-]?levels?|tutor|lecturer|placement)\b"
                       r"|\bi\s*(?:'?ve|\s+have)?\s*(?:got|have|had)\s+(?:an?\s+)?(?:ehc\s*p|ehcp|ehc\s+plan|plan)\b", re.IGNORECASE)
# Someone writing about a child: "my son", "ds", "our daughter", "my grandson", "the young person I support".
_ABOUT_A_CHILD = re.compile(r"\b(?:my|our|his|her)\s+(?:\w+\s+)?(?:son|daughter|child|children|kid|kids|boy|girl|grandson|granddaughter|grandchild|"
                            r"nephew|niece|stepson|stepdaughter|twins?|little\s+one|foster\s+\w+|ward|pupil|student|client|young\s+person)\b"
                            r"|\b(?:ds|dd|ds\d|dd\d|dc|dgs|dgd)\b|\b(?:i'?m|i\s+am)\s+(?:a|an|the)\s+(?:\w+\s+)?(?:senco|teacher|social\s+worker|worker|mum|dad|parent|carer|foster\s+carer|grandparent|nan|gran|grandad|advocate|guardian)\b",
                            re.IGNORECASE)


def young_person_writing(text: str) -> bool:
    """Whether the message reads as a young person (16 to 25) writing about themselves."""
    corrected = normalise(text or "")[0]
    if _ABOUT_A_CHILD.search(corrected):
        return False
    return bool(_OWN_AGE.search(corrected) or (_OWN_PLAN.search(corrected) and re.search(r"\b(?:college|sixth\s+form|6th\s+form|apprentice\w*|uni|university|course|1[6-9]|2[0-5])\b", corrected, re.IGNORECASE)))
