"""A local PostgreSQL cluster run from Debian's server programs (initdb, pg_ctl): the scale-out
profile's database, and the one the tests start. As root it runs as the postgres user (initdb
refuses root); it listens on 127.0.0.1 only, and its one user `casework` signs in with a
generated password (scram-sha-256, over TCP and the local socket alike). The password is kept in
`<root>/password` (readable by its owner only) and never appears on a command line: initdb reads
it from a file, and a cluster made before passwords gets one through the server's standard input.
"""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import List

import sqlalchemy as sa

USER = "casework"
AUTH = "scram-sha-256"


def hba_config() -> str:
    """pg_hba.conf: only `casework`, only with its password, only on the socket and loopback."""
    return (f"# Written by bot/pg_cluster.py: password (SCRAM) sign-in only.\n"
            f"local   all  {USER}  {AUTH}\n"
            f"host    all  {USER}  127.0.0.1/32  {AUTH}\n")


def write_private(path: Path, text: str) -> None:
    """Write `text` to a file only its owner can read, from the moment it exists."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


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
            cluster._initdb()
        elif not cluster.password_file.exists():
            cluster._set_password(secrets.token_urlsafe(32))
        cluster._write_hba()
        return cluster

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def password_file(self) -> Path:
        return self.root / "password"

    @property
    def password(self) -> str:
        return self.password_file.read_text(encoding="utf-8").strip()

    def url(self, database: str) -> str:
        return f"postgresql+psycopg2://{USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def _initdb(self) -> None:
        """A new cluster whose superuser `casework` has a fresh password (read from a file)."""
        password = secrets.token_urlsafe(32)
        pwfile = self.root / "initdb-password"
        write_private(pwfile, password + "\n")
        if self.as_user:
            shutil.chown(pwfile, "postgres", "postgres")
        try:
            subprocess.run([*self.as_user, str(self.bindir / "initdb"), "-D", str(self.data), "-U", USER,
                            f"--pwfile={pwfile}", f"--auth={AUTH}", "-E", "UTF8"],
                           check=True, capture_output=True, timeout=180)
        finally:
            pwfile.unlink(missing_ok=True)
        write_private(self.password_file, password)

    def _set_password(self, password: str) -> None:
        """Give an existing (stopped) cluster's user a password, through single-user mode's stdin."""
        subprocess.run([*self.as_user, str(self.bindir / "postgres"), "--single", "-D", str(self.data),
                        "-c", f"password_encryption={AUTH}", "postgres"],
                       input=f"ALTER ROLE {USER} WITH PASSWORD '{password}';\n", text=True,
                       check=True, capture_output=True, timeout=120)
        write_private(self.password_file, password)

    def _write_hba(self) -> None:
        hba = self.data / "pg_hba.conf"
        hba.write_text(hba_config(), encoding="utf-8")
        if self.as_user:
            shutil.chown(hba, "postgres", "postgres")

    def ctl(self, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), *args],
                       check=True, capture_output=True, timeout=120)

    def server_options(self) -> List[str]:
        """The server's options: this port, its socket in `root`, loopback only, SCRAM passwords."""
        return ["-p", str(self.port), "-k", str(self.root), "-c", "listen_addresses=127.0.0.1",
                "-c", "max_connections=200", "-c", f"password_encryption={AUTH}"]

    def server_argv(self) -> List[str]:
        """The server in the foreground (for a supervisor), without the `runuser` prefix."""
        return [str(self.bindir / "postgres"), "-D", str(self.data), *self.server_options()]

    def start(self) -> None:
        self.ctl("-o", " ".join(self.server_options()), "-l", str(self.root / "server.log"), "-w", "start")

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
