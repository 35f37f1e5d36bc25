"""Start the service's processes together, and stop them all together."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence

from bot import PROJECT_DIR
from bot.settings import Settings

VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class ServiceCommand:
    """One process of the service: a name for the logs and its command line."""

    name: str
    argv: Sequence[str]


def service_commands(settings: Settings) -> List[ServiceCommand]:
    """The action server, the Rasa server (REST channel, token-protected HTTP API) and our web server."""
    rasa = str(VENV_BIN / "rasa")
    return [
        ServiceCommand(
            "actions",
            [rasa, "run", "actions", "--actions", "actions", "--port", str(settings.action_port)],
        ),
        ServiceCommand(
            "rasa",
            [
                rasa, "run", "--model", settings.rasa_model, "--port", str(settings.rasa_port),
                "--enable-api", "--auth-token", settings.rasa_api_token,
                "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
            ],
        ),
        ServiceCommand("web", [sys.executable, "-m", "bot", "web", "--port", str(settings.web_port)]),
    ]


def start(commands: Sequence[ServiceCommand], env: Dict[str, str]) -> List[subprocess.Popen]:
    """Start every command in its own process group, from the project folder."""
    Path(PROJECT_DIR / "var").mkdir(exist_ok=True)
    merged = {**os.environ, **env}
    return [
        subprocess.Popen(list(c.argv), cwd=PROJECT_DIR, env=merged, start_new_session=True)
        for c in commands
    ]


def stop(processes: Sequence[subprocess.Popen], timeout: float = 10.0) -> None:
    """Ask every process group to stop, and kill what is still running after `timeout`."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class _StopRequested(Exception):
    """Raised by the signal handler when Ctrl-C (SIGINT) or SIGTERM arrives."""


def _request_stop(signum: int, frame: object) -> None:
    raise _StopRequested(signum)


def run_until_stopped(settings: Settings) -> int:
    """Run the whole service until Ctrl-C or SIGTERM, or until one process dies; then stop the rest."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _request_stop)
    processes = start(service_commands(settings), settings.process_environment())
    print(
        f"Starting: Rasa on http://localhost:{settings.rasa_port} "
        f"(REST channel /webhooks/rest/webhook), actions on port {settings.action_port}, "
        f"web on {settings.public_url} (officer console {settings.public_url}/console, "
        f"web widget demo {settings.public_url}/widget). "
        "Ctrl-C stops everything.",
        flush=True,
    )
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        return 1
    except _StopRequested:
        return 0
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        stop(processes)
