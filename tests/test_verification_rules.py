"""Identity rules without a database: factors, lock-out and expiry."""
from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.casework.verification import (
    CaseFacts, Claim, is_verified, locked_out, normalise_reference, still_verified,
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


def test_five_failures_in_an_hour_lock_out():
    recent = [NOW - timedelta(minutes=m) for m in (1, 5, 10, 20)]
    assert not locked_out(recent, NOW)
    assert locked_out(recent + [NOW - timedelta(minutes=59)], NOW)
    assert not locked_out(recent + [NOW - timedelta(minutes=61)], NOW)


def test_verification_lapses_after_15_idle_minutes():
    assert still_verified(NOW - timedelta(minutes=15), NOW)
    assert not still_verified(NOW - timedelta(minutes=16), NOW)
    assert not still_verified(None, NOW)
