"""The kernels of NdKernels and MlpPasses in PyTorch, for `langevin report bench`: same shapes, single-threaded,
median of 5 timed repeats after warm-up. Prints one JSON object per line: {"benchmark": JMH name, "us": microseconds}."""
import json
import statistics
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)


def timed(name, fn, inner):
    for _ in range(max(10, inner // 5)):
        fn()
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        runs.append((time.perf_counter() - t0) / inner * 1e6)
    print(json.dumps({"benchmark": name, "us": statistics.median(runs)}), flush=True)


h = torch.randn(512, 128)
delta = torch.randn(512, 128)
w = torch.randn(128, 128) * 0.1
out = torch.empty(512, 128)
square = torch.empty(128, 128)
row = torch.empty(1, 128)
ones = torch.ones(512, 1)

timed("NdKernels.gemm", lambda: torch.mm(h, w, out=out), 500)
timed("NdKernels.gemmTransposedA", lambda: torch.mm(h.t(), delta, out=square), 500)
timed("NdKernels.columnSums", lambda: torch.mm(ones.t(), delta, out=row), 2000)
timed("NdKernels.sigmoid", lambda: torch.sigmoid(h, out=out), 2000)
timed("NdKernels.exp", lambda: torch.exp(h, out=out), 2000)
timed("NdKernels.multiply", lambda: torch.mul(h, delta, out=out), 2000)

# the reference MLP of bench/torch_reference.py: (x, t) → 128 → 128 → 128 → 2 with SiLU
net = torch.nn.Sequential(torch.nn.Linear(3, 128), torch.nn.SiLU(), torch.nn.Linear(128, 128), torch.nn.SiLU(),
                          torch.nn.Linear(128, 128), torch.nn.SiLU(), torch.nn.Linear(128, 2))
xt = torch.cat([torch.randn(512, 2), torch.rand(512, 1)], dim=1)
g = torch.randn(512, 2)


def forward_backward():
    net.zero_grad(set_to_none=True)
    net(xt).backward(g)


timed("MlpPasses.forward", lambda: net(xt), 300)
timed("MlpPasses.forwardBackward", forward_backward, 300)
