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


def _settings(**overrides):
    values = {"RASA_API_TOKEN": "r" * 32, "ACTION_SERVER_TOKEN": "a" * 32, "REST_CHANNEL_TOKEN": "c" * 32,
              "WIDGET_SESSION_SECRET": "w" * 32, "LINK_SECRET": "l" * 32,
              "CONSOLE_SECRET": "k" * 32, "TWILIO_AUTH_TOKEN": "t" * 32, "WHATSAPP_APP_SECRET": "h" * 32,
              "CASEWORK_DB_URL": "postgresql+psycopg2://casework:db-password@127.0.0.1:5433/casework",
              **overrides}
    return values, load_settings(environ=values, env_file=None)


@pytest.mark.parametrize("process, holds, never", [
    ("rasa", {"RASA_API_TOKEN", "ACTION_SERVER_TOKEN", "REST_CHANNEL_TOKEN", "WIDGET_SESSION_SECRET",
              "TWILIO_AUTH_TOKEN", "WHATSAPP_APP_SECRET", "CASEWORK_DB_URL"},
     {"LINK_SECRET", "CONSOLE_SECRET"}),
    ("actions", {"ACTION_SERVER_TOKEN", "LINK_SECRET", "CASEWORK_DB_URL"},
     {"RASA_API_TOKEN", "REST_CHANNEL_TOKEN", "WIDGET_SESSION_SECRET", "CONSOLE_SECRET", "TWILIO_AUTH_TOKEN",
      "WHATSAPP_APP_SECRET"}),
    ("web", {"RASA_API_TOKEN", "LINK_SECRET", "CONSOLE_SECRET", "CASEWORK_DB_URL"},
     {"ACTION_SERVER_TOKEN", "REST_CHANNEL_TOKEN", "WIDGET_SESSION_SECRET", "TWILIO_AUTH_TOKEN",
      "WHATSAPP_APP_SECRET"}),
])
def test_each_process_gets_only_its_own_secrets(process, holds, never):
    values, settings = _settings()
    env = settings.environment_for(process)
    held = {name for name in values if values[name] in env.values()}
    assert holds <= held
    assert not held & never


def test_the_shared_environment_holds_no_secret():
    values, settings = _settings()
    shared = settings.process_environment()
    assert not set(values.values()) & set(shared.values())
    assert shared["ACTION_HOST"] == "127.0.0.1", "the action server listens on loopback by default"


def test_the_supervisors_own_secrets_are_not_inherited():
    from bot.services import inherited_environment

    inherited = inherited_environment({"PATH": "/usr/bin", "RASA_API_TOKEN": "x", "TWILIO_AUTH_TOKEN": "y",
                                       "CASEWORK_DB_URL": "z", "ACTION_SERVER_TOKEN": "a", "LANG": "C.UTF-8",
                                       "SERVICE_API_TOKEN": "retired"})
    assert inherited == {"PATH": "/usr/bin", "LANG": "C.UTF-8"}


def test_no_secret_is_on_a_command_line():
    from bot.services import service_commands

    values, settings = _settings()
    for command in service_commands(settings):
        assert not set(values.values()) & set(command.argv), command.name
        assert "--auth-token" not in command.argv


def test_settings_from_the_environment_only_ignore_env(tmp_path):
    env = tmp_path / ".env"
    env.write_text("RASA_API_TOKEN=from-the-file-" + "x" * 20 + "\nACTION_SERVER_TOKEN=file-action-token\n")
    settings = load_settings(environ={"RASA_API_TOKEN": "r" * 32}, env_file=None)
    assert settings.rasa_api_token == "r" * 32
    assert settings.action_server_token != "file-action-token"


def test_init_env_writes_every_secret_readable_by_its_owner_only(tmp_path):
    import os

    from bot.settings import ENV_EXAMPLE, SECRET_KEYS

    env = tmp_path / ".env"
    old_umask = os.umask(0)
    try:
        assert write_env_file(env, ENV_EXAMPLE)
    finally:
        os.umask(old_umask)
    assert env.stat().st_mode & 0o777 == 0o600
    settings = load_settings(environ={}, env_file=env)
    values = {line.split("=", 1)[0]: line.split("=", 1)[1] for line in env.read_text().splitlines() if "=" in line
              and not line.startswith("#")}
    for key in SECRET_KEYS:
        assert len(values[key]) >= 32 and values[key] != "change-me", key
    assert settings.action_server_token == values["ACTION_SERVER_TOKEN"]
    assert settings.rest_channel_token == values["REST_CHANNEL_TOKEN"]
    assert settings.widget_session_secret == values["WIDGET_SESSION_SECRET"]


def test_an_env_made_before_the_new_secrets_gets_them_and_keeps_its_own(tmp_path):
    from bot.settings import complete_env_file

    env = tmp_path / ".env"
    env.write_text("# old checkout\nRASA_API_TOKEN=" + "o" * 32 + "\nLINK_SECRET=" + "l" * 32
                   + "\nWIDGET_SESSION_SECRET=change-me\nCONSOLE_SECRET=\nRASA_PORT=5005\n")
    env.chmod(0o644)
    added = complete_env_file(env)
    assert set(added) == {"WIDGET_SESSION_SECRET", "CONSOLE_SECRET", "ACTION_SERVER_TOKEN", "REST_CHANNEL_TOKEN"}
    assert env.stat().st_mode & 0o777 == 0o600
    first = load_settings(environ={}, env_file=env)
    assert first.rasa_api_token == "o" * 32 and first.link_secret == "l" * 32 and first.rasa_port == 5005
    assert complete_env_file(env) == [], "nothing more to add"
    again = load_settings(environ={}, env_file=env)
    assert (again.action_server_token, again.rest_channel_token, again.widget_session_secret,
            again.console_secret) == (first.action_server_token, first.rest_channel_token,
                                      first.widget_session_secret, first.console_secret)
    assert "change-me" not in env.read_text()


def test_every_secret_is_documented_in_the_example():
    from bot.settings import ENV_EXAMPLE, SECRET_KEYS

    keys = {line.split("=", 1)[0] for line in ENV_EXAMPLE.read_text().splitlines() if "=" in line
            and not line.startswith("#")}
    assert set(SECRET_KEYS) <= keys


def test_the_web_server_started_from_its_environment_sees_the_supervisors_settings():
    """`python -m bot web --environment-only` reads no .env: everything it uses must be passed."""
    _, settings = _settings(SOCKET_URL="https://chat.example.org", PUBLIC_URL="https://send.example.org",
                            RASA_URL="http://balancer:5005", SERVICE_HOURS="Mon-Thu 09:00-16:00", LOG_LEVEL="WARNING")
    web = load_settings(environ=settings.environment_for("web"), env_file=None)
    for name in ("public_url", "public_socket_url", "rasa_api_url", "casework_db_url", "console_secret",
                 "link_secret", "rasa_api_token", "log_level", "service_hours", "response_targets"):
        assert getattr(web, name) == getattr(settings, name), name


def test_the_tracker_cache_size_in_env_reaches_the_rasa_server():
    _, settings = _settings(TRACKER_CACHE_SIZE="500")
    assert settings.environment_for("rasa")["TRACKER_CACHE_SIZE"] == "500"
