#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need -- the project-local MLflow virtual environment and
# Debian's Fashion-MNIST package --
# starts the embedded MLflow server on 127.0.0.1, and runs the whole test suite with Maven.
# Set MLFLOW_TRACKING_URI to test against another server instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=""
if [ -z "${MLFLOW_TRACKING_URI:-}" ]; then
  ci/mlflow.sh status >/dev/null 2>&1 || started=yes
  MLFLOW_TRACKING_URI="$(ci/mlflow.sh up)"
  export MLFLOW_TRACKING_URI
fi
echo "[test] MLflow: $MLFLOW_TRACKING_URI" >&2
[ -n "$started" ] && trap 'ci/mlflow.sh down' EXIT

# Fashion-MNIST from Debian (dataset-fashion-mnist: the four IDX files under /usr/share/datasets/fashion-mnist) for the
# IDX reader's test on the real files; without it (no apt-get, not root) that one test is skipped
if [ ! -d /usr/share/datasets/fashion-mnist ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "[test] installing dataset-fashion-mnist" >&2
  { apt-get install -y -q dataset-fashion-mnist >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q dataset-fashion-mnist >/dev/null 2>&1; }; } \
    || echo "[test] dataset-fashion-mnist could not be installed: its test is skipped" >&2
fi

# ND4J's small matrix products run fastest single-threaded on small machines
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# install, not just verify: the ./langevin launcher runs the CLI jar this builds
mvn -B -ntp -Dstyle.color=never install
