"""Shared fixtures: the trained model, free ports, and the real Rasa and action servers."""
from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

from bot import PROJECT_DIR
from bot.pg_cluster import PostgresCluster
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
    tokens: Dict[str, str] = field(default_factory=dict)
    acknowledged: Dict[str, int] = field(default_factory=dict)  # sender -> highest pending_id received

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.rasa_port}"

    @property
    def rest_auth(self) -> Dict[str, str]:
        """The REST channel's bearer token (it is an integration API: nothing without it)."""
        return {"Authorization": f"Bearer {self.settings.rest_channel_token}"}

    def say(self, sender: str, text: str) -> List[Dict]:
        """Send one message through the REST channel and return the bot's replies."""
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook", data=body,
            headers={"Content-Type": "application/json", **self.rest_auth},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def pending(self, sender: str, wait: float = 10) -> List[Dict]:
        """Messages the bot sent this REST conversation unasked (an officer's, a hand-back), not
        received before: each call acknowledges what the last one received, as a client does."""
        ack = self.acknowledged.get(sender, 0)
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/pending?sender={sender}&wait={wait}&ack={ack}", headers=self.rest_auth)
        with urllib.request.urlopen(request, timeout=wait + 10) as response:
            messages = json.loads(response.read())
        if messages:
            self.acknowledged[sender] = max(m["pending_id"] for m in messages)
        return messages

    def new_case(self, phone: str = "", first_name: str = "Robin") -> "tuple[str, str]":
        """A fresh fictional case of the test's own, with a random reference: (reference, date of
        birth as a parent types it). Tests that try wrong details use one, so the slowing-down of
        repeated failures on a reference never reaches another test's case."""
        from datetime import date

        from bot.casework.case_io import import_records, parse_rows

        row = {"reference": "", "parent_name": "Pat Fictional", "phone": phone, "email": "",
               "child_first_name": first_name, "child_date_of_birth": "2017-03-09",
               "local_authority": "Leeds", "stage": "assessment_requested", "request_date": "2026-09-03"}
        records, errors = parse_rows([row], date.today())
        assert errors == [], errors
        assert import_records(self.settings.casework_db_url, records, actor="test").imported == 1
        return records[0].reference, "09/03/2017"

    def officer_token(self, officer: str) -> str:
        """The officer's own service-API token (made once, as `officer token create` makes it)."""
        from bot.casework.officer_tokens import create_token

        if officer not in self.tokens:
            self.tokens[officer] = create_token(self.settings.casework_db_url, officer, "tests").token
        return self.tokens[officer]

    def api(self, officer: str, method: str, path: str, body: object = None) -> Dict:
        """Call the escalation service API as an officer, with that officer's own token."""
        request = urllib.request.Request(
            f"{self.settings.public_url}{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.officer_token(officer)}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def endpoints_file(self) -> Path:
        """An endpoints file for `rasa test` that points at this action server."""
        path = self.tmp / "endpoints.yml"
        path.write_text(f'action_endpoint:\n  url: "{self.settings.action_server_url}"\n  headers:\n'
                        f'    Authorization: "Bearer {self.settings.action_server_token}"\n')
        return path


@pytest.fixture(scope="module")
def twilio_api(service: RunningService):
    """Twilio's Messages API, played by a local server speaking its wire format (one per module:
    it binds the port the service was told)."""
    from tests.fake_providers import FakeTwilio

    fake = FakeTwilio(service.settings.channel_settings["TWILIO_API_URL"]).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def meta_api(service: RunningService):
    """Meta's Graph API for WhatsApp Cloud, played by a local server speaking its wire format."""
    from tests.fake_providers import FakeMeta

    fake = FakeMeta(service.settings.channel_settings["WHATSAPP_API_URL"]).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def trained_model() -> Path:
    if not MODEL.exists():
        pytest.fail("No trained model: run `make test`, which trains it first.")
    return MODEL


@pytest.fixture(scope="session")
def service(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    """The Rasa server and action server, started as `make run` starts them, on free ports."""
    tmp = tmp_path_factory.mktemp("service")
    action_port, web_port, rasa_port = free_port(), free_port(), free_port()
    twilio_port, meta_port = free_port(), free_port()
    settings = Settings(
        web_port=web_port,
        public_url=f"http://127.0.0.1:{web_port}",
        rasa_api_token="test-token-" + str(action_port),
        rasa_port=rasa_port,
        action_port=action_port,
        action_server_url=f"http://127.0.0.1:{action_port}/webhook",
        tracker_db=str(tmp / "tracker.db"),
        rasa_model=str(trained_model),
        log_level="INFO",
        casework_db_url=f"sqlite:///{tmp / 'casework.db'}",
        # The channels' providers are local servers the channel tests start on these ports.
        channel_settings={
            "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "test-twilio-auth-token",
            "TWILIO_SMS_NUMBER": "+447700900999", "TWILIO_WHATSAPP_NUMBER": "+447700900998",
            "TWILIO_API_URL": f"http://127.0.0.1:{twilio_port}",
            "TWILIO_WEBHOOK_URL": f"http://127.0.0.1:{rasa_port}/webhooks/twilio/webhook",
            "WHATSAPP_VERIFY_TOKEN": "test-verify-token", "WHATSAPP_APP_SECRET": "test-app-secret",
            "WHATSAPP_ACCESS_TOKEN": "test-access-token", "WHATSAPP_PHONE_NUMBER_ID": "1234567890",
            "WHATSAPP_API_URL": f"http://127.0.0.1:{meta_port}/v21.0",
        },
    )
    _load_demo_cases(settings.casework_db_url)
    processes = start(service_commands(settings), settings.process_environment())
    try:
        wait_for(f"http://127.0.0.1:{settings.action_port}/health")
        wait_for(f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/")
        wait_for(f"{settings.public_url}/health")
        yield RunningService(settings, tmp)
    finally:
        stop(processes)


def _load_demo_cases(url: str) -> None:
    """The fictional demo families, so the end-to-end tests can verify and read a case."""
    from datetime import date

    from bot.casework.case_io import import_records, parse_rows
    from bot.casework.database import upgrade
    from bot.casework.demo import demo_rows

    upgrade(url)
    records, errors = parse_rows(demo_rows(), date.today())
    assert errors == [], errors
    import_records(url, records, actor="test")


def rasa_command(*args: str) -> List[str]:
    """A `rasa` command line from this virtual environment."""
    return [str(VENV_BIN / "rasa"), *args]


def run_rasa(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run a rasa command in the project folder and capture its output."""
    return subprocess.run(
        rasa_command(*args), cwd=PROJECT_DIR, capture_output=True, text=True, timeout=timeout,
        env={**__import__("os").environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )




@dataclass
class PostgresServer:
    """The session's throwaway PostgreSQL cluster, with an empty `casework_test` database."""

    cluster: "PostgresCluster"

    @property
    def url(self) -> str:
        return self.cluster.url("casework_test")

    def start(self) -> None:
        self.cluster.start()

    def stop(self) -> None:
        self.cluster.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server on a free port (bot/pg_cluster.py)."""
    import shutil
    import tempfile

    from bot.pg_cluster import PostgresCluster

    root = Path(tempfile.mkdtemp(prefix="casework-pg-", dir="/tmp"))
    try:
        cluster = PostgresCluster.prepare(root, free_port())
    except RuntimeError as error:
        pytest.fail(str(error))
    cluster.start()
    try:
        cluster.ensure_database("casework_test")
        yield PostgresServer(cluster)
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def new_database(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> str:
    """The URL of a new, empty casework database: a SQLite file, or a database on the test PostgreSQL."""
    import uuid

    import sqlalchemy as sa

    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'casework.db'}"
    server = request.getfixturevalue("postgres")
    name = f"cw_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server.url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind, not yet migrated."""
    return new_database(request, tmp_path, request.param)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated casework database of each kind."""
    from bot.casework.database import upgrade

    url = new_database(request, tmp_path, request.param)
    upgrade(url)
    return url


@pytest.fixture(scope="module")
def browser():
    """A real headless Chromium (Debian's, driven by Playwright; never a browser download).
    Module scope: Playwright's sync API keeps an event loop running in the test thread while it
    is open, which `asyncio.run` in other test modules must not meet."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_FLAGS, chromium_path

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
