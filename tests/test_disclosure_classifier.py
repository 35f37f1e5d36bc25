"""The disclosure classifier beside the safeguarding rules: taught honestly, measured on sets it never saw.

Figures (rules + classifier; `python -m tests.safeguarding_scoring` prints them), recall and false
alarms on look-alikes, 27 Nov 2026, classifier taught sets B to E:

    set                      rules alone        rules + classifier
    held-out (206 / 205)     206, 1 false       206, 14 false (6.8%)
    fresh (30 / 30)          4, 0               25, 5
    fresh B (70 / 70)        42, 10             70, 13   (first look, taught B only: 54, 13)
    fresh C (70 / 70)        41, 4              69, 11   (first look, taught B only: 66, 16)
    fresh D (210 / 230)      -                  194, 30  (first look; mostly indirect wording)
    corpus held-out (159)    0 false            0 false
    ordinary turns of the situation sets (3,588)   0 false   33 false (0.9%)

The fresh sets were written by writers who saw neither the rules nor the classifier's examples; no
rule or example was made from them, so their recall is the honest estimate on new wording and must
not fall (FLOORS). The look-alikes are written to be hard; ordinary parents' messages (the corpus's
held-out split) raise no alarm.
"""
from __future__ import annotations


import pytest
import yaml
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.safeguarding import SAFEGUARDING_INTENT, SafeguardingOverride, detect_risk
from knowledge.disclosure_classifier import EXAMPLES_FILE, SAFE_ENOUGH, is_disclosure, risk_probability
from tests.safeguarding_scoring import (DATA_DIR, MEASURED, SITUATION_SETS, caught, corpus_without_disclosure, labelled,
                                        nlu_examples, situation_turns_without_disclosure, taught_examples)

# Recall of rules + classifier on the sets no rule or example was made from (disclosures caught,
# false alarms on look-alikes), when the classifier shipped. Recall must not fall; false alarms
# are bounded, not targets.
FLOORS = {
    "safeguarding_fresh.yml": (25, 30, 6),
    "safeguarding_fresh_b.yml": (70, 70, 14),
    "safeguarding_fresh_c.yml": (69, 70, 13),
    "safeguarding_fresh_d.yml": (194, 210, 34),
}


def _shipped():
    return yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))["examples"]


def test_the_shipped_examples_are_current():
    assert _shipped() == taught_examples(), "run `python -m tests.safeguarding_scoring examples`"


def test_no_measuring_message_is_taught():
    taught = {str(e["text"]).strip().lower() for e in _shipped()}
    measuring = [t for name in MEASURED for part in labelled(name) for t in part]
    measuring += corpus_without_disclosure("heldout")
    assert [t for t in measuring if t.strip().lower() in taught] == []


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_recall_on_fresh_wording_does_not_fall(name):
    risk, look_alikes = labelled(name)
    found, false_alarms = sum(caught(risk)), sum(caught(look_alikes))
    floor, total, bound = FLOORS[name]
    print(f"\n{name}: rules + classifier recall {found}/{len(risk)}, false alarms {false_alarms}/{len(look_alikes)}")
    assert len(risk) == total and found >= floor
    assert false_alarms <= bound


def test_held_out_disclosures_are_all_caught_and_false_alarms_stay_low():
    risk, look_alikes = labelled("safeguarding_heldout.yml")
    alone = sum(risk_probability(t) >= SAFE_ENOUGH for t in risk)
    false_alarms = [t for t, hit in zip(look_alikes, caught(look_alikes)) if hit]
    print(f"\nheld-out: classifier alone recall {alone}/{len(risk)}; rules + classifier false alarms "
          f"{len(false_alarms)}/{len(look_alikes)}")
    assert all(caught(risk))
    assert alone >= 0.6 * len(risk)  # it reads wording the rules were never written for
    assert len(false_alarms) <= 0.09 * len(look_alikes), false_alarms


def test_ordinary_parents_messages_raise_no_alarm():
    texts = corpus_without_disclosure("heldout")
    flagged = [t[:80] for t, hit in zip(texts, caught(texts)) if hit]
    assert len(flagged) <= 0.02 * len(texts), flagged


def test_short_everyday_messages_of_the_held_out_nlu_set_raise_no_alarm():
    texts = [t for i, t in nlu_examples([DATA_DIR / "nlu_heldout.yml"]) if i != SAFEGUARDING_INTENT]
    flagged = [t for t in texts if is_disclosure(t)]
    print(f"\nheld-out NLU messages of other intents flagged: {len(flagged)}/{len(texts)}: {flagged}")
    assert len(flagged) <= 0.02 * len(texts), flagged  # 2 of 192 on 27 Nov 2026


def test_the_nlu_training_data_agrees():
    wrong = [(i, t) for i, t in nlu_examples() if is_disclosure(t) != (i == SAFEGUARDING_INTENT) and detect_risk(t) is None]
    assert wrong == []


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂", "\x00\x01", "x" * 50_000, "' OR 1=1 --", "Dzień dobry"])
def test_odd_input_is_no_disclosure(text):
    assert not is_disclosure(text)


def _parsed(text: str, intent: str) -> Message:
    message = Message({TEXT: text})
    message.set(INTENT, {INTENT_NAME_KEY: intent, "confidence": 0.9}, add_to_output=True)
    message.set("intent_ranking", [{INTENT_NAME_KEY: intent, "confidence": 0.9}], add_to_output=True)
    return message


@pytest.mark.parametrize("text", [
    "the bailiffs came this afternoon, me and the two kids are sat in a mcdonalds till it shuts and then i dont know",
    "my 14 year old has been going off with older lads in a car and comes back with new trainers and cash he won't explain",
])
def test_the_pipeline_component_turns_a_disclosure_the_rules_miss_into_safeguarding(text):
    assert detect_risk(text) is None and is_disclosure(text)
    message = _parsed(text, "inform_child")
    SafeguardingOverride().process([message])
    assert message.get(INTENT)[INTENT_NAME_KEY] == SAFEGUARDING_INTENT
    assert message.get("safeguarding") == {"category": "learned"}


@pytest.mark.parametrize("text", ["my daughter is 9 and autistic", "my son is 14 and autistic"])
def test_a_short_answer_about_the_child_is_no_disclosure(text):
    message = _parsed(text, "inform_child")
    SafeguardingOverride().process([message])
    assert message.get(INTENT)[INTENT_NAME_KEY] == "inform_child"


def test_the_component_leaves_an_ordinary_message_alone():
    message = _parsed("the annual review was on 3 March and we still have no amended plan", "ask_deadline")
    SafeguardingOverride().process([message])
    assert message.get(INTENT)[INTENT_NAME_KEY] == "ask_deadline"


def test_ordinary_messages_about_letters_and_dates_rarely_raise_an_alarm():
    """The situation sets' 3,588 ordinary turns (none taught here): 37 flagged (1.0%) when measured
    first, 33 after seven everyday "my daughter is 9 and the school keep sending her home" examples
    joined the NLU data. An alarm sends crisis numbers to a parent asking about a letter."""
    ordinary = situation_turns_without_disclosure(SITUATION_SETS)
    flagged = [t for t, hit in zip(ordinary, caught(ordinary)) if hit]
    print(f"\nordinary messages flagged: {len(flagged)}/{len(ordinary)}")
    assert len(ordinary) > 3000 and len(flagged) <= 0.012 * len(ordinary), flagged[:10]
    assert not caught(["my daughter is 9 and the school keep sending her home"])[0]

