"""The TFLite import path's fixture: a tiny fully convolutional network whose weights the conformance suite turns
into a .tflite file (test/conformance/tflite-family.ts) and imports with semseg's TFLite importer.

    /usr/bin/python3 tools/families/tflite_tiny.py

TFLite convolutions pad "SAME" (for stride 2 on an even side: nothing before, one pixel after), so the PyTorch
model pads explicitly. The reference pipeline is the importer's card: RGB scaled to 0..1, no mean/std, stretched to
the fixed 128x96 input with bilinear (torch) resizing, logits at 1/4 resized back.
"""
import json
import os
import zlib
from functools import partial

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import pipelines as P
from export import CLASSES, OUT, START, STEP, make_images, train_briefly, write_case

SIZE = (96, 128)  # height, width


class TinyFcn(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(3, 8, 3, 2), nn.Conv2d(8, 16, 3, 2), nn.Conv2d(16, classes, 1)])

    def forward(self, x):
        x = self.convs[0](F.pad(x, (0, 1, 0, 1))).relu()
        x = self.convs[1](F.pad(x, (0, 1, 0, 1))).relu()
        return self.convs[2](x)


def main():
    torch.set_num_threads(1)
    images = make_images()
    seed = zlib.crc32(b"tflite-tiny")
    torch.manual_seed(seed)
    model = TinyFcn(CLASSES)
    loss = train_briefly(model, [images["camvid-0001TP_008550"], images["grace_hopper"]], CLASSES, seed)
    folder = os.path.join(OUT, "tflite-tiny")
    os.makedirs(folder, exist_ok=True)
    layers, blobs, offset = [], [], 0
    for conv, relu in zip(model.convs, (True, True, False)):
        weight = conv.weight.detach().permute(0, 2, 3, 1).contiguous().numpy().astype(np.float32)  # OIHW -> OHWI
        bias = conv.bias.detach().numpy().astype(np.float32)
        layers.append({"weightShape": list(weight.shape), "weightOffset": offset, "biasOffset": offset + weight.size,
                       "stride": conv.stride[0], "relu": relu})
        blobs += [weight.ravel(), bias]
        offset += weight.size + bias.size
    np.concatenate(blobs).tofile(os.path.join(folder, "weights.bin"))
    pipeline = partial(P.stretch_torch, size=SIZE, mean=[0, 0, 0], std=[1, 1, 1])
    with torch.no_grad():
        cases = [write_case(folder, name, image, scores, scores.argmax(0).numpy())
                 for name, image in images.items() for scores in [pipeline(model, image)]]
    reference = {
        "generator": "tools/families/tflite_tiny.py", "torch": torch.__version__, "family": "TFLite FCN", "variant": "tflite-tiny",
        "encoder": "three convolutions (8, 16 channels), output stride 4", "pipeline": "stretch_torch",
        "parameters": sum(p.numel() for p in model.parameters()), "trainingLoss": round(loss, 4), "classes": CLASSES,
        "layout": "NHWC", "output": "logits", "importFlags": [],
        "tflite": {"input": [1, SIZE[0], SIZE[1], 3], "weights": "weights.bin", "layers": layers},
        "subsample": {"start": START, "step": STEP}, "cases": cases,
    }
    json.dump(reference, open(os.path.join(folder, "reference.json"), "w"), indent=2)
    print(f"tflite-tiny: {reference['parameters']} parameters, loss {loss:.3f}")


if __name__ == "__main__":
    main()
