"""The console's pure rules: dashboard figures, due labels, the WhatsApp window, and charts."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.console.charts import bar_chart
from bot.console.dashboard import build, to_csv, weekly
from bot.console.view_rules import due_label, whatsapp_window_closed
from bot.escalation.store import EscalationView
from knowledge.deadlines import KeyDates

NOW = datetime(2026, 11, 24, 12, 0)


def view(n, *, reason="complaint", status="raised", created=NOW, due=None, first_reply=None, closed=None,
         outcome=None):
    return EscalationView(n, f"c{n}", reason, "normal", status, "rest", None, "given", None, created, due, None,
                          None, None, first_reply, closed, outcome, None)


def test_weekly_counts_raised_and_resolved_per_week():
    views = [view(1, created=NOW - timedelta(days=7)), view(2, created=NOW, status="closed", closed=NOW,
                                                             outcome="resolved_informally")]
    weeks = weekly(views, NOW.date(), weeks=2)
    assert weeks == [("2026-11-16", 1, 0), ("2026-11-23", 1, 1)]


def test_dashboard_figures():
    views = [
        view(1, status="closed", closed=NOW, outcome="resolved_informally",
             due=NOW - timedelta(hours=2), first_reply=NOW - timedelta(hours=3), created=NOW - timedelta(hours=5)),
        view(2, status="closed", closed=NOW, outcome="tribunal_lodged",
             due=NOW - timedelta(hours=4), first_reply=NOW - timedelta(hours=1), created=NOW - timedelta(hours=6)),
        view(3, status="closed", closed=NOW, outcome="mediation_arranged"),
        view(4, reason="safeguarding", due=NOW - timedelta(minutes=5)),
        view(5, due=NOW + timedelta(hours=1)),
    ]
    cases = [("E08000035", KeyDates(request_date=date(2026, 9, 3))),
             ("E08000035", KeyDates(request_date=date(2026, 11, 20))),
             ("E10000030", KeyDates(request_date=date(2026, 8, 1)))]
    board = build(views, cases, NOW, NOW.date())
    assert board.closed == 3 and board.resolved_before_tribunal == 2
    assert round(board.share_resolved_before_tribunal) == 67
    assert board.first_replies == 2 and board.first_replies_within_target == 1
    assert board.first_reply_hours_median == 3.5
    assert board.open_now == 2 and board.open_past_target == 1
    assert board.reasons[0] == ("Wants to complain", 4)
    assert board.overdue_by_authority[0][0] == "Surrey" or board.overdue_by_authority[0][0] == "Leeds"
    assert {name for name, _ in board.overdue_by_authority} == {"Leeds", "Surrey"}, "no overdue for a recent request"
    csv_text = to_csv(board)
    assert "resolved before tribunal,percent,66.7" in csv_text and "first reply,median hours,3.50" in csv_text


def test_an_empty_service_has_no_figures_rather_than_zero_percent():
    board = build([], [], NOW, NOW.date())
    assert board.share_resolved_before_tribunal is None and board.share_within_target is None
    assert "No data yet" in bar_chart("x", "Nothing", [])


def test_due_labels_and_the_whatsapp_window():
    assert due_label(NOW + timedelta(hours=3, minutes=20), NOW) == "due in 3 h 20 min"
    assert due_label(NOW - timedelta(minutes=45), NOW) == "overdue by 45 min"
    assert due_label(NOW + timedelta(days=2, hours=1), NOW) == "due in 2 d 1 h"
    assert due_label(None, NOW) == "no target"
    assert not whatsapp_window_closed("rest", None, NOW)
    assert whatsapp_window_closed("whatsapp", NOW - timedelta(hours=25), NOW)
    assert not whatsapp_window_closed("whatsapp", NOW - timedelta(hours=23), NOW)
    assert whatsapp_window_closed("twilio-whatsapp", None, NOW)


def test_charts_escape_labels_and_describe_every_bar():
    svg = bar_chart("c", "Councils <b>", [("Brighton & Hove", 3), ("<script>", 1)])
    assert "&lt;script&gt;" in svg and "<script>" not in svg
    assert "Brighton &amp; Hove: 3" in svg and 'role="img"' in svg


def test_times_are_shown_in_uk_time_with_the_zone():
    from bot.console.view_rules import uk_time

    assert uk_time(datetime(2026, 11, 27, 14, 5)) == "27 Nov 14:05 GMT"
    assert uk_time(datetime(2026, 6, 2, 8, 30)) == "2 Jun 09:30 BST"  # stored as UTC, shown an hour on
    assert uk_time(None) == ""


def test_long_chart_labels_wrap_instead_of_being_cut_and_keep_their_full_words():
    from bot.console.charts import label_lines

    reason = "Child out of school or not receiving a suitable education"
    svg = bar_chart("r", "Escalations by reason", [(reason, 4), ("Complaint", 1)])
    assert label_lines("Complaint") == ["Complaint"]
    assert len(label_lines(reason)) == 2 and all(len(line) <= 30 for line in label_lines(reason))
    assert f"<title>{reason}: 4</title>" in svg  # the whole label as the bar's tooltip
    assert "Child out of school or not" in svg and "<tspan" in svg


def test_the_queue_shows_the_first_words_of_what_the_parent_said():
    from bot.console.view_rules import first_words

    assert first_words("He has been sent home every day since October and the school will not say why") == \
        "He has been sent home every day since October and the school…"
    assert first_words("Can I talk to someone?") == "Can I talk to someone?"
