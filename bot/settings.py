"""Settings read from the environment, with `.env` filling in what the environment lacks."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

from dotenv import dotenv_values

from bot import PROJECT_DIR

ENV_FILE = PROJECT_DIR / ".env"
ENV_EXAMPLE = PROJECT_DIR / ".env.example"
# Secrets `python -m bot init-env` generates (and appends to an older .env that lacks them).
SECRET_KEYS = ("RASA_API_TOKEN", "LINK_SECRET", "CONSOLE_SECRET", "ACTION_SERVER_TOKEN", "REST_CHANNEL_TOKEN",
               "WIDGET_SESSION_SECRET")
# Secrets no process uses any more (officers have their own API tokens now), never handed on.
RETIRED_SECRET_KEYS = ("SERVICE_API_TOKEN",)
# Passwords of the scale-out profile's stores, given to the Rasa servers only (bot/scale_out.py).
STORE_SECRET_KEYS = ("TRACKER_DB_PASSWORD", "REDIS_PASSWORD", "REDIS_URL")
CHANNEL_PREFIXES = ("TWILIO_", "WHATSAPP_")
# Which secrets each process of the service gets; no process gets one it does not use. The
# casework URL may carry a database password (scale-out), so it is handed out like a secret.
PROCESS_SECRETS: Dict[str, Tuple[str, ...]] = {
    "rasa": ("RASA_API_TOKEN", "ACTION_SERVER_TOKEN", "REST_CHANNEL_TOKEN", "WIDGET_SESSION_SECRET",
             "CASEWORK_DB_URL"),
    "actions": ("ACTION_SERVER_TOKEN", "LINK_SECRET", "CASEWORK_DB_URL"),
    "web": ("RASA_API_TOKEN", "CONSOLE_SECRET", "LINK_SECRET", "CASEWORK_DB_URL"),
}
# Processes that get the SMS and WhatsApp providers' settings (TWILIO_*, WHATSAPP_*).
CHANNEL_PROCESSES = ("rasa",)
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
    rasa_url: str = ""
    console_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    socket_url: str = ""
    # TWILIO_* and WHATSAPP_* settings, passed to the Rasa server for its channels.
    channel_settings: Dict[str, str] = field(default_factory=dict, repr=False)
    service_hours: str = "Mon-Fri 09:00-17:00"
    response_targets: str = "urgent=1,high=4,normal=8"
    # Rasa sends it to the action server, which refuses calls without it.
    action_server_token: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    # Where the action server listens: loopback unless it must be reached from another host.
    action_host: str = "127.0.0.1"
    # Where the Rasa server and the web server listen: loopback unless configured (a reverse proxy
    # or a public host in front of them).
    rasa_host: str = "127.0.0.1"
    web_host: str = "127.0.0.1"
    # Bearer token of the REST channel (an integration API), read by the Rasa server.
    rest_channel_token: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    # Signs the web widget's socket sessions, read by the Rasa server.
    widget_session_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    # Conversations the Rasa server keeps in memory (bot/tracker_store.py); empty: its default.
    tracker_cache_size: str = ""

    @property
    def public_socket_url(self) -> str:
        """Where a parent's browser reaches the assistant's socket channel (the web widget)."""
        return (self.socket_url or f"http://localhost:{self.rasa_port}").rstrip("/")

    @property
    def rasa_api_url(self) -> str:
        """Where our web server reaches the Rasa HTTP API (a load balancer in scale-out)."""
        return (self.rasa_url or f"http://localhost:{self.rasa_port}").rstrip("/")

    def secrets(self) -> Dict[str, str]:
        """Every secret by its variable name (PROCESS_SECRETS says who gets which)."""
        return {
            "RASA_API_TOKEN": self.rasa_api_token,
            "ACTION_SERVER_TOKEN": self.action_server_token,
            "REST_CHANNEL_TOKEN": self.rest_channel_token,
            "WIDGET_SESSION_SECRET": self.widget_session_secret,
            "LINK_SECRET": self.link_secret,
            "CONSOLE_SECRET": self.console_secret,
            "CASEWORK_DB_URL": self.casework_db_url,
        }

    def process_environment(self) -> Dict[str, str]:
        """Variables every process may read: no secrets (`environment_for` adds each one's own)."""
        return {
            "ACTION_SERVER_URL": self.action_server_url,
            "ACTION_HOST": self.action_host,
            "WEB_HOST": self.web_host,
            "TRACKER_DB": self.tracker_db,
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "LOG_LEVEL": self.log_level,
            "PUBLIC_URL": self.public_url,
            "POSTCODE_PROVIDER": self.postcode_provider,
            "POSTCODE_API_URL": self.postcode_api_url,
            "RASA_PORT": str(self.rasa_port),
            "RASA_URL": self.rasa_api_url,
            "SERVICE_HOURS": self.service_hours,
            "RESPONSE_TARGETS": self.response_targets,
            "SOCKET_URL": self.socket_url,
            **({"TRACKER_CACHE_SIZE": self.tracker_cache_size} if self.tracker_cache_size else {}),
        }

    def environment_for(self, process: str) -> Dict[str, str]:
        """The shared variables plus the secrets `process` (rasa, actions, web) needs, and no other."""
        every = self.secrets()
        env = {**self.process_environment(), **{k: every[k] for k in PROCESS_SECRETS[process]}}
        if process in CHANNEL_PROCESSES:
            env.update(self.channel_settings)
        return env


def is_secret_variable(name: str) -> bool:
    """True for a variable that carries a secret or a provider's setting (handed out per process)."""
    return (name in SECRET_KEYS + RETIRED_SECRET_KEYS + STORE_SECRET_KEYS or name.startswith(CHANNEL_PREFIXES)
            or any(name in names for names in PROCESS_SECRETS.values()))


def load_settings(environ: Optional[Mapping[str, str]] = None, env_file: Optional[Path] = ENV_FILE) -> Settings:
    """Settings from `environ` (default: the process environment) over the `.env` file (none:
    the environment only, as in a process `python -m bot run` started)."""
    values: Dict[str, str] = {}
    if env_file is not None:
        values = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
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
        rasa_url=values.get("RASA_URL", ""),
        # Encrypts the console's session cookies; without it in .env, sign-ins last until a restart.
        console_secret=_secret(values.get("CONSOLE_SECRET")),
        socket_url=values.get("SOCKET_URL", ""),
        channel_settings={k: v for k, v in values.items() if k.startswith(CHANNEL_PREFIXES)},
        service_hours=values.get("SERVICE_HOURS") or "Mon-Fri 09:00-17:00",
        response_targets=values.get("RESPONSE_TARGETS") or "urgent=1,high=4,normal=8",
        # Without these in .env (an old one: `python -m bot run` appends them), a restart changes them.
        action_server_token=_secret(values.get("ACTION_SERVER_TOKEN")),
        action_host=values.get("ACTION_HOST") or "127.0.0.1",
        rasa_host=values.get("RASA_HOST") or "127.0.0.1",
        web_host=values.get("WEB_HOST") or "127.0.0.1",
        rest_channel_token=_secret(values.get("REST_CHANNEL_TOKEN")),
        widget_session_secret=_secret(values.get("WIDGET_SESSION_SECRET")),
        tracker_cache_size=values.get("TRACKER_CACHE_SIZE", ""),
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
    """Create `.env` from `.env.example` with fresh random secrets, readable by its owner only
    from the start; False if it already exists."""
    lines = [_fresh(line) for line in example.read_text(encoding="utf-8").splitlines()]
    try:
        descriptor = os.open(env_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    os.chmod(env_file, 0o600)  # whatever the umask
    return True


def complete_env_file(env_file: Path = ENV_FILE) -> List[str]:
    """Give an existing `.env` each secret of SECRET_KEYS it lacks (absent, empty or the example's
    `change-me`) and make it readable by its owner only; the names of the secrets written."""
    if not env_file.exists():
        return []
    os.chmod(env_file, 0o600)
    lines = env_file.read_text(encoding="utf-8").splitlines()
    present = {line.split("=", 1)[0].strip(): i for i, line in enumerate(lines) if "=" in line
               and not line.lstrip().startswith("#")}
    written = []
    for key in SECRET_KEYS:
        index = present.get(key)
        if index is None:
            lines.append(_fresh(f"{key}="))
        elif _unset(lines[index].split("=", 1)[1]):
            lines[index] = _fresh(lines[index])
        else:
            continue
        written.append(key)
    if written:
        env_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


def _unset(value: str) -> bool:
    return value.strip().strip("'\"") in ("", "change-me")


def _fresh(line: str) -> str:
    """`line` with a fresh random value when it sets a secret of SECRET_KEYS."""
    key = line.split("=", 1)[0]
    return f"{key}={secrets.token_urlsafe(32)}" if key in SECRET_KEYS else line
