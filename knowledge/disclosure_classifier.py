"""The statistical half of finding a safeguarding disclosure.

The phrase rules (knowledge/safeguarding.yml, read by components/safeguarding.py) catch every
disclosure they were written for, but fresh wording slips past them: on a set no rule was written
for they caught 4 of 30. This linear classifier (TF-IDF word and character n-grams, logistic
regression) reads the whole message and gives the probability that it discloses a risk of harm.
It is trained at start-up, in about two seconds, on knowledge/safeguarding_examples.yml (written by
`python -m tests.safeguarding_scoring examples`): disclosures and look-alikes written for this
project, and parents' SEND messages with no disclosure.

A missed disclosure can cost a life, an unneeded crisis message costs a family a moment, so the
threshold leans to catching (see SAFE_ENOUGH). Pure scikit-learn; no Rasa import.
"""
from __future__ import annotations

from functools import lru_cache
from typing import List, Sequence

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from knowledge import KNOWLEDGE_DIR

EXAMPLES_FILE = KNOWLEDGE_DIR / "safeguarding_examples.yml"
SAFE_ENOUGH = 0.5  # at or above this probability a message is a disclosure (chosen by cross-validation, see tests)
# A short message (a form answer such as "my daughter is 9 and autistic") needs more: at 0.5 such
# answers were taken as disclosures; 0.8 up to 8 words lost no disclosure on any measuring set.
SHORT_WORDS, SHORT_SAFE_ENOUGH = 8, 0.8


def threshold_for(text: str) -> float:
    """The probability at or above which `text` counts as a disclosure."""
    return SHORT_SAFE_ENOUGH if len((text or "").split()) <= SHORT_WORDS else SAFE_ENOUGH


def train(texts: Sequence[str], is_risk: Sequence[bool]) -> Pipeline:
    """A fitted pipeline giving P(disclosure) for a message."""
    model = make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
        LogisticRegression(C=10, class_weight="balanced", max_iter=2000),
    )
    return model.fit(list(texts), [int(bool(r)) for r in is_risk])


def load_examples() -> List[dict]:
    """The shipped examples: each a text and whether it discloses a risk."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(EXAMPLES_FILE.read_text(encoding="utf-8"), Loader=loader)["examples"]


@lru_cache(maxsize=1)
def model() -> Pipeline:
    """The process-wide classifier, trained on the shipped examples."""
    examples = load_examples()
    return train([str(e["text"]) for e in examples], [bool(e["risk"]) for e in examples])


def risk_probability(text: str) -> float:
    """The probability that `text` discloses a risk of harm to a child or parent."""
    if not (text or "").strip():
        return 0.0
    return float(model().predict_proba([text])[0][1])


def is_disclosure(text: str) -> bool:
    """Whether the classifier finds a disclosure in `text`."""
    return risk_probability(text) >= threshold_for(text)
