"""Decoders for the reference families, at narrow widths. torchvision provides FCN, DeepLabV3 and LR-ASPP (their
heads and ASPP are reused); U-Net, DeepLabV3+ and PSPNet are small implementations from their papers."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.segmentation.deeplabv3 import ASPP

from encoders import conv_bn


def deeplab_head(cin, classes, rates, width=32):
    """torchvision's DeepLabHead layout (ASPP, 3x3 conv, classifier) at a narrow width."""
    return nn.Sequential(ASPP(cin, rates, width), conv_bn(width, width, 3), nn.Conv2d(width, classes, 1))


class UNet(nn.Module):
    """U-Net on an encoder's five feature levels: x2 nearest upsampling, skip concatenation, two 3x3 convolutions
    per level, a 3x3 classifier at full resolution. Needs sides that are a multiple of 32."""

    def __init__(self, encoder, classes, widths=(32, 24, 16, 8, 8)):
        super().__init__()
        self.encoder = encoder
        skips = encoder.channels[::-1][1:] + [0]
        cin = encoder.channels[-1]
        self.blocks = nn.ModuleList()
        for skip, width in zip(skips, widths):
            self.blocks.append(nn.Sequential(conv_bn(cin + skip, width, 3), conv_bn(width, width, 3)))
            cin = width
        self.classifier = nn.Conv2d(cin, classes, 3, padding=1)

    def forward(self, x):
        features = self.encoder(x)[::-1]
        x = features[0]
        for index, block in enumerate(self.blocks):
            x = F.interpolate(x, scale_factor=2.0, mode="nearest")
            if index + 1 < len(features):
                x = torch.cat([x, features[index + 1]], 1)
            x = block(x)
        return self.classifier(x)


class DeepLabV3Plus(nn.Module):
    """DeepLabV3+: ASPP on the stride-16 features, upsampled x4 and joined with projected stride-4 features, two 3x3
    convolutions, classifier at 1/4 of the input. `fixed_scale` upsamples by a factor of 4 (as
    segmentation_models_pytorch does, align_corners=True), which needs sides that are a multiple of 16; otherwise the
    ASPP output is resized to the low-level feature size (any input size)."""

    def __init__(self, encoder, classes, width=32, fixed_scale=False):
        super().__init__()
        self.encoder = encoder
        self.aspp = nn.Sequential(ASPP(encoder.channels[-1], [6, 12, 18], width), conv_bn(width, width, 3))
        self.low = conv_bn(encoder.channels[1], 12, 1)
        self.fuse = nn.Sequential(conv_bn(width + 12, width, 3), conv_bn(width, width, 3))
        self.classifier = nn.Conv2d(width, classes, 1)
        self.fixed_scale = fixed_scale

    def forward(self, x):
        features = self.encoder(x)
        high = self.aspp(features[-1])
        low = self.low(features[1])
        if self.fixed_scale:
            high = F.interpolate(high, scale_factor=4.0, mode="bilinear", align_corners=True)
        else:
            high = F.interpolate(high, size=low.shape[-2:], mode="bilinear", align_corners=False)
        return self.classifier(self.fuse(torch.cat([high, low], 1)))


class PSPNet(nn.Module):
    """PSPNet: pyramid pooling (bins 1, 2, 3, 6) on dilated stride-8 features, concatenated with them, a 3x3
    convolution and a classifier at 1/8. Adaptive pooling exports to ONNX only for a fixed input size."""

    def __init__(self, encoder, classes, bins=(1, 2, 3, 6), width=32):
        super().__init__()
        self.encoder = encoder
        cin = encoder.channels[-1]
        self.stages = nn.ModuleList(nn.Sequential(nn.AdaptiveAvgPool2d(b), conv_bn(cin, cin // 4, 1)) for b in bins)
        self.bottleneck = conv_bn(cin + len(bins) * (cin // 4), width, 3)
        self.classifier = nn.Sequential(nn.Dropout(0.1), nn.Conv2d(width, classes, 1))

    def forward(self, x):
        x = self.encoder(x)[-1]
        size = x.shape[-2:]
        pooled = [F.interpolate(stage(x), size=size, mode="bilinear", align_corners=False) for stage in self.stages]
        return self.classifier(self.bottleneck(torch.cat([x, *pooled], 1)))
