"""Settings come from the environment and .env; the API never opens without a token."""
import pytest

from bot.settings import load_settings, write_env_file


def test_no_token_means_no_start(tmp_path):
    with pytest.raises(SystemExit) as stopped:
        load_settings(environ={}, env_file=tmp_path / "missing.env")
    assert "RASA_API_TOKEN" in str(stopped.value)


def test_init_env_writes_fresh_secrets_once(tmp_path):
    example = tmp_path / ".env.example"
    example.write_text("RASA_API_TOKEN=change-me\nRASA_PORT=5005\n")
    env = tmp_path / ".env"
    assert write_env_file(env, example) is True
    first = env.read_text()
    assert "change-me" not in first and "RASA_PORT=5005" in first
    assert write_env_file(env, example) is False
    assert env.read_text() == first
    settings = load_settings(environ={}, env_file=env)
    assert len(settings.rasa_api_token) >= 32 and settings.rasa_port == 5005
