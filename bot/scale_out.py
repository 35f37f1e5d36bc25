"""The scale-out profile: PostgreSQL for the tracker and casework stores, Redis as the lock store
(and for socket pushes and pending REST messages across servers), two Rasa servers and two
action servers behind nginx, and the web server (console, API, widget) on the same database.

  make scale-out      (or: python -m bot scale-out)

Everything lives under var/scale-out/ (or a folder the tests choose) and listens on 127.0.0.1.
Parents and the console use the balancer on RASA_PORT (5005) exactly as in the default profile.
PostgreSQL and Redis take passwords (bot/pg_cluster.py; Redis's in its config file), every action
server the same ACTION_SERVER_TOKEN, and each process gets only its own secrets, never on argv.

supervisord runs every process, as in the default profile (bot/supervision.py): one that dies is
restarted, and none outlives supervisord, which itself dies with the process that started it. Each
process is described in `<root>/processes/NAME.json`, readable by its owner only because it holds
that process's secrets; logs are in `<root>/log/`.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

from bot import PROJECT_DIR
from bot.pg_cluster import USER, PostgresCluster, write_private
from bot.services import action_server_argv, inherited_environment, rasa_server_argv, web_argv
from bot.settings import Settings
from bot.supervision import ProcessSpec, SupervisionPaths, die_with_parent, supervisor_config

ENDPOINTS = PROJECT_DIR / "endpoints.scale-out.yml"


@dataclass(frozen=True)
class Ports:
    """Where each part listens. The balancers take the default profile's Rasa and action ports."""

    balancer: int = 5005
    actions_balancer: int = 5055
    rasa: Tuple[int, int] = (5101, 5102)
    actions: Tuple[int, int] = (5151, 5152)
    postgres: int = 5433
    redis: int = 6380
    web: int = 8080


def nginx_config(ports: Ports, root: Path, as_root: bool) -> str:
    """nginx as the load balancer: round robin over the Rasa servers (with WebSocket upgrades for
    the widget) and over the action servers; a server that refuses is skipped."""
    def upstream(name: str, servers: Tuple[int, int]) -> str:
        lines = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;\n" for p in servers)
        return f"  upstream {name} {{\n{lines}  }}\n"

    proxy = ("      proxy_http_version 1.1;\n"
             "      proxy_set_header Upgrade $http_upgrade;\n"
             "      proxy_set_header Connection $connection_upgrade;\n"
             "      proxy_set_header Host $host;\n"
             "      proxy_set_header X-Forwarded-For $remote_addr;\n"
             "      proxy_connect_timeout 2s;\n"
             "      proxy_read_timeout 120s;\n"
             "      proxy_next_upstream error timeout http_502 http_503;\n")
    tmp = root / "nginx-tmp"
    return (
        ("user root;\n" if as_root else "")
        + "worker_processes 1;\n"
        f"pid {root / 'nginx.pid'};\n"
        f"error_log {root / 'nginx-error.log'} warn;\n"
        "daemon off;\n"
        "events { worker_connections 2048; }\n"
        "http {\n"
        # The path without its query: Rasa's HTTP API takes its token as ?token=.
        "  log_format upstream '$remote_addr \"$request_method $uri\" $status $upstream_addr $request_time';\n"
        f"  access_log {root / 'nginx-access.log'} upstream;\n"
        f"  client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n"
        f"  fastcgi_temp_path {tmp}/fastcgi;\n  uwsgi_temp_path {tmp}/uwsgi;\n  scgi_temp_path {tmp}/scgi;\n"
        "  client_max_body_size 1m;\n"
        "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
        + upstream("rasa_servers", ports.rasa) + upstream("action_servers", ports.actions)
        + f"  server {{\n    listen 127.0.0.1:{ports.balancer};\n    location / {{\n      proxy_pass http://rasa_servers;\n{proxy}    }}\n  }}\n"
        + f"  server {{\n    listen 127.0.0.1:{ports.actions_balancer};\n    location / {{\n      proxy_pass http://action_servers;\n{proxy}    }}\n  }}\n"
        "}\n"
    )


def redis_config(port: int, root: Path, password: str) -> str:
    """redis.conf: loopback only, a password (never on the command line), nothing saved to disk."""
    return (f"port {port}\nbind 127.0.0.1\nprotected-mode yes\nrequirepass {password}\n"
            f"save \"\"\nappendonly no\ndir {root}\n")


def _which(program: str) -> str:
    found = shutil.which(program) or next((str(p) for p in (Path("/usr/sbin") / program, Path("/usr/bin") / program)
                                           if p.exists()), None)
    if not found:
        raise RuntimeError(f"{program} is not installed; `make scale-out` installs it (scripts/install-system-packages.sh).")
    return found


@dataclass
class ScaleOut:
    """Starts, controls and stops the whole profile."""

    settings: Settings
    root: Path
    ports: Ports = field(default_factory=Ports)
    postgres: Optional[PostgresCluster] = None
    redis_password: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    supervisor: Optional[subprocess.Popen] = None
    _control_password: str = field(default="", repr=False)

    @property
    def redis_url(self) -> str:
        return f"redis://:{self.redis_password}@127.0.0.1:{self.ports.redis}/0"

    @property
    def balancer_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.balancer}"

    def rasa_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports.rasa[index]}"

    def profile_settings(self) -> Settings:
        """The settings every process gets: shared databases, Redis, the balancers."""
        assert self.postgres is not None
        return replace(
            self.settings, rasa_port=self.ports.balancer, action_port=self.ports.actions_balancer,
            action_server_url=f"http://127.0.0.1:{self.ports.actions_balancer}/webhook",
            casework_db_url=self.postgres.url("casework"), web_port=self.ports.web,
            rasa_url=self.balancer_url)

    def environment_for(self, process: str) -> Dict[str, str]:
        """What one process gets: the shared settings and its own secrets (rasa, actions, web);
        the Rasa servers also the tracker database's and Redis's passwords. nginx and Redis: none."""
        settings = self.profile_settings()
        if process not in ("rasa", "actions", "web"):
            return settings.process_environment()
        env = settings.environment_for(process)
        if process == "web":  # where Redis is, for /health (never its password)
            env.update({"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.ports.redis)})
        if process == "rasa":
            assert self.postgres is not None
            env.update({"TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": str(self.ports.postgres),
                        "TRACKER_DB_NAME": "tracker", "TRACKER_DB_USER": USER,
                        "TRACKER_DB_PASSWORD": self.postgres.password, "REDIS_HOST": "127.0.0.1",
                        "REDIS_PORT": str(self.ports.redis), "REDIS_PASSWORD": self.redis_password,
                        "REDIS_URL": self.redis_url})
        return env

    def specs(self) -> Dict[str, ProcessSpec]:
        """Every process of the profile, in start order, each with only its own secrets and the ports
        it needs first (PostgreSQL, Redis) so a restart of either holds its clients back."""
        assert self.postgres is not None
        settings, stores = self.settings, (self.ports.postgres, self.ports.redis)
        found = {
            "postgres": ProcessSpec(self.postgres.server_argv(), self.environment_for("postgres"),
                                    user="postgres" if self.postgres.as_user else None,
                                    death_signal=int(signal.SIGINT)),  # PostgreSQL's fast shutdown
            "redis": ProcessSpec([_which("redis-server"), str(self.root / "redis.conf")], self.environment_for("redis")),
        }
        for index, port in enumerate(self.ports.actions):
            found[f"actions{index}"] = ProcessSpec(action_server_argv(settings.action_host, port),
                                                   self.environment_for("actions"), wait_for=stores)
        for index, port in enumerate(self.ports.rasa):
            found[f"rasa{index}"] = ProcessSpec(rasa_server_argv(settings.rasa_model, port, str(ENDPOINTS)),
                                                self.environment_for("rasa"), wait_for=stores)
        found["web"] = ProcessSpec(web_argv(self.ports.web), self.environment_for("web"), wait_for=stores)
        # The daily retention purge (bot/privacy.py) on both PostgreSQL stores, with no other secret.
        found["retention"] = ProcessSpec(
            [sys.executable, "-m", "bot", "privacy", "purge", "--daily"],
            {**self.environment_for("retention"), "CASEWORK_DB_URL": self.postgres.url("casework"),
             "TRACKER_DB": self.postgres.url("tracker")}, wait_for=(self.ports.postgres,))
        found["nginx"] = ProcessSpec([_which("nginx"), "-c", str(self.root / "nginx.conf"), "-p", str(self.root)],
                                     self.environment_for("nginx"))
        return found

    @property
    def supervision(self) -> SupervisionPaths:
        return SupervisionPaths(folder=self.root / "supervisor", logs=self.root / "log")

    def prepare(self) -> None:
        """Write the configurations, create (or reuse) the database cluster, its databases, the
        casework schema and Rasa's tracker tables, and the supervisor's configuration."""
        from bot.casework.database import upgrade

        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)  # the postgres user must reach its data folder inside
        (self.root / "nginx-tmp").mkdir(exist_ok=True)
        (self.root / "nginx.conf").write_text(nginx_config(self.ports, self.root, os.geteuid() == 0))
        write_private(self.root / "redis.conf", redis_config(self.ports.redis, self.root, self.redis_password))
        self.postgres = PostgresCluster.prepare(self.root / "postgres", self.ports.postgres)
        self.postgres.start()
        try:
            for name in ("tracker", "casework"):
                self.postgres.ensure_database(name)
            upgrade(self.postgres.url("casework"))
            self._create_tracker_tables()
        finally:
            self.postgres.stop()  # from here on supervisord runs it
        specs_dir = self.root / "processes"
        specs_dir.mkdir(mode=0o700, exist_ok=True)
        programs = {}
        for name, spec in self.specs().items():
            spec.write(specs_dir / f"{name}.json")
            programs[name] = f"{sys.executable} -m bot supervised {name} --spec {specs_dir}"
        paths = self.supervision
        paths.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        paths.logs.mkdir(parents=True, exist_ok=True)
        self._control_password = secrets.token_urlsafe(24)
        write_private(paths.config, supervisor_config(programs, paths, self._control_password,
                                                      as_root=os.geteuid() == 0, stop_signals={"postgres": "INT"}))

    def start(self, timeout: float = 240.0) -> "ScaleOut":
        """Prepare, start supervisord (which starts every process and restarts any that dies; it
        dies with this process) and wait until every part answers."""
        self.prepare()
        self.supervisor = subprocess.Popen(
            [sys.executable, "-m", "supervisor.supervisord", "--nodaemon", "--configuration",
             str(self.supervision.config)],
            cwd=PROJECT_DIR, env=inherited_environment(), start_new_session=True, preexec_fn=die_with_parent,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_until_ready(timeout)
        return self

    def _create_tracker_tables(self) -> None:
        """Create Rasa's tracker tables once, before two servers race to create them."""
        from bot.tracker_store import CachingSQLTrackerStore

        assert self.postgres is not None
        store = CachingSQLTrackerStore(dialect="postgresql", host="127.0.0.1", port=self.ports.postgres, db="tracker",
                                username=USER, password=self.postgres.password)
        store.engine.dispose()

    def control(self) -> Any:
        """supervisord's control interface (XML-RPC on its private socket)."""
        from supervisor import childutils

        return childutils.getRPCInterface({
            "SUPERVISOR_SERVER_URL": f"unix://{self.supervision.socket}",
            "SUPERVISOR_USERNAME": "control", "SUPERVISOR_PASSWORD": self._control_password}).supervisor

    def pid(self, name: str) -> int:
        """The process id of `name` now (0 when it is not running)."""
        return int(self.control().getProcessInfo(name)["pid"])

    def pids(self) -> Dict[str, int]:
        return {info["name"]: int(info["pid"]) for info in self.control().getAllProcessInfo()}

    def kill_process(self, name: str, sig: int = signal.SIGKILL) -> int:
        """Send `sig` to a process and everything it started, as a crash would; supervisord restarts
        it. Returns the pid it had."""
        pid = self.kill_process_group(name, sig)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.pid(name) == pid:  # until supervisord has seen it die
            time.sleep(0.05)
        return pid

    def kill_process_group(self, name: str, sig: int) -> int:
        """Send `sig` (e.g. SIGSTOP, to pause it) to a process and everything it started, without
        waiting; returns the process group, for `signal_group`."""
        group = self.pid(name)
        os.killpg(group, sig)
        return group

    @staticmethod
    def signal_group(group: int, sig: int) -> None:
        os.killpg(group, sig)

    def wait_restarted(self, name: str, old_pid: int, timeout: float = 180.0) -> int:
        """Wait until supervisord runs `name` again under a new pid; returns it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = self.control().getProcessInfo(name)
            if info["statename"] == "RUNNING" and int(info["pid"]) not in (0, old_pid):
                return int(info["pid"])
            time.sleep(0.5)
        raise TimeoutError(f"{name} was not restarted")

    def stop_process(self, name: str) -> None:
        """Stop a process and keep it stopped (supervisord does not restart what it was told to stop)."""
        self.control().stopProcess(name, True)

    def start_process(self, name: str) -> None:
        if self.control().getProcessInfo(name)["statename"] != "RUNNING":
            self.control().startProcess(name, True)

    def restart_process(self, name: str) -> None:
        self.stop_process(name)
        self.start_process(name)

    def wait_until_ready(self, timeout: float = 240.0) -> None:
        urls = [f"http://127.0.0.1:{p}/health" for p in self.ports.actions]
        urls += [f"http://127.0.0.1:{p}/webhooks/rest/" for p in self.ports.rasa]
        urls += [f"http://127.0.0.1:{self.ports.web}/health", f"{self.balancer_url}/webhooks/rest/"]
        deadline = time.monotonic() + timeout
        for url in urls:
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if self.supervisor is not None and self.supervisor.poll() is not None:
                    raise RuntimeError(f"supervisord stopped; read {self.supervision.logs}/")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} did not come up; read {self.supervision.logs}/")
                time.sleep(0.5)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop supervisord, which stops every process (PostgreSQL with its fast shutdown)."""
        if self.supervisor is None:
            return
        if self.supervisor.poll() is None:
            self.supervisor.terminate()
            try:
                self.supervisor.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.supervisor.pid, signal.SIGKILL)
                self.supervisor.wait()
        self.supervisor = None


def run(settings: Settings, root: Path = PROJECT_DIR / "var" / "scale-out") -> int:
    """Run the profile until Ctrl-C."""
    profile = ScaleOut(settings, root)
    try:
        profile.start()
        ports = profile.ports
        print(f"Scale-out profile running: balancer http://localhost:{ports.balancer} (Rasa servers "
              f"{ports.rasa[0]}, {ports.rasa[1]}; action servers {ports.actions[0]}, {ports.actions[1]}), "
              f"web http://localhost:{ports.web}, PostgreSQL {ports.postgres}, Redis {ports.redis}. "
              "Ctrl-C stops everything.", flush=True)
        print(f"Each process is restarted if it stops. Logs: {profile.supervision.logs}/", flush=True)
        assert profile.supervisor is not None
        return profile.supervisor.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        profile.stop()
