#!/usr/bin/env bash
# Debian packages the test suite needs: the PostgreSQL server (the casework store is tested
# against a real PostgreSQL as well as SQLite). Installs them when missing and we are root;
# otherwise says what to install.
set -euo pipefail

have_postgres() {
    command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

if have_postgres && command -v runuser >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need PostgreSQL's server. Install it, e.g.: sudo apt-get install postgresql" >&2
    exit 1
fi
echo "Installing PostgreSQL (Debian package postgresql) for the tests ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql util-linux >/dev/null
