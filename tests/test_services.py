"""`python -m bot run` starts the whole service under supervisord: a process that dies is started
again and the conversation goes on; one signal stops every process; killing the supervisor itself
leaves no process behind (issue 19)."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from bot import PROJECT_DIR
from bot.supervision import SupervisionPaths, supervisor_config
from components.action_server_outage import OUTAGE_TEXT
from tests.conftest import free_port, wait_for

pytestmark = pytest.mark.slow
REST_TOKEN = "c" * 32
API_TOKEN = "t" * 32


def _alive(pid: int) -> bool:
    try:
        return subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True,
                              text=True).stdout.strip() not in ("", "Z")
    except OSError:
        return False


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class SupervisedRun:
    """`python -m bot run` on free ports, with its own stores and var folder."""

    tmp: Path
    ports: Dict[str, int] = field(default_factory=lambda: {n: free_port() for n in ("actions", "rasa", "web")})
    process: Optional[subprocess.Popen] = None

    @property
    def env(self) -> Dict[str, str]:
        return {
            "PATH": "/usr/bin:/bin", "RASA_API_TOKEN": API_TOKEN, "REST_CHANNEL_TOKEN": REST_TOKEN,
            "RASA_PORT": str(self.ports["rasa"]), "ACTION_PORT": str(self.ports["actions"]),
            "WEB_PORT": str(self.ports["web"]), "PUBLIC_URL": f"http://127.0.0.1:{self.ports['web']}",
            "TRACKER_DB": str(self.tmp / "tracker.db"), "CASEWORK_DB_URL": f"sqlite:///{self.tmp / 'casework.db'}",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.ports['actions']}/webhook",
            "SERVICE_VAR_DIR": str(self.tmp / "var"),
        }

    @property
    def ready_urls(self) -> Dict[str, str]:
        return {"actions": f"http://127.0.0.1:{self.ports['actions']}/health",
                "rasa": f"http://127.0.0.1:{self.ports['rasa']}/",
                "web": f"http://127.0.0.1:{self.ports['web']}/health"}

    def start(self) -> "SupervisedRun":
        for _ in range(3):  # a free port another test's server took back meanwhile: start again on new ports
            with open(self.tmp / "terminal.txt", "a") as terminal:  # what `make run` shows (appended, as a terminal)
                self.process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=PROJECT_DIR, env=self.env,
                                                stdout=terminal, stderr=subprocess.STDOUT)
            for url in self.ready_urls.values():
                wait_for(url, timeout=240)
            if self._rasa_is_ours():
                return self
            self.kill()
            self.ports = {n: free_port() for n in ("actions", "rasa", "web")}
        raise AssertionError("the service never came up on ports of its own")

    def _rasa_is_ours(self) -> bool:
        """Whether the Rasa port answers as this run's Rasa (its REST channel takes this run's token)."""
        try:
            with urllib.request.urlopen(self.ready_urls["rasa"], timeout=5) as response:
                greeted = response.read().decode(errors="replace").startswith("Hello from Rasa")
            return greeted and self.children()[1] != 0
        except OSError:
            return False

    def pid_of(self, name: str) -> int:
        config = self.tmp / "var" / "supervisor" / "supervisord.conf"
        found = subprocess.run([sys.executable, "-m", "supervisor.supervisorctl", "-c", str(config), "pid", name],
                               capture_output=True, text=True).stdout.strip()
        return int(found) if found.isdigit() else 0

    def children(self) -> List[int]:
        return [self.pid_of(name) for name in ("actions", "rasa", "web", "retention")]

    def say(self, sender: str, text: str) -> List[Dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.ports['rasa']}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": text}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {REST_TOKEN}"})
        with urllib.request.urlopen(request, timeout=90) as response:
            return json.loads(response.read())

    def stored_events(self, sender: str) -> int:
        url = (f"http://127.0.0.1:{self.ports['rasa']}/conversations/rest:{sender}/tracker"
               f"?token={API_TOKEN}&include_events=ALL")
        with urllib.request.urlopen(url, timeout=30) as response:
            return len(json.loads(response.read())["events"])

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        for pid in self.children():
            if pid:
                subprocess.run(["kill", "-9", str(pid)], capture_output=True)


def test_each_process_killed_comes_back_and_the_conversation_goes_on(tmp_path, trained_model):
    run = SupervisedRun(tmp_path).start()
    took: Dict[str, float] = {}
    try:
        assert run.say("restarts", "hi, my son Zebulon is 9 and he has been sent home every day since October")
        stored = run.stored_events("restarts")
        # how long each may take to come back on a busy machine (the action server trains its classifiers on start,
        # and CI at full load once took over 30 s): a bound for "it came back", not a speed goal (those are printed)
        for name, limit in (("actions", 90), ("web", 60), ("rasa", 120)):
            old = run.pid_of(name)
            os.kill(old, signal.SIGKILL)
            killed = time.monotonic()
            if name == "actions":  # while it starts again: the kind outage reply or a normal one, never silence
                during = run.say("restarts", "can I talk to a person about my son's EHC plan?")
                assert during and all(m.get("text") or m.get("buttons") for m in during)
            while not (run.pid_of(name) not in (0, old) and _answers(run.ready_urls[name])):
                assert time.monotonic() - killed < limit, f"{name} did not come back within {limit} s"
                time.sleep(0.5)
            took[name] = round(time.monotonic() - killed, 1)
            replies = run.say("restarts", "what is an EHC needs assessment?")
            assert replies and not any(m.get("text") == OUTAGE_TEXT for m in replies), (name, replies)
            now = run.stored_events("restarts")
            assert now > stored, f"stored events went from {stored} to {now} after {name} was killed"
            stored = now
        print(f"back after SIGKILL (s): {took}")
        logs = {p.name: p.read_text(errors="replace") for p in (tmp_path / "var" / "log").glob("*.log")}
        assert {"actions.log", "rasa.log", "web.log", "supervisord.log"} <= set(logs)
        for name, text in logs.items():  # the default log level never writes what a parent said
            assert "Zebulon" not in text and "sent home every day" not in text, name
    finally:
        run.kill()


def test_the_terminal_says_where_the_logs_are_and_each_part_once_it_answers(tmp_path, trained_model):
    run = SupervisedRun(tmp_path).start()
    try:
        deadline = time.monotonic() + 30
        while "All parts answer" not in (tmp_path / "terminal.txt").read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        lines = (tmp_path / "terminal.txt").read_text().splitlines()
        starting = [line for line in lines if line.startswith("Starting:")]
        assert len(starting) == 1 and f"Logs: {tmp_path / 'var' / 'log'}/" in starting[0]
        ready = [index for index, line in enumerate(lines) if ": ready (" in line]
        assert sorted(lines[index].split(":")[0] for index in ready) == ["actions", "rasa", "web"]
        assert lines.index("All parts answer. Ctrl-C stops everything.") > max(ready)
        assert not [line for line in lines if "Warning" in line], "no third-party noise on the terminal"
    finally:
        run.kill()


def test_killing_the_supervisor_leaves_no_process_and_frees_the_ports(tmp_path, trained_model):
    run = SupervisedRun(tmp_path).start()
    children = run.children()
    try:
        assert all(children) and all(_alive(pid) for pid in children)
        run.process.send_signal(signal.SIGKILL)
        deadline = time.monotonic() + 10
        while (any(_alive(pid) for pid in children) or any(_listening(p) for p in run.ports.values())) \
                and time.monotonic() < deadline:
            time.sleep(0.3)
        assert not any(_alive(pid) for pid in children)
        assert not any(_listening(port) for port in run.ports.values())
    finally:
        run.kill()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_one_signal_stops_every_process(signum, tmp_path, trained_model):
    run = SupervisedRun(tmp_path).start()
    children = run.children()
    try:
        assert all(children)
        run.process.send_signal(signum)
        assert run.process.wait(timeout=30) == 0
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert not any(_alive(pid) for pid in children)
    finally:
        run.kill()


def test_a_process_that_keeps_crashing_is_given_up_and_reported(tmp_path):
    """The real supervisord and crash watcher, with a program that exits 1.5 s after each start."""
    paths = SupervisionPaths(tmp_path / "supervisor", tmp_path / "log")
    paths.folder.mkdir()
    paths.logs.mkdir()
    flaky = f"{sys.executable} -c 'import sys, time; time.sleep(1.5); sys.exit(3)'"
    paths.config.write_text(supervisor_config({"flaky": flaky}, paths, "test-password", crash_limit=3,
                                              crash_window=60, start_seconds=1))
    supervisor = subprocess.Popen([sys.executable, "-m", "supervisor.supervisord", "-n", "-c", str(paths.config)],
                                  cwd=PROJECT_DIR, env={**os.environ, "SERVICE_VAR_DIR": str(tmp_path)},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        report = paths.logs / "crashwatch.log"
        deadline = time.monotonic() + 40
        while "restarts stopped" not in (report.read_text() if report.exists() else "") and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "flaky stopped 3 times in 60 s: restarts stopped" in report.read_text()
        time.sleep(4)
        status = subprocess.run([sys.executable, "-m", "supervisor.supervisorctl", "-c", str(paths.config),
                                 "status", "flaky"], capture_output=True, text=True).stdout
        assert "STOPPED" in status, status
        spawned = (paths.logs / "supervisord.log").read_text().count("spawned: 'flaky'")
        assert 3 <= spawned <= 4, spawned  # restarted after each crash until the third, then no more
    finally:
        supervisor.terminate()
        supervisor.wait(timeout=30)
