#!/usr/bin/env bash
# The DevTools driver (ci/devtools/*.java: the steps, the browser connection, the JSON bits; JDK only): compiled from
# its sources into a temporary folder with the JDK of JAVA (default: the java on PATH), then run with the arguments.
# Exit codes are the driver's: 2 bad arguments, 1 a failed step.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java="$(command -v "${JAVA:-java}")"
javac="$(dirname "$(readlink -f "$java")")/javac"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
"$javac" -nowarn -d "$classes" "$here"/devtools/*.java
status=0
"$java" -cp "$classes" DevTools "$@" || status=$?
exit "$status"
