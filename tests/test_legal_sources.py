"""Keeping the law right: every rule, exception, next step, concern and FAQ answer names its provisions,
every provision is listed in knowledge/LEGAL.md with an address and a recent check, and every
rule says explicitly how its words count (issue 15)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Dict, Iterator, List, Tuple

import pytest
import yaml

from bot import PROJECT_DIR
from knowledge.deadlines import COUNTS, count_of, timescales

LEGAL = PROJECT_DIR / "knowledge" / "LEGAL.md"
MAX_AGE = timedelta(days=365)
STATUSES = {"checked", "recalled", "open"}
# A sub-paragraph ("5(4)(a)", "26B(2)", "85(2) and (6)"), a Code paragraph ("9.74"), a regulation
# without paragraphs ("33"), a run of whole regulations ("19 to 21"), or a law report citation.
PARAGRAPH_LEVEL = re.compile(r"^\d+[A-Z]{0,3}\(\d+[A-Z]{0,2}\)|^\d+\.\d+$|^\d+$|^\d+ to \d+$|^\[\d{4}\] [A-Z]+ \d+$")


@dataclass(frozen=True)
class Provision:
    id: str
    instrument: str
    pin: str
    url: str
    status: str
    checked: date
    checked_by: str


def table_rows(heading: str) -> Iterator[List[str]]:
    """The cells of each body row of the first table under a `## heading` in LEGAL.md."""
    section = LEGAL.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].startswith("`"):
            yield [cell.strip("`") for cell in cells]


def provisions() -> Dict[str, Provision]:
    found = {}
    for cells in table_rows("Provisions"):
        pid, instrument, pin, url, _what, status, checked, checked_by = cells
        found[pid] = Provision(pid, instrument, pin, url, status, date.fromisoformat(checked), checked_by)
    return found


def answers() -> Dict[str, List[str]]:
    return {cells[0]: [p.strip() for p in cells[1].split(",")] for cells in table_rows("Answers")}


def faq_texts() -> Dict[str, str]:
    responses = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))["responses"]
    return {name: variants[0]["text"] for name, variants in responses.items() if name.startswith("utter_faq/")}


def cited(text: str, provision: Provision) -> bool:
    """The provision's instrument and its pin both appear in the text (the pin as a whole number)."""
    pin = re.compile(r"(?<![\w.(])" + re.escape(provision.pin) + r"(?![\w(])")
    return provision.instrument in text and bool(pin.search(text))


def stale(checked: date, today: date) -> bool:
    return today - checked > MAX_AGE


def sourced_items() -> Iterator[Tuple[str, dict]]:
    """Every rule, exception and next step that states the law: (name, item)."""
    data = timescales()
    for rule in data["rules"]:
        yield f"rule {rule['id']}", rule
    for key, exception in data["exceptions"].items():
        yield f"exception {key}", exception
    steps = yaml.safe_load((PROJECT_DIR / "knowledge" / "next_steps.yml").read_text(encoding="utf-8"))
    for stage, items in steps.items():
        for number, item in enumerate(items):
            yield f"next step {stage}#{number}", item
    concerns = yaml.safe_load((PROJECT_DIR / "knowledge" / "concerns.yml").read_text(encoding="utf-8"))
    for key, item in concerns.items():
        yield f"concern {key}", item
        if item.get("young_person"):  # said to a young person: its own source where the law differs
            yield f"concern {key} (young person)", {**item, **item["young_person"]}
        for number, variant in enumerate(item.get("when_said") or ()):  # said when the message has its words
            yield f"concern {key} as said {number}", {**item, **variant}
        for number, note in enumerate(item.get("notes") or ()):  # said when the message raises its point
            yield f"concern {key} note {number}", note
    notes = yaml.safe_load((PROJECT_DIR / "knowledge" / "reply_notes.yml").read_text(encoding="utf-8"))
    for key, item in notes.items():
        yield f"reply note {key}", item


ITEMS = dict(sourced_items())


def test_legal_md_lists_provisions_with_an_address_a_status_and_who_checked() -> None:
    listed = provisions()
    assert len(listed) > 40
    for provision in listed.values():
        assert provision.url.startswith("https://"), provision.id
        assert provision.status in STATUSES, provision.id
        assert provision.checked_by, provision.id
        if provision.status != "open":
            assert PARAGRAPH_LEVEL.search(provision.pin), f"{provision.id}: {provision.pin!r} is not a paragraph"


def test_open_provisions_are_named_under_open_items() -> None:
    section = LEGAL.read_text(encoding="utf-8").split("## Open items\n", 1)[1].split("\n## ", 1)[0]
    for provision in provisions().values():
        if provision.status == "open":
            assert f"`{provision.id}`" in section, provision.id


def test_no_provision_was_checked_more_than_12_months_ago() -> None:
    old = [p.id for p in provisions().values() if stale(p.checked, date.today())]
    assert old == [], f"re-check these against the law (see 'How to re-check' in LEGAL.md): {old}"


def test_the_age_check_fails_at_12_months_and_a_day() -> None:
    assert not stale(date(2026, 11, 26), date(2027, 11, 26))
    assert stale(date(2026, 11, 26), date(2027, 11, 27))


@pytest.mark.parametrize("name", sorted(ITEMS))
def test_every_rule_exception_and_next_step_names_listed_provisions_in_its_source(name: str) -> None:
    item, listed = ITEMS[name], provisions()
    assert item.get("source") and item.get("provisions"), f"{name}: no source or no provisions"
    for pid in item["provisions"]:
        assert pid in listed, f"{name}: {pid} is not in LEGAL.md"
        assert cited(item["source"], listed[pid]), f"{name}: source does not name {listed[pid].pin}"
    needs_url = not name.startswith("exception") and " note " not in name  # exceptions and notes live under a rule's
    if "url" in item or needs_url:
        assert item["url"] in {listed[pid].url for pid in item["provisions"]}, f"{name}: url is not one of its provisions'"


@pytest.mark.parametrize("name", sorted(faq_texts()))
def test_every_faq_answer_names_its_provisions_and_links_to_one(name: str) -> None:
    text, listed, mapping = faq_texts()[name], provisions(), answers()
    assert name in mapping, f"{name} is not in LEGAL.md 'Answers'"
    assert "Source:" in text and re.search(r"https://\S+", text), name
    if mapping[name] == ["signpost"]:
        return
    for pid in mapping[name]:
        assert pid in listed, f"{name}: {pid} is not in LEGAL.md"
        assert cited(text, listed[pid]), f"{name}: does not name {listed[pid].instrument} {listed[pid].pin}"
    assert any(listed[pid].url in text for pid in mapping[name]), f"{name}: no link to its law"


@pytest.mark.parametrize("rule", timescales()["rules"], ids=lambda rule: rule["id"])
def test_every_rule_says_how_its_words_count(rule: dict) -> None:
    count, words = count_of(rule), rule["words"].lower()
    assert count in COUNTS
    if count == "beginning_with":
        assert "beginning with" in words or "starting with" in words, rule["id"]
    elif count == "before_date":
        assert "before" in words and "fixed" in rule, rule["id"]
    elif count == "at_least_before":
        assert "at least" in words and "before" in words, rule["id"]
    else:
        assert "within" in words or "every" in words, rule["id"]
        assert "beginning with" not in words and "starting with" not in words, rule["id"]


def test_a_rule_without_a_count_is_refused() -> None:
    with pytest.raises(ValueError):
        count_of({"id": "made_up", "weeks": 6})
