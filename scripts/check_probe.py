#!/usr/bin/env python3
"""Check a gradient probe written by `repro probe` against PyTorch autograd.

Rebuilds the probe's model in PyTorch from the papers' definitions (shared/PROTOCOLS.md §1–§2):
nn.RNN / nn.LSTM / nn.GRU for the Elman models, LSTM and GRU; the coRNN cell of tk-rusch/coRNN;
the PLRNN of reg-PLRNN model.py with the reference regulariser; EdgeML's FastRNNCell; the
antisymmetric RNN of Chang et al. (2019); lezcano/expRNN. Loads the parameters by name, recomputes
loss and gradients in float64 and prints, per parameter, the relative error
max|ours − torch| / max|torch| (absolute error where the torch gradient is all zero).

Exit status 1 if the loss or any gradient differs by more than 1e-6 (float64 probe) / 1e-3
(float32 probe), 2 if the file is not a probe.

    python3 scripts/check_probe.py probe.h5 [more.h5 …] [--quiet]
"""
import json
import sys

import h5py
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def attr(f, name, default=None):
    v = f.attrs.get(name, default)
    return v.decode() if isinstance(v, bytes) else v


class Readout(nn.Module):
    """A recurrent core followed by `readout = nn.Linear(M, out)` on the last or every hidden state."""

    def outputs(self, states, readout):
        hs = states if readout == "all" else states[-1:]
        return [self.readout(h) for h in hs]


# --- P1: PLRNN (reg-PLRNN model.py): z_t = A⊙z_{t−1} + W_off relu(z_{t−1}) + h + C s_t, z_0 = μ0, y = B z ---
class PLRNN(nn.Module):
    def __init__(self, k, m, o):
        super().__init__()
        self.A = nn.Module()
        self.A.weight = nn.Parameter(torch.zeros(m))
        self.B = nn.Linear(m, o, bias=False)
        self.W = nn.Linear(m, m)           # weight: diagonal unused (OffDiagLinear); bias = h
        self.CLinear = nn.Linear(k, m, bias=False)
        self.mu0 = nn.Parameter(torch.zeros(m))

    def run(self, x, readout):
        w_off = self.W.weight - torch.diag(torch.diag(self.W.weight))
        z = self.mu0.expand(x.shape[1], -1)
        states = []
        for t in range(x.shape[0]):
            z = self.A.weight * z + F.linear(torch.relu(z), w_off, self.W.bias) + x[t] @ self.CLinear.weight.t()
            states.append(z)
        hs = states if readout == "all" else states[-1:]
        return [self.B(h) for h in hs]

    def regularization(self, f):
        """reg-PLRNN training.py: τ_A·mean(A_i−1)² + τ_W·mean(W_ij², all j) + τ_h·mean(h_i²) over i < U."""
        kind = attr(f, "regularizer", "none")
        if kind == "none":
            return torch.zeros(())
        u = int(attr(f, "regularizer_units"))
        if u == 0:
            return torch.zeros(())
        ta, tw, th = (float(attr(f, "regularizer_tau_" + s)) for s in "awh")
        a, w, h = self.A.weight[:u], self.W.weight[:u], self.W.bias[:u]
        mean = attr(f, "regularizer_reduction") == "mean"
        if kind == "line_attractor":
            if not mean:  # paper eq. 4: sums, W over j ≠ i
                w = w * (1 - torch.eye(w.shape[0], w.shape[1]))
            red = torch.mean if mean else torch.sum
            return ta * red((a - 1) ** 2) + tw * red(w ** 2) + th * red(h ** 2)
        # quartic decay ("L2PLRNN2"): L2 loss on the squares, W over the regularised block
        red = torch.mean if mean else torch.sum
        return ta * red(a ** 4) + tw * red(self.W.weight[:u, :u] ** 4) + th * red(h ** 4)


# --- Elman RNNs, LSTM, GRU: PyTorch's own modules ---
class TorchRNN(Readout):
    def __init__(self, core, m, o):
        super().__init__()
        self.core = core
        self.readout = nn.Linear(m, o)

    def run(self, x, readout):
        h, _ = self.core(x)
        return self.outputs(list(h), readout)

    def names(self):
        return {n: ("core." + n if not n.startswith("readout") else n) for n in
                ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "readout.weight", "readout.bias"]}


# --- P3: coRNN cell (tk-rusch/coRNN): hz += dt(tanh(i2h([x, hz, hy])) − γ hy − ε hz); hy += dt hz ---
class CoRNN(Readout):
    def __init__(self, k, m, o, dt, gamma, eps, implicit, trainable):
        super().__init__()
        self.cell = nn.Module()
        self.cell.i2h = nn.Linear(k + 2 * m, m)
        if trainable:
            self.cell.dt = nn.Parameter(torch.tensor([[dt]]))
            self.cell.gamma = nn.Parameter(torch.tensor([[gamma]]))
            self.cell.epsilon = nn.Parameter(torch.tensor([[eps]]))
        else:
            self.cell.dt, self.cell.gamma, self.cell.epsilon = dt, gamma, eps
        self.readout = nn.Linear(m, o)
        self.m, self.implicit = m, implicit

    def run(self, x, readout):
        c = self.cell
        hy = torch.zeros(x.shape[1], self.m)
        hz = torch.zeros(x.shape[1], self.m)
        states = []
        for t in range(x.shape[0]):
            a = torch.tanh(c.i2h(torch.cat((x[t], hz, hy), 1)))
            if self.implicit:  # n̄ = n (P3 eq. 3): z_n (1 + Δt ε) = z_{n−1} + Δt(σ − γ y_{n−1})
                hz = (hz + c.dt * (a - c.gamma * hy)) / (1 + c.dt * c.epsilon)
            else:
                hz = hz + c.dt * (a - c.gamma * hy - c.epsilon * hz)
            hy = hy + c.dt * hz
            states.append(hy)
        return self.outputs(states, readout)


# --- FastRNN (EdgeML FastRNNCell): h̃ = tanh(x W + h U + b), h = σ(β) h + σ(α) h̃ ---
class FastRNN(Readout):
    def __init__(self, k, m, o):
        super().__init__()
        self.W = nn.Parameter(torch.zeros(k, m))
        self.U = nn.Parameter(torch.zeros(m, m))
        self.bias_update = nn.Parameter(torch.zeros(1, m))
        self.alpha = nn.Parameter(torch.zeros(1, 1))
        self.beta = nn.Parameter(torch.zeros(1, 1))
        self.readout = nn.Linear(m, o)
        self.m = m

    def run(self, x, readout):
        h = torch.zeros(x.shape[1], self.m)
        states = []
        for t in range(x.shape[0]):
            c = torch.tanh(x[t] @ self.W + h @ self.U + self.bias_update)
            h = torch.sigmoid(self.beta) * h + torch.sigmoid(self.alpha) * c
            states.append(h)
        return self.outputs(states, readout)


# --- Antisymmetric RNN (Chang et al. 2019): h = h + ϵ tanh((W − Wᵀ − γI) h + V x + b) ---
class AntisymmetricRNN(Readout):
    def __init__(self, k, m, o, step, diffusion):
        super().__init__()
        self.W = nn.Parameter(torch.zeros(m, m))
        self.V = nn.Parameter(torch.zeros(m, k))
        self.b = nn.Parameter(torch.zeros(m))
        self.readout = nn.Linear(m, o)
        self.m, self.step, self.diffusion = m, step, diffusion

    def run(self, x, readout):
        r = self.W - self.W.t() - self.diffusion * torch.eye(self.m)
        h = torch.zeros(x.shape[1], self.m)
        states = []
        for t in range(x.shape[0]):
            h = h + self.step * torch.tanh(h @ r.t() + x[t] @ self.V.t() + self.b)
            states.append(h)
        return self.outputs(states, readout)


# --- expRNN (lezcano/expRNN): B = expm(A), A = triu(log, 1) − triu(log, 1)ᵀ; h = modReLU(x Tᵀ + h B) ---
class ExpRNN(Readout):
    def __init__(self, k, m, o):
        super().__init__()
        self.log_recurrent_kernel = nn.Parameter(torch.zeros(m, m))
        self.input_kernel = nn.Linear(k, m, bias=False)
        self.nonlinearity = nn.Module()
        self.nonlinearity.b = nn.Parameter(torch.zeros(m))
        self.readout = nn.Linear(m, o)
        self.m = m

    def run(self, x, readout):
        a = self.log_recurrent_kernel.triu(diagonal=1)
        b = torch.matrix_exp(a - a.t())
        h = torch.zeros(x.shape[1], self.m)
        states = []
        for t in range(x.shape[0]):
            z = self.input_kernel(x[t]) + h @ b
            h = torch.sign(z) * torch.relu(torch.abs(z) + self.nonlinearity.b)  # modReLU
            states.append(h)
        return self.outputs(states, readout)


def build(f):
    kind = attr(f, "model")
    k, m, o = (int(attr(f, n)) for n in ("input_size", "hidden_size", "output_size"))
    if kind in ("plrnn", "iplrnn", "rplrnn"):
        return PLRNN(k, m, o), {}
    if kind in ("rnn", "l2rnn", "irnn", "nprnn", "ornn", "tanh-rnn"):
        model = TorchRNN(nn.RNN(k, m, nonlinearity=attr(f, "activation")), m, o)
        return model, model.names()
    if kind == "lstm":
        model = TorchRNN(nn.LSTM(k, m), m, o)
        return model, model.names()
    if kind == "gru":
        model = TorchRNN(nn.GRU(k, m), m, o)
        return model, model.names()
    if kind == "cornn":
        return CoRNN(k, m, o, float(attr(f, "dt")), float(attr(f, "gamma")), float(attr(f, "epsilon")),
                     attr(f, "damping") == "implicit", int(attr(f, "trainable_hyperparameters")) == 1), {}
    if kind == "fastrnn":
        return FastRNN(k, m, o), {}
    if kind == "antisymmetric-rnn":
        return AntisymmetricRNN(k, m, o, float(attr(f, "step")), float(attr(f, "diffusion"))), {}
    if kind == "exprnn":
        return ExpRNN(k, m, o), {}
    raise SystemExit(f"unknown model kind {kind!r}")


def regularization(model, f):
    if isinstance(model, PLRNN):
        return model.regularization(f)
    tau = float(attr(f, "l2_tau", 0.0))
    if tau == 0:
        return torch.zeros(())
    # L2RNN: τ·Σθ² over the weight matrices (and the biases if l2_include_biases).
    names = dict(model.named_parameters())
    keys = [n for n in names if "weight" in n or int(attr(f, "l2_include_biases", 0)) == 1]
    return tau * sum((names[n] ** 2).sum() for n in keys)


def data_loss(outputs, targets, kind):
    y = torch.cat(outputs, 0)
    t = torch.cat(list(targets), 0)
    if kind == "mse":
        return F.mse_loss(y, t)
    if kind == "cross_entropy":
        if t.shape[1] == 1 and y.shape[1] > 1:
            return F.cross_entropy(y, t[:, 0].long())
        return F.cross_entropy(y, t)
    if kind == "bce_with_logits":
        return F.binary_cross_entropy_with_logits(y, t)
    raise SystemExit(f"unknown loss {kind!r}")


def init_problems(f):
    """Structural checks of an unperturbed probe's parameters against the papers' initialisations
    (PROTOCOLS.md §2): exact values where the init fixes them, bounds where it draws uniformly."""
    kind = attr(f, "model")
    k, m = int(attr(f, "input_size")), int(attr(f, "hidden_size"))
    p = {n: np.asarray(f["model"][n][()], dtype=np.float64) for n in json.loads(attr(f["model"], "parameter_names"))}
    problems = []

    def need(condition, what):
        if not condition:
            problems.append(what)

    def within(name, bound):
        need(np.max(np.abs(p[name])) <= bound * (1 + 1e-6), f"{name} exceeds U(±{bound:.4g})")

    if kind in ("plrnn", "iplrnn", "rplrnn"):
        a, w, h, mu0 = p["A.weight"].ravel(), p["W.weight"], p["W.bias"].ravel(), p["mu0"].ravel()
        need(np.all(np.diag(w) == 0), "W diagonal not zero")
        need(np.all((mu0 >= 0) & (mu0 < 1)), "mu0 outside U[0,1)")
        u = m if kind == "iplrnn" else int(attr(f, "regularizer_units", 0))
        need(np.all(a[:u] == 1) and np.all(w[:u] == 0) and np.all(h[:u] == 0),
             f"first {u} units not line-attractor units (A=1, W row 0, h=0)")
        if kind == "plrnn":
            need(np.max(np.abs(np.linalg.eigvals(np.diag(a) + w))) <= 1 + 1e-9, "spectral radius of A+W > 1")
    elif kind in ("rnn", "l2rnn", "tanh-rnn", "gru", "lstm"):
        bound = 1 / np.sqrt(m)
        for n in ("weight_ih_l0", "weight_hh_l0", "readout.weight", "readout.bias"):
            within(n, bound)
        for n in ("bias_ih_l0", "bias_hh_l0"):
            b = p[n].ravel().copy()
            if kind == "lstm":
                need(np.all(b[m:2 * m] == 0.5), f"{n} forget-gate slice not 0.5")
                b[m:2 * m] = 0
            need(np.max(np.abs(b)) <= bound * (1 + 1e-6), f"{n} exceeds U(±{bound:.4g})")
    elif kind in ("irnn", "nprnn", "ornn"):
        whh = p["weight_hh_l0"]
        need(np.all(p["bias_ih_l0"] == 0) and np.all(p["bias_hh_l0"] == 0), "biases not zero")
        if kind == "irnn":
            need(np.array_equal(whh, np.eye(m)), "W_hh is not the identity")
        elif kind == "nprnn":
            ev = np.linalg.eigvalsh((whh + whh.T) / 2)
            need(np.allclose(whh, whh.T, atol=1e-12) and ev.min() > 0 and abs(ev.max() - 1) < 1e-9,
                 "W_hh not symmetric positive definite with largest eigenvalue 1")
        else:
            need(np.allclose(whh @ whh.T, np.eye(m), atol=1e-9), "W_hh not orthogonal")
    elif kind == "cornn":
        within("cell.i2h.weight", 1 / np.sqrt(k + 2 * m))
        within("cell.i2h.bias", 1 / np.sqrt(k + 2 * m))
        within("readout.weight", 1 / np.sqrt(m))
    elif kind == "fastrnn":
        need(np.all(p["bias_update"] == 1), "bias_update not 1")
        need(p["alpha"].item() == -3 and p["beta"].item() == 3, "alpha, beta not −3, 3")
    elif kind == "antisymmetric-rnn":
        within("V", 1 / np.sqrt(k))
        within("b", 1 / np.sqrt(k))
    elif kind == "exprnn":
        log = p["log_recurrent_kernel"]
        need(np.allclose(log, -log.T) and np.max(np.abs(log)) <= np.pi, "log kernel not skew with entries in [−π, π]")
        off = log.copy()
        for i in range(0, m - 1, 2):
            off[i, i + 1] = off[i + 1, i] = 0
        need(np.all(off == 0), "log kernel not 2×2-block diagonal (Henaff init)")
        within("nonlinearity.b", 0.01)
    return problems


def relative_error(ours, ref):
    scale = np.max(np.abs(ref)) if ref.size else 0.0
    diff = np.max(np.abs(ours - ref)) if ref.size else 0.0
    return diff / scale if scale > 0 else diff


def check(path, quiet=False):
    with h5py.File(path, "r") as f:
        if attr(f, "format") != "paperrepro.gradient-probe":
            print(f"{path}: not a gradient probe", file=sys.stderr)
            return 2, {}
        scalar = attr(f, "scalar")
        tolerance = 1e-6 if scalar == "float64" else 1e-3
        model, rename = build(f)
        state = dict(model.named_parameters())
        names = json.loads(attr(f["model"], "parameter_names"))
        ours_grad = {}
        for n in names:
            target = rename.get(n, n)
            if target not in state:
                raise SystemExit(f"{path}: parameter {n} has no counterpart ({target}) in the PyTorch model")
            value = torch.from_numpy(np.asarray(f["model"][n][()], dtype=np.float64))
            with torch.no_grad():
                state[target].copy_(value.reshape(state[target].shape))
            ours_grad[n] = np.asarray(f["gradients"][n][()], dtype=np.float64)
        loaded = {rename.get(n, n) for n in names}
        missing = [n for n in state if n not in loaded]
        if missing:
            raise SystemExit(f"{path}: PyTorch parameters not in the probe: {missing}")
        x = torch.from_numpy(np.asarray(f["batch/inputs"][()], dtype=np.float64))
        t = torch.from_numpy(np.asarray(f["batch/targets"][()], dtype=np.float64))
        outputs = model.run(x, attr(f, "readout"))
        loss = data_loss(outputs, t, attr(f, "loss")) + regularization(model, f)
        loss.backward()
        ours_loss = float(np.asarray(f["loss"][()]).reshape(-1)[0])
        errors = {"loss": abs(ours_loss - loss.item()) / max(abs(loss.item()), 1e-300)}
        for n in names:
            g = state[rename.get(n, n)].grad
            ref = np.zeros(ours_grad[n].shape) if g is None else g.detach().numpy().reshape(ours_grad[n].shape)
            errors[n] = relative_error(ours_grad[n], ref)
        label = attr(f, "model") + ("/" + attr(f, "damping") if attr(f, "damping") else "") + " " + attr(f, "probe_loss")
        worst = max(errors.values())
        ok = worst <= tolerance
        problems = init_problems(f) if float(attr(f, "perturbation", 0.0)) == 0 else []
        for problem in problems:
            print(f"  initialisation: {problem}")
        ok = ok and not problems
        if not quiet:
            print(f"{path}: {label} ({scalar}) loss ours {ours_loss:.17g} torch {loss.item():.17g}")
            for n, e in errors.items():
                print(f"  {n:28s} {e:.3e}{'' if e <= tolerance else '  FAIL'}")
        print(f"{'ok  ' if ok else 'FAIL'} {label:40s} max relative error {worst:.3e} (tolerance {tolerance:g})")
        return (0 if ok else 1), errors


def main(argv):
    quiet = "--quiet" in argv
    paths = [a for a in argv if a != "--quiet"]
    if not paths:
        print(__doc__)
        return 2
    status = 0
    for p in paths:
        status = max(status, check(p, quiet)[0])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
