#!/usr/bin/env python3
"""What the materialised attention (q·kᵀ, scale, softmax, ·v) costs in a pretraining step at the
decoder's 251 tokens, and whether computing it in query chunks helps, on the plain PyTorch version
of the network (bench/mae_bench.py), which runs the same operations as the harness.

    python3 bench/attention_share.py PRESET BATCH [DEVICE]

Prints (1) the share of a whole training step (forward, backward, AdamW) spent in the attention
core, from torch's profiler, and (2) forward+backward time and the bytes the autograd graph keeps
of the attention core alone, whole against chunked over queries.
"""
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, __import__("os").path.dirname(__file__))
import mae_bench  # noqa: E402

preset = sys.argv[1] if len(sys.argv) > 1 else "tiny"
batch = int(sys.argv[2]) if len(sys.argv) > 2 else 16
device = torch.device("cuda:0" if len(sys.argv) > 3 and sys.argv[3].startswith("gpu") else "cpu")


def core(q, k, v, chunk=0):
    scale = q.shape[-1] ** -0.5
    if not chunk:
        with torch.autograd.profiler.record_function("attention_core"):
            return ((q @ k.transpose(-2, -1)) * scale).softmax(-1) @ v
    outs = []
    with torch.autograd.profiler.record_function("attention_core"):
        for s in range(0, q.shape[2], chunk):
            outs.append(((q[:, :, s:s + chunk] @ k.transpose(-2, -1)) * scale).softmax(-1) @ v)
        return torch.cat(outs, 2)


def patched_forward(self, x):
    b, n, d = x.shape
    q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
    return self.proj(core(q, k, v).transpose(1, 2).reshape(b, n, d))


mae_bench.Attention.forward = patched_forward
torch.manual_seed(0)
model = mae_bench.MaskedAutoencoder(preset).to(device)
opt = torch.optim.AdamW(mae_bench.param_groups(model, 0.05), lr=1e-4, betas=(0.9, 0.95))
spec = torch.randn(batch, 1, 200, 80, device=device)


def step():
    opt.zero_grad(set_to_none=True)
    model(spec).backward()
    opt.step()


step()
with torch.autograd.profiler.profile() as prof:
    step()
events = prof.key_averages()
total = sum(e.self_cpu_time_total for e in events)
att = next((e.cpu_time_total for e in events if e.key == "attention_core"), 0)
# the backward of the attention core runs outside the record_function: count its ops by name
bwd = sum(e.self_cpu_time_total for e in events if e.key in ("BmmBackward0", "SoftmaxBackward0", "MulBackward0",
                                                             "aten::_softmax_backward_data", "aten::bmm")
          and e.key != "attention_core")
print("preset=%s batch=%d device=%s torch=%s threads=%d" % (preset, batch, device, torch.__version__, torch.get_num_threads()))
print("step: attention core forward %.1f%% of the step's op time (%.0f of %.0f ms); bmm + softmax backward ops %.1f%%"
      % (100 * att / total, att / 1e3, total / 1e3, 100 * bwd / total))

d, _, _, dd, _, dh = mae_bench.PRESETS[preset]
for n, heads, width, side in ((51, mae_bench.PRESETS[preset][2], d, "encoder"), (251, dh, dd, "decoder")):
    hd = width // heads
    for chunk in (0, 64):
        q, k, v = (torch.randn(batch, heads, n, hd, device=device, requires_grad=True) for _ in range(3))
        for _ in range(2):
            core(q, k, v, chunk).sum().backward()
        t0 = time.perf_counter()
        for _ in range(5):
            y = core(q, k, v, chunk)
            y.sum().backward()
        if device.type == "cuda":
            torch.cuda.synchronize()
        ms = (time.perf_counter() - t0) / 5 * 1e3
        saved = batch * heads * n * n * 4
        print("%s %d tokens, %d heads of %d: %s fwd+bwd %.2f ms; softmax output kept for backward %.1f MiB per block"
              % (side, n, heads, hd, "chunks of %d queries" % chunk if chunk else "whole", ms, saved / 2**20))
