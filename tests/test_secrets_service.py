"""The running service as `make run` starts it (`python -m bot run`), seen from outside: the
action server refuses callers without the shared secret and listens on loopback only, no secret
is on any process's command line, and each process holds only the secrets it needs."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

from bot import PROJECT_DIR
from tests.conftest import free_port, wait_for

pytestmark = pytest.mark.slow

SECRETS = {
    "RASA_API_TOKEN": "rasa-api-token-" + "r" * 24,
    "ACTION_SERVER_TOKEN": "action-server-token-" + "a" * 24,
    "REST_CHANNEL_TOKEN": "rest-channel-token-" + "c" * 24,
    "WIDGET_SESSION_SECRET": "widget-session-secret-" + "w" * 24,
    "LINK_SECRET": "link-secret-" + "l" * 24,
    "CONSOLE_SECRET": "console-secret-" + "k" * 24,
    "TWILIO_AUTH_TOKEN": "twilio-auth-token-" + "t" * 24,
    "WHATSAPP_APP_SECRET": "whatsapp-app-secret-" + "h" * 24,
}
# What each process must never hold (bot/settings.py PROCESS_SECRETS says what it does hold).
NOT_FOR = {
    "actions": ["RASA_API_TOKEN", "REST_CHANNEL_TOKEN", "WIDGET_SESSION_SECRET", "CONSOLE_SECRET",
                "TWILIO_AUTH_TOKEN", "WHATSAPP_APP_SECRET"],
    "rasa": ["LINK_SECRET", "CONSOLE_SECRET"],
    "web": ["ACTION_SERVER_TOKEN", "REST_CHANNEL_TOKEN", "WIDGET_SESSION_SECRET", "TWILIO_AUTH_TOKEN",
            "WHATSAPP_APP_SECRET"],
}


class Service:
    """`python -m bot run` with known secrets in its environment, on free ports."""

    def __init__(self, tmp: Path) -> None:
        self.ports = {"actions": free_port(), "rasa": free_port(), "web": free_port()}
        self.env = {
            "PATH": "/usr/bin:/bin", **SECRETS, "RASA_PORT": str(self.ports["rasa"]),
            "ACTION_PORT": str(self.ports["actions"]), "WEB_PORT": str(self.ports["web"]),
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.ports['actions']}/webhook",
            "TRACKER_DB": str(tmp / "tracker.db"), "CASEWORK_DB_URL": f"sqlite:///{tmp / 'casework.db'}",
            "PUBLIC_URL": f"http://127.0.0.1:{self.ports['web']}", "TWILIO_ACCOUNT_SID": "AC" + "2" * 32,
        }
        self.supervisor = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=PROJECT_DIR, env=self.env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        self.supervisor.terminate()
        try:
            self.supervisor.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.supervisor.kill()

    def process(self, name: str) -> int:
        """The pid of the service process that listens on `name`'s port."""
        wanted = f"--port\0{self.ports[name]}\0"
        found = [pid for pid, argv in command_lines().items() if wanted in argv and "-m\0bot\0" in argv]
        assert len(found) == 1, found
        return found[0]

    def post_action(self, body: Dict, token: Optional[str]) -> int:
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return status_of(urllib.request.Request(f"http://127.0.0.1:{self.ports['actions']}/webhook",
                                                data=json.dumps(body).encode(), headers=headers))


def command_lines() -> Dict[int, str]:
    """Every process's command line (NUL-separated, as in /proc/PID/cmdline)."""
    lines = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                lines[int(entry.name)] = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                pass
    return lines


def environment_of(pid: int) -> Dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
    return dict(item.split("=", 1) for item in raw.split("\0") if "=" in item)


def status_of(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def show_case_call(sender: str) -> Dict:
    """An action call as an attacker would forge it: show the case of a (verified?) sender."""
    tracker = {"sender_id": sender, "slots": {}, "latest_message": {}, "events": [], "paused": False,
               "followup_action": None, "active_loop": {}, "latest_action_name": None}
    return {"next_action": "action_show_case", "sender_id": sender, "tracker": tracker, "domain": {},
            "version": "3.6.21"}


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory, trained_model: Path) -> Iterator[Service]:
    service = Service(tmp_path_factory.mktemp("secrets"))
    try:
        wait_for(f"http://127.0.0.1:{service.ports['actions']}/health")
        wait_for(f"http://127.0.0.1:{service.ports['rasa']}/webhooks/rest/")
        wait_for(f"http://127.0.0.1:{service.ports['web']}/health")
        yield service
    finally:
        service.stop()


def test_the_action_server_refuses_calls_without_the_secret(running):
    assert running.post_action(show_case_call("+447700900123"), token=None) == 401
    assert running.post_action(show_case_call("+447700900123"), token="wrong-" + "a" * 38) == 401
    assert running.post_action(show_case_call("+447700900123"), token=SECRETS["RASA_API_TOKEN"]) == 401
    listing = urllib.request.Request(f"http://127.0.0.1:{running.ports['actions']}/actions")
    assert status_of(listing) == 401, "the list of actions is not for strangers either"


def test_the_action_server_answers_with_the_secret(running):
    assert running.post_action(show_case_call("+447700900123"), token=SECRETS["ACTION_SERVER_TOKEN"]) == 200


def test_rasa_reaches_the_action_server_with_the_secret(running):
    """The situation form's validation (a custom action) runs: no outage reply, the next question."""
    from components.action_server_outage import OUTAGE_TEXT

    request = urllib.request.Request(
        f"http://127.0.0.1:{running.ports['rasa']}/webhooks/rest/webhook",
        data=json.dumps({"sender": "secrets-e2e", "message": "my son is 8 and autistic, we are in Leeds"}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {SECRETS['REST_CHANNEL_TOKEN']}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        texts = [reply.get("text", "") for reply in json.loads(response.read())]
    assert texts and OUTAGE_TEXT not in texts
    assert "Where does your child learn" in " ".join(texts)


@pytest.mark.parametrize("name", ["actions", "rasa", "web"])
def test_each_server_listens_on_loopback_only_by_default(running, name):
    port = running.ports[name]
    listening = listening_addresses(port)
    assert listening and all(address in ("127.0.0.1", "::1") for address in listening), listening
    for address in non_loopback_addresses():
        with socket.socket() as sock:
            sock.settimeout(2)
            assert sock.connect_ex((address, port)) != 0, f"reachable on {address}:{port}"


def test_no_secret_is_on_any_command_line(running):
    for pid, argv in command_lines().items():
        for name, value in SECRETS.items():
            assert value not in argv, f"{name} on the command line of process {pid}: {argv!r}"


@pytest.mark.parametrize("process", ["actions", "rasa", "web"])
def test_each_process_holds_only_the_secrets_it_needs(running, process):
    environment = environment_of(running.process(process))
    held = {name for name, value in SECRETS.items() if value in environment.values()}
    assert not held & set(NOT_FOR[process]), f"{process} holds {sorted(held & set(NOT_FOR[process]))}"
    needed = {"actions": {"ACTION_SERVER_TOKEN", "LINK_SECRET"},
              "rasa": {"RASA_API_TOKEN", "ACTION_SERVER_TOKEN", "REST_CHANNEL_TOKEN", "WIDGET_SESSION_SECRET",
                       "TWILIO_AUTH_TOKEN"},
              "web": {"RASA_API_TOKEN", "CONSOLE_SECRET", "LINK_SECRET"}}[process]
    assert needed <= held


def listening_addresses(port: int) -> List[str]:
    """Local addresses with a socket listening on `port` (from /proc/net/tcp and tcp6)."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.append(_address(address, width))
    return found


def _address(hex_address: str, width: int) -> str:
    raw = bytes.fromhex(hex_address)
    if width == 8:
        return socket.inet_ntop(socket.AF_INET, raw[::-1])
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    return socket.inet_ntop(socket.AF_INET6, words)


def non_loopback_addresses() -> List[str]:
    """This machine's IPv4 addresses other than loopback (hostname -I)."""
    result = subprocess.run(["hostname", "-I"], capture_output=True, text=True)
    return [a for a in result.stdout.split() if "." in a and not a.startswith("127.")]
