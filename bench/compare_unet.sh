#!/usr/bin/env bash
# The U-Net training workloads in one sitting: Langevin, Debian's python3-torch and a second PyTorch build (e.g. the
# current torch from PyPI, installed into a scratch virtual environment outside the project), at 1 and 2 threads, in
# alternating rounds; one JSON line per measurement on standard output (impl, round, threads, then the workload's own).
#   bench/compare_unet.sh [ROUNDS] > unet.jsonl        (SECOND_PYTHON=/path/to/venv/bin/python; default: none)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-2}"
tag() { sed "s/^{/{\"impl\":\"$1\",\"round\":$2,\"threads\":$3,/"; }
for round in $(seq 1 "$rounds"); do
  for threads in 1 2; do
    for w in train_unet_digits train_unet_28 train_unet_clips; do
      echo "round $round, $threads thread(s), $w" >&2
      ./langevin bench --workload "$w" --threads "$threads" --json 2>/dev/null | grep '^{' | tag langevin "$round" "$threads"
      /usr/bin/python3 bench/torch_unet_reference.py --threads "$threads" --workload "$w" 2>/dev/null | grep '^{' | tag torch-debian "$round" "$threads"
      if [ -n "${SECOND_PYTHON:-}" ]; then
        "$SECOND_PYTHON" bench/torch_unet_reference.py --threads "$threads" --workload "$w" 2>/dev/null | grep '^{' | tag torch-second "$round" "$threads"
      fi
    done
  done
done
