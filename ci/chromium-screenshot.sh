#!/usr/bin/env bash
# A screenshot of a URL in Debian's headless chromium (installed when missing; needs root), after the page's scripts
# have run (a virtual-time budget) and with every compositor stage drawn (MLflow's charts render lazily).
#   ci/chromium-screenshot.sh URL OUT.png [HEIGHT]   (width 1600, height default 1400)
set -euo pipefail
URL="$1"
OUT="$2"
HEIGHT="${3:-1400}"
if ! command -v chromium >/dev/null 2>&1; then
  echo "[screenshot] installing chromium (Debian package) ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi
mkdir -p "$(dirname "$OUT")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars --run-all-compositor-stages-before-draw \
  --window-size=1600,"$HEIGHT" --virtual-time-budget=20000 --screenshot="$(realpath -m "$OUT")" "$URL" 2>/dev/null
echo "[screenshot] $URL" >&2
