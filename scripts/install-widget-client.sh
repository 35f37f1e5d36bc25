#!/usr/bin/env bash
# The web widget's pinned client code (socket.io-client, version in package-lock.json), installed
# from the npm registry with `npm ci` and copied to channels/widget/vendor/, where the service
# serves it itself (no CDN at run time). Installs Debian's nodejs and npm when they are missing
# and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "The web widget needs Node.js and npm to install its client code: sudo apt-get install nodejs npm" >&2
        exit 1
    fi
    echo "Installing Node.js and npm (Debian packages) for the web widget's client code ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
mkdir -p channels/widget/vendor
cp node_modules/socket.io-client/dist/socket.io.min.js channels/widget/vendor/socket.io.min.js
