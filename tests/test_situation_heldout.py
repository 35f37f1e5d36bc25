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
from knowledge.date_roles import EXAMPLES_FILE as ROLE_EXAMPLES_FILE
from tests.situation_scoring import DATA_DIR, NEVER_TAUGHT, report, role_examples, score, taught_sets

TUNING_SETS = ["situation_dev.yml", "situation_dev_b.yml", "situation_heldout.yml", "situation_heldout_c.yml",
               "situation_heldout_d.yml", "situation_heldout_e.yml", "situation_heldout_f.yml",
               "situation_heldout_g.yml", "situation_heldout_i.yml", "situation_heldout_j.yml",
               "situation_heldout_m.yml", "situation_heldout_n.yml"]  # M and N: rules improved on them, never taught
# Measured fresh, then taught to the classifiers and used to improve the rules (not yet to 0.90).
TAUGHT_SETS = ["situation_heldout_k.yml", "situation_heldout_l.yml"]
TAUGHT_FLOOR = 0.85  # K 0.879 / 0.905, L 0.906 / 0.877 after teaching
# Measured fresh, then their wrong dates stated (O, P, R, S) or all their misses (Q) were read and the
# rules improved on them; since the date-role classifier, all are taught to it (not to the question classifier).
READ_SETS = ["situation_heldout_o.yml", "situation_heldout_p.yml", "situation_heldout_q.yml",
             "situation_heldout_r.yml", "situation_heldout_s.yml"]
READ_ROLE_FLOOR = 0.90  # O 0.836, P 0.774, Q 0.777, R 0.787, S 0.746 when first measured; 0.92 to 0.96 once taught
READ_TARGET_FLOOR = 0.85  # O 0.796, P 0.781, Q 0.858, R 0.780, S 0.810 when first measured; 0.877 to 0.991 after
READ_WRONG_DATES_CEILING = 0.03  # O 7/108, P 8/114, Q 8/113, R 10/123, S 7/116 when first measured; 0 to 2 after
# Written 27 Nov 2026 by two new writers (V: forum posts and chronologies, W: SMS, WhatsApp and ESL) and
# measured fresh (V 0.787 / 0.742, 13 wrong dates of 89; W 0.768 / 0.742, 8 of 97); then their misses
# read, the rules improved and both taught to both classifiers (V 0.897 / 0.933, 3; W 0.920 / 0.907, 3).
TAUGHT_TWICE_SETS = ["situation_heldout_v.yml", "situation_heldout_w.yml"]
TAUGHT_TWICE_FLOOR = 0.88
TAUGHT_TWICE_WRONG_DATES_CEILING = 0.04
# The newest writers' sets, never taught to either classifier: measured fresh with the rules alone
# (T 0.773 / 0.800, 9 wrong dates of 105; U 0.735 / 0.832, 5 of 101), then with the date-role
# classifier (T 0.806 / 0.810, 8; U 0.780 / 0.822, 6); then only their wrong dates and relabels read
# and the rules improved on them (T 0.818 / 0.857, 3; U 0.798 / 0.881, 0); then, with sets V and W
# taught and general fixes (dd.mm.yy chronologies, "yday", "3 weeks ago today", a meeting "on monday"
# still to come), T 0.839 / 0.876, 3; U 0.807 / 0.881, 0.
# The goal in issue 16 is 0.95 on both on fresh sets, not yet met.
LATEST_SETS = list(NEVER_TAUGHT)
LATEST_ROLE_FLOOR = 0.80
LATEST_TARGET_FLOOR = 0.86
LATEST_WRONG_DATES_CEILING = 0.04  # share of deadline questions answered with a date the labels do not give


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


@pytest.mark.parametrize("name", TAUGHT_TWICE_SETS)
def test_the_sets_taught_to_both_classifiers_keep_their_dates(name):
    found = score(name)
    assert found.relabels == 0, found.failures
    assert found.role_accuracy >= TAUGHT_TWICE_FLOOR and found.target_accuracy >= TAUGHT_TWICE_FLOOR, report(name)
    assert found.wrong_dates_stated <= TAUGHT_TWICE_WRONG_DATES_CEILING * found.targets_total, report(name)


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


def test_the_date_role_classifier_learns_from_the_taught_sets_only_and_its_examples_are_current():
    assert not set(LATEST_SETS) & set(taught_sets())
    shipped = yaml.load(ROLE_EXAMPLES_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["examples"]
    assert shipped == role_examples(taught_sets()), "run `python -m tests.situation_scoring examples`"
