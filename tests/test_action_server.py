"""The action server's secret check and the Rasa wrapper's command line, as pure functions; the
running servers are tested in tests/test_secrets_service.py."""
import pytest

from bot.action_server import authorized, create_app
from bot.rasa_server import rasa_argv

TOKEN = "a" * 43


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", f"Basic {TOKEN}", f"Bearer {TOKEN}x",
                                    f"Bearer {TOKEN[:-1]}", TOKEN, f"Bearer  {'b' * 43}"])
def test_anything_but_the_token_is_refused(header):
    assert not authorized(header, TOKEN)


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}", f"bearer {TOKEN}", f"  Bearer {TOKEN} "])
def test_the_token_is_accepted(header):
    assert authorized(header, TOKEN)


def test_no_configured_token_accepts_nobody():
    assert not authorized("Bearer ", "")
    with pytest.raises(ValueError):
        create_app("")


def test_the_rasa_token_goes_to_rasa_in_memory_and_never_comes_from_argv():
    assert rasa_argv(["run", "--enable-api"], "t0k") == ["rasa", "run", "--enable-api", "--auth-token", "t0k"]
    assert rasa_argv(["data", "validate"], "t0k") == ["rasa", "data", "validate"], "only `run` serves the API"
    with pytest.raises(ValueError):
        rasa_argv(["run", "--auth-token", "other"], "t0k")
