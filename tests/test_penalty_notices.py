"""A school attendance penalty notice: when it must be paid, and that no tribunal hears it."""
from __future__ import annotations

from datetime import date

from actions.concern_replies import penalty_payment_line
from knowledge.concerns import concerns, detect
from knowledge.penalty_notices import payment_days

TODAY = date(2026, 11, 28)
SAID = ("Update, literally just opened the post (yesterday's) and theres a penalty notice from North Yorkshire Council "
        "dated 24th Nov, before the meeting has even happened! It says £80 or £160. When do i have to pay by and can i "
        "appeal it? I never had any warning letter or notice to improve before this")


def test_the_days_to_pay_count_from_the_date_on_the_notice_as_day_one():
    found = payment_days(SAID, TODAY)
    assert (found.notice, found.lower_by, found.full_by) == (date(2026, 11, 24), date(2026, 12, 14), date(2026, 12, 21))
    line = penalty_payment_line(SAID, TODAY)
    assert "by Monday 14 December 2026 for £80" in line and "by Monday 21 December 2026 for £160" in line
    assert payment_days("we got a penalty notice last week", TODAY) is None  # no date on it: no days stated


def test_can_i_appeal_a_penalty_notice_is_not_sent_to_the_send_tribunal():
    assert detect(SAID) == ["attendance_anxiety"]
    notes = concerns()["attendance_anxiety"].notes_for(SAID)
    assert any("no appeal against a penalty notice" in note and "withdraw" in note for note in notes)


def test_a_fine_only_threatened_in_a_letter_gives_no_days_to_pay():
    from datetime import date
    from knowledge.penalty_notices import notice_date
    said = ("on the 20th I got a letter from the attendance officer saying her attendance is 41% and I could get a "
            "'Notice to Improve' and then a fine, and they want a meeting w/c 7th Dec.")
    assert notice_date(said, date(2026, 11, 29)) is None
    assert notice_date("We got a penalty notice dated 24th Nov. How long to pay?", date(2026, 11, 29)) == date(2026, 11, 24)


def test_a_notice_to_improve_with_a_fine_threatened_later_gives_no_days_to_pay():
    from knowledge.penalty_notices import notice_date
    said = ("Schools attendance officer sent a letter dated 17th Nov saying its a 'notice to improve' and if her attendance "
            "doesnt improve by 11th Dec they'll ask the council for a fine. Can they fine me when she's ill?")
    assert notice_date(said, date(2026, 11, 29)) is None
    later = "She had a notice to improve in October. Now a penalty notice dated 20th Nov has come."
    assert notice_date(later, date(2026, 11, 29)) == date(2026, 11, 20)


def test_a_warning_letter_about_a_fine_has_no_days_to_pay():
    said = ("Her attendance is 41% this term. I had a letter from the council attendance team dated 6th Nov warning me "
            "about a fine and then the school had a meeting with me on the 13th where they said it's all 'unauthorised'.")
    assert payment_days(said, date(2026, 11, 29)) is None
    assert penalty_payment_line(said, date(2026, 11, 29)) is None


def test_a_letter_saying_they_can_give_a_penalty_notice_gives_no_days_to_pay():
    """Trial S04: "a letter from the attendance officer dated 24/11 saying its unauthorised and theres a meeting thurs
    and they can give a penalty notice" is a warning; no notice has been issued, so there is nothing to pay by a date."""
    from datetime import date
    from knowledge.penalty_notices import notice_date
    said = ("now ive had a letter from the attendance officer dated 24/11 saying its unauthorised and theres a meeting "
            "thurs and they can give a penalty notice. can they fine me, im not even his mum?")
    assert notice_date(said, date(2026, 11, 30)) is None
    assert notice_date("I received a fine dated 24th Nov, can they do that?", date(2026, 11, 30)) == date(2026, 11, 24)

