"""The statistical half of reading which deadline a question asks about.

The rules in knowledge/deadline_questions.py are precise but miss wording nobody wrote a rule for
("how long can they sit on it?"). This linear classifier over word and character n-grams (the
same kind Rasa's intent classifier uses) is trained on parents' messages labelled with the
deadline they ask about (knowledge/deadline_question_examples.yml). It is trained once per
process, in about a second (warmed when the servers start), and reads the asking sentences of a message with the whole message
after them. Pure scikit-learn; no Rasa import.
"""
from __future__ import annotations

from functools import lru_cache
from typing import List, Optional, Tuple

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from knowledge import KNOWLEDGE_DIR
from knowledge.spelling import normalise

EXAMPLES_FILE = KNOWLEDGE_DIR / "deadline_question_examples.yml"
NO_TARGET = "none"


def features(text: str, asking: List[str]) -> str:
    """What the classifier reads: the asking sentences, then the whole message."""
    return " ".join(asking) + " || " + text


def train(texts: List[str], targets: List[str]) -> Pipeline:
    """A fitted pipeline; `texts` are already `features(...)`."""
    model = make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
        LogisticRegression(C=10, solver="liblinear"),  # one-vs-rest: trains in about a second
    )
    return model.fit(texts, targets)


@lru_cache(maxsize=1)
def model() -> Pipeline:
    """The process-wide classifier, trained on the shipped examples."""
    from knowledge.deadline_questions import question_parts  # the sentence splitter the rules use

    data = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))["examples"]
    texts = []
    for example in data:
        text = normalise(str(example["text"]))[0]
        texts.append(features(text, question_parts(text)))
    return train(texts, [str(example["asks"]) for example in data])


def predict(text: str, asking: List[str]) -> Tuple[Optional[str], float]:
    """(deadline, confidence); None when the message asks about no deadline."""
    fitted = model()
    probabilities = fitted.predict_proba([features(text, asking)])[0]
    best = int(probabilities.argmax())
    label = str(fitted.classes_[best])
    return (None if label == NO_TARGET else label), float(probabilities[best])
