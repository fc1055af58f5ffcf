#!/usr/bin/env python3
"""PyTorch CPU timings of the `repro bench` workloads on this machine (1 thread), for BENCHMARKS.md.

Same shapes, losses and optimisers as Sources/Benchmarks: one training step = forward, MSE,
backward, optional clip_grad_norm_, Adam step, on one fixed random batch; median over repeats
after warm-up. Writes scripts/bench_pytorch.json, which `repro bench` reads.

    python3 scripts/bench_pytorch.py [--quick] [--output scripts/bench_pytorch.json]
"""
import argparse
import json
import os
import platform
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)


class CoRNNCell(nn.Module):
    """tk-rusch/coRNN `coRNNCell` (adding task): one Linear over [x, hz, hy]."""

    def __init__(self, n_inp, n_hid, dt, gamma, epsilon):
        super().__init__()
        self.dt, self.gamma, self.epsilon = dt, gamma, epsilon
        self.i2h = nn.Linear(n_inp + n_hid + n_hid, n_hid)

    def forward(self, x, hy, hz):
        hz = hz + self.dt * (torch.tanh(self.i2h(torch.cat((x, hz, hy), 1))) - self.gamma * hy - self.epsilon * hz)
        hy = hy + self.dt * hz
        return hy, hz


class CoRNN(nn.Module):
    def __init__(self, n_inp, n_hid, n_out, dt, gamma, epsilon):
        super().__init__()
        self.n_hid = n_hid
        self.cell = CoRNNCell(n_inp, n_hid, dt, gamma, epsilon)
        self.readout = nn.Linear(n_hid, n_out)

    def forward(self, x):  # x: (T, B, K) as in the reference code
        hy = x.new_zeros(x.size(1), self.n_hid)
        hz = x.new_zeros(x.size(1), self.n_hid)
        for t in range(x.size(0)):
            hy, hz = self.cell(x[t], hy, hz)
        return self.readout(hy)


class PLRNN(nn.Module):
    """reg-PLRNN `model.py`: z <- A*z + W_off relu(z) + h + C s_t, output B z_T, trainable mu0."""

    def __init__(self, n_inp, m, n_out):
        super().__init__()
        self.A = nn.Parameter(torch.rand(m) * 0.5)
        self.W = nn.Linear(m, m)
        self.C = nn.Linear(n_inp, m, bias=False)
        self.B = nn.Linear(m, n_out, bias=False)
        self.mu0 = nn.Parameter(torch.rand(m))
        self.register_buffer("offdiag", 1 - torch.eye(m))

    def forward(self, x):  # x: (B, T, K)
        z = self.mu0.expand(x.size(0), -1)
        w = self.W.weight * self.offdiag
        for t in range(x.size(1)):
            z = self.A * z + F.linear(torch.relu(z), w, self.W.bias) + self.C(x[:, t])
        return self.B(z)


class Recurrent(nn.Module):
    """nn.LSTM / nn.RNN(tanh) plus a Linear read-out on the last hidden state."""

    def __init__(self, kind, n_inp, m, n_out):
        super().__init__()
        self.rnn = kind(n_inp, m, batch_first=True)
        self.readout = nn.Linear(m, n_out)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.readout(h[:, -1])


def adding_batch(steps, batch, time_major):
    x = torch.zeros(batch, steps, 2)
    x[:, :, 0] = torch.rand(batch, steps)
    first = torch.randint(0, steps // 2, (batch,))
    second = torch.randint(steps // 2, steps, (batch,))
    x[torch.arange(batch), first, 1] = 1
    x[torch.arange(batch), second, 1] = 1
    y = (x[:, :, 0] * x[:, :, 1]).sum(1, keepdim=True)
    return (x.transpose(0, 1).contiguous() if time_major else x), y


def time_steps(model, x, y, lr, clip, warm, repeats):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        if clip is not None:
            nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()

    for _ in range(warm):
        step()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        samples.append(time.perf_counter() - start)
    return 1 / statistics.median(samples)


def gemm_gflops(n, repeats):
    a, b = torch.rand(n, n), torch.rand(n, n)
    a @ b
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        samples.append(time.perf_counter() - start)
    return 2 * n ** 3 / statistics.median(samples) / 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", default=os.path.join(os.path.dirname(__file__), "bench_pytorch.json"))
    args = parser.parse_args()
    q = args.quick
    torch.manual_seed(2021)
    results = {}

    x, y = adding_batch(500, 50, time_major=True)
    results["coRNN adding"] = time_steps(CoRNN(2, 128, 1, 0.06, 66.0, 15.0), x, y, 2e-2, None, 1, 3 if q else 11)
    print("coRNN adding", results["coRNN adding"], flush=True)
    x, y = adding_batch(100, 16, time_major=False)
    results["PLRNN addition"] = time_steps(PLRNN(2, 40, 1), x, y, 1e-3, 3.0, 5, 21 if q else 101)
    print("PLRNN addition", results["PLRNN addition"], flush=True)
    results["LSTM addition"] = time_steps(Recurrent(nn.LSTM, 2, 40, 1), x, y, 1e-3, 3.0, 5, 21 if q else 101)
    print("LSTM addition", results["LSTM addition"], flush=True)
    x, y = adding_batch(500, 50, time_major=False)
    results["tanh RNN adding"] = time_steps(Recurrent(nn.RNN, 2, 128, 1), x, y, 1e-3, None, 1, 3 if q else 11)
    print("tanh RNN adding", results["tanh RNN adding"], flush=True)
    gflops = gemm_gflops(2048, 3 if q else 7)
    print("GEMM 2048^2 GFLOP/s", gflops, flush=True)

    load = os.getloadavg()
    note = (f"PyTorch {torch.__version__} (PyPI wheel, CPU only used), Python {platform.python_version()}, "
            f"run {time.strftime('%Y-%m-%dT%H:%M:%S%z')}, "
            f"torch.set_num_threads(1); its own 2048² float32 matmul ran at {gflops:.1f} GFLOP/s; "
            f"load average at the end {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}.")
    with open(args.output, "w") as f:
        json.dump({"steps_per_second": results, "gemm_gflops": gflops, "note": note}, f, indent=2, sort_keys=True)
        f.write("\n")
    print("wrote", args.output)


if __name__ == "__main__":
    main()
