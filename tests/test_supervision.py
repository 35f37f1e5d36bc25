"""Supervision of `make run` (issue 19): the restart policy, the crash rule and the health URLs.
The real supervisord runs in tests/test_services.py."""
from __future__ import annotations

import configparser
from pathlib import Path

from bot.health import action_server_health_url
from bot.supervision import CrashWindow, SupervisionPaths, parse_event, supervisor_config, supervised_command


def test_a_process_that_crashes_too_often_in_the_window_is_given_up():
    crashes = CrashWindow(limit=3, window=60)
    assert [crashes.record("actions", at) for at in (0, 10, 20)] == [False, False, True]
    assert crashes.record("rasa", 21) is False  # counted per process


def test_crashes_spread_out_over_time_keep_being_restarted():
    crashes = CrashWindow(limit=3, window=60)
    assert not any(crashes.record("actions", at) for at in (0, 50, 100, 150, 200))


def test_every_process_is_restarted_and_stopped_with_its_whole_group(tmp_path: Path):
    paths = SupervisionPaths(tmp_path / "supervisor", tmp_path / "log")
    text = supervisor_config({name: supervised_command(name) for name in ("actions", "rasa", "web")}, paths,
                             "per-run-password")
    config = configparser.RawConfigParser()
    config.read_string(text)
    for name in ("actions", "rasa", "web"):
        section = config[f"program:{name}"]
        assert section["command"].endswith(f"-m bot supervised {name}")
        assert section["autorestart"] == "true" and section["stopasgroup"] == "true"
        assert section["killasgroup"] == "true" and section["stdout_logfile"] == str(paths.logs / f"{name}.log")
    assert config["eventlistener:crashwatch"]["events"] == "PROCESS_STATE_EXITED"
    assert config["unix_http_server"]["chmod"] == "0700"
    assert config["unix_http_server"]["password"] == config["supervisorctl"]["password"] == "per-run-password"
    assert "SECRET" not in text and "TOKEN" not in text  # secrets stay in the environment


def test_supervisord_events_are_read_as_fields():
    assert parse_event("processname:actions groupname:actions from_state:RUNNING expected:0 pid:42") == {
        "processname": "actions", "groupname": "actions", "from_state": "RUNNING", "expected": "0", "pid": "42"}


def test_the_action_server_health_url_comes_from_its_webhook_url():
    assert action_server_health_url("http://127.0.0.1:5055/webhook") == "http://127.0.0.1:5055/health"
    assert action_server_health_url("http://actions:5055/") == "http://actions:5055/health"
