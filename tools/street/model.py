"""Street-scene segmentation network: MobileNetV3-Large encoder (dilated last stage, output stride 16)
with an LR-ASPP context head and a light two-step decoder that brings back 1/8 and 1/4 detail.

The 1/4 skip exists because the thin CamVid classes (pole, sign, fence, pedestrian) are a few pixels wide and
vanish at 1/8; the decoder uses depthwise-separable convolutions so it costs little at 1/4 resolution.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models import mobilenet_v3_large


def conv_bn_relu(cin, cout, k=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


def separable(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False), nn.BatchNorm2d(cin), nn.ReLU(inplace=True),
        conv_bn_relu(cin, cout, 1),
    )


class StreetNet(nn.Module):
    def __init__(self, num_classes=11, head_channels=128):
        super().__init__()
        features = mobilenet_v3_large(weights=None, dilated=True).features
        stages = [0] + [i for i, b in enumerate(features) if getattr(b, "_is_cn", False)] + [len(features) - 1]
        # stages[-5] ends at stride 4 (24 ch), stages[-4] at stride 8 (40 ch), the last at stride 16 (960 ch)
        self.quarter_end = stages[-5]
        self.eighth_end = stages[-4]
        self.features = features
        quarter_ch = features[self.quarter_end].out_channels
        eighth_ch = features[self.eighth_end].out_channels
        high_ch = features[-1].out_channels
        self.context = conv_bn_relu(high_ch, head_channels)
        self.gate = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(high_ch, head_channels, 1), nn.Sigmoid())
        self.eighth_proj = conv_bn_relu(eighth_ch, 32)
        self.eighth_fuse = separable(head_channels + 32, 96)
        self.quarter_proj = conv_bn_relu(quarter_ch, 24)
        self.quarter_fuse = separable(96 + 24, 64)
        self.classifier = nn.Conv2d(64, num_classes, 1)
        self.aux_classifier = nn.Conv2d(96, num_classes, 1)

    def forward(self, x):
        size = x.shape[-2:]
        quarter = eighth = None
        for i, block in enumerate(self.features):
            x = block(x)
            if i == self.quarter_end:
                quarter = x
            elif i == self.eighth_end:
                eighth = x
        y = self.context(x) * self.gate(x)
        y = F.interpolate(y, size=eighth.shape[-2:], mode="bilinear", align_corners=False)
        y = self.eighth_fuse(torch.cat([y, self.eighth_proj(eighth)], 1))
        aux = y
        y = F.interpolate(y, size=quarter.shape[-2:], mode="bilinear", align_corners=False)
        y = self.quarter_fuse(torch.cat([y, self.quarter_proj(quarter)], 1))
        logits = F.interpolate(self.classifier(y), size=size, mode="bilinear", align_corners=False)
        if self.training:
            return logits, F.interpolate(self.aux_classifier(aux), size=size, mode="bilinear", align_corners=False)
        return logits
