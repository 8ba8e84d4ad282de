"""Encoders for the reference families: a narrow ResNet (ResNet-18/34 block layouts, optional dilation for output
stride 8 or 16) and torchvision's MobileNetV3 at a reduced width multiplier."""
from collections import OrderedDict

import torch.nn as nn
from torchvision.models import mobilenet_v3_large, mobilenet_v3_small

LAYOUTS = {"r18": [2, 2, 2, 2], "r34": [3, 4, 6, 3]}
WIDTHS = {"r18": [8, 16, 24, 32], "r34": [8, 16, 24, 40]}


def conv_bn(cin, cout, kernel, stride=1, dilation=1, relu=True):
    layers = [nn.Conv2d(cin, cout, kernel, stride, padding=dilation * (kernel // 2), dilation=dilation, bias=False),
              nn.BatchNorm2d(cout)]
    return nn.Sequential(*layers, nn.ReLU(inplace=True)) if relu else nn.Sequential(*layers)


class BasicBlock(nn.Module):
    """ResNet basic block (two 3x3 convolutions and a shortcut) that also accepts dilation."""

    def __init__(self, cin, cout, stride, dilation):
        super().__init__()
        self.body = nn.Sequential(conv_bn(cin, cout, 3, stride, dilation), conv_bn(cout, cout, 3, 1, dilation, relu=False))
        self.shortcut = conv_bn(cin, cout, 1, stride, relu=False) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        return (self.body(x) + self.shortcut(x)).relu()


class NarrowResNet(nn.Module):
    """ResNet stem and four stages; returns the features at strides 2, 4, 8, 16 and 32 (or dilated: 8 or 16)."""

    def __init__(self, variant, output_stride=32):
        super().__init__()
        widths, depths = WIDTHS[variant], LAYOUTS[variant]
        self.stem = conv_bn(3, widths[0], 7, 2)
        self.pool = nn.MaxPool2d(3, 2, 1)
        self.stages = nn.ModuleList()
        cin, dilation = widths[0], 1
        for index, (width, depth) in enumerate(zip(widths, depths)):
            stride = 1 if index == 0 else 2
            if stride == 2 and 4 * 2 ** index > output_stride:
                stride, dilation = 1, dilation * 2
            blocks = [BasicBlock(cin if i == 0 else width, width, stride if i == 0 else 1, dilation) for i in range(depth)]
            self.stages.append(nn.Sequential(*blocks))
            cin = width
        self.channels = [widths[0]] + widths

    def forward(self, x):
        features = [self.stem(x)]
        x = self.pool(features[0])
        for stage in self.stages:
            x = stage(x)
            features.append(x)
        return features


class Picked(nn.Module):
    """Adapts an encoder to torchvision's segmentation wrappers, which read an "out" (and optional "aux") feature."""

    def __init__(self, encoder, **names):
        super().__init__()
        self.encoder = encoder
        self.names = names

    def forward(self, x):
        features = self.encoder(x)
        return OrderedDict((name, features[index]) for name, index in self.names.items())


def mobilenet(variant, width_mult):
    """torchvision MobileNetV3 (dilated last stage, output stride 16), random weights."""
    build = mobilenet_v3_large if variant == "large" else mobilenet_v3_small
    return build(width_mult=width_mult, dilated=True)
