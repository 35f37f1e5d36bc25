"""Shared fixtures: the trained model, free ports, and the real Rasa and action servers."""
from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

from bot import PROJECT_DIR
from bot.services import VENV_BIN, service_commands, start, stop
from bot.settings import Settings

MODEL = PROJECT_DIR / "models" / "assistant.tar.gz"


def free_port() -> int:
    """A TCP port nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 180.0) -> None:
    """Wait until `url` answers 200, or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {timeout:.0f}s")


@dataclass
class RunningService:
    """The real servers started for a test session, and how to talk to them."""

    settings: Settings
    tmp: Path

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.rasa_port}"

    def say(self, sender: str, text: str) -> List[Dict]:
        """Send one message through the REST channel and return the bot's replies."""
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook", data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def endpoints_file(self) -> Path:
        """An endpoints file for `rasa test` that points at this action server."""
        path = self.tmp / "endpoints.yml"
        path.write_text(f'action_endpoint:\n  url: "{self.settings.action_server_url}"\n')
        return path


@pytest.fixture(scope="session")
def trained_model() -> Path:
    if not MODEL.exists():
        pytest.fail("No trained model: run `make test`, which trains it first.")
    return MODEL


@pytest.fixture(scope="session")
def service(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    """The Rasa server and action server, started as `make run` starts them, on free ports."""
    tmp = tmp_path_factory.mktemp("service")
    action_port, web_port = free_port(), free_port()
    settings = Settings(
        web_port=web_port,
        public_url=f"http://127.0.0.1:{web_port}",
        rasa_api_token="test-token-" + str(action_port),
        rasa_port=free_port(),
        action_port=action_port,
        action_server_url=f"http://127.0.0.1:{action_port}/webhook",
        tracker_db=str(tmp / "tracker.db"),
        rasa_model=str(trained_model),
        log_level="INFO",
    )
    processes = start(service_commands(settings), settings.process_environment())
    try:
        wait_for(f"http://127.0.0.1:{settings.action_port}/health")
        wait_for(f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/")
        wait_for(f"{settings.public_url}/health")
        yield RunningService(settings, tmp)
    finally:
        stop(processes)


def rasa_command(*args: str) -> List[str]:
    """A `rasa` command line from this virtual environment."""
    return [str(VENV_BIN / "rasa"), *args]


def run_rasa(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run a rasa command in the project folder and capture its output."""
    return subprocess.run(
        rasa_command(*args), cwd=PROJECT_DIR, capture_output=True, text=True, timeout=timeout,
        env={**__import__("os").environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )


