#!/usr/bin/env python3
"""Plain PyTorch version of the harness's pretraining step, for side-by-side benchmarks.

The network follows docs/model.md §2-§7 as the harness builds it: patch tokens
(4 frames x 16 mel), 2-D sin-cos table on the encoder, 80 % random masking, cls token, plusplus
(macaron + SwiGLU) or vanilla blocks, 1-D table on the decoder, masked mean squared error, AdamW
(betas 0.9/0.95, weight decay 0.05 on weights, cls and mask tokens only). One step is: random
crops in, forward, backward, optimizer step, like TrainBenchmark's.

    python3 bench/mae_bench.py PRESET BATCH [STEPS [DEVICE [PRECISION]]]

PRECISION is fp32, tf32 (CUDA fp32 matrix products on TF32), fp16 (autocast + GradScaler) or bf16
(autocast, no scaling). --attn fused uses torch's scaled_dot_product_attention when the installed
torch has it (2.0 and later); --attn eager (default) materialises the attention matrix as the
harness does. Prints one line of key=value pairs: samples/s, peak resident memory of the process
and, on CUDA, torch's own peak allocated and reserved memory.
"""
import argparse
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {
    # D, depth, heads, decoder D, decoder depth, decoder heads (model.md section 5 + the CI sizes)
    "tiny": (192, 12, 3, 384, 4, 8),
    "base": (768, 12, 12, 384, 4, 8),
    "large": (1024, 24, 16, 512, 4, 8),
    "huge": (1280, 32, 16, 512, 4, 8),
    "micro": (64, 2, 2, 64, 1, 2),
    "mini": (128, 4, 4, 128, 2, 4),
}
FRAMES, MELS, PATCH_T, PATCH_F = 200, 80, 4, 16
GRID_T, GRID_F = FRAMES // PATCH_T, MELS // PATCH_F
TOKENS, TOKEN_VALUES = GRID_T * GRID_F, PATCH_T * PATCH_F


def table2d(width):
    quarter = width // 4
    k = torch.arange(quarter, dtype=torch.float64)
    omega = 10000.0 ** (-k / quarter)
    t = torch.arange(GRID_T, dtype=torch.float64).repeat_interleave(GRID_F)[:, None] * omega
    f = torch.arange(GRID_F, dtype=torch.float64).repeat(GRID_T)[:, None] * omega
    return torch.cat([f.sin(), f.cos(), t.sin(), t.cos()], 1).float()


def table1d(width, tokens):
    half = width // 2
    omega = 10000.0 ** (-torch.arange(half, dtype=torch.float64) / half)
    p = torch.arange(tokens, dtype=torch.float64)[:, None] * omega
    return torch.cat([p.sin(), p.cos()], 1).float()


class Attention(nn.Module):
    def __init__(self, d, heads, fused):
        super().__init__()
        self.heads, self.fused = heads, fused
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)

    def forward(self, x):
        b, n, d = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        if self.fused:
            y = F.scaled_dot_product_attention(q, k, v)
        else:
            y = ((q @ k.transpose(-2, -1)) * (d // self.heads) ** -0.5).softmax(-1) @ v
        return self.proj(y.transpose(1, 2).reshape(b, n, d))


class Mlp(nn.Module):
    def __init__(self, d, hidden, act):
        super().__init__()
        self.fc1, self.fc2, self.act = nn.Linear(d, hidden), nn.Linear(hidden, d), act

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class SwiGlu(nn.Module):
    def __init__(self, d):
        super().__init__()
        h = 8 * d // 3
        self.a, self.b = nn.Linear(d, h), nn.Linear(d, h)
        self.norm, self.out = nn.LayerNorm(h, eps=1e-6), nn.Linear(h, d)

    def forward(self, x):
        return self.out(self.norm(self.a(x) * F.silu(self.b(x))))


class Block(nn.Module):
    def __init__(self, d, heads, plusplus, fused):
        super().__init__()
        self.plusplus = plusplus
        self.norm1, self.norm2 = nn.LayerNorm(d, eps=1e-6), nn.LayerNorm(d, eps=1e-6)
        self.attn = Attention(d, heads, fused)
        if plusplus:
            self.ffn1 = Mlp(d, 4 * d, nn.SiLU())
            self.ffn2 = SwiGlu(d)
            self.norm3 = nn.LayerNorm(d, eps=1e-6)  # allocated, unused (ffn2_norm: shared)
        else:
            self.mlp = Mlp(d, 4 * d, nn.GELU())

    def forward(self, x):
        if not self.plusplus:
            x = x + self.attn(self.norm1(x))
            return x + self.mlp(self.norm2(x))
        x = x + 0.5 * self.ffn1(self.norm1(x))
        x = x + self.attn(self.norm2(x))
        return x + self.ffn2(self.norm2(x))


class MaskedAutoencoder(nn.Module):
    def __init__(self, preset, plusplus=True, fused=False, mask_ratio=0.8):
        super().__init__()
        d, depth, heads, dd, ddepth, dheads = PRESETS[preset]
        self.kept = int(TOKENS * (1 - mask_ratio))
        self.embed = nn.Linear(TOKEN_VALUES, d)
        self.cls = nn.Parameter(torch.randn(1, 1, d) * 0.02)
        self.register_buffer("pos", table2d(d)[None])
        self.blocks = nn.ModuleList(Block(d, heads, plusplus, fused) for _ in range(depth))
        self.norm = nn.LayerNorm(d, eps=1e-6)
        self.dec_embed = nn.Linear(d, dd)
        self.mask_token = nn.Parameter(torch.randn(1, 1, dd) * 0.02)
        self.register_buffer("dec_pos", torch.cat([torch.zeros(1, dd), table1d(dd, TOKENS)])[None])
        self.dec_blocks = nn.ModuleList(Block(dd, dheads, plusplus, fused) for _ in range(ddepth))
        self.dec_norm = nn.LayerNorm(dd, eps=1e-6)
        self.head = nn.Linear(dd, TOKEN_VALUES)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)

    @staticmethod
    def tokenize(spec):
        b = spec.shape[0]
        x = spec.reshape(b, GRID_T, PATCH_T, GRID_F, PATCH_F).permute(0, 1, 3, 2, 4)
        return x.reshape(b, TOKENS, TOKEN_VALUES)

    def forward(self, spec):
        target = self.tokenize(spec)
        b = target.shape[0]
        x = self.embed(target) + self.pos
        noise = torch.rand(b, TOKENS, device=spec.device)
        shuffle = noise.argsort(1)
        restore = shuffle.argsort(1)
        keep = shuffle[:, : self.kept]
        x = x.gather(1, keep[..., None].expand(-1, -1, x.shape[-1]))
        x = torch.cat([self.cls.expand(b, -1, -1), x], 1)
        for blk in self.blocks:
            x = blk(x)
        x = self.dec_embed(self.norm(x))
        masked = self.mask_token.expand(b, TOKENS - self.kept, -1)
        y = torch.cat([x[:, 1:], masked], 1)
        y = y.gather(1, restore[..., None].expand(-1, -1, y.shape[-1]))
        x = torch.cat([x[:, :1], y], 1) + self.dec_pos
        for blk in self.dec_blocks:
            x = blk(x)
        pred = self.head(self.dec_norm(x))[:, 1:]
        mask = torch.ones(b, TOKENS, device=spec.device)
        mask[:, : self.kept] = 0
        mask = mask.gather(1, restore)
        per_token = (pred.float() - target).square().mean(-1)
        return (per_token * mask).sum() / mask.sum()


def param_groups(model, weight_decay):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim == 1 or name.endswith(".bias") else decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("preset", choices=sorted(PRESETS))
    ap.add_argument("batch", type=int)
    ap.add_argument("steps", type=int, nargs="?", default=5)
    ap.add_argument("device", nargs="?", default="cpu")
    ap.add_argument("precision", nargs="?", default="fp32", choices=["fp32", "tf32", "fp16", "bf16"])
    ap.add_argument("--block", choices=["plusplus", "vanilla"], default="plusplus")
    ap.add_argument("--attn", choices=["eager", "fused"], default="eager")
    ap.add_argument("--optimizer", choices=["default", "foreach", "fused"], default="default",
                    help="torch.optim.AdamW implementation (fused needs CUDA and torch 2.0+)")
    args = ap.parse_args()
    device = torch.device("cuda:0" if args.device.startswith("gpu") else args.device)
    fused_attn = args.attn == "fused"
    if fused_attn and not hasattr(F, "scaled_dot_product_attention"):
        raise SystemExit("--attn fused needs torch 2.0 or later (this is " + torch.__version__ + ")")
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = args.precision == "tf32"
        torch.backends.cudnn.allow_tf32 = args.precision == "tf32"
    torch.manual_seed(0)
    model = MaskedAutoencoder(args.preset, args.block == "plusplus", fused_attn).to(device)
    opt_kw = {} if args.optimizer == "default" else {args.optimizer: True}
    optimizer = torch.optim.AdamW(param_groups(model, 0.05), lr=1e-4, betas=(0.9, 0.95), eps=1e-8, **opt_kw)
    autocast = {"fp16": torch.float16, "bf16": torch.bfloat16}.get(args.precision)
    scaler = torch.cuda.amp.GradScaler() if args.precision == "fp16" and device.type == "cuda" else None
    clips = torch.randn(args.batch, 1, FRAMES * 5, MELS)

    def step():
        start = torch.randint(0, FRAMES * 4, (1,)).item()
        spec = clips[:, :, start:start + FRAMES].to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        if autocast is None:
            loss = model(spec)
        else:
            with torch.autocast(device.type, dtype=autocast):
                loss = model(spec)
        if scaler is None:
            loss.backward()
            optimizer.step()
        else:
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        return loss

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()

    step().item()  # untimed, as TrainBenchmark's first step
    sync()
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        loss = step()
    last = loss.item()
    sync()
    seconds = time.perf_counter() - t0
    params = sum(p.numel() for p in model.parameters())
    extra = ""
    if device.type == "cuda":
        extra = " cuda_max_allocated_mib=%d cuda_max_reserved_mib=%d gpu=%s cuda=%s" % (
            torch.cuda.max_memory_allocated() >> 20, torch.cuda.max_memory_reserved() >> 20,
            torch.cuda.get_device_name(0).replace(" ", "_"), torch.version.cuda)
    print("side=pytorch torch=%s preset=%s block=%s params=%d batch=%d device=%s precision=%s attn=%s steps=%d"
          " seconds=%.2f steps_per_s=%.4f clips_per_s=%.2f last_loss=%.4f peak_rss_mib=%d threads=%d%s"
          % (torch.__version__, args.preset, args.block, params, args.batch, device, args.precision, args.attn,
             args.steps, seconds, args.steps / seconds, args.steps * args.batch / seconds, last, peak_rss_mib(),
             torch.get_num_threads(), extra))


if __name__ == "__main__":
    main()
