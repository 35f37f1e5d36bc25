"""The steps for a child hurt, held or shut in a room by staff at school (`safeguarding.yml`,
`harm_at_school`), given after the crisis contacts: the marks recorded, the school's own record,
the council's designated officer (LADO). Pure function; no Rasa import."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, Optional

import yaml

from knowledge import KNOWLEDGE_DIR


@lru_cache(maxsize=1)
def _steps() -> Dict[str, Any]:
    data = yaml.safe_load((KNOWLEDGE_DIR / "safeguarding.yml").read_text(encoding="utf-8"))
    return data.get("harm_at_school") or {}


def harm_at_school_steps(text: str) -> Optional[str]:
    """The steps, when the message names someone at school and force or a shut room."""
    steps = _steps()
    said = re.sub(r"\s+", " ", (text or "").replace("\u2019", "'"))
    if steps and re.search(steps["staff"], said, re.IGNORECASE) and re.search(steps["force"], said, re.IGNORECASE):
        return " ".join(steps["text"].split())
    return None
