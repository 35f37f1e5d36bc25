"""A local PostgreSQL cluster run from Debian's server programs (initdb, pg_ctl): the scale-out
profile's database, and the one the tests start. As root it runs as the postgres user (initdb
refuses root); it listens on 127.0.0.1 only, with trust for the one local user `casework`."""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import List

import sqlalchemy as sa

USER = "casework"


def server_bindir() -> Path:
    """The folder with PostgreSQL's server programs; a clear error when it is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not versions:
        raise RuntimeError("PostgreSQL's server is not installed (Debian: postgresql); "
                           "`make test` and `make scale-out` install it.")
    return versions[-1].parent


@dataclass
class PostgresCluster:
    """One cluster: its data folder, port and the command prefix it runs under."""

    root: Path
    port: int
    bindir: Path
    as_user: List[str]

    @classmethod
    def prepare(cls, root: Path, port: int) -> "PostgresCluster":
        """Create the cluster under `root` unless it is already there."""
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o755)
        as_user: List[str] = []
        if os.geteuid() == 0:
            as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(root, "postgres", "postgres")
        cluster = cls(root, port, server_bindir(), as_user)
        if not (cluster.data / "PG_VERSION").exists():
            subprocess.run([*as_user, str(cluster.bindir / "initdb"), "-D", str(cluster.data), "-U", USER,
                            "--auth=trust", "-E", "UTF8"], check=True, capture_output=True, timeout=180)
        return cluster

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg2://{USER}@127.0.0.1:{self.port}/{database}"

    def ctl(self, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), *args],
                       check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self.ctl("-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200",
                 "-l", str(self.root / "server.log"), "-w", "start")

    def stop(self) -> None:
        self.ctl("-m", "fast", "-w", "stop")

    def restart(self) -> None:
        # Not `pg_ctl restart`: without -l the server would keep our output pipe open.
        self.stop()
        self.start()

    def ensure_database(self, name: str) -> None:
        admin = sa.create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                            {"n": name}).first()
                if not exists:
                    connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
