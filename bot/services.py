"""The service's processes (what each runs, with which secrets), and starting and stopping them together.

`make run` and the scale-out profile supervise them with supervisord (bot/supervision.py,
bot/scale_out.py); tests and benchmarks start and stop them with `start` and `stop`."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence

from bot import PROJECT_DIR
from bot.settings import Settings, is_secret_variable

VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class ServiceCommand:
    """One process of the service: a name for the logs, its command line (never a secret) and
    the environment it gets on top of the shared one (its own secrets)."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict, repr=False)


def action_server_argv(host: str, port: int) -> List[str]:
    """Our action server (bot/action_server.py); its secret comes from the environment."""
    return [sys.executable, "-m", "bot", "actions", "--host", host, "--port", str(port)]


def rasa_server_argv(model: str, port: int, endpoints: str, host: str = "127.0.0.1") -> List[str]:
    """Rasa's server with the REST channel and its HTTP API, on `host` (loopback by default); the
    API token comes from the environment (bot/rasa_server.py), never from this command line."""
    return [sys.executable, "-m", "bot", "rasa", "run", "--model", model, "--interface", host, "--port", str(port),
            "--enable-api", "--endpoints", endpoints, "--credentials", "credentials.yml"]


def web_argv(port: int) -> List[str]:
    """Our web server, with its settings from the environment only (it never reads .env)."""
    return [sys.executable, "-m", "bot", "web", "--port", str(port), "--environment-only"]


def service_commands(settings: Settings) -> List[ServiceCommand]:
    """The action server, the Rasa server (REST channel, token-protected HTTP API) and our web
    server, each with only the secrets it needs."""
    return [
        ServiceCommand("actions", action_server_argv(settings.action_host, settings.action_port),
                       settings.environment_for("actions")),
        ServiceCommand("rasa", rasa_server_argv(settings.rasa_model, settings.rasa_port, "endpoints.yml",
                                                settings.rasa_host),
                       settings.environment_for("rasa")),
        ServiceCommand("web", web_argv(settings.web_port), settings.environment_for("web")),
    ]


def inherited_environment(environ: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """This process's environment without any secret, which children get only as they need it."""
    source = os.environ if environ is None else environ
    return {k: v for k, v in source.items() if not is_secret_variable(k)}


def start(commands: Sequence[ServiceCommand], env: Optional[Mapping[str, str]] = None) -> List[subprocess.Popen]:
    """Start every command in its own process group, from the project folder, with the
    inherited environment (no secrets), `env` (shared, no secrets) and the command's own."""
    Path(PROJECT_DIR / "var").mkdir(exist_ok=True)
    shared = {**inherited_environment(), **(env or {})}
    return [
        subprocess.Popen(list(c.argv), cwd=PROJECT_DIR, env={**shared, **c.env}, start_new_session=True)
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
