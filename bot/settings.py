"""Settings read from the environment, with `.env` filling in what the environment lacks."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Mapping, Optional

from dotenv import dotenv_values

from bot import PROJECT_DIR

ENV_FILE = PROJECT_DIR / ".env"
ENV_EXAMPLE = PROJECT_DIR / ".env.example"
SECRET_KEYS = ("RASA_API_TOKEN",)


@dataclass(frozen=True)
class Settings:
    """Everything the service needs to start."""

    rasa_api_token: str
    rasa_port: int
    action_port: int
    action_server_url: str
    tracker_db: str
    rasa_model: str
    log_level: str

    def process_environment(self) -> Dict[str, str]:
        """Variables the Rasa and action servers read (endpoints.yml expands them)."""
        return {
            "ACTION_SERVER_URL": self.action_server_url,
            "TRACKER_DB": self.tracker_db,
            "RASA_API_TOKEN": self.rasa_api_token,
            "TF_CPP_MIN_LOG_LEVEL": "3",
        }


def load_settings(environ: Optional[Mapping[str, str]] = None, env_file: Path = ENV_FILE) -> Settings:
    """Settings from `environ` (default: the process environment) over the `.env` file."""
    values: Dict[str, str] = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    values.update(os.environ if environ is None else environ)
    token = values.get("RASA_API_TOKEN", "")
    if not token or token == "change-me":
        raise SystemExit(
            "RASA_API_TOKEN is not set. Run `python -m bot init-env` or set it in .env: "
            "the Rasa HTTP API is never opened without a token."
        )
    action_port = int(values.get("ACTION_PORT", "5055"))
    return Settings(
        rasa_api_token=token,
        rasa_port=int(values.get("RASA_PORT", "5005")),
        action_port=action_port,
        action_server_url=values.get("ACTION_SERVER_URL", f"http://localhost:{action_port}/webhook"),
        tracker_db=values.get("TRACKER_DB", "var/tracker.db"),
        rasa_model=values.get("RASA_MODEL", "models/assistant.tar.gz"),
        log_level=values.get("LOG_LEVEL", "INFO"),
    )


def write_env_file(env_file: Path = ENV_FILE, example: Path = ENV_EXAMPLE) -> bool:
    """Create `.env` from `.env.example` with fresh random secrets; False if it already exists."""
    if env_file.exists():
        return False
    lines = []
    for line in example.read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0]
        if key in SECRET_KEYS:
            line = f"{key}={secrets.token_urlsafe(32)}"
        lines.append(line)
    env_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env_file.chmod(0o600)
    return True
