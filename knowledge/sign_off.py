"""Whether a message closes the conversation with thanks ("Thank you, honestly. That's all for now - I feel
a bit less like I'm going mad. I'll email the council tonight."): it gets a kind goodbye, not a question
about how hard things are. Safety is read first, elsewhere, so a real disclosure is never taken for this.
Pure function; no Rasa import."""
from __future__ import annotations

import re

_THANKS = re.compile(r"^\W*(?:thank\w*|thanks|thx|ty|cheers|ta)\b", re.IGNORECASE)
_CLOSING = re.compile(r"\b(?:that'?s\s+all|that\s+is\s+all|all\s+for\s+now|that'?s\s+everything|that'?s\s+it\s+for\s+now|bye|speak\s+soon|"
                      r"night|have\s+a\s+good|you'?ve\s+been\s+(?:a\s+)?(?:great|brilliant|really)\s+help|really\s+helped|i'?ll\s+(?:email|ring|call|write|send|do\s+that)|"
                      r"(?:that'?s|that\s+is|this\s+is|it'?s|you'?re)\s+(?:been\s+)?(?:really\s+|so\s+|very\s+|super\s+)?(?:helpful|useful|a\s+(?:big\s+|great\s+)?help)|"
                      r"(?:i\s+)?(?:feel|know)\s+(?:like\s+)?(?:i\s+)?(?:actually\s+|now\s+)?know\s+what\s+to\s+do|know\s+what\s+to\s+do\s+now|god\s+bless|take\s+care|"
                      r"feel\s+(?:a\s+(?:bit|lot)\s+|much\s+)?(?:less\s+(?:scared|worried|alone|stressed)|better|calmer))\b",
                      re.IGNORECASE)


# "thank you, that's helpful. I'm just so exhausted": not only thanks
_STILL_STRUGGLING = re.compile(r"\b(?:exhausted|alone|lonely|can'?t\s+cope|cannot\s+cope|struggl\w*|breaking|crying|overwhelm\w*|(?<!less\s)scared|"
                               r"terrified|desperate|hopeless|give\s+up|falling\s+apart|at\s+the\s+end\s+of)\b", re.IGNORECASE)


def signs_off(text: str) -> bool:
    """Thanks that close the conversation, with nothing asked and no struggle told."""
    text = text or ""
    return bool(_THANKS.search(text)) and "?" not in text and bool(_CLOSING.search(text)) and not _STILL_STRUGGLING.search(text)


def still_struggling(text: str) -> bool:
    """Whether a message tells of a struggle ("I'm just so exhausted"), whatever else it says."""
    return bool(_STILL_STRUGGLING.search(text or ""))
