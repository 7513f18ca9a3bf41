#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need -- the project-local MLflow virtual environment --
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

# ND4J's small matrix products run fastest single-threaded on small machines
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# install, not just verify: the ./langevin launcher runs the CLI jar this builds
mvn -B -ntp -Dstyle.color=never install
