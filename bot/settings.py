"""Settings read from the environment, with `.env` filling in what the environment lacks."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Mapping, Optional

from dotenv import dotenv_values

from bot import PROJECT_DIR

ENV_FILE = PROJECT_DIR / ".env"
ENV_EXAMPLE = PROJECT_DIR / ".env.example"
SECRET_KEYS = ("RASA_API_TOKEN", "LINK_SECRET", "SERVICE_API_TOKEN", "CONSOLE_SECRET")
CHANNEL_PREFIXES = ("TWILIO_", "WHATSAPP_")
DEFAULT_CASEWORK_URL = f"sqlite:///{PROJECT_DIR / 'var' / 'casework.db'}"


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
    web_port: int = 8080
    public_url: str = "http://localhost:8080"
    link_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    postcode_provider: str = "offline"
    postcode_api_url: str = ""
    casework_db_url: str = DEFAULT_CASEWORK_URL
    service_api_token: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    rasa_url: str = ""
    console_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    socket_url: str = ""
    # TWILIO_* and WHATSAPP_* settings, passed to the Rasa server for its channels.
    channel_settings: Dict[str, str] = field(default_factory=dict, repr=False)
    service_hours: str = "Mon-Fri 09:00-17:00"
    response_targets: str = "urgent=1,high=4,normal=8"

    @property
    def public_socket_url(self) -> str:
        """Where a parent's browser reaches the assistant's socket channel (the web widget)."""
        return (self.socket_url or f"http://localhost:{self.rasa_port}").rstrip("/")

    @property
    def rasa_api_url(self) -> str:
        """Where our web server reaches the Rasa HTTP API (a load balancer in scale-out)."""
        return (self.rasa_url or f"http://localhost:{self.rasa_port}").rstrip("/")

    def process_environment(self) -> Dict[str, str]:
        """Variables the Rasa and action servers read (endpoints.yml expands them)."""
        return {
            "ACTION_SERVER_URL": self.action_server_url,
            "TRACKER_DB": self.tracker_db,
            "RASA_API_TOKEN": self.rasa_api_token,
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PUBLIC_URL": self.public_url,
            "LINK_SECRET": self.link_secret,
            "POSTCODE_PROVIDER": self.postcode_provider,
            "POSTCODE_API_URL": self.postcode_api_url,
            "CASEWORK_DB_URL": self.casework_db_url,
            "SERVICE_API_TOKEN": self.service_api_token,
            "CONSOLE_SECRET": self.console_secret,
            **self.channel_settings,
            "RASA_PORT": str(self.rasa_port),
            "RASA_URL": self.rasa_api_url,
            "SERVICE_HOURS": self.service_hours,
            "RESPONSE_TARGETS": self.response_targets,
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
    _check_service_level(values)
    return Settings(
        rasa_api_token=token,
        rasa_port=int(values.get("RASA_PORT", "5005")),
        action_port=action_port,
        action_server_url=values.get("ACTION_SERVER_URL", f"http://localhost:{action_port}/webhook"),
        tracker_db=values.get("TRACKER_DB", "var/tracker.db"),
        rasa_model=values.get("RASA_MODEL", "models/assistant.tar.gz"),
        log_level=values.get("LOG_LEVEL", "INFO"),
        web_port=int(values.get("WEB_PORT", "8080")),
        public_url=values.get("PUBLIC_URL", "http://localhost:8080").rstrip("/"),
        # Without a LINK_SECRET in .env, links (e.g. calendar files) last until the next restart.
        link_secret=_secret(values.get("LINK_SECRET")),
        postcode_provider=values.get("POSTCODE_PROVIDER", "offline"),
        postcode_api_url=values.get("POSTCODE_API_URL", ""),
        casework_db_url=casework_url(values.get("CASEWORK_DB_URL", "")),
        # Without a SERVICE_API_TOKEN in .env, the service API's token lasts until the next restart.
        service_api_token=_secret(values.get("SERVICE_API_TOKEN")),
        rasa_url=values.get("RASA_URL", ""),
        # Encrypts the console's session cookies; without it in .env, sign-ins last until a restart.
        console_secret=_secret(values.get("CONSOLE_SECRET")),
        socket_url=values.get("SOCKET_URL", ""),
        channel_settings={k: v for k, v in values.items() if k.startswith(CHANNEL_PREFIXES)},
        service_hours=values.get("SERVICE_HOURS") or "Mon-Fri 09:00-17:00",
        response_targets=values.get("RESPONSE_TARGETS") or "urgent=1,high=4,normal=8",
    )


def _check_service_level(values: Mapping[str, str]) -> None:
    from bot.escalation.service_level import ServiceLevel

    try:
        ServiceLevel.from_environment(values)
    except (ValueError, IndexError) as error:
        raise SystemExit(
            f"SERVICE_HOURS or RESPONSE_TARGETS is not valid ({error}). "
            "Write them like: SERVICE_HOURS=Mon-Fri 09:00-17:00 and RESPONSE_TARGETS=urgent=1,high=4,normal=8"
        )


def casework_url(value: str) -> str:
    """The casework database URL; a relative SQLite path is taken from the project folder."""
    if not value:
        return DEFAULT_CASEWORK_URL
    if value.startswith("sqlite:///") and not value.startswith("sqlite:////"):
        return f"sqlite:///{PROJECT_DIR / value[len('sqlite:///'):]}"
    return value


def _secret(value: Optional[str]) -> str:
    """A configured secret, or a fresh random one when it is unset or still the example's."""
    return value if value and value != "change-me" else secrets.token_urlsafe(32)


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
