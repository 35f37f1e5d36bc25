"""The steps that follow the crisis contacts, fitted to what the message said (`safeguarding.yml`,
`safety_steps`): whether a child at risk is safe now and the means out of reach, and a word for a
parent at the end of their strength. Pure function; no Rasa import."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, List, Optional

import yaml

from knowledge import KNOWLEDGE_DIR


@lru_cache(maxsize=1)
def _steps() -> Dict[str, Any]:
    data = yaml.safe_load((KNOWLEDGE_DIR / "safeguarding.yml").read_text(encoding="utf-8"))
    return data.get("safety_steps") or {}


# Someone else's words reported by the parent ('he said "everyone would be better off if i wasnt
# here"') are not the parent speaking of themselves.
_REPORTED = re.compile(r"(?:\"[^\"]{1,300}\"|'[^']{8,300}'(?=\W|$)|\b(?:said|says|saying|told (?:me|us|her|him))\b[^.!?]*)",
                       re.IGNORECASE)


def _said(pattern: Optional[str], text: str) -> bool:
    return bool(pattern) and re.search(pattern, text, re.IGNORECASE) is not None


def safety_steps(text: str, category: Optional[str]) -> List[str]:
    """The steps for a disclosure of `category` (the safeguarding rule that matched) in `text`:
    the child-at-risk steps when a child's suicide or self-harm is described, and the word for the
    parent when they speak of their own limit or crisis. Empty when neither fits."""
    steps = _steps()
    said = re.sub(r"\s+", " ", (text or "").replace("\u2019", "'"))
    found: List[str] = []
    parent = steps.get("parent_at_limit") or {}
    own_risk = _said(parent.get("own"), _REPORTED.sub(" ", said.replace("\u201c", '"').replace("\u201d", '"')))
    child = steps.get("child_at_risk") or {}
    if category in (child.get("categories") or []) and not own_risk and _said(child.get("child"), said):
        found.append(" ".join(child["text"].split()))
    if parent and (own_risk or category in (parent.get("categories") or []) or _said(parent.get("words"), said)):
        found.append(" ".join(parent["text"].split()))
    return found


def check_in() -> str:
    """The first line of the reply after a disclosure, when the parent writes again."""
    return " ".join(((_steps().get("check_in") or {}).get("text") or "").split())


def _follow_up() -> Dict[str, Any]:
    return _steps().get("follow_up") or {}


def calmer_follow_up(text: str) -> bool:
    """Whether a message written soon after a disclosure says things are calmer now ("im ok", "she's
    asleep next to me", "I've hidden the paracetamol") and tells of no new harm. Such a message gets
    the short reminder and an answer to the rest, not the whole crisis reply again."""
    said = re.sub(r"\s+", " ", (text or "").replace("\u2019", "'"))
    steps = _follow_up()
    if _said(steps.get("worse"), said):
        return False
    return _said(steps.get("calmer"), said) or any(_said(step["words"], said) for step in steps.get("done") or [])


def _listed(items: List[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def follow_up_reply(text: str, disclosure: str = "") -> str:
    """The reply to a calmer message after a disclosure (`disclosure`, the earlier message): the
    steps the parent has taken named back, what to tell the GP, and the numbers in short."""
    said = re.sub(r"\s+", " ", (text or "").replace("\u2019", "'"))
    steps = _follow_up()
    done = [step["said"] for step in steps.get("done") or [] if _said(step["words"], said)]
    lines = ["Thank you for telling me how things are now."]
    if done:
        lines.append(f"You have done the right things: {_listed(done)}.")
    parent = _steps().get("parent_at_limit") or {}
    own = _said(parent.get("own"), _REPORTED.sub(" ", re.sub(r"\s+", " ", (disclosure or "").replace("\u2019", "'"))))
    lines.append("It may help to tell your GP how you have been feeling." if own else " ".join(steps["gp"].split()))
    lines.append(" ".join(steps["text"].split()))
    return " ".join(lines)
