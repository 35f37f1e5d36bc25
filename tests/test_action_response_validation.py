"""The faster action-response check still accepts what Rasa accepts and rejects what it rejects."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import components.action_response_validation  # noqa: F401


def _action() -> RemoteAction:
    return RemoteAction("action_summarise_situation", None)


def test_a_valid_response_passes():
    result = {"events": [{"event": "slot", "name": "setting", "value": "primary"}],
              "responses": [{"text": "Hello"}]}
    assert _action()._validate_action_result(result) is True


def test_an_invalid_response_is_rejected_with_rasas_explanation():
    with pytest.raises(ValidationError) as rejected:
        _action()._validate_action_result({"events": "not a list"})
    assert "Failed to validate Action server response" in rejected.value.message
