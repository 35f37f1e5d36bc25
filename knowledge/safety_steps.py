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
