"""A small AudioMAE++ in PyTorch with the released code's parameter names, module structure and
forward pass (written from reading SarthakYadav/audiomae-plusplus-official and docs/model.md), used
by ReleasedCheckpointImportTest to make checkpoints the way the released training script saves them
and the scene embeddings its HEAR API computes from them.

usage: official_model.py OUT_DIR BLOCK(plusplus|vanilla) ROPE(0|1) SEED FEATURES.npy...

Writes OUT_DIR/checkpoint-3.pth (torch.save of {model, optimizer, epoch, scaler, args}, args an
argparse.Namespace holding a configuration object), OUT_DIR/model.safetensors (the state dict,
written by hand), OUT_DIR/bad-class.pth (a checkpoint whose args is a types.SimpleNamespace, a
class outside the reader's set) and OUT_DIR/expected-<i>.npy (scene embedding of each features
file: normalized log-mel [frames, 80] from `harness features`).
"""
import argparse
import json
import math
import os
import struct
import sys
import tempfile
import types

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# The released args carry an ml_collections ConfigDict; a stand-in class of the same module path
# makes the pickle name that class without needing the package.
_stub = tempfile.mkdtemp()
os.makedirs(os.path.join(_stub, "ml_collections", "config_dict"))
for rel in ("ml_collections/__init__.py", "ml_collections/config_dict/__init__.py"):
    open(os.path.join(_stub, rel), "w").close()
with open(os.path.join(_stub, "ml_collections", "config_dict", "config_dict.py"), "w") as f:
    f.write("class ConfigDict:\n    def __init__(self, d):\n        self.__dict__.update(d)\n")
sys.path.insert(0, _stub)
from ml_collections.config_dict.config_dict import ConfigDict  # noqa: E402

EPS = 1e-6


def sincos_1d(dim, positions):
    # in float32 arithmetic, as the released code's numpy tables are (they differ from a float64
    # computation by up to 3e-5 at the decoder's far positions)
    omega = np.arange(dim // 2, dtype=np.float32) / np.float32(dim / 2.0)
    omega = np.float32(1.0) / np.float32(10000) ** omega
    out = np.einsum("m,d->md", positions.astype(np.float32), omega)
    return np.concatenate([np.sin(out), np.cos(out)], axis=1)


def table_2d(dim, grid_t, grid_f):
    t, f = np.meshgrid(np.arange(grid_t), np.arange(grid_f), indexing="ij")
    table = np.concatenate([sincos_1d(dim // 2, f.reshape(-1)), sincos_1d(dim // 2, t.reshape(-1))], axis=1)
    return np.concatenate([np.zeros([1, dim]), table], axis=0)


def table_1d(dim, n):
    return np.concatenate([np.zeros([1, dim]), sincos_1d(dim, np.arange(n))], axis=0)


class Rotary(nn.Module):
    """Interleaved-pair rotary embedding over the whole head dimension, positions 0..N-1."""

    def __init__(self, dim):
        super().__init__()
        self.freqs = nn.Parameter(1.0 / (10000 ** (torch.arange(0, dim, 2).float() / dim)), requires_grad=False)

    def rotate(self, x):
        n = x.shape[-2]
        angles = torch.arange(n, dtype=torch.float32)[:, None] * self.freqs[None, :]
        angles = angles.repeat_interleave(2, dim=-1)
        pairs = x.reshape(*x.shape[:-1], -1, 2)
        rotated = torch.stack((-pairs[..., 1], pairs[..., 0]), dim=-1).reshape(x.shape)
        return x * angles.cos() + rotated * angles.sin()


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv_layer = nn.Linear(dim, 3 * dim)
        self.proj_layer = nn.Linear(dim, dim)

    def forward(self, x, rope=None):
        b, n, c = x.shape
        qkv = self.qkv_layer(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        if rope is not None:
            q, k = rope.rotate(q), rope.rotate(k)
        attn = ((q @ k.transpose(-2, -1)) * (c // self.heads) ** -0.5).softmax(dim=-1)
        return self.proj_layer((attn @ v).transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, dim, hidden, act):
        super().__init__()
        self.layer1 = nn.Linear(dim, hidden)
        self.act1 = act()
        self.layer2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.layer2(self.act1(self.layer1(x)))


class SwiGLUFFN(nn.Module):
    def __init__(self, dim):
        super().__init__()
        hidden = int(4 * dim * (2 / 3))
        self.linear1 = nn.Linear(dim, hidden)
        self.linear2 = nn.Linear(dim, hidden)
        self.ln = nn.LayerNorm(hidden, eps=EPS)
        self.project = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.project(self.ln(F.silu(self.linear2(x)) * self.linear1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=EPS)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=EPS)
        self.mlp = Mlp(dim, 4 * dim, nn.GELU)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class BlockPP(nn.Module):
    def __init__(self, dim, heads, use_rope):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=EPS)
        self.ffn1 = Mlp(dim, 4 * dim, nn.SiLU)
        self.rope = Rotary(dim // heads) if use_rope else None
        self.norm2 = nn.LayerNorm(dim, eps=EPS)
        self.attn = Attention(dim, heads)
        self.norm3 = nn.LayerNorm(dim, eps=EPS)
        self.ffn2 = SwiGLUFFN(dim)

    def forward(self, x):
        x = x + self.ffn1(self.norm1(x)) * 0.5
        x = x + self.attn(self.norm2(x), rope=self.rope)
        return x + self.ffn2(self.norm2(x))  # the released forward feeds the SwiGLU from norm2 again


def make_block(kind, dim, heads, rope):
    return BlockPP(dim, heads, rope) if kind == "plusplus" else Block(dim, heads)


class Encoder(nn.Module):
    def __init__(self, kind, dim, depth, heads, rope):
        super().__init__()
        self.pos_embed = nn.Parameter(torch.from_numpy(table_2d(dim, 50, 5)).float()[None], requires_grad=False)
        self.blocks = nn.ModuleList([make_block(kind, dim, heads, rope) for _ in range(depth)])
        self.encoder_norm = nn.LayerNorm(dim, eps=EPS)

    def forward_features(self, x, cls_token):
        x = x + self.pos_embed[:, 1:, :]  # added even with RoPE, as in the released code
        cls = (cls_token + self.pos_embed[:, :1, :]).expand(x.shape[0], -1, -1)
        x = torch.cat((cls, x), dim=1)
        for blk in self.blocks:
            x = blk(x)
        return self.encoder_norm(x)[:, 1:, :]


class Decoder(nn.Module):
    def __init__(self, kind, dim, width, depth, heads, rope):
        super().__init__()
        self.decoder_embed = nn.Linear(dim, width)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, width))
        self.decoder_pos_embed = nn.Parameter(torch.from_numpy(table_1d(width, 250)).float()[None], requires_grad=False)
        self.decoder_blocks = nn.ModuleList([make_block(kind, width, heads, rope) for _ in range(depth)])
        self.decoder_norm = nn.LayerNorm(width, eps=EPS)
        self.decoder_pred = nn.Linear(width, 64)


class PatchEmbed(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Conv2d(1, dim, kernel_size=(4, 16), stride=(4, 16))

    def forward(self, x):
        out = self.proj(x).permute(0, 2, 3, 1)  # [B, time, freq, D]: time-major tokens
        return out.reshape(x.shape[0], -1, out.shape[-1])


class MAE(nn.Module):
    """The `micro` preset's sizes: width 64, depth 2, 2 heads; decoder 64 wide, 1 block, 2 heads."""

    def __init__(self, kind, rope, dim=64, depth=2, heads=2, dec_width=64, dec_depth=1, dec_heads=2):
        super().__init__()
        self.embed_dim = dim
        self.patch_embed = PatchEmbed(dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.encoder = Encoder(kind, dim, depth, heads, rope)
        self.decoder = Decoder(kind, dim, dec_width, dec_depth, dec_heads, rope)

    def forward_features(self, x):
        tokens = self.encoder.forward_features(self.patch_embed(x), self.cls_token)
        b, _, d = tokens.shape
        # the released HEAR API's rearrange 'b (f t) d -> b t (f d)' with f = 5, t = 50
        return tokens.reshape(b, 5, 50, d).permute(0, 2, 1, 3).reshape(b, 50, 5 * d)

    def scene_embedding(self, logmel):
        """hear_api/runtime.py: always pad with zeros to whole 2-s chunks, encode, join, drop padding, mean."""
        x = torch.from_numpy(logmel)[None, None]
        frames = x.shape[-2]
        pad = 200 - frames % 200
        x = F.pad(x, (0, 0, 0, pad))
        chunks = [self.forward_features(x[:, :, i * 200:(i + 1) * 200, :]) for i in range(x.shape[-2] // 200)]
        steps = torch.cat(chunks, dim=1)
        drop = int(50 * pad / 200)
        if drop > 0:
            steps = steps[:, :-drop]
        return steps.mean(dim=1)[0]


def randomize(model, gen):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("pos_embed") or name.endswith("rope.freqs"):
                continue
            if name.endswith("weight") and p.dim() == 1:
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.05 * torch.randn(p.shape, generator=gen))


def write_safetensors(path, state):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in state.items():
        data = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    out, kind, rope, seed = sys.argv[1], sys.argv[2], sys.argv[3] == "1", int(sys.argv[4])
    gen = torch.Generator().manual_seed(seed)
    model = MAE(kind, rope)
    randomize(model, gen)
    model.eval()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4, betas=(0.9, 0.95))
    loss = sum((p * p).sum() for p in model.parameters() if p.requires_grad)
    opt.zero_grad()
    loss.backward()
    opt.step()  # gives the optimizer state tensors, as a real checkpoint has
    saved = model.state_dict()  # an OrderedDict with its `_metadata` attribute, as the released code saves it
    config = ConfigDict({"model": ConfigDict({"arch": "mae_plusplus_micro", "encoder_use_rope": rope}),
                         "batch_size": 128, "num_epochs": 100})
    args = argparse.Namespace(config=config, workdir=out, seed=0, lr=6e-4, accum_iter=1)
    ckpt = {"model": saved, "optimizer": opt.state_dict(), "epoch": 3,
            "scaler": {"scale": 65536.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 2000,
                       "_growth_tracker": 17},
            "args": args}
    torch.save(ckpt, os.path.join(out, "checkpoint-3.pth"))
    write_safetensors(os.path.join(out, "model.safetensors"), saved)
    bad = dict(ckpt)
    bad["args"] = types.SimpleNamespace(lr=6e-4)
    torch.save(bad, os.path.join(out, "bad-class.pth"))
    with torch.no_grad():
        for i, features in enumerate(sys.argv[5:]):
            e = model.scene_embedding(np.load(features).astype(np.float32))
            np.save(os.path.join(out, "expected-%d.npy" % i), e.numpy().astype(np.float32))


if __name__ == "__main__":
    main()
