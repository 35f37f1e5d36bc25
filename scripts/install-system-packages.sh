#!/usr/bin/env bash
# Debian packages the test suite needs: the PostgreSQL server (the casework store is tested
# against a real PostgreSQL as well as SQLite) and Chromium (the officer console is tested in a
# real headless browser, driven by Playwright with its executable path pointed at Debian's
# Chromium). Installs what is missing when we are root; otherwise says what to install.
set -euo pipefail

have_postgres() {
    command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

missing=()
have_postgres || missing+=(postgresql)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need: ${missing[*]}. Install them, e.g.: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "Installing Debian packages for the tests: ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
