#!/usr/bin/env bash
# Screenshots MLflow's compare view of a small sweep in headless Chromium, to check that sweep runs compare well in the
# dashboard (same params, metrics by step, run names that say the cell).
#   ci/mlflow-compare-screenshot.sh [SWEEP.yaml] [OUT.png] [METRICS]
# Defaults: experiments/ablations/dashboard-demo.yaml and reports/mlflow/compare.png. Installs Debian's
# chromium when it is missing (needs root), runs the sweep against the embedded MLflow (finished cells are skipped),
# then opens #/compare-runs with the sweep's runs, its parallel-coordinates plot on METRICS (default
# fisher_divergence,mmd2,test_nll_nats) and its Parameters table on the params that differ (ci/mlflow-compare-view.js).
set -euo pipefail
SWEEP="$(realpath -m "${1:-$(dirname "${BASH_SOURCE[0]}")/../experiments/ablations/dashboard-demo.yaml}")"
OUT="$(realpath -m "${2:-$(dirname "${BASH_SOURCE[0]}")/../reports/mlflow/compare.png}")"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
METRICS="${3:-fisher_divergence,mmd2,test_nll_nats}"

URI="${MLFLOW_TRACKING_URI:-$(ci/mlflow.sh up)}"
export MLFLOW_TRACKING_URI="$URI"

lines="$(./langevin sweep "$SWEEP" --json)"
runs="$(printf '%s\n' "$lines" | sed -n 's/^{"run_id":"\([0-9a-f]*\)".*/"\1"/p' | paste -sd, -)"
experiment="$(printf '%s\n' "$lines" | tail -1 | sed -n 's/.*"experiment":"\([^"]*\)".*/\1/p')"
experiment_id="$(curl -fsS "$URI/api/2.0/mlflow/experiments/get-by-name?experiment_name=$experiment" \
  | sed -n 's/.*"experiment_id": *"\([0-9]*\)".*/\1/p')"
[ -n "$runs" ] && [ -n "$experiment_id" ] || { echo "[screenshot] no runs found for $SWEEP" >&2; exit 1; }

# the UI route is #/compare-runs?runs=[JSON ids]&experiments=[JSON ids], URL-encoded
encode() { printf '%s' "$1" | sed 's/\[/%5B/g; s/\]/%5D/g; s/"/%22/g; s/,/%2C/g'; }
url="$URI/#/compare-runs?runs=$(encode "[$runs]")&experiments=$(encode "[\"$experiment_id\"]")"
settle="new Promise(done => setTimeout(() => done(true), 3000))"
ci/chromium-screenshot.sh "$url" "$OUT" 1400 --wait "document.querySelector('[aria-label=\"Parameters - Show diff only\"]')" \
  --run "$settle" --run "($(cat ci/mlflow-compare-view.js))('$METRICS'.split(','))" --run "$settle"
echo "$OUT"
