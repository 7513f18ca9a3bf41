"""The projection of reports/scale/README.md: time per step and speed-up of N data-parallel workers on a 10 Gbit/s network.

usage: python3 reports/scale/project.py PARAMETERS SECONDS_PER_STEP
"""
import sys

P = int(sys.argv[1])        # the model's parameters
tc = float(sys.argv[2])     # one worker's compute per step, measured
B = 10e9 / 8                # 10 Gbit/s in bytes per second
ALPHA = 1e-4                # 0.1 ms per message
STATE = 6                   # floats per parameter averaged at sync_every > 1: weights, Adam m and v, EMA, two power-EMA profiles

print("| machines N | sync_every | sent per worker and sync (mesh) | mesh: exchange per step | mesh: speed-up "
      "| ring: exchange per step | ring: speed-up |")
for N in (4, 16, 64):
    for H in (1, 10, 50):
        V = 4 * (P + 1 if H == 1 else STATE * P)                 # bytes of one worker's vector
        mesh = (N - 1) * V / B + ALPHA                            # sent to every peer at once
        ring = 2 * (N - 1) / N * V / B + 2 * (N - 1) * ALPHA      # reduce-scatter, then all-gather
        print(f"| {N} | {H} | {(N - 1) * V / 1e6:.1f} MB | {mesh / H * 1e3:.2f} ms | {N * tc / (tc + mesh / H):.1f} "
              f"| {ring / H * 1e3:.2f} ms | {N * tc / (tc + ring / H):.1f} |")
