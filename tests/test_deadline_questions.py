

def test_another_kind_of_report_is_not_the_review_report():
    from knowledge.deadline_questions import asked_target

    assert asked_target("I sent it on 24/09 not 1st oct, I got it mixed up with the date I sent the nursery report. "
                        "Does that change anything?") != "review_report"
    assert asked_target("AR was 3 Nov. how long after do they have to send the report out?") == "review_report"


def test_when_should_we_have_heard_after_a_request_asks_for_the_decision_to_assess():
    from knowledge.deadline_questions import asked_target

    said = ("School said they would apply for an EHCNA and the SENCO sent it off to Lincolnshire beginning of Oct. "
            "Lincs havent contacted us at all. when should we have heard by and have they missed it.")
    assert asked_target(said) == "assessment_decision"
    assert asked_target("the draft came last week and the EP report was missing. when should we have heard by?") != "assessment_decision"


def test_when_does_it_have_to_be_final_names_the_final_plan():
    """Trial R09: 'When do they have to send the draft and when does it have to be final?' after the council
    agreed to assess is the 20-week final plan, not the decision to assess already made."""
    from knowledge.deadline_questions import asked_target

    assert asked_target("When do they have to send the draft and when does it have to be final?") == "final_plan"
