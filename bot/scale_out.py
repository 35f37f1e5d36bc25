"""The scale-out profile: PostgreSQL for the tracker and casework stores, Redis as the lock store
(and for socket pushes and pending REST messages across servers), two Rasa servers and two
action servers behind nginx, and the web server (console, API, widget) on the same database.

  make scale-out      (or: python -m bot scale-out)

Everything lives under var/scale-out/ (or a folder the tests choose) and listens on 127.0.0.1.
Parents and the console use the balancer on RASA_PORT (5005) exactly as in the default profile.
PostgreSQL and Redis take passwords (bot/pg_cluster.py; Redis's in its config file), every action
server the same ACTION_SERVER_TOKEN, and each process gets only its own secrets, never on argv.
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
from typing import Dict, Optional, Tuple

from bot import PROJECT_DIR
from bot.pg_cluster import USER, PostgresCluster, write_private
from bot.services import ServiceCommand, action_server_argv, rasa_server_argv, start, stop, web_argv
from bot.settings import Settings

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
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)
    postgres: Optional[PostgresCluster] = None
    redis_password: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

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
        if process == "rasa":
            assert self.postgres is not None
            env.update({"TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": str(self.ports.postgres),
                        "TRACKER_DB_NAME": "tracker", "TRACKER_DB_USER": USER,
                        "TRACKER_DB_PASSWORD": self.postgres.password, "REDIS_HOST": "127.0.0.1",
                        "REDIS_PORT": str(self.ports.redis), "REDIS_PASSWORD": self.redis_password,
                        "REDIS_URL": self.redis_url})
        return env

    def commands(self) -> Dict[str, ServiceCommand]:
        settings = self.settings
        found = {
            "redis": ServiceCommand("redis", [_which("redis-server"), str(self.root / "redis.conf")],
                                    self.environment_for("redis")),
            "web": ServiceCommand("web", web_argv(self.ports.web), self.environment_for("web")),
            "nginx": ServiceCommand("nginx", [_which("nginx"), "-c", str(self.root / "nginx.conf"),
                                              "-p", str(self.root)], self.environment_for("nginx")),
        }
        for index, port in enumerate(self.ports.actions):
            found[f"actions{index}"] = ServiceCommand(
                f"actions{index}", action_server_argv(settings.action_host, port), self.environment_for("actions"))
        for index, port in enumerate(self.ports.rasa):
            found[f"rasa{index}"] = ServiceCommand(
                f"rasa{index}", rasa_server_argv(settings.rasa_model, port, str(ENDPOINTS)),
                self.environment_for("rasa"))
        return found

    def start(self, timeout: float = 240.0) -> "ScaleOut":
        from bot.casework.database import upgrade

        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)  # the postgres user must reach its data folder inside
        (self.root / "nginx-tmp").mkdir(exist_ok=True)
        (self.root / "nginx.conf").write_text(nginx_config(self.ports, self.root, os.geteuid() == 0))
        write_private(self.root / "redis.conf", redis_config(self.ports.redis, self.root, self.redis_password))
        self.postgres = PostgresCluster.prepare(self.root / "postgres", self.ports.postgres)
        self.postgres.start()
        for name in ("tracker", "casework"):
            self.postgres.ensure_database(name)
        upgrade(self.postgres.url("casework"))
        self._create_tracker_tables()
        for name in ("redis", "actions0", "actions1", "rasa0", "rasa1", "web", "nginx"):
            self.start_process(name)
        self.wait_until_ready(timeout)
        return self

    def _create_tracker_tables(self) -> None:
        """Create Rasa's tracker tables once, before two servers race to create them."""
        from rasa.core.tracker_store import SQLTrackerStore

        assert self.postgres is not None
        store = SQLTrackerStore(dialect="postgresql", host="127.0.0.1", port=self.ports.postgres, db="tracker",
                                username=USER, password=self.postgres.password)
        store.engine.dispose()

    def start_process(self, name: str) -> None:
        [process] = start([self.commands()[name]])
        self.processes[name] = process

    def stop_process(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(30)

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
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} did not come up")
                time.sleep(0.5)

    def stop(self) -> None:
        stop(list(self.processes.values()))
        self.processes.clear()
        if self.postgres is not None:
            try:
                self.postgres.stop()
            except subprocess.CalledProcessError:
                pass


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
        while all(p.poll() is None for p in profile.processes.values()):
            time.sleep(0.5)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        profile.stop()
