#!/usr/bin/env python3
"""Reference workloads in PyTorch + SciPy, for side-by-side speed ratios with Langevin's bench.

Install once (Debian packages):  apt-get install -y python3-torch python3-scipy
Run:                             /usr/bin/python3 torch_reference.py [--threads 1] [--quick]
Prints one JSON object per workload. The workloads are defined in bench/WORKLOADS.md.
"""
import argparse, json, math, time

import numpy as np
import torch
from scipy.integrate import solve_ivp

BETA_MIN, BETA_MAX, EPS = 0.1, 20.0, 1e-5


def mlp(dim, hidden=128):
    return torch.nn.Sequential(
        torch.nn.Linear(dim + 1, hidden), torch.nn.SiLU(),
        torch.nn.Linear(hidden, hidden), torch.nn.SiLU(),
        torch.nn.Linear(hidden, hidden), torch.nn.SiLU(),
        torch.nn.Linear(hidden, dim))


def vp_log_mean_coef(t):
    return -0.25 * t ** 2 * (BETA_MAX - BETA_MIN) - 0.5 * t * BETA_MIN


def timed(fn, warmup, iters):
    for _ in range(warmup):
        fn()
    start = time.perf_counter()
    for _ in range(iters):
        fn()
    return time.perf_counter() - start


def w1_train_dsm(quick):
    torch.manual_seed(0)
    dim, batch = 2, 512
    net = mlp(dim)
    opt = torch.optim.Adam(net.parameters(), lr=2e-4)
    data = torch.randn(100_000, dim)

    def step():
        x0 = data[torch.randint(0, data.shape[0], (batch,))]
        t = torch.rand(batch, 1) * (1 - EPS) + EPS
        lmc = vp_log_mean_coef(t)
        std = torch.sqrt(1 - torch.exp(2 * lmc))
        z = torch.randn_like(x0)
        xt = torch.exp(lmc) * x0 + std * z
        loss = ((net(torch.cat([xt, t], 1)) - z) ** 2).sum(1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    iters = 300 if quick else 2000
    secs = timed(step, 100, iters)
    return {"workload": "train_dsm", "steps_per_s": iters / secs}


def w2_score_eval(quick):
    torch.manual_seed(0)
    dim, batch = 2, 10_000
    net = mlp(dim)
    x = torch.randn(batch, dim + 1)
    iters = 30 if quick else 200
    with torch.no_grad():
        secs = timed(lambda: net(x), 10, iters)
    return {"workload": "score_eval", "evals_per_s": iters / secs, "points_per_s": iters * batch / secs}


def w3_vjp_eval(quick):
    torch.manual_seed(0)
    dim, batch = 2, 1_000
    net = mlp(dim)
    x = torch.randn(batch, dim)
    t = torch.rand(batch, 1)
    probe = torch.randint(0, 2, (batch, dim)).float() * 2 - 1

    def f():
        xg = x.clone().requires_grad_(True)
        out = net(torch.cat([xg, t], 1))
        (g,) = torch.autograd.grad((out * probe).sum(), xg)
        return (g * probe).sum(1)

    iters = 100 if quick else 1000
    secs = timed(f, 20, iters)
    return {"workload": "vjp_eval", "evals_per_s": iters / secs}


def ring_gmm(k=8, radius=4.0, std=0.5):
    angles = 2 * math.pi * np.arange(k) / k
    means = np.stack([radius * np.cos(angles), radius * np.sin(angles)], 1)
    covs = np.stack([np.eye(2) * std ** 2] * k)
    weights = np.full(k, 1.0 / k)
    return weights, means, covs


def gmm_logpdf(x, weights, means, covs):
    """Exact log density of a Gaussian mixture, per row of x (nats)."""
    d = x.shape[1]
    logs = []
    for w, m, c in zip(weights, means, covs):
        inv = np.linalg.inv(c)
        diff = x - m
        maha = np.einsum("ni,ij,nj->n", diff, inv, diff)
        logs.append(math.log(w) - 0.5 * (maha + np.linalg.slogdet(c)[1] + d * math.log(2 * math.pi)))
    logs = np.stack(logs, 1)
    top = logs.max(1, keepdims=True)
    return (top + np.log(np.exp(logs - top).sum(1, keepdims=True)))[:, 0]


def gmm_score_and_div(x, t, weights, means, covs):
    """Score and its divergence of the VP-perturbed mixture p_t, in closed form."""
    lmc = vp_log_mean_coef(t)
    alpha, var = math.exp(lmc), 1 - math.exp(2 * lmc)
    d = x.shape[1]
    logr, us, traces = [], [], []
    for w, m, c in zip(weights, means, covs):
        ct = alpha ** 2 * c + var * np.eye(d)
        inv = np.linalg.inv(ct)
        diff = x - alpha * m
        u = diff @ inv
        logr.append(math.log(w) - 0.5 * ((u * diff).sum(1) + np.linalg.slogdet(ct)[1]))
        us.append(u)
        traces.append(np.trace(inv))
    logr = np.stack(logr, 1)
    r = np.exp(logr - logr.max(1, keepdims=True))
    r /= r.sum(1, keepdims=True)
    us = np.stack(us, 1)                      # n, k, d
    score = -(r[:, :, None] * us).sum(1)
    lap = (r * ((us ** 2).sum(2) - np.array(traces)[None, :])).sum(1)
    return score, lap - (score ** 2).sum(1)


def w4_likelihood_oracle(quick):
    rng = np.random.default_rng(0)
    weights, means, covs = ring_gmm()
    n, d = (200 if quick else 1000), 2
    comp = rng.choice(len(weights), n, p=weights)
    x0 = means[comp] + rng.standard_normal((n, d)) * 0.5

    def ode(t, state):
        x = state[: n * d].reshape(n, d)
        beta = BETA_MIN + t * (BETA_MAX - BETA_MIN)
        score, div_s = gmm_score_and_div(x, t, weights, means, covs)
        drift = -0.5 * beta * x - 0.5 * beta * score
        div = -0.5 * beta * d - 0.5 * beta * div_s
        return np.concatenate([drift.ravel(), div])

    start = time.perf_counter()
    sol = solve_ivp(ode, (EPS, 1.0), np.concatenate([x0.ravel(), np.zeros(n)]), rtol=1e-5, atol=1e-5, method="RK45")
    secs = time.perf_counter() - start
    z = sol.y[: n * d, -1].reshape(n, d)
    prior = -0.5 * (z ** 2).sum(1) - 0.5 * d * math.log(2 * math.pi)
    logp = prior + sol.y[n * d:, -1]
    exact = gmm_logpdf(x0, weights, means, covs)
    return {"workload": "likelihood_oracle", "seconds": secs, "nfe": int(sol.nfev), "points": n,
            "mean_abs_err_nats": float(np.abs(logp - exact).mean())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    for w in (w1_train_dsm, w2_score_eval, w3_vjp_eval, w4_likelihood_oracle):
        res = w(args.quick)
        res.update({"impl": "pytorch", "torch": torch.__version__, "threads": args.threads})
        print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
