"""Back up and restore the embedded SQLite stores (the tracker store and the casework store).

`python -m bot backup` copies each database with SQLite's online backup API (safe while the service
runs; never a file copy of a live database) into `var/backups/<UTC time>/`, readable by its owner
only, with a manifest of what it holds (conversations, cases, escalations, a SHA-256 of each file).
`python -m bot restore DIR` checks the manifest and writes each database back the same way, and
refuses while the service is running. PostgreSQL (the scale-out profile) is backed up with
`pg_dump`/`pg_restore` instead (README, "Operating the service").
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Optional

from bot import PROJECT_DIR, project_path
from bot.settings import Settings

MANIFEST = "manifest.json"
# What a backup counts, per store, so a restore can be checked by eye and by tests.
_COUNTS = {
    "tracker": {"conversations": "SELECT COUNT(DISTINCT sender_id) FROM events", "events": "SELECT COUNT(*) FROM events"},
    "casework": {"cases": "SELECT COUNT(*) FROM cases", "escalations": "SELECT COUNT(*) FROM escalations"},
}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


@dataclass(frozen=True)
class Store:
    """One SQLite database of the service."""

    name: str  # "tracker" or "casework"
    path: Path


def sqlite_stores(settings: Settings) -> Dict[str, Store]:
    """The service's SQLite databases; a store on PostgreSQL is not one of them."""
    stores = {"tracker": Store("tracker", project_path(settings.tracker_db))}
    if settings.casework_db_url.startswith("sqlite:///"):
        stores["casework"] = Store("casework", project_path(settings.casework_db_url[len("sqlite:///"):]))
    return stores


def copy_database(source: Path, target: Path) -> None:
    """Copy one SQLite database with the online backup API (consistent while others write to it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    os.chmod(target, 0o600)


def counts(store: str, path: Path) -> Dict[str, int]:
    """What a store holds, by the queries in _COUNTS (0 for a table it does not have yet)."""
    found: Dict[str, int] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        for label, query in _COUNTS[store].items():
            try:
                found[label] = int(connection.execute(query).fetchone()[0])
            except sqlite3.OperationalError:  # the table is not there yet
                found[label] = 0
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(settings: Settings, folder: Optional[Path] = None, now: Optional[datetime] = None) -> Path:
    """Back up every SQLite store into `folder` (default var/backups/<UTC time>); returns the folder."""
    moment = now or datetime.now(timezone.utc)
    folder = folder or PROJECT_DIR / "var" / "backups" / moment.strftime("%Y%m%dT%H%M%SZ")
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: choose a new folder.")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    manifest: Dict[str, object] = {"made_at": moment.isoformat(), "stores": {}}
    for store in sqlite_stores(settings).values():
        if not store.path.exists():
            continue
        target = folder / f"{store.name}.db"
        copy_database(store.path, target)
        manifest["stores"][store.name] = {  # type: ignore[index]
            "file": target.name, "sha256": _sha256(target), "counts": counts(store.name, target)}
    if not manifest["stores"]:
        raise BackupError("There is no SQLite store to back up (PostgreSQL is backed up with pg_dump).")
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.chmod(folder / MANIFEST, 0o600)
    return folder


def read_manifest(folder: Path) -> Dict[str, dict]:
    """The stores a backup holds, each checked against its SHA-256."""
    path = folder / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} has no {MANIFEST}: it is not a backup made by `python -m bot backup`.")
    stores = json.loads(path.read_text(encoding="utf-8"))["stores"]
    for name, entry in stores.items():
        file = folder / entry["file"]
        if not file.exists() or _sha256(file) != entry["sha256"]:
            raise BackupError(f"The {name} backup in {folder} is missing or changed: not restored.")
    return stores


def service_running(supervision_pid_file: Path) -> bool:
    """Whether `make run`'s supervisor is alive (its pid file names a live process)."""
    try:
        os.kill(int(supervision_pid_file.read_text().strip()), 0)
        return True
    except (OSError, ValueError):
        return False


def restore(settings: Settings, folder: Path, supervision_pid_file: Optional[Path] = None) -> Dict[str, dict]:
    """Write each store in the backup back over the service's own; refuses while the service runs."""
    from bot.supervision import SupervisionPaths

    pid_file = supervision_pid_file or SupervisionPaths().folder / "supervisord.pid"
    if service_running(pid_file):
        raise BackupError("The service is running: stop it (Ctrl-C on `make run`) before restoring.")
    stores = read_manifest(folder)
    targets = sqlite_stores(settings)
    for name, entry in stores.items():
        if name not in targets:
            raise BackupError(f"The {name} store is not on SQLite here: restore it with the database's own tools.")
    for name, entry in stores.items():
        copy_database(folder / entry["file"], targets[name].path)
    return stores
