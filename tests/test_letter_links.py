"""Letter downloads: sealed, expiring links, and the .docx and .txt the web server returns for them
(through real HTTP); letter tokens never reach an access log (issue 21)."""
from __future__ import annotations

import io
import logging
from datetime import date

import docx
import pytest

from bot import log_redaction
from bot.links import LETTER_LIFETIME_S, letter_link, seal, sign, unseal
from knowledge.letters import LetterFacts, render
from knowledge.timeline import SaidEvent
from tests.test_calendar_links import SECRET, fetch

FACTS = LetterFacts(made_on=date(2026, 11, 27), council="Kent", child_name="Amira",
                    events=(SaidEvent(role="request_sent", on="2026-09-03"),))


def path_of(link: str) -> str:
    return link.replace("http://localhost:8080", "")


def test_a_sealed_token_round_trips_and_hides_what_it_holds() -> None:
    token = seal({"k": "chase_overdue", "f": FACTS.to_dict()}, SECRET)
    assert unseal(token, SECRET) == {"k": "chase_overdue", "f": FACTS.to_dict()}
    assert "Amira" not in token and "QW1pcm" not in token, "the child's name cannot be read from the link"
    assert unseal(token, "another-secret") is None


def test_a_changed_or_expired_token_is_refused() -> None:
    token = seal({"k": "chase_overdue"}, SECRET, now=1_000_000)
    assert unseal(token, SECRET, now=1_000_000 + LETTER_LIFETIME_S - 1) is not None
    assert unseal(token, SECRET, now=1_000_000 + LETTER_LIFETIME_S + 1) is None
    changed = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    assert unseal(changed, SECRET, now=1_000_000) is None
    assert unseal("", SECRET) is None and unseal("x" * 10_000, SECRET) is None
    assert unseal(sign({"k": "chase_overdue"}, SECRET), SECRET) is None, "a calendar signature is not a seal"


def test_the_web_server_serves_the_letter_as_a_word_file_with_the_same_text() -> None:
    expected = render("chase_overdue", FACTS)
    status, content_type, body = fetch(path_of(letter_link("http://localhost:8080", SECRET, "chase_overdue",
                                                           FACTS.to_dict(), "docx")))
    assert status == 200
    assert content_type.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    document = docx.Document(io.BytesIO(body))
    assert "\n\n".join(p.text for p in document.paragraphs) == expected.text
    assert "Thursday 15 October 2026" in expected.text, "the decision date counted from the request"


def test_the_web_server_serves_the_letter_as_plain_text() -> None:
    status, content_type, body = fetch(path_of(letter_link("http://localhost:8080", SECRET, "chase_overdue",
                                                           FACTS.to_dict(), "txt")))
    assert status == 200 and content_type.startswith("text/plain")
    assert body.decode("utf-8").strip() == render("chase_overdue", FACTS).text.strip()


@pytest.mark.parametrize("make_path", [
    lambda: "/letters/" + seal({"k": "chase_overdue", "f": FACTS.to_dict()}, "attacker") + ".docx",  # forged
    lambda: "/letters/" + seal({"k": "chase_overdue", "f": FACTS.to_dict()}, SECRET, now=1_000_000) + ".docx",  # expired
    lambda: "/letters/" + seal({"k": "no_such_letter", "f": FACTS.to_dict()}, SECRET) + ".txt",  # unknown letter
    lambda: "/letters/" + seal({"k": "chase_overdue", "f": {"made_on": "soon"}}, SECRET) + ".txt",  # malformed facts
    lambda: "/letters/" + seal({"k": "chase_overdue", "f": {"made_on": "2026-11-27", "events": [{"role": "x"}]}},
                               SECRET) + ".docx",  # an event role that does not exist
    lambda: "/letters/not-a-token.docx",
    lambda: "/letters/" + "a" * 5000 + ".txt",
])
def test_the_web_server_refuses_bad_letter_links_kindly(make_path) -> None:
    status, _, body = fetch(make_path())
    assert status == 404
    assert b"not valid or has expired" in body


def test_other_formats_are_not_served() -> None:
    token = seal({"k": "chase_overdue", "f": FACTS.to_dict()}, SECRET)
    status, _, _ = fetch(f"/letters/{token}.exe")
    assert status == 404


def test_letter_tokens_are_redacted_from_access_logs(caplog: pytest.LogCaptureFixture) -> None:
    log_redaction.install(["test.letters.access"])
    token = seal({"k": "chase_overdue"}, SECRET)
    with caplog.at_level(logging.INFO, logger="test.letters.access"):
        logging.getLogger("test.letters.access").info(f'127.0.0.1 "GET /letters/{token}.docx HTTP/1.1" 200')
    assert token not in caplog.text and "/letters/[redacted]" in caplog.text


def test_the_letter_page_shows_the_letter_escaped_with_both_downloads() -> None:
    from knowledge.letter_facts import facts_from_slots

    facts = facts_from_slots({"local_authority": "Kent"}, date(2026, 11, 27), child_name="Amira",
                             school='<script>alert(1)</script> Oak & Ash "Primary"')
    assert facts.school == 'script alert(1) /script Oak & Ash "Primary"', "no markup or gap marks in a fact"
    link = letter_link("http://localhost:8080", SECRET, "part_time_timetable", facts.to_dict(), "html")
    status, content_type, body = fetch(path_of(link))
    page = body.decode()
    assert status == 200 and content_type.startswith("text/html")
    assert "<script>alert" not in page and "Oak &amp; Ash &#34;Primary&#34;" in page
    token = path_of(link).split("/")[-1].rsplit(".", 1)[0]
    assert f"/letters/{token}.docx" in page and f"/letters/{token}.txt" in page


def test_a_sealed_payload_that_opens_too_large_is_refused() -> None:
    import zlib

    from bot.links import _sealer

    bomb = _sealer(SECRET).encrypt(zlib.compress(b'{"k":"' + b"a" * 200_000 + b'"}', 9)).decode().rstrip("=")
    assert unseal(bomb, SECRET) is None
