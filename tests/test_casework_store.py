"""The casework store against real databases: a SQLite file and a PostgreSQL server."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.casework.case_io import export_case, export_csv, import_csv, import_records, parse_rows
from bot.casework.database import session_scope, upgrade
from bot.casework.demo import demo_rows
from bot.casework.models import AuditEntry, Case
from bot.casework.officers import add_officer, find_officer, password_matches
from bot.casework.store import (
    NOT_MATCHED, VERIFIED, WAIT, case_count, record_parent_fact, verification_holds, verified_case,
    verify,
)

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 10, 0)


@pytest.fixture
def demo(db):
    records, errors = parse_rows(demo_rows(), TODAY)
    assert errors == []
    assert import_records(db, records).imported == 4
    return db


def audit_actions(url):
    with session_scope(url) as session:
        return [a.action for a in session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars()]


def test_demo_data_round_trips_through_export_and_import(demo, tmp_path):
    exported = export_csv(demo)
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(fresh)
    report = import_csv(fresh, exported, TODAY)
    assert report.errors == [] and report.imported == 4
    assert export_csv(fresh) == exported
    case = export_case(fresh, "sr-2026-0002")
    assert case["child_first_name"] == "Priya" and case["draft_served"] == "2026-11-16"
    assert [e["recorded_by"] for e in case["timeline"]] == ["import", "import"]


def test_a_bad_file_is_reported_line_by_line_and_nothing_is_imported(db):
    text = (
        "reference,parent_name,child_first_name,child_date_of_birth,local_authority,stage,request_date\n"
        "SR-2026-0101,Ann Fictional,Tom,2016-01-02,Leeds,assessment_requested,2026-10-01\n"
        "SR-2026-0102,Bo Fictional,Kim,31/02/2015,Leeds,assessment_requested,\n"
        "nonsense,Cy Fictional,Lu,2015-01-01,Narnia,assessment_requested,\n"
        "SR-2026-0101,Di Fictional,Al,2015-01-01,Kent,flying,\n"
        "SR-2026-0105,Ed Fictional,Jo,2015-01-01,Kent,draft_plan,2027-01-01\n"
    )
    report = import_csv(db, text, TODAY)
    assert report.imported == 0
    assert [line for line, _ in report.errors] == [3, 4, 5, 6]
    reasons = dict(report.errors)
    assert "child_date_of_birth is not a date" in reasons[3]
    assert "is not like SR-7K4M-9QXD" in reasons[4]
    assert "stage 'flying'" in reasons[5] or "repeats line 2" in reasons[5]
    assert "request_date is in the future" in reasons[6]
    assert case_count(db) == 0


def test_a_reference_already_stored_stops_the_whole_import(demo):
    text = ("reference,parent_name,child_first_name,child_date_of_birth,local_authority,stage\n"
            "SR-2026-0201,New Fictional,Zed,2016-01-02,Leeds,sen_support\n"
            "SR-2026-0001,Alex Demo,Sam,2018-05-14,Leeds,assessment_requested\n")
    report = import_csv(demo, text, TODAY)
    assert report.imported == 0 and report.errors == [(3, "reference SR-2026-0001 is already in the store")]
    assert case_count(demo) == 4


@pytest.mark.parametrize("name", ["Robert'); DROP TABLE cases;--", "Zoë Ñúñez 李雷", "🙂 Parent"])
def test_injection_and_unicode_are_stored_as_plain_text(db, name):
    text = ("reference,parent_name,child_first_name,child_date_of_birth,local_authority,stage\n"
            f"\"SR-2026-0301\",\"{name}\",Ada,2016-01-02,Leeds,sen_support\n")
    assert import_csv(db, text, TODAY).imported == 1
    assert export_case(db, "SR-2026-0301")["parent_name"] == name
    assert case_count(db) == 1


def test_huge_and_binary_values_are_refused_without_harm(db):
    huge = "x" * 10_000
    text = ("reference,parent_name,child_first_name,child_date_of_birth,local_authority,stage\n"
            f"SR-2026-0401,{huge},Ada,2016-01-02,Leeds,sen_support\n"
            "SR-2026-0402,Bell\x07Char,Ada,2016-01-02,Leeds,sen_support\n")
    report = import_csv(db, text, TODAY)
    assert report.imported == 0
    assert [line for line, _ in report.errors] == [2, 3]
    binary = import_csv(db, text.replace("Bell\x07", "Nul\x00"), TODAY)
    assert binary.imported == 0 and binary.errors[0][0] == 3 and "NUL" in binary.errors[0][1]
    assert case_count(db) == 0


def test_the_right_reference_and_date_of_birth_verify(demo):
    assert verify(demo, "conv-1", "sr 2026 0001", date(2018, 5, 14), now=NOW).status == VERIFIED
    view = verified_case(demo, "conv-1", now=NOW + timedelta(minutes=1))
    assert view.reference == "SR-2026-0001" and view.child_first_name == "Sam"
    assert view.key_dates.request_date == date(2026, 9, 3)
    assert "case_viewed" in audit_actions(demo)


def test_a_wrong_reference_and_a_wrong_birth_date_get_the_same_answer(demo):
    assert verify(demo, "conv-2", "SR-2026-9999", date(2018, 5, 14), now=NOW).status == NOT_MATCHED
    assert verify(demo, "conv-3", "SR-2026-0001", date(2018, 5, 15), now=NOW).status == NOT_MATCHED
    assert verified_case(demo, "conv-2", now=NOW) is None
    assert verified_case(demo, "conv-3", now=NOW) is None


def test_a_verified_parent_cannot_read_another_case(demo):
    assert verify(demo, "conv-4", "SR-2026-0001", date(2018, 5, 14), now=NOW).status == VERIFIED
    # The same conversation tries another family's reference with its own child's birthday.
    assert verify(demo, "conv-4", "SR-2026-0002", date(2018, 5, 14), now=NOW).status == NOT_MATCHED
    assert verified_case(demo, "conv-4", now=NOW).reference == "SR-2026-0001"


def status(result):
    return result.status


def test_guessing_is_slowed_per_conversation_and_the_answer_never_says_so(demo):
    for day in range(1, 4):
        assert status(verify(demo, "conv-5", "SR-2026-0002", date(2014, 11, day + 2),
                             now=NOW + timedelta(seconds=day))) == NOT_MATCHED
    # The fourth try, right away, is not even checked: the parent must wait 30 s ...
    assert status(verify(demo, "conv-5", "SR-2026-0002", date(2014, 11, 2), now=NOW + timedelta(seconds=5))) == WAIT
    # ... and then the right details verify: slowed, never locked.
    assert status(verify(demo, "conv-5", "SR-2026-0002", date(2014, 11, 2), now=NOW + timedelta(seconds=40))) \
        == VERIFIED
    assert "verification_slowed" in audit_actions(demo)


def test_a_made_up_reference_is_slowed_exactly_like_a_real_one(demo):
    """No difference between a case that exists and one that does not (no existence leak)."""
    results = {}
    for reference in ("SR-2026-0002", "SR-9999-9999"):
        for n in range(3):
            verify(demo, f"probe-{reference}-{n}", reference, date(2000, 1, 1), address=f"10.0.0.{n}",
                   now=NOW + timedelta(seconds=n))
        results[reference] = status(verify(demo, "probe-new", reference, date(2000, 1, 1), address="10.0.1.1",
                                           now=NOW + timedelta(seconds=4)))
    assert results == {"SR-2026-0002": WAIT, "SR-9999-9999": WAIT}


def test_a_stranger_hammering_a_case_cannot_keep_the_real_parent_out(demo):
    for n in range(40):
        verify(demo, f"stranger-{n}", "SR-2026-0002", date(2000, 1, 1), address=f"10.1.{n}.1",
               now=NOW + timedelta(seconds=n))
    # The real parent, from their own conversation, gets in once the case's short wait is over.
    assert status(verify(demo, "parent", "SR-2026-0002", date(2014, 11, 2), address="192.0.2.7",
                         now=NOW + timedelta(minutes=6))) == VERIFIED


def test_enumerating_references_from_one_address_is_slowed_and_alerts_an_officer(demo):
    results = [verify(demo, f"enum-{n}", f"SR-2026-{n:04d}", date(2014, 11, 2), address="203.0.113.9",
                      now=NOW + timedelta(minutes=n * 10)) for n in range(5, 15)]
    assert all(r.status in (NOT_MATCHED, WAIT) for r in results)
    alerts = [r.alert for r in results if r.alert]
    assert alerts == ["address"]
    assert "verification_alert" in audit_actions(demo)


def test_repeated_failures_on_one_case_raise_an_alert_naming_the_case(demo):
    results = [verify(demo, f"try-{n}", "SR-2026-0002", date(2000, 1, n + 1), address=f"10.2.{n}.1",
                      now=NOW + timedelta(minutes=n * 10)) for n in range(8)]
    alerting = [r for r in results if r.alert]
    assert len(alerting) == 1 and alerting[0].alert == "reference" and alerting[0].case_id is not None


def test_the_phone_the_message_came_from_counts_as_one_factor(demo):
    assert verify(demo, "sms-1", "SR-2026-0003", None, phone="+447700900003", now=NOW).status == VERIFIED
    assert verify(demo, "sms-2", "SR-2026-0003", None, phone="+447700900001", now=NOW).status == NOT_MATCHED
    assert verify(demo, "sms-3", "SR-2026-0003", None, now=NOW).status == NOT_MATCHED


def test_verification_expires_after_inactivity(demo):
    assert verify(demo, "conv-7", "SR-2026-0001", date(2018, 5, 14), now=NOW).status == VERIFIED
    assert verified_case(demo, "conv-7", now=NOW + timedelta(minutes=14)) is not None
    assert verified_case(demo, "conv-7", now=NOW + timedelta(minutes=28)) is not None  # kept alive
    assert verified_case(demo, "conv-7", now=NOW + timedelta(minutes=44)) is None


def test_a_parent_reported_date_fills_a_gap_but_never_replaces_a_verified_one(demo):
    verify(demo, "conv-8", "SR-2026-0001", date(2018, 5, 14))
    assert record_parent_fact(demo, "conv-8", "request_date", date(2026, 9, 10), "parent says 10 Sept")
    assert record_parent_fact(demo, "conv-8", "draft_served", date(2026, 11, 20))
    view = verified_case(demo, "conv-8")
    assert view.key_dates.request_date == date(2026, 9, 3)  # the verified date stands
    assert view.key_dates.draft_served == date(2026, 11, 20)
    assert ("request_date", date(2026, 9, 10)) in view.parent_reported
    assert not record_parent_fact(demo, "not-verified", "draft_served", date(2026, 11, 20))


def test_officers_have_hashed_passwords_and_unique_names(db):
    add_officer(db, "Amira", "Amira", "a long enough passphrase")
    officer = find_officer(db, "amira")
    assert officer.password_hash.startswith("$argon2id$")
    assert "passphrase" not in officer.password_hash
    assert password_matches(officer.password_hash, "a long enough passphrase")
    assert not password_matches(officer.password_hash, "a long enough passphrasE")
    with pytest.raises(ValueError):
        add_officer(db, "amira", "Other", "another long passphrase")
    with pytest.raises(ValueError):
        add_officer(db, "short", "Short", "tooshort")


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
def test_the_store_survives_a_database_restart_between_messages(postgres, demo):
    assert verify(demo, "conv-9", "SR-2026-0001", date(2018, 5, 14)).status == VERIFIED
    postgres.stop()
    postgres.start()
    assert verified_case(demo, "conv-9").reference == "SR-2026-0001"
    with session_scope(demo) as session:
        assert session.execute(sa.select(sa.func.count(Case.id))).scalar_one() == 4


def test_checking_a_verification_reads_no_case_and_is_not_a_view(demo):
    assert not verification_holds(demo, "conv-10", now=NOW)
    assert verify(demo, "conv-10", "SR-2026-0001", date(2018, 5, 14), now=NOW).status == VERIFIED
    assert verification_holds(demo, "conv-10", now=NOW + timedelta(minutes=5))
    assert not verification_holds(demo, "conv-10", now=NOW + timedelta(minutes=16))
    assert "case_viewed" not in audit_actions(demo)
