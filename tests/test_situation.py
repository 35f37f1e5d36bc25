"""Reflecting the situation back and choosing next steps: pure rules, no Rasa."""
from knowledge.situation import Situation, describe, needs_key_date, next_steps


def test_the_summary_reads_back_every_fact_in_plain_english():
    text = describe(Situation(age=8, school_year=4, needs=("autism", "adhd"), setting="primary",
                              local_authority="Leeds", stage="assessment_requested",
                              stage_date="2026-09-03"))
    assert text == (
        "So: your child is 8 and in Year 4. They go to a primary school in Leeds. "
        "Their main needs are autism and ADHD. Your child is waiting for the council to decide on "
        "an EHC needs assessment (key date: Thursday 3 September 2026)."
    )


def test_unknown_facts_are_left_out_not_invented():
    text = describe(Situation(age="unknown", needs=("unknown",), local_authority="Kent",
                              stage="unknown"))
    assert "unknown" not in text
    assert "Kent" in text


def test_next_steps_fit_the_stage_and_cite_a_source():
    steps = next_steps(Situation(stage="sen_support"))
    assert any("EHC needs assessment" in step.text for step in steps)
    refused = next_steps(Situation(stage="assessment_refused"))
    assert any("mediation" in step.text for step in refused)
    for stage in ("no_support", "sen_support", "assessment_requested", "draft_plan", "excluded",
                  "not_in_school", "final_plan", "annual_review", "placement_dispute"):
        assert all(step.source for step in next_steps(Situation(stage=stage))), stage


def test_a_key_date_is_asked_only_where_time_limits_count_from_one():
    assert needs_key_date("assessment_requested")
    assert not needs_key_date("sen_support")
    assert not needs_key_date("unknown")


def test_a_school_year_alone_reads_as_a_sentence():
    assert describe(Situation(school_year=5)).startswith("So: your child is in Year 5.")
