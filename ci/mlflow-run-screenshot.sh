#!/usr/bin/env bash
# Screenshots one run's page in MLflow's UI in headless Chromium (by default its Model metrics tab, where the stepped
# "samples" image chart is), cropped to the given height.
#   ci/mlflow-run-screenshot.sh RUN_ID [OUT.png] [TAB] [HEIGHT]
# Defaults: reports/mlflow/run-images.png, model-metrics, 1400. Installs Debian's chromium when it is missing (needs root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUN="$1"
OUT="${2:-reports/mlflow/run-images.png}"
TAB="${3:-model-metrics}"
HEIGHT="${4:-1400}"

URI="${MLFLOW_TRACKING_URI:-$(ci/mlflow.sh up)}"
experiment_id="$(curl -fsS "$URI/api/2.0/mlflow/runs/get?run_id=$RUN" | sed -n 's/.*"experiment_id": *"\([0-9]*\)".*/\1/p' | head -1)"
[ -n "$experiment_id" ] || { echo "[screenshot] no run $RUN at $URI" >&2; exit 1; }
ci/chromium-screenshot.sh "$URI/#/experiments/$experiment_id/runs/$RUN/$TAB" "$OUT" "$HEIGHT"
echo "$OUT"
