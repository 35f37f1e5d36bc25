"""Backups of the SQLite stores (issue 19): made online while the service runs, restored whole."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from bot.backup import BackupError, backup, counts, read_manifest, restore


def _stores(tmp_path: Path, service) -> object:
    return replace(service.settings, tracker_db=str(tmp_path / "restored" / "tracker.db"),
                   casework_db_url=f"sqlite:///{tmp_path / 'restored' / 'casework.db'}")


@pytest.mark.slow
def test_a_backup_made_while_the_service_runs_restores_every_conversation_and_case(service, tmp_path):
    for n in range(3):
        assert service.say(f"backup-parent-{n}", "hi, my son is 9 and we live in Leeds")
    folder = backup(service.settings, tmp_path / "backup")
    held = read_manifest(folder)
    assert held["tracker"]["counts"]["conversations"] >= 3 and held["casework"]["counts"]["cases"] >= 1
    assert oct(os.stat(folder).st_mode & 0o777) == "0o700"
    assert all(oct(os.stat(p).st_mode & 0o777) == "0o600" for p in folder.iterdir())

    elsewhere = _stores(tmp_path, service)
    restore(elsewhere, folder, supervision_pid_file=tmp_path / "no-supervisor.pid")
    assert counts("tracker", Path(elsewhere.tracker_db)) == held["tracker"]["counts"]
    assert counts("casework", tmp_path / "restored" / "casework.db") == held["casework"]["counts"]
    with sqlite3.connect(elsewhere.tracker_db) as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
    assert {f"rest:backup-parent-{n}" for n in range(3)} <= senders


def test_a_changed_backup_or_a_running_service_is_refused(tmp_path):
    from bot.settings import Settings

    source = tmp_path / "tracker.db"
    with sqlite3.connect(source) as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT)")
        db.execute("INSERT INTO events (sender_id) VALUES ('rest:a'), ('rest:b')")
    settings = Settings(rasa_api_token="t", rasa_port=1, action_port=2, action_server_url="http://127.0.0.1:2/webhook",
                        tracker_db=str(source), rasa_model="", log_level="INFO",
                        casework_db_url="postgresql://nobody@127.0.0.1:1/none")
    folder = backup(settings, tmp_path / "backup")
    assert read_manifest(folder)["tracker"]["counts"] == {"conversations": 2, "events": 2}
    running = tmp_path / "supervisord.pid"
    running.write_text(str(os.getpid()))
    with pytest.raises(BackupError, match="running"):
        restore(settings, folder, supervision_pid_file=running)
    with sqlite3.connect(folder / "tracker.db") as db:
        db.execute("INSERT INTO events (sender_id) VALUES ('rest:forged')")
    with pytest.raises(BackupError, match="changed"):
        restore(settings, folder, supervision_pid_file=tmp_path / "none.pid")
    with pytest.raises(BackupError, match="not empty"):
        backup(settings, folder)
