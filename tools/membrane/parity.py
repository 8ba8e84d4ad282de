"""ONNX parity: labels written by `semseg predict` against the PyTorch model's on the same image.

    node dist/src/cli/main.js predict ../shared/data/isbi-em/images/20.png --model membrane --out /tmp/x
    /usr/bin/python3 tools/membrane/parity.py --checkpoint runs/membrane/best.pt \
        --image ../shared/data/isbi-em/images/20.png --labels /tmp/x/20.labels.png
"""
import argparse
import json

import numpy as np
import torch
from PIL import Image

from model import UNet
from train import NUM_CLASSES, normalise


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", default="runs/membrane/best.pt")
    p.add_argument("--image", required=True)
    p.add_argument("--labels", required=True, help="semseg's <id>.labels.png")
    args = p.parse_args()
    ckpt = torch.load(args.checkpoint, map_location="cpu")
    model = UNet(1, NUM_CLASSES, ckpt["args"]["width"])
    model.load_state_dict(ckpt["ema"])
    model.eval()
    img = torch.from_numpy(np.asarray(Image.open(args.image).convert("L")).astype(np.float32) / 255.0)[None, None]
    with torch.no_grad():
        logits = model(normalise(img))[0]
    ours = logits.argmax(0).numpy()
    theirs = np.asarray(Image.open(args.labels))
    margin = (logits[0] - logits[1]).abs().numpy()
    differ = ours != theirs
    print(json.dumps({"pixels": int(ours.size), "differ": int(differ.sum()),
                      "maxLogitMarginWhereDiffer": float(margin[differ].max()) if differ.any() else None}))


if __name__ == "__main__":
    main()
