

def test_another_kind_of_report_is_not_the_review_report():
    from knowledge.deadline_questions import asked_target

    assert asked_target("I sent it on 24/09 not 1st oct, I got it mixed up with the date I sent the nursery report. "
                        "Does that change anything?") != "review_report"
    assert asked_target("AR was 3 Nov. how long after do they have to send the report out?") == "review_report"
