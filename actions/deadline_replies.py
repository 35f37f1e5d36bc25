"""How one deadline, or a question for a missing date, is put to a parent: short and plain."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Dict, List, Mapping, Optional, Sequence

from knowledge.concerns import asks_how_to_write, concerns, reply_notes
from knowledge.dates import days_away, long_date, today_in_england
from knowledge.event_notes import days_said, days_said_with_phrases
from knowledge.half_terms import assumed_half_term_note
from knowledge.deadline_questions import TargetAnswer, question_parts
from knowledge.deadlines import DUE_TODAY, MET, OVERDUE, PASSED, SHOULD_HAVE, Deadline, KeyDates, add_working_days, deadline_for, timescales
from knowledge.ombudsman import OMBUDSMAN, ombudsman_lines
from knowledge.phase_transfer import TransferDeadline
from knowledge.planned_request import PlannedRequest
from knowledge.timeline import MONTH, PART, ROLES, WEEK, SaidEvent, part_of_month, span, timeline_deadlines
from knowledge.tribunal_orders import conceded_lines, order_lines, order_made

NOT_ADVICE = "I am not a lawyer, and this is information, not legal advice. You can ask for a person at any time."
# What each key date is, in words, for "I counted from ...".
COUNTED_FROM: Dict[str, str] = {
    "request_date": "your request for an assessment", "draft_served": "the draft plan",
    "plan_or_last_review": "the plan or its last review", "review_meeting": "the review meeting",
    "amendments_sent": "the proposed changes", "decision_letter": "the decision letter",
    "mediation_certificate": "the mediation certificate", "discrimination_act": "what the school did",
    "problem_known": "your complaint", "told_adviser_no_mediation": "the day you told the mediation adviser",
    "mediation_requested": "your request for mediation", "mediation_ended": "the mediation meeting",
}
DATE_QUESTIONS: Dict[str, str] = {
    "request_sent": "What date did you (or the school) send the request for an assessment?",
    "draft_plan": "What date is on the draft plan, or when did it arrive?",
    "final_plan": "What date is on the final plan?",
    "review_meeting": "What date was the review meeting?",
    "amendments_sent": "What date is on the letter with the proposed changes?",
    "decision_letter": "What date is on the council's decision letter?",
    "discrimination": "On what date did the school do this?",
    "complaint_made": "When did you first know about the problem, for example the day the help stopped, or the day you complained?",
}


def _rule(rule_id: str) -> Mapping[str, object]:
    return next(r for r in timescales()["rules"] if r["id"] == rule_id)


def without_disclaimer(text: str) -> str:
    """A reply's text without the "not legal advice" line, for a reply that puts it once at its end."""
    return "\n".join(line.rstrip() for line in text.replace(NOT_ADVICE, "").split("\n") if line.strip())


COMMENT_WINDOWS = ("draft_comments", "amendment_comments")  # a late comment is not an appeal or a claim


_COMMENTS_SENT = re.compile(r"\b(?:i|we)\s+(?:\w+\s+)?(?:sent|emailed|returned|gave|submitted|put\s+in)\s+(?:(?:our|my|the|in)\s+)?"
                            r"(?:comments|views|response|representations|feedback|reply)\b"
                            r"|\b(?:comments|views|representations|feedback)\s+(?:were\s+|went\s+|have\s+gone\s+)?(?:sent|back|in|returned|submitted)\b",
                            re.IGNORECASE)
COMMENTS_SENT_NOTE = "You told me you have sent your comments. Keep a copy, and a note of the day you sent them."


def status_sentence(deadline: Deadline) -> str:
    """What the date means now, without claiming what nobody has said."""
    plural = "s" if deadline.days != 1 else ""
    if deadline.status == OVERDUE:
        return f"That date has passed and it has not happened, so it is {deadline.days} day{plural} late."
    if deadline.status == SHOULD_HAVE:
        return ("That date has passed, so it should have happened by then. Has it? "
                "If not, it is late, and a person can help you chase it.")
    if deadline.status == MET and deadline.met_on is not None and deadline.met_on <= deadline.due:
        return f"It happened on {long_date(deadline.met_on)}, within this time limit, so it was on time."
    if deadline.status == MET:
        return f"You told me this has happened, so this one is {deadline.status_text()}."
    if deadline.status == PASSED and deadline.rule_id in COMMENT_WINDOWS:
        return (f"That date passed {deadline.days} day{plural} ago. If the plan is not final yet, send your comments "
                f"now anyway and ask the council to take them into account. A person can help.")
    if deadline.status == PASSED:
        return (f"That date passed {deadline.days} day{plural} ago. Sometimes a late appeal or claim is still "
                f"allowed, so talk to a person or your local SENDIASS soon.")
    if deadline.status == DUE_TODAY:
        return "That is today."
    return f"That is in {deadline.days} day{plural}."


def deadline_reply(found: Deadline, known: Mapping[str, SaidEvent], said: str = "", conversation: str = "") -> str:
    """"The final EHC plan is due by ... That is 20 weeks from your request on ... (source)."; `conversation`,
    the parent's earlier messages too, where mediation asked for in an earlier message counts."""
    with_mediation = appeal_with_mediation_asked(found, known, said) or (
        appeal_with_mediation_asked(found, known, conversation) if conversation else None)
    if with_mediation:
        return with_mediation
    consultation = cease_consultation_reply(found, known, said)
    if consultation:
        return consultation
    made = appeal_made_reply(found.rule_id, said)
    if made:
        return made
    if found.rule_id == OMBUDSMAN:  # counted from a complaint: the latest it can be, or already past
        return "\n".join(ombudsman_lines(found, f"{conversation} {said}", today_in_england()) + [NOT_ADVICE])
    rule = _rule(found.rule_id)
    start = COUNTED_FROM.get(str(rule["from"]), "the date you gave")
    if counted_from_arrival(found.rule_id, said):  # the letter's own date is not known: ask for it, date only "if"
        lines = [LETTER_DATE_QUESTION, f"{found.title}: {long_date(found.due)}, if the letter is dated the day it came."]
        counted = f"I counted from the day the letter came, {long_date(found.start)}"
    else:
        lines = [f"{found.title}: {long_date(found.due)}."]
        counted = f"I counted from {start} on {long_date(found.start)}"
    later = rule.get("later_of")
    certificate = known.get("mediation_certificate")
    if later and certificate is not None and certificate.exact:
        counted += f", and from the mediation certificate on {long_date(certificate.day)}; the later date counts"
    lines.append(f"{counted} ({found.source}). {found.explanation}")
    if found.rule_id in COMMENT_WINDOWS and _COMMENTS_SENT.search(f"{said} {conversation}"):
        lines.append(COMMENTS_SENT_NOTE)  # "we sent our comments back on the 18th": not "send your comments now anyway"
    else:
        lines.append(status_sentence(found))
    booked = known.get("review_meeting")
    if found.rule_id == "annual_review" and booked is not None and booked.day is not None \
            and booked.day > max(found.due, today_in_england()):
        when = f"in {booked.day:%B %Y}" if not booked.exact else f"on {long_date(booked.day)}"
        lines.append(f"The review you told me about, {when}, is after this date, so it would be late. Ask the school "
                     f"and the council in writing to hold it by the date above.")
    after_mediation = appeal_after_booked_mediation(found, known)
    if after_mediation:
        lines.append(after_mediation)
    elif found.rule_id == "tribunal_appeal" and found.status not in (PASSED,) and "mediation_certificate" not in known \
            and "mediation_meeting" not in known and not _MEDIATION_SAID.search(said or ""):
        lines.append(MEDIATION_FIRST if found.days > URGENT_DAYS else f"{MEDIATION_FIRST} {MEDIATION_NOW}")
    if found.status in (OVERDUE, SHOULD_HAVE):
        lines.append(f"What you can do: {found.if_missed}")
    elif found.owner != "family" and _IF_NOT_BY_THEN.search(said or ""):
        lines.append(f"If it has not happened by then: {found.if_missed}")  # "ok and if they dont reply by then?"
    if found.exception_likely:
        lines.append(found.exception_likely)
    if found.kind == "advised":
        lines.append("This is guidance, not a legal limit.")
    lines.append(NOT_ADVICE)
    return "\n".join(lines)


# "ok and if they dont reply by then?", "what if they miss it": what to do if the council is late
_IF_NOT_BY_THEN = re.compile(r"\b(?:if|what\s+if|and\s+if)\s+(?:they|it|the\s+(?:council|la|school|caseworker))\s+(?:still\s+)?"
                             r"(?:don'?t|dont|doesn'?t|do\s+not|does\s+not|haven'?t|hasn'?t|won'?t|miss|misses|are\s+late|is\s+late)\b",
                             re.IGNORECASE)


# Deadlines that count from the Tribunal's order, or the council's notice that it will not oppose, once either is said.
COUNTED_FROM_THE_TRIBUNAL = ("tribunal_appeal", "assessment_decision", "no_plan_decision", "final_plan")


def appeal_made_reply(target: str, said: str, today: Optional[date] = None) -> Optional[str]:
    """For a question about the last day to appeal (or a step the appeal was about), when the appeal is
    already made or decided: what the council must do now (the Tribunal's order, an appeal not
    opposed), not the appeal window or a count from the first request."""
    if target not in COUNTED_FROM_THE_TRIBUNAL:
        return None
    today = today or today_in_england()
    if order_made(said):
        when = order_lines(said, today)
        return "\n".join(["You told me the Tribunal decided in your favour, so there is no appeal to make now. The "
                          "council must do what the Tribunal ordered, in set times.", when or "",
                          "If those dates have passed, write to the council's Director of Children's Services with "
                          "the date of the order. A person can help.", NOT_ADVICE]).replace("\n\n", "\n")
    conceded = conceded_lines(said, today)
    if conceded:
        return "\n".join([conceded, "A person can check the next step with you.", NOT_ADVICE])
    if target != "tribunal_appeal" or not _APPEALED.search(said or ""):
        return None
    return "\n".join(["You told me you have already appealed, so the last day to appeal no longer matters for this "
                      "decision. Keep every letter the Tribunal sends: it sets the dates for each side before the hearing. "
                      "If the council misses one of them, tell the Tribunal in writing. It can direct the council to act "
                      "(HESC Rules 2008, rule 5(2)).", "A person can check the next step with you.", NOT_ADVICE])


def appeal_after_booked_mediation(found: Deadline, known: Mapping[str, SaidEvent],
                                  today: Optional[date] = None) -> Optional[str]:
    """For an appeal with mediation still to come: the later last day a certificate would give.

    The certificate comes within 3 working days after the mediation ends, and the appeal may then be
    made within 1 month of it, when that is later. The day of the mediation is the earliest the
    certificate can be dated, so the date given is the safe one.
    """
    today = today or today_in_england()
    meeting, certificate = known.get("mediation_meeting"), known.get("mediation_certificate")
    if found.rule_id != "tribunal_appeal" or certificate is not None or meeting is None or not meeting.exact \
            or meeting.day is None or meeting.day < max(found.start, today):
        return None
    later = deadline_for("tribunal_appeal", KeyDates(decision_letter=found.start, mediation_certificate=meeting.day), today)
    if later is None or later.due <= found.due:
        return None
    return (f"Your mediation is on {long_date(meeting.day)}. If it does not settle things, the mediation adviser must "
            f"send you a certificate within 3 working days. You then have 1 month from the certificate, as that ends "
            f"later: at least until {long_date(later.due)}, for a certificate dated the day of the mediation. "
            f"Check the date on the certificate (SEND Regulations 2014, Part 2, Mediation; {later.source}).")


# "we lodged the appeal on 9th Sept", "we appealed Durham's refusal": the family's appeal is already made
_APPEALED = re.compile(r"\b(?:we|i|she|he|they)\s+(?:have\s+|had\s+|'ve\s+|'d\s+)?(?:already\s+)?appealed\b"
                       r"|\b(?:lodged|submitted|registered|filed|sent\s+(?:off|in))\s+(?:(?:the|our|my|an|his|her)\s+)?(?:tribunal\s+)?appeal\b"
                       r"|\bappeal\s+(?:was\s+|is\s+|has\s+been\s+|got\s+)?(?:lodged|submitted|registered|filed)"
                       r"|\b(?:our|my|the|his|her)\s+(?:tribunal\s+)?hearing\s+(?:is\s+(?:on|in|booked|listed|set)|date\s+is)\b", re.IGNORECASE)
_MEDIATION_SAID = re.compile(r"\bmediat\w*|\bcertificate\b", re.IGNORECASE)
MEDIATION_FIRST = ("Before you appeal, contact the mediation adviser named in the letter. You do not have to have "
                   "mediation: they must give you a certificate within 3 working days, and you send it with your appeal. "
                   "You do not need one to appeal only about the school named (SEND Regulations 2014, regulations 33 "
                   "and 34(1)).")
URGENT_DAYS = 7
MEDIATION_NOW = ("Your last day is very close, so contact the mediation adviser now, before it. Once you have the "
                 "certificate, you have 1 month from its date to appeal. A person can help you today.")
_ASKS_ABOUT_DRAFT = re.compile(r"\bdraft\b", re.IGNORECASE)
DRAFT_NOTE = ("The draft plan has no date of its own in law. It must come early enough for you to have at least "
              "15 days to comment before the final plan's date (SEND Regulations 2014, regulation 13(1)(a)).")


_MEDIATION_ASKED = re.compile(
    r"\b(?:want|wanted|asked\s+for|requested|request\w*|agreed\s+to|going\s+to|waiting\s+for|arrang\w+|book\w*)\s+(?:a\s+|the\s+)?mediation"
    r"|\bmediation\s+(?:is\s+|was\s+|has\s+been\s+)?(?:booked|arranged|requested|set\s+up|pending)|\b(?:rang|called|phoned|emailed|contacted)\s+the\s+mediation", re.IGNORECASE)
_ASKED_NO_CERTIFICATE = re.compile(r"^(?![\s\S]*certificate)[\s\S]*(?:" + _MEDIATION_ASKED.pattern + ")", re.IGNORECASE)
MEDIATION_ASKED_NOTE = ("You have asked for mediation. If you told the mediation adviser within 2 months of the letter, "
                        "the date above is not your last chance: you can appeal within 1 month of the certificate you "
                        "get after the mediation, when that is later. Keep the certificate and its date "
                        "(HESC Rules 2008, rule 20(1)(c)).")


def mediation_asked_on(said: str, today: Optional[date] = None) -> Optional[date]:
    """The day the family asked for mediation, when the message says so with a date in the same
    sentence ("I rang the mediation service on 25th nov"); not "last week", which is no day."""
    if not _MEDIATION_ASKED.search(said or ""):
        return None
    today = today or today_in_england()
    return next((day for day in days_said(said, today, _ASKED_NO_CERTIFICATE, with_digits=True) if day <= today), None)


def appeal_with_mediation_asked(found: Deadline, known: Mapping[str, SaidEvent], said: str,
                                today: Optional[date] = None) -> Optional[str]:
    """An appeal's last day when mediation was asked for in time and no certificate has come yet:
    1 month from the certificate, or 2 months from the letter if that is later (HESC Rules 2008,
    rule 20(1)(c)). The 2-month date alone would tell the family they are about to miss it."""
    certificate = known.get("mediation_certificate")
    if found.rule_id != "tribunal_appeal" or (certificate is not None and certificate.happened):
        return None  # "not heard a thing since": no certificate yet
    asked_on = mediation_asked_on(said, today)
    if asked_on is None or not (found.start <= asked_on <= found.due):
        return None
    return "\n".join([
        f"Last day to appeal: 1 month after the date on your mediation certificate (or {long_date(found.due)}, "
        f"if that is later).",
        f"You asked for mediation on {long_date(asked_on)}. That is within 2 months of the decision letter of "
        f"{long_date(found.start)}, so you have not missed it (SEND Regulations 2014, regulation 33; {found.source}).",
        "After the mediation, or if you decide not to go on with it, the mediation adviser sends you a certificate. "
        "Keep it and its date: you send it with your appeal.",
        "The council must arrange the mediation within 30 days of being told you want it. If it cannot, the "
        "mediation adviser must send you a certificate, so you can appeal without waiting (SEND Regulations 2014, "
        "Part 2, Mediation).",
        NOT_ADVICE])


_CEASE_PROPOSED = re.compile(r"\b(?:propos\w*|consider\w*|consult\w*|minded)\s+(?:to\s+|on\s+|about\s+)?(?:ceas\w*|stop\w*|end\w*)"
                             r"|\b(?:is\s+(?:that|this|it)|so\s+is\s+(?:that|this|it))\s+(?:the|a|their)\s+(?:final\s+)?decision\b", re.IGNORECASE)
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_VIEWS_BY = re.compile(r"^(?=[\s\S]*\bby\b)[\s\S]*\b(?:views|comments|representations|respon\w*|reply|feedback)\b", re.IGNORECASE)


def views_due(said: str, today: Optional[date] = None) -> Optional[date]:
    """The day a letter asks for the family's views by ("asks me to send my views by mon 30th nov")."""
    today = today or today_in_england()
    recent = [day for day in days_said(said, today, _VIEWS_BY) if day >= today - timedelta(days=31)]
    after_by = [day for day in days_said(said, today, _VIEWS_BY, _BY_BEFORE) if day in recent]  # not "a letter dated 16/11"
    return (after_by or recent or [None])[0]


def cease_proposal_lines(said: str, today: date, source: str = "HESC Rules 2008, rule 20(1)(c)") -> Optional[List[str]]:
    """What a letter that only proposes to stop the plan and asks for views means: not the decision
    yet (SEND Regulations 2014, regulation 31); the views' day it gives; the appeal from the decision
    that follows. None when the message quotes no such proposal."""
    if not _CEASE_PROPOSED.search(said or ""):
        return None
    due = views_due(said, today)
    if due is None and not re.search(r"\bdecision\b", said or "", re.IGNORECASE):
        return None
    lines = ["Not yet. A letter that proposes to stop the plan is the council asking for views first. It is not the "
             "decision (SEND Regulations 2014, regulation 31)."]
    if due is not None:
        when = days_away(due, today, "that date has passed, so send them now")
        lines.append(f"Send your views by {long_date(due)}, the date in the letter ({when}). Say why the plan is still "
                     f"needed: which outcomes are not met yet, and what help you would lose.")
    lines.append("If the council then decides to stop the plan, it must write to you again. You can appeal within 2 months "
                 "of that decision letter, and the plan stays in place while an appeal is decided "
                 f"(Children and Families Act 2014, section 45; {source}).")
    return lines


def cease_consultation_reply(found: Deadline, known: Mapping[str, SaidEvent], said: str,
                             today: Optional[date] = None) -> Optional[str]:
    """A letter that only proposes to stop the plan and asks for views, with an appeal's date asked
    for: the proposal's meaning, then the earliest last day counted from this letter, to be safe."""
    if found.rule_id != "tribunal_appeal" or "cease_notice" not in known:
        return None
    lines = cease_proposal_lines(said, today or today_in_england(), found.source)
    if lines is None:
        return None
    return "\n".join([*lines, f"To be safe, counting from this letter, the earliest last day would be {long_date(found.due)}.",
                      NOT_ADVICE])


# "it came on Tue 17th": the 15 days run from the day the council sent it, which may be earlier
_CAME = re.compile(r"\b(?:came|arrived|received|turned\s+up|got\s+(?:it|the\s+draft|the\s+proposed))\b", re.IGNORECASE)
_SENT_ON = re.compile(r"\b(?:dated|(?:was\s+)?sent\s+(?:on|it|out)|emailed\s+(?:on|it)|email\s+(?:was\s+)?sent)\b", re.IGNORECASE)
SENT_NOT_FOUND_NOTE = ("The 15 days count from the day the council sent it. If it came by email, check the date the "
                       "email was sent: it may be earlier than the day you found it.")


# "a letter came on Monday", "is it 2 months from when I got it?": the time counts from the letter's own date
_LETTER_CAME = re.compile(r"\b(?:letter|decision|it|email)\b[^.?!]{0,30}\b(?:came|arrived|turned\s+up|landed)\b"
                          r"|\b(?:got|received)\s+(?:it|the\s+letter|the\s+decision|a\s+letter|the\s+email)\b", re.IGNORECASE)
LETTER_DATE_QUESTION = ("What date is printed on the letter? The time counts from that date, not the day the letter "
                        "reached you. If it is earlier, your last day is earlier too. Tell me the date and I will work it out again.")
_LETTER_SENTENCE = re.compile(r"\b(?:letter|decision|refusal)\b", re.IGNORECASE)
_REQUEST_SENTENCE = re.compile(r"\b(?:request\w*|ehc\s*na|ehcna|appl(?:y|ied|ication))\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_NOT_DATED = re.compile(r"\b(?:isn'?t|is\s+not|wasn'?t|not)\s+dated\b|\bundated\b|\bno\s+date\b", re.IGNORECASE)


def counted_from_arrival(target: Optional[str], said: str) -> bool:
    """Whether an appeal's date was given only as the day the decision letter came ("a letter came on
    Monday", "is it 2 months from when I got it?"), with no sentence about the letter's own date
    (a request "emailed on the 4th" is another thing)."""
    if target not in ("tribunal_appeal", "mediation_contact") or not _LETTER_CAME.search(said or ""):
        return False
    return not any(_SENT_ON.search(part) and not _NOT_DATED.search(part) for part in _SENTENCE.findall(said or "")
                   if (_LETTER_SENTENCE.search(part) and not _REQUEST_SENTENCE.search(part))
                   or re.search(r"\bdated\b", part, re.IGNORECASE))


_INVITE = re.compile(r"\b(?:invite|invitation|invited|notice\s+of\s+the\s+(?:meeting|review))\b", re.IGNORECASE)
_INVITE_CAME = re.compile(r"\b(?:came|arrived|received|got\s+it|sent(?:\s+it)?|dated|on)\s*(?:on\s+)?(?:the\s+)?$", re.IGNORECASE)
NOTICE_DAYS = 14  # at least 2 weeks' notice of a review meeting, and its papers 2 weeks before it


def invite_line(said: str, known: Mapping[str, SaidEvent], today: date) -> Optional[str]:
    """"the invite email came 27th Nov" for a review on 10 Dec: how much notice that was, against the 2 weeks
    the law asks for (SEND Regulations 2014, regulation 20(3)); None without both dates."""
    meeting = known.get("review_meeting")
    if meeting is None or not meeting.exact or meeting.day is None:
        return None
    invited = [day for day in days_said(said or "", today, _INVITE, _INVITE_CAME) if day < meeting.day]
    if len(invited) != 1:
        return None
    notice = (meeting.day - invited[0]).days
    if notice >= NOTICE_DAYS:
        return (f"The invitation came on {long_date(invited[0])}, {notice} days before the meeting: that is the 2 weeks' "
                "notice the law asks for (SEND Regulations 2014, regulation 20(3)).")
    return (f"The invitation came on {long_date(invited[0])}, only {notice} days before the meeting. The law asks for at "
            "least 2 weeks' notice, and the reports at least 2 weeks before the meeting (SEND Regulations 2014, regulation "
            "20(3) and (4)). You can tell the school in writing, and ask for the reports now. If you ask to move the "
            "meeting, the review must still happen within 12 months of the last one.")


ANY_SENTENCE = re.compile("")  # every sentence, for days_said


def before_disclaimer(text: str, lines: Sequence[str]) -> str:
    """The reply with `lines` put just before its "I am not a lawyer" line (unchanged without either)."""
    if not lines or NOT_ADVICE not in text:
        return text
    return text.replace(NOT_ADVICE, "\n".join(lines) + "\n" + NOT_ADVICE, 1)


_RING_OR_EMAIL = re.compile(r"\b(?:ring|phone|call|e-?mail)\b", re.IGNORECASE)
RING_THEN_EMAIL = ("Ring if that is easier, then email the same day, so you have it in writing. Say what has happened, "
                   "what you are asking for, and by what date. Keep a copy.")


def deadline_notes(target: Optional[str], said: str) -> List[str]:
    """What the law adds to a deadline for what the message says: an appeal counted from a letter
    that only says the council intends to stop the plan (SEND Regulations 2014, regulation 31); an
    appeal with mediation asked for and no certificate yet; a question about the draft, answered
    with the final plan's date. And the day assumed for "the Monday after half term"."""
    notes: List[str] = []
    if target == "tribunal_appeal":
        pending = [MEDIATION_ASKED_NOTE] if _MEDIATION_ASKED.search(said or "") and "certificate" not in (said or "").lower() \
            and mediation_asked_on(said) is None else []  # with its day, the answer itself says so
        consulted = _CEASE_PROPOSED.search(said or "") and (views_due(said) or re.search(r"\bdecision\b", said or "", re.IGNORECASE))
        notes += ([] if consulted else concerns()["cease_plan"].notes_for(said)) + pending  # the answer itself says so
    if target == "final_plan" and any(_ASKS_ABOUT_DRAFT.search(part) for part in question_parts(said or "")):
        notes.append(DRAFT_NOTE)
    if target in ("draft_comments", "amendment_comments") and _CAME.search(said or "") and not _SENT_ON.search(said or ""):
        notes.append(SENT_NOT_FOUND_NOTE)
    assumed = assumed_half_term_note(said or "", today_in_england())
    return notes + ([assumed] if assumed else []) + notes_answering(said)


def notes_answering(said: str) -> List[str]:
    """The notes a message's own questions call for, and how to raise it when it asks ("do i ring or email
    the mediation ppl?", "Do I ring or email the Virtual School? And what do I say?")."""
    how = [RING_THEN_EMAIL] if asks_how_to_write(said or "") and _RING_OR_EMAIL.search(said or "") else []
    return reply_notes(said or "") + how


def transfer_lines(found: Sequence[TransferDeadline]) -> str:
    """The date the plan must name the next school or college by, and the September of the move."""
    lines = []
    for item in found:
        when = item.deadline.status_text()
        lines.append(f"Plan naming the {item.move}: by {long_date(item.deadline.due)} ({when}), "
                     f"for the move in September {item.deadline.due.year} ({item.deadline.source}).")
    return "\n".join(lines)


def missing_date_question(reply: TargetAnswer, known: Mapping[str, SaidEvent],
                          transfer: Sequence[TransferDeadline] = ()) -> str:
    """Ask for the one date the deadline needs, rather than guess it. A phase transfer is worked out
    from the child's school year when it is known (`transfer`), and otherwise explained."""
    if reply.target == "phase_transfer" and transfer:
        return f"{transfer_lines(transfer)}\n{_rule(transfer[0].deadline.rule_id)['if_missed']}\n{NOT_ADVICE}"
    if reply.target == "phase_transfer":
        return ("When a child moves from one school phase to the next, the council must finish the new plan "
                "before 15 February in the year of the move, so by 14 February. For a move to college it is "
                "by 30 March (SEND Regulations 2014, regulation 18). " + NOT_ADVICE)
    role = reply.missing_role or ""
    noun = ROLES[role].noun if role in ROLES else "that"
    title = _rule(reply.target)["title"]
    if reply.between is not None and role in known:
        return f"{range_lines(reply, known[role])}\n{NOT_ADVICE}"
    if reply.approximate and role in known and known[role].day is not None:
        when = f"{known[role].day:%B %Y}"
        return (f"You told me {noun} was around {when}. For \"{title}\" I need the exact day, because one day "
                f"can matter. Do you have the date on the letter or email?")
    waiting = _decision_awaited(reply, known)
    if waiting:
        return waiting
    question = DATE_QUESTIONS.get(role, f"What date was {noun}?")
    rule = _rule(reply.target)
    return (f"{rule['explanation']} ({rule['source']}.)\nTo work out your exact date I need one date. {question} "
            f"A date like 3 September is fine.")


# the council's decision still awaited, and what an appeal would then be against
_AWAITED_DECISIONS = {
    "review_decision": "its decision after the review: the final amended plan, or a letter saying it will not change the plan",
    "amended_plan": "the final amended plan",
    "assessment_agreed": "its decision on whether to assess. Only a refusal can be appealed",
    "final_plan": "the final plan, or a letter saying it will not issue one",
}


def _decision_awaited(reply: TargetAnswer, known: Mapping[str, SaidEvent]) -> Optional[str]:
    """"If they dont send it by the 17th, can I appeal?" while the council's decision has not come: there
    is nothing to appeal yet, so no decision letter's date is asked for."""
    if reply.target not in ("tribunal_appeal", "mediation_contact") or reply.missing_role != "decision_letter":
        return None
    if any(event.happened for role, event in known.items() if role in ROLES and ROLES[role].appealable):
        return None
    awaited = [role for role in _AWAITED_DECISIONS if role in known and not known[role].happened]
    if not awaited:
        return None
    return (f"There is nothing to appeal yet. You can appeal to the SEND Tribunal once the council sends "
            f"{_AWAITED_DECISIONS[awaited[0]]}. The 2 months to appeal count from that letter. If the council is late, "
            "write to it and ask for the decision by a date. Then you can complain to the council and the Local "
            "Government and Social Care Ombudsman. A solicitor can also say if a judicial review would help "
            "(Children and Families Act 2014, section 51(2); HESC Rules 2008, rule 20(1)(c)).")


def range_lines(reply: TargetAnswer, event: SaidEvent) -> str:
    """A deadline counted from a date known only to the month or season: by when at the latest (or,
    for the family's own time limit, the earliest day to be safe), and a request for the exact day."""
    earliest, latest = reply.between
    if event.precision == MONTH:
        when = f"in {event.day:%B %Y}"
    elif event.precision == WEEK:
        when = f"in the week of {long_date(event.day)}"
    elif event.precision == PART:
        when = f"at {part_of_month(event.day)}"
    else:
        last = span(event)[1]
        when = f"some time from {event.day:%B} to {last:%B %Y}" if event.day.year == last.year \
            else f"some time from {event.day:%B %Y} to {last:%B %Y}"
    told = f"You told me {ROLES[event.role].noun} was {when}."
    exact = f"If you have the exact date of {ROLES[event.role].noun}, tell me and I will give you the exact day."
    if latest.status in (OVERDUE, SHOULD_HAVE, PASSED):
        lines = [f"{latest.title}: by {long_date(latest.due)} at the latest.",
                 f"{told} I counted from the last day it could be ({latest.source}). {latest.explanation}"]
        if latest.status == OVERDUE:
            lines.append("Even counted that way, the date has passed and it has not happened, so it is late.")
        elif latest.status == SHOULD_HAVE:
            lines.append("Even counted that way, the date has passed, so it should have happened by then. Has it? "
                         "If not, it is late, and a person can help you chase it.")
        else:
            lines.append("Even counted that way, the date has passed. Sometimes a late appeal or claim is still "
                         "allowed, so talk to a person or your local SENDIASS soon.")
        if latest.status in (OVERDUE, SHOULD_HAVE):
            lines.append(f"What you can do: {latest.if_missed}")
        return "\n".join([*lines, exact])
    lines = [f"{latest.title}: between {long_date(earliest.due)} and {long_date(latest.due)}, "
             f"depending on the exact day.", f"{told} ({latest.source}.) {latest.explanation}"]
    if latest.owner == "family":
        lines.append(f"To be safe, treat {long_date(earliest.due)} as your last day"
                     + (", which has already passed: act now, and talk to a person or your local SENDIASS."
                        if earliest.status in (OVERDUE, SHOULD_HAVE, PASSED) else "."))
    return "\n".join([*lines, exact])


def person_button(deadlines: List[Deadline]) -> Dict[str, str]:
    """"Talk to a person"; a late deadline carries that reason to the officer."""
    if any(d.status in (OVERDUE, SHOULD_HAVE) for d in deadlines):
        return {"title": "Talk to a person", "payload": '/request_human{"handoff_reason": "overdue_deadline"}'}
    return {"title": "Talk to a person", "payload": "/request_human"}


def first_late(found: List[Deadline]) -> Optional[Deadline]:
    return next((d for d in found if d.status in (OVERDUE, SHOULD_HAVE)), None)


def planned_request_reply(found: PlannedRequest, today: date) -> str:
    """The dates a request still to be sent would start ("if I email it Friday when would they have to
    decide by?"): from the day the council would get it; a posted one from the day it arrives."""
    received = found.received if not found.by_post or found.arrival_given else add_working_days(found.sent, 1)
    due = {d.rule_id: d.due for d in timeline_deadlines({"request_sent": SaidEvent(role="request_sent", on=received.isoformat())}, today)}
    if found.by_post:
        lines = [f"A posted request counts from the day the council gets it, not the day you post it. If you post it on "
                 f"{long_date(found.sent)} and it arrives on {long_date(received)}:"]
    else:
        lines = [f"If you email your request on {long_date(found.sent)}, the council gets it that day. Then:"]
    lines += [f"\u2022 It must decide whether to assess by {long_date(due['assessment_decision'])} (6 weeks: SEND Regulations 2014, regulation 5(1))."
              if "assessment_decision" in due else "",
              f"\u2022 The final plan must come by {long_date(due['final_plan'])} (20 weeks: SEND Regulations 2014, regulation 13(2))."
              if "final_plan" in due else ""]
    lines.append("The Christmas holidays do not add time.")
    lines.append("Keep the proof of delivery. An email is quicker: it counts from the day you send it." if found.by_post
                 else "Send it in the daytime and keep the sent email, with its date.")
    return "\n".join([line for line in lines if line] + [NOT_ADVICE])


# "the email only came today", "the paper copy came Monday 23rd": the day a draft reached the family
_ARRIVED_JUST_BEFORE = re.compile(r"\b(?:came|arrived|received|turned\s+up|landed|got\s+it|in\s+the\s+post|through\s+the\s+door|thru(?:\s+the\s+door)?)"
                                  r"\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
_BY_EMAIL = re.compile(r"\be-?mail", re.IGNORECASE)
_BY_POST = re.compile(r"\b(?:post|paper|letter\s+box|envelope|through\s+the\s+door)\b", re.IGNORECASE)
ARRIVAL_WITHIN = 14  # a day this soon after the draft's own date is when a copy of it came


def arrival_lines(target: Optional[str], known: Mapping[str, SaidEvent], said: str, today: date) -> List[str]:
    """A draft dated one day that reached the family later, by email or post: the last day to comment
    counted from each, beside the safest one from its own date (S09, V05). Empty when nothing came later."""
    role = {"draft_comments": "draft_plan", "amendment_comments": "amendments_sent"}.get(target or "")
    served = known.get(role) if role else None
    if served is None or not served.exact or served.day is None:
        return []
    came = []
    for day, phrase in days_said_with_phrases(said or "", today, ANY_SENTENCE, _ARRIVED_JUST_BEFORE):
        if 0 < (day - served.day).days <= ARRIVAL_WITHIN and day <= today and day not in [d for d, _ in came]:
            at = (said or "").find(phrase)
            before = (said or "")[max(0, at - 60):at] if at >= 0 else ""
            how = "by email" if _BY_EMAIL.search(before) else "by post" if _BY_POST.search(before) else "to you"
            came.append((day, how))
    if not came:
        return []

    def due_from(day: date) -> Optional[date]:
        found = [d for d in timeline_deadlines({role: SaidEvent(role=role, on=day.isoformat())}, today) if d.rule_id == target]
        return found[0].due if found else None

    safest = due_from(served.day)
    if safest is None:
        return []
    what, regulation = ("The draft", "13(1)(a)") if target == "draft_comments" else ("The proposed changes", "22(2)(c)")
    lines = [f"{what} {'is' if target == 'draft_comments' else 'are'} dated {long_date(served.day)}, so the safest last day is "
             f"{long_date(safest)}. {'It' if target == 'draft_comments' else 'They'} reached you later:"]
    lines += [f"\u2022 {how} on {long_date(day)}: counted from then, {long_date(due)}." for day, how in sorted(came)
              if (due := due_from(day)) is not None]
    lines.append(f"The 15 days run from the day {what.lower()} {'was' if target == 'draft_comments' else 'were'} sent to you. "
                 f"If you cannot make the earlier day, ask the council in writing to confirm the later one "
                 f"(SEND Regulations 2014, regulation {regulation}).")
    return lines
