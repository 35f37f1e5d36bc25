"""A request for an assessment the family is about to send: the dates it would start (trials S and V)."""
from __future__ import annotations

from datetime import date

import pytest

from actions.deadline_replies import planned_request_reply
from knowledge.planned_request import planned_request

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize("said, earlier, sent, received, by_post", [
    ("ok im gonna email it on fri (4th) after his parents evening on thurs, wen wud they have to answer by", "can i apply myself?",
     date(2026, 12, 4), date(2026, 12, 4), False),
    ("actually scrap that il send it 2nite while i remember, does that change it", "can i apply for the ehcp myself",
     TODAY, TODAY, False),
    ("Hes got a hearing test Thurs 3rd Dec so I was going to email the request to the council on the Friday (4th) after that. "
     "If I email it Friday when would they have to decide by?", "", date(2026, 12, 4), date(2026, 12, 4), False),
    ("Actually might be easier to post it tomorrow recorded delivery, itd get there weds wouldnt it? Would that change the date?",
     "email the request to the council", date(2026, 12, 1), date(2026, 12, 2), True),
])
def test_a_planned_request_is_read_with_the_day_the_council_would_get_it(said, earlier, sent, received, by_post):
    found = planned_request(said, TODAY, earlier)
    assert (found.sent, found.received, found.by_post) == (sent, received, by_post)


@pytest.mark.parametrize("said, earlier", [
    ("when is the draft due", ""),
    ("I will send the appeal tomorrow, when will I hear?", ""),  # an appeal, not a request for an assessment
    ("ill email my comments on the draft on friday, is that ok?", "we got the draft plan"),
    ("i sent the request on 4th nov, when do they have to decide?", ""),  # sent already: the deadline engine's
    ("gonna email it on friday", "can i apply myself"),  # asks nothing
])
def test_other_messages_are_no_planned_request(said, earlier):
    assert planned_request(said, TODAY, earlier) is None


def test_the_reply_gives_the_six_and_twenty_week_dates_from_the_day_it_would_arrive():
    emailed = planned_request_reply(planned_request("ok im gonna email it on fri (4th), wen wud they have to answer by",
                                                    TODAY, "can i apply myself"), TODAY)
    assert "decide whether to assess by Friday 15 January 2027" in emailed and "by Friday 23 April 2027" in emailed
    assert "regulation 5(1)" in emailed and "regulation 13(2)" in emailed and "Christmas" in emailed
    posted = planned_request_reply(planned_request("might post it tomorrow recorded, itd get there weds. would that change the date?",
                                                   TODAY, "the request for an assessment"), TODAY)
    assert "counts from the day the council gets it" in posted and "Wednesday 13 January 2027" in posted
