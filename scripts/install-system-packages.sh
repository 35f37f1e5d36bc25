#!/usr/bin/env bash
# Debian packages the test suite and the scale-out profile need: the PostgreSQL server, Chromium
# (the console and widget are tested in a real headless browser, driven by Playwright with its
# executable path pointed at Debian's Chromium), Redis and nginx. Installs what is missing when we are root; otherwise says what to install.
set -euo pipefail

have_postgres() {
    command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

missing=()
have_postgres || missing+=(postgresql)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The scale-out profile and its fault tests: Redis (lock store) and nginx (load balancer).
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)

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
# Debian starts the daemons it installs where it can; the project runs its own instances.
for service in nginx redis-server postgresql; do
    service "$service" stop >/dev/null 2>&1 || true
done
