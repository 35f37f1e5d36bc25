"""Messages written in another language: which language, and the fixed reply in it (issue 17).

`message_language(text)` names the language of a message that is clearly not English, with the
Lingua language identifier (Apache-2.0; its models ship in the package, nothing leaves the machine).
Short English text-speak looks foreign to any identifier ("hiya", "we're in Conwy"), so a message
counts as another language only when it has at least MIN_WORDS words, Lingua is at least
MIN_CONFIDENCE sure, and few of its words are common English words. The replies are data, with
their sources, in `other_languages.yml`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

import yaml

from knowledge import CONCERN_EXAMPLES_FILE

REPLIES_FILE = Path(__file__).with_name("other_languages.yml")
MIN_WORDS = 4
MIN_CONFIDENCE = 0.9
MAX_ENGLISH_SHARE = 0.25  # share of words that are English words (common ones, or seen in the English examples)
NUMBERED_CONSENT = "1"  # the reply that asks for a person: a digit reads the same in every language

# Languages Lingua is asked to tell apart: English, and languages families in England write in.
CANDIDATES = ("en", "pl", "ro", "pa", "ur", "pt", "es", "ar", "bn", "gu", "it", "fr", "lt", "ta", "zh", "tr",
              "so", "bg", "fa", "sq", "uk", "ru", "de", "hi", "lv", "hu", "sk", "cs", "vi", "nl", "el")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LanguageReply:
    """The fixed reply in one language, with the acknowledgement sent after the parent replies 1."""

    code: str
    language: str  # its English name, for the officer
    native_name: str
    message: str
    button: str  # the person button's label ("1." on SMS)
    acknowledgement: str
    source: str


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in CANDIDATES]
    # Low accuracy mode reads trigrams only: 50 MB instead of 500 MB, and the guards below keep it honest.
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode() \
        .with_preloaded_language_models().build()


@lru_cache(maxsize=1)
def _english_words() -> frozenset:
    """spaCy's common English words, and every word of the English parents' messages the concern
    classifier learns from ("cant afford a solicitor tho" is English, though Lingua reads Italian)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    examples = yaml.safe_load(CONCERN_EXAMPLES_FILE.read_text(encoding="utf-8"))["examples"]
    return frozenset(STOP_WORDS) | {word for example in examples for word in prose_words(example["text"])}


def english_share(words) -> float:
    """The share of `words` that are common English words ("the", "and", "my", "is" ...)."""
    common = _english_words()
    return sum(word in common for word in words) / max(1, len(words))


def prose_words(text: str) -> list:
    """The message's words in lower case: codes, references and acronyms ("SR-HPDK-0X1E", "EHCP",
    "SW1A") and one-letter words left out, since they are in no language."""
    kept = []
    for token in (text or "").split():
        if any(c.isdigit() for c in token) or (token.isupper() and len(token) > 1):
            continue
        kept += [w.lower() for w in _WORD.findall(token) if len(w) > 1]
    return kept


def message_language(text: str) -> Optional[str]:
    """The ISO 639-1 code of a message clearly written in a language other than English, else None."""
    words = prose_words(text)
    if len(words) < MIN_WORDS or text.lstrip().startswith("/") or english_share(words) >= MAX_ENGLISH_SHARE:
        return None
    best = _detector().compute_language_confidence_values(text)[0]
    code = best.language.iso_code_639_1.name.lower()
    return code if code != "en" and best.value >= MIN_CONFIDENCE else None


@lru_cache(maxsize=1)
def replies() -> Dict[str, LanguageReply]:
    """Every fixed reply, by language code ("en" is the reply for a language we have no words in)."""
    data = yaml.safe_load(REPLIES_FILE.read_text(encoding="utf-8"))
    source = data["source"]
    return {item["code"]: LanguageReply(item["code"], item["language"], item["native_name"],
                                        item["message"].strip(), item["button"].strip(), item["acknowledgement"].strip(),
                                        item.get("source", source))
            for item in data["replies"]}


def reply_for(code: Optional[str]) -> LanguageReply:
    """The reply in `code`'s language, or the plain English one when we have none in it."""
    return replies().get(code or "en") or replies()["en"]


def language_name(code: Optional[str]) -> str:
    """The language's English name for the officer ("Polish"), or its code when we have no reply in it."""
    from lingua import IsoCode639_1, Language

    if code in replies() and code != "en":
        return replies()[code].language
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, str(code).upper())).name.title()
    except (AttributeError, ValueError):
        return str(code)
