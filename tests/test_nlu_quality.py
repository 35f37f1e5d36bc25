"""NLU quality on the held-out test set, measured by `rasa test nlu` on the trained model."""
import json
from pathlib import Path

import pytest
import yaml

from bot import PROJECT_DIR
from components.handoff_policy import HandoffPolicy
from components.question_first_policy import QuestionFirstPolicy
from tests.conftest import run_rasa

HELD_OUT = PROJECT_DIR / "tests" / "data" / "nlu_heldout.yml"


def _examples(path: Path):
    data = yaml.safe_load(path.read_text())
    for block in data.get("nlu", []):
        if "intent" in block:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    yield block["intent"], line.strip()[2:]


def _plain(text: str) -> str:
    import re
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text).lower().strip()


def test_held_out_examples_are_never_trained_on():
    training = {_plain(t) for f in (PROJECT_DIR / "data" / "nlu").glob("*.yml") for _, t in _examples(f)}
    leaked = [t for _, t in _examples(HELD_OUT) if _plain(t) in training]
    assert leaked == []


OFFICER_EVENTS = set(HandoffPolicy.get_default_config()["officer_actions"])
# Set by components.other_language (a message in another language) and by its reply's button: no examples.
NOT_LEARNED = {QuestionFirstPolicy.get_default_config()["language_intent"],
               QuestionFirstPolicy.get_default_config()["interpreter_intent"]}


def test_every_intent_has_at_least_25_training_examples_and_every_faq_topic_8():
    counts = {}
    for f in (PROJECT_DIR / "data" / "nlu").glob("*.yml"):
        for intent, _ in _examples(f):
            base = intent.split("/")[0]
            counts[base] = counts.get(base, 0) + 1
            if "/" in intent:
                counts[intent] = counts.get(intent, 0) + 1
    domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())
    typed = set(domain["intents"]) - OFFICER_EVENTS - NOT_LEARNED
    assert typed <= set(counts)
    assert not OFFICER_EVENTS & set(counts), "officer events are sent by the service, never typed"
    assert not NOT_LEARNED & set(counts), "the language intents come from the language identifier, never learned"
    assert {i: n for i, n in counts.items() if "/" not in i and n < 25} == {}
    assert {i: n for i, n in counts.items() if "/" in i and n < 8} == {}


def test_at_least_30_faq_topics_each_with_an_answer():
    topics = {i for f in (PROJECT_DIR / "data" / "nlu").glob("*.yml") for i, _ in _examples(f) if "/" in i}
    responses = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())["responses"]
    assert len(topics) >= 30
    assert {f"utter_{t}" for t in topics} == {r for r in responses if r.startswith("utter_faq/")}


@pytest.mark.slow
def test_held_out_intent_and_entity_f1(trained_model, tmp_path):
    result = run_rasa("test", "nlu", "--model", str(trained_model), "--nlu", str(HELD_OUT),
                      "--out", str(tmp_path), "--no-plot")
    assert result.returncode == 0, result.stderr[-3000:]
    intents = json.loads((tmp_path / "intent_report.json").read_text())
    entities = json.loads((tmp_path / "SendEntityExtractor_report.json").read_text())
    intent_f1 = intents["macro avg"]["f1-score"]
    entity_f1 = entities["macro avg"]["f1-score"]
    selection = json.loads((tmp_path / "response_selection_report.json").read_text())
    selection_f1 = selection["macro avg"]["f1-score"]
    print(f"held-out intent macro-F1 {intent_f1:.3f}, entity macro-F1 {entity_f1:.3f}, "
          f"FAQ answer macro-F1 {selection_f1:.3f}")
    assert intent_f1 >= 0.90
    assert entity_f1 >= 0.90
    assert selection_f1 >= 0.85
