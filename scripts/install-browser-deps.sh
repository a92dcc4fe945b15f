#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need, idempotently:
#   - Debian's Chromium at /usr/bin/chromium (apt-get; needs root),
#   - the Python `playwright` package in .venv, used only as a driver for that Chromium
#     (never `playwright install`: no browser is downloaded).
# Usage: bash scripts/install-browser-deps.sh   (run from anywhere; safe to run again)
set -euo pipefail
cd "$(dirname "$0")/.."

PLAYWRIGHT_VERSION="${PLAYWRIGHT_VERSION:-1.65.2}"
PYTHON="${PYTHON:-.venv/bin/python}"

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" != "0" ]; then
        echo "error: /usr/bin/chromium is missing and installing it needs root." >&2
        echo "run as root, or: sudo apt-get update && sudo apt-get install -y chromium" >&2
        exit 1
    fi
    echo "installing Debian's chromium ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # fonts-dejavu-core gives the dashboard readable glyphs in headless screenshots.
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
/usr/bin/chromium --version

if [ ! -x "$PYTHON" ]; then
    echo "error: $PYTHON not found: run 'make setup' first" >&2
    exit 1
fi
if ! "$PYTHON" -c "import playwright" 2>/dev/null; then
    echo "installing playwright==$PLAYWRIGHT_VERSION into .venv (driver only) ..."
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "playwright==$PLAYWRIGHT_VERSION"
fi
"$PYTHON" -c "from importlib.metadata import version; print('playwright', version('playwright'))"
