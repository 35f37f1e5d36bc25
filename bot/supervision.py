"""Run the default profile under supervisord: each process is restarted when it dies, and none outlives it.

`python -m bot run` writes a supervisord configuration (no secrets in it) and becomes supervisord.
Each program is `python -m bot supervised NAME`, which reads the settings as `bot run` did, keeps
only its own secrets, asks the kernel to stop it if supervisord dies (even by SIGKILL), and then
becomes the real server. supervisord restarts a process that exits, backing off when it fails to
start; `python -m bot crashwatch`, a supervisord event listener, stops the restarts of a process that
keeps crashing and says so. Ctrl-C or SIGTERM stops supervisord, which stops every process.
"""
from __future__ import annotations

import ctypes
import json
import os
import pwd
import socket
import secrets
import signal
import sys
import time
from collections import defaultdict, deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Deque, Dict, Mapping, Optional, Sequence, TextIO, Tuple

from bot import PROJECT_DIR
from bot.pg_cluster import write_private
from bot.services import ServiceCommand, inherited_environment, service_commands
from bot.settings import Settings, load_settings

VAR_DIR = Path(os.environ.get("SERVICE_VAR_DIR") or PROJECT_DIR / "var")  # tests give their own
SUPERVISION_DIR = VAR_DIR / "supervisor"
LOG_DIR = VAR_DIR / "log"
CRASH_LIMIT = 5  # exits of one process ...
CRASH_WINDOW = 120.0  # ... within this many seconds stop its restarts
START_SECONDS = 5  # a process must stay up this long to count as started
START_RETRIES = 5  # failed starts in a row (with 1, 2, 3... seconds of back-off) before giving up
_PR_SET_PDEATHSIG = 1
# Third-party deprecation notices (SQLAlchemy 2.0, pyparsing, pkg_resources) are for this project's
# maintainers, not the operator reading the logs: filtered, not hidden by pinning older libraries.
QUIET = {"PYTHONWARNINGS": "ignore::DeprecationWarning,ignore::PendingDeprecationWarning,ignore::FutureWarning",
         "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


@dataclass(frozen=True)
class SupervisionPaths:
    """Where supervisord keeps its configuration, socket, pid file and the logs."""

    folder: Path = SUPERVISION_DIR
    logs: Path = LOG_DIR

    @property
    def config(self) -> Path:
        return self.folder / "supervisord.conf"

    @property
    def socket(self) -> Path:
        return self.folder / "supervisor.sock"


def supervised_command(name: str, python: str = sys.executable) -> str:
    """The command line supervisord runs for the process `name`."""
    return f"{python} -m bot supervised {name}"


def supervisor_config(programs: Mapping[str, str], paths: SupervisionPaths, control_password: str,
                      python: str = sys.executable, crash_limit: int = CRASH_LIMIT,
                      crash_window: float = CRASH_WINDOW, as_root: bool = False,
                      start_seconds: int = START_SECONDS, stop_signals: Optional[Mapping[str, str]] = None,
                      announcers: Optional[Mapping[str, str]] = None) -> str:
    """The supervisord configuration: one program per process (started in the order given),
    restarted when it exits, its output in logs/NAME.log; a crash watcher; a control socket only this
    user can open, with a password made for this run (the file is written readable by its owner only).
    `stop_signals` names a process's stop signal when it is not TERM (PostgreSQL's fast stop is INT);
    `announcers` run once, printing to supervisord's own output (the terminal), never restarted."""
    stop_signals = stop_signals or {}
    sections = "".join(
        f"[program:{name}]\n"
        f"command={command}\n"
        f"directory={PROJECT_DIR}\n"
        f"priority={100 + index}\n"
        "autostart=true\nautorestart=true\n"
        f"startsecs={start_seconds}\nstartretries={START_RETRIES}\n"
        f"stopsignal={stop_signals.get(name, 'TERM')}\nstopwaitsecs=10\nstopasgroup=true\nkillasgroup=true\n"
        f"stdout_logfile={paths.logs / (name + '.log')}\nstdout_logfile_maxbytes=10MB\nstdout_logfile_backups=5\n"
        "redirect_stderr=true\n\n"
        for index, (name, command) in enumerate(programs.items()))
    return (
        "[supervisord]\n"
        "nodaemon=true\nsilent=true\n"  # its own log lines go to supervisord.log, not the terminal
        f"logfile={paths.logs / 'supervisord.log'}\nlogfile_maxbytes=10MB\nlogfile_backups=5\n"
        f"pidfile={paths.folder / 'supervisord.pid'}\n"
        f"childlogdir={paths.logs}\n"
        "loglevel=info\n"
        + ("user=root\n" if as_root else "")  # says so, rather than a warning at every start
        + f"\n[unix_http_server]\nfile={paths.socket}\nchmod=0700\nusername=control\npassword={control_password}\n\n"
        "[rpcinterface:supervisor]\n"
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
        f"[supervisorctl]\nserverurl=unix://{paths.socket}\nusername=control\npassword={control_password}\n\n"
        + sections
        + "".join(
            f"[program:{name}]\ncommand={command}\ndirectory={PROJECT_DIR}\npriority=900\n"
            "autostart=true\nautorestart=false\nstartsecs=0\nstartretries=0\nexitcodes=0,1\n"
            "stdout_logfile=/dev/stdout\nstdout_logfile_maxbytes=0\nredirect_stderr=true\n\n"
            for name, command in (announcers or {}).items())
        + "[eventlistener:crashwatch]\n"
        f"command={python} -m bot crashwatch --limit {crash_limit} --window {crash_window:g} "
        f"--logs {paths.logs} --config {paths.config}\n"
        f"directory={PROJECT_DIR}\n"
        "events=PROCESS_STATE_EXITED\n"
        f"environment=SUPERVISOR_USERNAME=\"control\",SUPERVISOR_PASSWORD=\"{control_password}\"\n"
        "autorestart=true\nstdout_logfile=NONE\n"
        f"stderr_logfile={paths.logs / 'crashwatch.log'}\n"
    )


def run_supervised(settings: Settings, paths: SupervisionPaths = SupervisionPaths()) -> int:
    """Write the configuration, print where everything is, and become supervisord (same process,
    so a signal to `make run` reaches it). Returns only if supervisord cannot be started."""
    paths.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths.logs.mkdir(parents=True, exist_ok=True)
    programs = {command.name: supervised_command(command.name) for command in service_commands(settings)}
    programs["retention"] = supervised_command("retention")  # the daily retention purge (bot/privacy.py)
    write_private(paths.config, supervisor_config(
        programs, paths, secrets.token_urlsafe(24), as_root=os.geteuid() == 0,
        announcers={"announce": f"{sys.executable} -m bot announce"}))
    print(
        f"Starting: Rasa on http://localhost:{settings.rasa_port} "
        f"(REST channel /webhooks/rest/webhook), actions on {settings.action_host}:{settings.action_port}, "
        f"web on {settings.public_url} (officer console {settings.public_url}/console, "
        f"web widget demo {settings.public_url}/widget, health {settings.public_url}/health). "
        f"Each is restarted if it stops; the retention purge runs daily. Logs: {paths.logs}/ (actions.log, rasa.log, "
        "web.log, retention.log, supervisord.log, crashwatch.log). "
        "Ctrl-C stops everything.",
        flush=True,
    )
    argv = [sys.executable, "-m", "supervisor.supervisord", "--nodaemon", "--configuration", str(paths.config)]
    os.execv(sys.executable, argv)
    return 1  # pragma: no cover - execv does not return


def readiness_checks(settings: Settings) -> Dict[str, Tuple[str, str]]:
    """Each part, the URL that answers 200 once it serves, and the line to print then."""
    from bot.health import action_server_health_url

    return {
        "actions": (action_server_health_url(settings.action_server_url),
                    f"actions: ready ({settings.action_host}:{settings.action_port})"),
        "web": (f"http://127.0.0.1:{settings.web_port}/health",
                f"web: ready (console {settings.public_url}/console, widget {settings.public_url}/widget)"),
        "rasa": (f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/",
                 f"rasa: ready (http://localhost:{settings.rasa_port}, REST channel /webhooks/rest/webhook)"),
    }


def announce(settings: Settings, timeout: float = 600.0, out: TextIO = sys.stdout) -> int:
    """Print one line per part as soon as it answers (supervisord shows it on the terminal), then
    one line when all do; a part still silent after `timeout` seconds is named with its log."""
    import urllib.request

    waiting = dict(readiness_checks(settings))
    deadline = time.monotonic() + timeout
    while waiting and time.monotonic() < deadline:
        for name, (url, line) in list(waiting.items()):
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        print(line, file=out, flush=True)
                        del waiting[name]
            except OSError:
                pass
        time.sleep(0.5)
    for name in waiting:
        print(f"{name}: not answering after {timeout:.0f} s; read {LOG_DIR / (name + '.log')}", file=out, flush=True)
    if not waiting:
        print("All parts answer. Ctrl-C stops everything.", file=out, flush=True)
    return 0 if not waiting else 1


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask the kernel to send `sig` when the parent (supervisord) dies, even by SIGKILL. Call it after
    any change of user: the kernel forgets the request when the user changes."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: supervisord's own stop still applies
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        sys.exit(1)


def exec_supervised(name: str, environ: Optional[Mapping[str, str]] = None) -> int:
    """Become the process `name` (actions, rasa, web) with only its own secrets."""
    settings = load_settings()
    commands: Dict[str, ServiceCommand] = {c.name: c for c in service_commands(settings)}
    commands["retention"] = ServiceCommand(
        "retention", [sys.executable, "-m", "bot", "privacy", "purge", "--daily"],
        {**settings.process_environment(), "CASEWORK_DB_URL": settings.casework_db_url})
    if name not in commands:
        print(f"No process called {name!r}: one of {', '.join(commands)}.", file=sys.stderr)
        return 2
    command = commands[name]
    env = {**inherited_environment(environ), **QUIET, **settings.process_environment(), **command.env}
    die_with_parent()
    os.chdir(PROJECT_DIR)
    os.execve(command.argv[0], list(command.argv), env)
    return 1  # pragma: no cover


@dataclass(frozen=True)
class ProcessSpec:
    """One process as a profile wrote it for its supervisor (a file only its owner can read, because
    `env` holds the process's secrets): what to run, as whom, which signal stops it if supervisord
    dies, and which local ports must answer before it starts."""

    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict, repr=False)
    user: Optional[str] = None
    death_signal: int = int(signal.SIGTERM)
    wait_for: Tuple[int, ...] = ()

    def write(self, path: Path) -> None:
        write_private(path, json.dumps(asdict(self)))

    @classmethod
    def read(cls, path: Path) -> "ProcessSpec":
        values = json.loads(path.read_text(encoding="utf-8"))
        return cls(argv=tuple(values["argv"]), env=values["env"], user=values["user"],
                   death_signal=values["death_signal"], wait_for=tuple(values["wait_for"]))


def wait_for_ports(ports: Sequence[int], timeout: float = 120.0) -> bool:
    """Wait until something accepts connections on each local port; False if one never does."""
    deadline = time.monotonic() + timeout
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.25)
    return True


def become_user(user: str) -> None:
    """Run as `user` from here on (a root supervisor starting PostgreSQL, which refuses root)."""
    if os.geteuid() != 0:
        return
    entry = pwd.getpwnam(user)
    os.initgroups(user, entry.pw_gid)
    os.setgid(entry.pw_gid)
    os.setuid(entry.pw_uid)
    os.environ["HOME"] = entry.pw_dir


def exec_spec(path: Path, environ: Optional[Mapping[str, str]] = None) -> int:
    """Become the process described at `path`: wait for the ports it needs (so a restarted database
    is back before its clients), change user if asked, ask to die with supervisord, then exec."""
    spec = ProcessSpec.read(path)
    if not wait_for_ports(spec.wait_for):
        print(f"{path.stem}: ports {list(spec.wait_for)} did not answer; supervisord will try again.",
              file=sys.stderr, flush=True)
        return 1
    env = {**inherited_environment(environ), **QUIET, **spec.env}
    os.chdir(PROJECT_DIR)
    if spec.user:
        become_user(spec.user)
        env["HOME"] = os.environ["HOME"]
    die_with_parent(spec.death_signal)
    os.execve(spec.argv[0], list(spec.argv), env)
    return 1  # pragma: no cover


class CrashWindow:
    """Counts the unexpected exits of each process; says when one crashed too often to keep restarting."""

    def __init__(self, limit: int = CRASH_LIMIT, window: float = CRASH_WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._exits: Dict[str, Deque[float]] = defaultdict(deque)

    def record(self, name: str, at: float) -> bool:
        """Record an unexpected exit at `at` (seconds); True when it is the `limit`-th within `window`."""
        exits = self._exits[name]
        exits.append(at)
        while exits and at - exits[0] > self.window:
            exits.popleft()
        return len(exits) >= self.limit


def parse_event(payload: str) -> Dict[str, str]:
    """supervisord's "key:value key:value" event text as a dict."""
    return dict(part.split(":", 1) for part in payload.split() if ":" in part)


def watch_crashes(limit: int, window: float, paths: SupervisionPaths = SupervisionPaths(),
                  stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> None:
    """supervisord event listener: on the `limit`-th unexpected exit of a process within `window`
    seconds, stop restarting it (through supervisord's control socket) and report it."""
    from supervisor import childutils

    crashes = CrashWindow(limit, window)
    rpc = childutils.getRPCInterface(os.environ)
    while True:
        headers, payload = childutils.listener.wait(stdin, stdout)
        event = parse_event(payload)
        name = event.get("processname", "")
        if headers.get("eventname") == "PROCESS_STATE_EXITED" and event.get("expected") == "0" and name:
            print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {name} stopped unexpectedly (pid {event.get('pid')})",
                  file=stderr, flush=True)
            if crashes.record(name, time.monotonic()):
                try:
                    rpc.supervisor.stopProcess(name, False)
                except Exception as error:  # noqa: BLE001 - already stopped or gone: report and go on
                    print(f"could not stop {name}: {error}", file=stderr, flush=True)
                print(f"{name} stopped {limit} times in {window:g} s: restarts stopped. Read {paths.logs / (name + '.log')}, "
                      f"then `python -m supervisor.supervisorctl -c {paths.config} start {name}`.",
                      file=stderr, flush=True)
        childutils.listener.ok(stdout)
