#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need -- the project-local MLflow virtual environment,
# Debian's Fashion-MNIST package and Debian's chromium (the MLflow UI test) --
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

# Debian packages the tests read when it runs as root: Fashion-MNIST (dataset-fashion-mnist: the four IDX files under
# /usr/share/datasets/fashion-mnist) and chromium (headless, for the test of what the MLflow UI shows)
need=()
[ -d /usr/share/datasets/fashion-mnist ] || need+=(dataset-fashion-mnist)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ "${#need[@]}" -gt 0 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "[test] installing ${need[*]}" >&2
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null 2>&1; }; } \
    || echo "[test] ${need[*]} could not be installed: the tests that need them fail" >&2
fi

# ND4J's small matrix products run fastest single-threaded on small machines
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# install, not just verify: the ./langevin launcher runs the CLI jar this builds
mvn -B -ntp -Dstyle.color=never install
