"""The situation model measured on parents' messages it was never tuned on (issue 16's measures).

Each set in tests/data was written by a separate writer in the style of public parents' forums,
without seeing the rules. Sets were used in turn: each was measured once, fresh, and then the rules
were improved on it. Sets M and N were never taught to the classifier; their misses were read and
the rules improved on them. Sets O and P were measured fresh, then only their wrong dates were read.
Set Q was measured fresh, then its misses were read and the rules improved on them. Sets R and S
were measured fresh, then only their wrong dates stated and relabels were read. The figures each set
gave when it was still fresh are in knowledge/SITUATION.md; the next writer's set goes in LATEST_SETS.

Measures: date-role accuracy (each date gets its event, or a question when unclear), target
accuracy (the question names the right deadline and the engine gives the right date, or the
assistant asks for the missing date), and relabels (a question that changes a recorded event):
zero everywhere.
"""
from __future__ import annotations

import pytest
import yaml

from knowledge.target_classifier import EXAMPLES_FILE
from tests.situation_scoring import DATA_DIR, report, score

TUNING_SETS = ["situation_dev.yml", "situation_dev_b.yml", "situation_heldout.yml", "situation_heldout_c.yml",
               "situation_heldout_d.yml", "situation_heldout_e.yml", "situation_heldout_f.yml",
               "situation_heldout_g.yml", "situation_heldout_i.yml", "situation_heldout_j.yml",
               "situation_heldout_m.yml", "situation_heldout_n.yml"]  # M and N: rules improved on them, never taught
# Measured fresh, then taught to the classifier and used to improve the rules (not yet to 0.90).
TAUGHT_SETS = ["situation_heldout_k.yml", "situation_heldout_l.yml"]
TAUGHT_FLOOR = 0.85  # K 0.879 / 0.905, L 0.906 / 0.877 after teaching
# Measured fresh, then their wrong dates stated (O, P, R) or all their misses (Q) were read and the
# rules improved on them.
READ_SETS = ["situation_heldout_o.yml", "situation_heldout_p.yml", "situation_heldout_q.yml"]
READ_ROLE_FLOOR = 0.78  # O 0.836, P 0.774, Q 0.777 when first measured; 0.864, 0.805, 0.861 after
READ_TARGET_FLOOR = 0.82  # O 0.796, P 0.781, Q 0.858 when first measured; 0.880, 0.842, 0.965 after
READ_WRONG_DATES_CEILING = 0.03  # O 7/108, P 8/114, Q 8/113 when first measured; 1, 2 and 3 after
# The newest writers' sets, measured fresh, then only their wrong dates and relabels read:
# R 0.787 / 0.780 (10 wrong dates of 123, 1 relabel) -> 0.824 / 0.870 (0, 0);
# S 0.746 / 0.810 (7 of 116, 1 relabel) -> 0.774 / 0.871 (1, 0).
# The goal in issue 16 is 0.95 on both on fresh sets, not yet met.
LATEST_SETS = ["situation_heldout_r.yml", "situation_heldout_s.yml"]
LATEST_ROLE_FLOOR = 0.76
LATEST_TARGET_FLOOR = 0.84
LATEST_WRONG_DATES_CEILING = 0.03  # share of deadline questions answered with a date the labels do not give


@pytest.mark.parametrize("name", TUNING_SETS)
def test_the_sets_the_rules_learned_from_stay_learned(name):
    found = score(name)
    assert found.relabels == 0, found.failures
    assert found.role_accuracy >= 0.90 and found.target_accuracy >= 0.90, report(name)


@pytest.mark.parametrize("name", TAUGHT_SETS)
def test_the_sets_taught_last_keep_what_they_taught(name):
    found = score(name)
    assert found.relabels == 0, found.failures
    assert found.role_accuracy >= TAUGHT_FLOOR and found.target_accuracy >= TAUGHT_FLOOR, report(name)


@pytest.mark.parametrize("name", READ_SETS)
def test_sets_whose_wrong_dates_were_read_keep_them_right(name):
    found = score(name)
    assert found.role_accuracy >= READ_ROLE_FLOOR and found.target_accuracy >= READ_TARGET_FLOOR, report(name)
    assert found.wrong_dates_stated <= READ_WRONG_DATES_CEILING * found.targets_total, report(name)


@pytest.mark.parametrize("name", LATEST_SETS)
def test_the_latest_writers_messages_keep_their_events_and_get_their_deadlines(name):
    found = score(name)
    print(report(name))
    assert found.relabels == 0, found.failures
    assert found.role_accuracy >= LATEST_ROLE_FLOOR, report(name)
    assert found.target_accuracy >= LATEST_TARGET_FLOOR, report(name)
    assert found.wrong_dates_stated <= LATEST_WRONG_DATES_CEILING * found.targets_total, report(name)


def test_the_classifier_never_learned_from_the_fresh_sets():
    taught = {str(e["text"]).strip() for e in yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))["examples"]}
    for name in READ_SETS + LATEST_SETS:
        items = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))["items"]
        # short follow-ups ("so when is the plan actually due?") can be written the same way by two writers
        fresh = {str(t["text"]).strip() for item in items for t in item["turns"] if len(str(t["text"]).strip()) >= 40}
        assert not fresh & taught, name
