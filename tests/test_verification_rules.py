"""Identity rules without a database: factors, rising waits, alerts, references and expiry."""
from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.casework.verification import (
    ALERT_AFTER, WAIT_CAPS, CaseFacts, Claim, alert_due, is_verified, longest_wait, new_reference,
    normalise_reference, reference_key, still_verified, wait_needed,
)

CASE = CaseFacts("SR-2026-0001", date(2018, 5, 14))
NOW = datetime(2026, 11, 24, 10, 0)


def test_references_are_read_the_way_people_type_them():
    for text in ["SR-2026-0001", "sr 2026 0001", "sr-2026-0001 ", "SR20260001", "Sr_2026_0001"]:
        assert normalise_reference(text) == "SR-2026-0001", text
    for text in ["", "2026-0001", "SR-26-1", "' OR 1=1 --", "SR-2026-00011"]:
        assert normalise_reference(text) is None, text


def test_two_factors_are_needed():
    assert is_verified(Claim("SR-2026-0001", date(2018, 5, 14)), CASE)
    assert is_verified(Claim("SR-2026-0001", None, phone_on_case=True), CASE)
    assert is_verified(Claim(None, date(2018, 5, 14), phone_on_case=True), CASE)
    assert not is_verified(Claim("SR-2026-0001", None), CASE)
    assert not is_verified(Claim(None, None, phone_on_case=True), CASE)
    assert not is_verified(Claim("SR-2026-0001", date(2018, 5, 14)), None)


@given(st.dates(), st.text(max_size=20))
def test_a_wrong_reference_or_a_wrong_date_never_verifies_without_the_phone(birth, reference):
    claim = Claim(reference, birth)
    expected = normalise_reference(reference) == CASE.reference and birth == CASE.date_of_birth
    assert is_verified(claim, CASE) == expected


def test_new_references_are_random_and_read_back_the_way_people_type_them():
    made = {new_reference() for _ in range(2000)}
    assert len(made) == 2000  # 40 random bits: no repeats, no sequence
    for reference in list(made)[:50]:
        assert normalise_reference(reference) == reference
        assert normalise_reference(reference.lower().replace("-", " ")) == reference
    assert normalise_reference("sr7k4m9qxd") == "SR-7K4M-9QXD"
    assert normalise_reference("SR-7K4M-9QXI") is None  # I, L, O and U are never used


def test_a_made_up_reference_is_counted_exactly_like_a_real_one():
    assert reference_key("sr 2026 0001") == "SR-2026-0001"
    assert reference_key("not a reference") == "NOT A REFERENCE"
    assert reference_key("") is None and reference_key(None) is None


def test_three_free_tries_then_a_wait_that_doubles_up_to_its_cap():
    cap = WAIT_CAPS["conversation"]
    fails = [NOW - timedelta(seconds=s) for s in (300, 200, 100)]
    assert wait_needed(fails[:2], NOW, cap) == timedelta(0)
    # The third failure (100 s ago) asks for 30 s after it: long passed.
    assert wait_needed(fails, NOW, cap) == timedelta(0)
    just_failed = [NOW - timedelta(seconds=s) for s in (30, 20, 10)]
    assert wait_needed(just_failed, NOW, cap) == timedelta(seconds=20)
    many = [NOW - timedelta(seconds=1)] * 10
    assert wait_needed(many, NOW, cap) == cap - timedelta(seconds=1)
    assert wait_needed([NOW - timedelta(days=2)] * 50, NOW, cap) == timedelta(0)  # out of the window
    assert wait_needed([NOW] * 10_000, NOW, cap) == cap  # no overflow


def test_a_stranger_can_delay_a_case_by_minutes_never_lock_it():
    hammered = [NOW - timedelta(seconds=1)] * 500
    assert longest_wait({"reference": hammered}, NOW) <= timedelta(minutes=5)
    assert longest_wait({"reference": hammered, "conversation": [], "address": []}, NOW + timedelta(minutes=5)) \
        == timedelta(0)


def test_the_alert_fires_once_when_the_count_reaches_the_threshold():
    assert [n for n in range(20) if alert_due(n)] == [ALERT_AFTER - 1]


def test_verification_lapses_after_15_idle_minutes():
    assert still_verified(NOW - timedelta(minutes=15), NOW)
    assert not still_verified(NOW - timedelta(minutes=16), NOW)
    assert not still_verified(None, NOW)
