"""`python -m bot` commands for the casework store, run as a user would run them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot import PROJECT_DIR


def bot(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "RASA_API_TOKEN": "cli-test-token",
           "CASEWORK_DB_URL": f"sqlite:///{tmp_path / 'casework.db'}"}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_DIR, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_load_demo_export_and_reimport(tmp_path):
    assert bot(tmp_path, "db", "upgrade").returncode == 0
    loaded = bot(tmp_path, "demo", "load")
    assert loaded.returncode == 0 and "Imported 4 case(s)" in loaded.stdout
    case = json.loads(bot(tmp_path, "cases", "export", "SR-2026-0001").stdout)
    assert case["child_first_name"] == "Sam" and case["local_authority"] == "Leeds"
    assert bot(tmp_path, "cases", "export", "SR-2026-9999").returncode == 1
    again = bot(tmp_path, "demo", "load")
    assert again.returncode == 1 and "already in the store" in again.stderr


def test_a_bad_import_names_each_line_and_changes_nothing(tmp_path):
    csv_file = tmp_path / "cases.csv"
    csv_file.write_text("reference,parent_name,child_first_name,child_date_of_birth,local_authority,stage\n"
                        "SR-2026-0501,Fictional Parent,Ada,2016-01-02,Leeds,sen_support\n"
                        "SR-2026-0502,Fictional Parent,Bea,not-a-date,Leeds,sen_support\n")
    result = bot(tmp_path, "cases", "import", str(csv_file))
    assert result.returncode == 1
    assert "line 3: child_date_of_birth is not a date" in result.stderr
    assert "Nothing imported" in result.stderr
    assert bot(tmp_path, "cases", "export", "SR-2026-0501").returncode == 1


def test_an_officer_is_added_with_a_password_from_stdin(tmp_path):
    added = bot(tmp_path, "officer", "add", "amira", "--name", "Amira", "--password-stdin",
                stdin="a long enough passphrase\n")
    assert added.returncode == 0, added.stderr
    short = bot(tmp_path, "officer", "add", "ben", "--name", "Ben", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
