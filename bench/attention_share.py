#!/usr/bin/env python3
"""What the materialised attention (q·kᵀ, scale, softmax, ·v) costs in a pretraining step at the
decoder's 251 tokens, and whether computing it in query chunks helps, on the plain PyTorch version
of the network (bench/mae_bench.py), which runs the same operations as the harness.

    python3 bench/attention_share.py PRESET BATCH [DEVICE]

Prints the time of a whole training step (forward, backward, AdamW), then per side the forward +
backward time of the attention core alone, whole and chunked over queries, the bytes the autograd
graph keeps of it, and the core's share of the step (isolated core times x blocks / step time).
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
        return ((q @ k.transpose(-2, -1)) * scale).softmax(-1) @ v
    outs = []
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


def timed(fn, reps):
    fn()
    if device.type == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    if device.type == "cuda":
        torch.cuda.synchronize()
    return (time.perf_counter() - t0) / reps * 1e3


step_ms = timed(step, 2)
print("preset=%s batch=%d device=%s torch=%s threads=%d" % (preset, batch, device, torch.__version__, torch.get_num_threads()))
print("whole training step (forward, backward, AdamW): %.0f ms" % step_ms)
d, depth, heads, dd, ddepth, dh = mae_bench.PRESETS[preset]
share = 0.0
for n, h, width, blocks, side in ((51, heads, d, depth, "encoder"), (251, dh, dd, ddepth, "decoder")):
    hd = width // h
    for chunk in (0, 64):
        q, k, v = (torch.randn(batch, h, n, hd, device=device, requires_grad=True) for _ in range(3))
        ms = timed(lambda: core(q, k, v, chunk).sum().backward(), 3)
        if not chunk:
            share += blocks * ms
        saved = batch * h * n * n * 4
        print("%s %d tokens, %d heads of %d: %s fwd+bwd %.2f ms per block (x%d blocks); softmax output kept for"
              " backward %.1f MiB per block" % (side, n, h, hd, "chunks of %d queries" % chunk if chunk else "whole", ms,
                                                 blocks, saved / 2**20))
print("attention core (q.k^T, scale, softmax, .v; forward and backward) of all blocks: %.0f ms, %.0f%% of the step"
      % (share, 100 * share / step_ms))
