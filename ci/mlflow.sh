#!/usr/bin/env bash
# The embedded MLflow tracking server: a project-local virtual environment with a pinned mlflow,
# a SQLite backend and served artifacts under .langevin/mlflow, bound to 127.0.0.1 only.
#   ci/mlflow.sh install   create the virtual environment once (idempotent)
#   ci/mlflow.sh up        install if needed, start the server if it is not running; prints its URI last
#   ci/mlflow.sh down      stop the server
#   ci/mlflow.sh status    print the URI and exit 0 if the server answers, exit 1 otherwise
set -euo pipefail

MLFLOW_VERSION="3.17.2"
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${LANGEVIN_MLFLOW_HOME:-$HOME_DIR/.langevin/mlflow}"
VENV="${LANGEVIN_MLFLOW_VENV:-$STATE/venv}"   # LANGEVIN_MLFLOW_VENV: share an installed venv with another state folder
PYTHON="${LANGEVIN_PYTHON:-python3}"

say() { echo "[mlflow] $*" >&2; }

installed() { [ -f "$VENV/.installed-$MLFLOW_VERSION" ]; }

install() {
  installed && return 0
  say "first-time setup: installing mlflow==$MLFLOW_VERSION into $VENV (once, about 1-2 minutes)"
  mkdir -p "$STATE"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "mlflow==$MLFLOW_VERSION" >&2
  touch "$VENV/.installed-$MLFLOW_VERSION"
  say "mlflow installed"
}

uri() { echo "http://127.0.0.1:$(cat "$STATE/server.port")"; }

# Our server answers: the process we started still runs (its command line names this checkout's state folder, so a
# server of another checkout on the same port is not taken for ours), and /health answers on our port.
answers() {
  [ -f "$STATE/server.port" ] && [ -f "$STATE/server.pid" ] || return 1
  local pid; pid="$(cat "$STATE/server.pid")"
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$STATE"; then return 1; fi
  curl -fsS --max-time 2 "$(uri)/health" >/dev/null 2>&1
}

free_port() {
  "$PYTHON" - <<'PY'
import socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
if free(5000):
    print(5000)
else:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

up() {
  if answers; then uri; return 0; fi
  install
  local port; port="${LANGEVIN_MLFLOW_PORT:-$(free_port)}"   # LANGEVIN_MLFLOW_PORT: a fixed port
  mkdir -p "$STATE/artifacts"
  echo "$port" > "$STATE/server.port"
  say "starting MLflow on 127.0.0.1:$port (SQLite $STATE/mlflow.db, artifacts $STATE/artifacts)"
  # setsid: the server outlives this shell and ignores Ctrl-C sent to the run that started it
  # no background job runner (its idle consumers poll and would take a core of a small machine)
  MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false setsid "$VENV/bin/mlflow" server \
      --host 127.0.0.1 --port "$port" --workers 1 \
      --backend-store-uri "sqlite:///$STATE/mlflow.db" \
      --artifacts-destination "$STATE/artifacts" --serve-artifacts \
      > "$STATE/server.log" 2>&1 < /dev/null &
  echo $! > "$STATE/server.pid"
  for _ in $(seq 1 120); do
    if answers; then say "MLflow is up: $(uri)"; uri; return 0; fi
    if ! kill -0 "$(cat "$STATE/server.pid")" 2>/dev/null; then
      say "the MLflow server exited; last lines of $STATE/server.log:"; tail -n 20 "$STATE/server.log" >&2; exit 1
    fi
    sleep 1
  done
  say "MLflow did not answer within 120 s; see $STATE/server.log"; exit 1
}

down() {
  if [ -f "$STATE/server.pid" ]; then
    local pid; pid="$(cat "$STATE/server.pid")"
    # the server runs in its own session: stop the whole group (gunicorn/uvicorn workers included)
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$STATE/server.pid"
    say "MLflow stopped"
  else
    say "MLflow is not running"
  fi
}

status() {
  if answers; then echo "MLflow is running at $(uri) (state in $STATE)"; else echo "MLflow is not running"; return 1; fi
}

case "${1:-}" in
  install) install ;;
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: ci/mlflow.sh install|up|down|status" >&2; exit 2 ;;
esac
