#!/usr/bin/env bash
# Screenshots one run's page in MLflow's UI in headless Chromium, cropped to the given height. On the Model metrics tab
# (the default) the stepped "samples" image chart is brought to the top with its run-parameter header off and its slider
# at STEP (default: the last logged step; ci/mlflow-image-chart.js); the script fails unless that picture is drawn
# inside the screenshot.
#   ci/mlflow-run-screenshot.sh RUN_ID [OUT.png] [TAB] [HEIGHT] [STEP]
# Defaults: reports/mlflow/run-images.png, model-metrics, 700, last step. Installs Debian's chromium when it is missing
# (needs root).
set -euo pipefail
RUN="$1"
OUT="$(realpath -m "${2:-$(dirname "${BASH_SOURCE[0]}")/../reports/mlflow/run-images.png}")"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TAB="${3:-model-metrics}"
HEIGHT="${4:-700}"
STEP="${5:--1}"

URI="${MLFLOW_TRACKING_URI:-$(ci/mlflow.sh up)}"
experiment_id="$(curl -fsS "$URI/api/2.0/mlflow/runs/get?run_id=$RUN" | sed -n 's/.*"experiment_id": *"\([0-9]*\)".*/\1/p' | head -1)"
[ -n "$experiment_id" ] || { echo "[screenshot] no run $RUN at $URI" >&2; exit 1; }
steps=()
if [ "$TAB" = model-metrics ]; then
  chart="$(cat ci/mlflow-image-chart.js)"
  steps=(--wait "Object.keys(localStorage).some(k => k.includes('$RUN') && k.endsWith('-model-chartUIState')
                 && localStorage.getItem(k).includes('\"IMAGE\"'))"
         --run "($chart).prepare('$RUN', $STEP)" --reload --wait "($chart).shown('$RUN')"
         --run "new Promise(done => setTimeout(() => done(true), 3000))")
fi
ci/chromium-screenshot.sh "$URI/#/experiments/$experiment_id/runs/$RUN/$TAB" "$OUT" "$HEIGHT" "${steps[@]}"
echo "$OUT"
