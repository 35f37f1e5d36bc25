"""Conversation tests: `rasa test core` on tests/test_stories.yml, with the real action server."""
import json

import pytest

from bot import PROJECT_DIR
from tests.conftest import run_rasa


@pytest.mark.slow
def test_every_conversation_story_passes(service, trained_model, tmp_path):
    result = run_rasa(
        "test", "core", "--model", str(trained_model),
        "--stories", str(PROJECT_DIR / "tests" / "test_stories.yml"),
        "--endpoints", str(service.endpoints_file()), "--out", str(tmp_path), "--no-plot",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    failed = (tmp_path / "failed_test_stories.yml").read_text()
    assert "story:" not in failed, failed
    report = json.loads((tmp_path / "story_report.json").read_text())
    assert report["conversation_accuracy"]["accuracy"] == 1.0
