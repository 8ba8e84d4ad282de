"""U-Net (Ronneberger et al. 2015) for the embedded `membrane` model, sized for CPU training.

Differences from the paper: same padding (output size == input size, no overlap-tile cropping), BatchNorm after
every convolution, a base width of `width` channels (paper: 64) doubling over 4 downsamplings, bilinear upsampling
followed by a 1x1 convolution instead of transposed convolutions. Input height and width must be multiples of 16.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
    )


class Up(nn.Module):
    def __init__(self, cin, cskip, cout):
        super().__init__()
        self.reduce = nn.Conv2d(cin, cskip, 1, bias=False)
        self.conv = double_conv(2 * cskip, cout)

    def forward(self, x, skip):
        x = F.interpolate(x, size=skip.shape[-2:], mode="bilinear", align_corners=False)
        return self.conv(torch.cat([self.reduce(x), skip], 1))


class UNet(nn.Module):
    def __init__(self, in_channels=1, num_classes=2, width=16, depth=4):
        super().__init__()
        widths = [width * 2 ** i for i in range(depth + 1)]
        self.downs = nn.ModuleList([double_conv(in_channels, widths[0])] +
                                   [double_conv(widths[i], widths[i + 1]) for i in range(depth)])
        self.ups = nn.ModuleList([Up(widths[i + 1], widths[i], widths[i]) for i in reversed(range(depth))])
        self.classifier = nn.Conv2d(widths[0], num_classes, 1)

    def forward(self, x):
        skips = []
        for i, down in enumerate(self.downs):
            if i:
                x = F.max_pool2d(x, 2)
            x = down(x)
            skips.append(x)
        skips.pop()
        for up in self.ups:
            x = up(x, skips.pop())
        return self.classifier(x)
