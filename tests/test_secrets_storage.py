"""The local PostgreSQL cluster (scale-out profile, tests) signs in with a generated password only,
and a cluster made before passwords gets one; the Redis config carries its password in a file."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import psycopg2
import pytest

from bot.pg_cluster import USER, PostgresCluster
from bot.scale_out import redis_config
from tests.conftest import free_port


@pytest.fixture
def cluster():
    root = Path(tempfile.mkdtemp(prefix="pg-secrets-", dir="/tmp"))
    try:
        yield PostgresCluster.prepare(root, free_port())
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _connect(cluster: PostgresCluster, password=None):
    return psycopg2.connect(dbname="postgres", user=USER, host="127.0.0.1", port=cluster.port, password=password)


def test_a_new_cluster_has_a_private_password_and_no_trust(cluster):
    assert cluster.password_file.stat().st_mode & 0o777 == 0o600
    assert len(cluster.password) >= 32
    hba = (cluster.data / "pg_hba.conf").read_text()
    assert "trust" not in hba and "scram-sha-256" in hba
    assert not (cluster.root / "initdb-password").exists(), "initdb's password file is gone"


def test_a_cluster_made_before_passwords_gets_one(cluster):
    first = cluster.password
    cluster.password_file.unlink()  # as a cluster made with trust sign-in had none
    upgraded = PostgresCluster.prepare(cluster.root, cluster.port)
    upgraded.start()
    try:
        assert upgraded.password != first
        connection = _connect(upgraded, upgraded.password)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT rolpassword LIKE 'SCRAM-SHA-256$%%' FROM pg_authid WHERE rolname = %s",
                               (USER,))
                assert cursor.fetchone() == (True,)
        finally:
            connection.close()
        for password in (None, first, "wrong"):
            with pytest.raises(psycopg2.OperationalError, match="password"):
                _connect(upgraded, password).close()
    finally:
        upgraded.stop()


def test_redis_config_requires_the_password():
    config = redis_config(6380, Path("/tmp/x"), "p" * 32)
    assert f"requirepass {'p' * 32}\n" in config and "bind 127.0.0.1\n" in config
