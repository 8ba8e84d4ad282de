"""SegFormer (Xie et al., 2021, arXiv:2105.15203) written from the paper: the Mix Transformer encoder (overlapping
patch embeddings, efficient self-attention with spatial reduction, Mix-FFN with a 3x3 depth-wise convolution) and
the all-MLP decoder (per-level linear projection, upsampling to 1/4, concatenation, fusion, classifier)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

# Layouts of the paper's MiT-b0 and MiT-b2 (depths, heads, reduction ratios); widths are scaled down.
LAYOUTS = {
    "b0": {"depths": [2, 2, 2, 2], "heads": [1, 2, 5, 8], "sr": [8, 4, 2, 1]},
    "b2": {"depths": [3, 4, 6, 3], "heads": [1, 2, 5, 8], "sr": [8, 4, 2, 1]},
}


class PatchEmbed(nn.Module):
    """Overlapping patch embedding: a strided convolution, then LayerNorm over channels."""

    def __init__(self, cin, cout, kernel, stride):
        super().__init__()
        self.proj = nn.Conv2d(cin, cout, kernel, stride, kernel // 2)
        self.norm = nn.LayerNorm(cout)

    def forward(self, x):
        x = self.proj(x)
        height, width = x.shape[2], x.shape[3]
        return self.norm(x.flatten(2).transpose(1, 2)), height, width


def to_map(tokens, height, width):
    return tokens.transpose(1, 2).reshape(tokens.shape[0], tokens.shape[2], height, width)


class EfficientAttention(nn.Module):
    """Multi-head self-attention whose keys and values come from a sequence shortened by a strided convolution."""

    def __init__(self, dim, heads, sr):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(dim, 2 * dim)
        self.proj = nn.Linear(dim, dim)
        self.sr = nn.Conv2d(dim, dim, sr, sr) if sr > 1 else None
        self.norm = nn.LayerNorm(dim) if sr > 1 else None

    def split(self, x):
        return x.reshape(x.shape[0], x.shape[1], self.heads, -1).transpose(1, 2)

    def forward(self, x, height, width):
        q = self.split(self.q(x))
        context = x
        if self.sr is not None:
            context = self.norm(self.sr(to_map(x, height, width)).flatten(2).transpose(1, 2))
        k, v = self.kv(context).chunk(2, dim=-1)
        attention = (q @ self.split(k).transpose(-2, -1) * self.scale).softmax(-1)
        out = (attention @ self.split(v)).transpose(1, 2)
        return self.proj(out.reshape(out.shape[0], out.shape[1], -1))


class MixFFN(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.dw = nn.Conv2d(hidden, hidden, 3, 1, 1, groups=hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x, height, width):
        x = self.dw(to_map(self.fc1(x), height, width)).flatten(2).transpose(1, 2)
        return self.fc2(F.gelu(x))


class Block(nn.Module):
    def __init__(self, dim, heads, sr, mlp_ratio=4):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attention = EfficientAttention(dim, heads, sr)
        self.norm2 = nn.LayerNorm(dim)
        self.ffn = MixFFN(dim, dim * mlp_ratio)

    def forward(self, x, height, width):
        x = x + self.attention(self.norm1(x), height, width)
        return x + self.ffn(self.norm2(x), height, width)


class MixTransformer(nn.Module):
    """Four stages at strides 4, 8, 16, 32 (patch kernels 7, 3, 3, 3)."""

    def __init__(self, layout, dims):
        super().__init__()
        spec = LAYOUTS[layout]
        self.embeds, self.stages, self.norms = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        cin = 3
        for index, dim in enumerate(dims):
            self.embeds.append(PatchEmbed(cin, dim, 7 if index == 0 else 3, 4 if index == 0 else 2))
            self.stages.append(nn.ModuleList(Block(dim, spec["heads"][index], spec["sr"][index]) for _ in range(spec["depths"][index])))
            self.norms.append(nn.LayerNorm(dim))
            cin = dim

    def forward(self, x):
        features = []
        for embed, blocks, norm in zip(self.embeds, self.stages, self.norms):
            tokens, height, width = embed(x)
            for block in blocks:
                tokens = block(tokens, height, width)
            x = to_map(norm(tokens), height, width)
            features.append(x)
        return features


class SegFormer(nn.Module):
    """MiT encoder + all-MLP decoder; logits at 1/4 of the input size."""

    def __init__(self, layout, dims, classes, decoder_dim):
        super().__init__()
        self.encoder = MixTransformer(layout, dims)
        self.linear = nn.ModuleList(nn.Linear(dim, decoder_dim) for dim in dims)
        self.fuse = nn.Sequential(nn.Conv2d(4 * decoder_dim, decoder_dim, 1, bias=False), nn.BatchNorm2d(decoder_dim), nn.ReLU(inplace=True))
        self.classifier = nn.Sequential(nn.Dropout(0.1), nn.Conv2d(decoder_dim, classes, 1))

    def forward(self, x):
        features = self.encoder(x)
        size = features[0].shape[-2:]
        projected = []
        for feature, linear in zip(features, self.linear):
            y = to_map(linear(feature.flatten(2).transpose(1, 2)), feature.shape[2], feature.shape[3])
            projected.append(F.interpolate(y, size=size, mode="bilinear", align_corners=False))
        return self.classifier(self.fuse(torch.cat(projected[::-1], 1)))
