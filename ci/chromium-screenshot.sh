#!/usr/bin/env bash
# A screenshot of a page of MLflow's UI in Debian's headless chromium (installed when missing; needs root), driven over
# the DevTools protocol by ci/devtools.sh (ci/devtools/*.java): the UI set to its "Model training" view with the assistant panel closed
# (what a user sets with two clicks; kept in the origin's localStorage), then the page opened, the given DevTools steps
# run (by default: wait 10 s for the app to fetch and render), and the viewport written to OUT.
#   ci/chromium-screenshot.sh URL OUT.png [HEIGHT] [DevTools steps ...]   (width 1600, height default 1400)
# JAVA: the java binary (JDK 17 or later) whose javac compiles and runs ci/devtools/; default the one on PATH.
set -euo pipefail
URL="$1"
OUT="$(realpath -m "$2")"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
HEIGHT="${3:-1400}"
shift $(( $# < 3 ? $# : 3 ))
if ! command -v chromium >/dev/null 2>&1; then
  echo "[screenshot] installing chromium (Debian package) ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
fi
origin="$(printf '%s' "$URL" | sed -E 's#^(https?://[^/]+).*#\1#')"
prefs="localStorage.setItem('mlflow.workflowType_v1', JSON.stringify('machine_learning'));
localStorage.setItem('mlflow.assistant.panelOpen_v1', 'false');
localStorage.setItem('mlflow.assistant.fab.autoOpenedOnFirstLoad_v1', 'true')"
[ $# -gt 0 ] || set -- --run "new Promise(done => setTimeout(() => done(true), 10000))"
ci/devtools.sh --size "1600x$HEIGHT" --open "$origin/" --wait "document.readyState === 'complete'" --run "$prefs" \
  --open "$URL" "$@" --shot "$OUT"
echo "[screenshot] $URL" >&2
