"""Export a trained membrane checkpoint to models/membrane/model.onnx and write its model card.

    /usr/bin/python3 tools/membrane/export.py --checkpoint runs/membrane/best.pt --out models/membrane

The graph takes NCHW float32 grey images (1 channel) of any batch size and of any height and width that are
multiples of 16 (semseg pads other sizes, see the card's input.size.multipleOf), normalised as (v/255 - 0.5) / 0.25,
and returns 2-class logits at the input size. Weights stay float32 (7 MB), so semseg's labels match PyTorch's.
Quality figures are added to the card by `semseg eval --update-card` after the export, never typed in by hand.
"""
import argparse
import json
import os

import onnx
import torch

from model import UNet
from train import MEAN, NUM_CLASSES, STD

# Colours as in the ISBI label PNGs (0 = membrane, 255 = interior), so the card doubles as the class table of
# `semseg eval --label-encoding colors` on those labels, and predicted colour maps look like the ground truth.
CLASSES = [("membrane", [0, 0, 0]), ("interior", [255, 255, 255])]
EVAL_COMMAND = ("semseg eval --model membrane --dataset folder:../shared/data/isbi-em "
                "--pattern '{images/2[0-4].png,labels/2[0-4].png}' --classes models/membrane/card.json "
                "--label-encoding colors --update-card")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", default="runs/membrane/best.pt")
    p.add_argument("--out", default="models/membrane")
    p.add_argument("--opset", type=int, default=17)
    args = p.parse_args()

    ckpt = torch.load(args.checkpoint, map_location="cpu")
    width = ckpt["args"]["width"]
    model = UNet(1, NUM_CLASSES, width)
    model.load_state_dict(ckpt["ema"])
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    torch.onnx.export(
        model, torch.zeros(1, 1, 512, 512), onnx_path, opset_version=args.opset,
        input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"}, "logits": {0: "batch", 2: "height", 3: "width"}},
        do_constant_folding=True,
    )
    onnx.checker.check_model(onnx.load(onnx_path))
    card_path = os.path.join(args.out, "card.json")
    previous = json.load(open(card_path)) if os.path.exists(card_path) else {}
    params = sum(t.numel() for t in model.parameters())
    a = ckpt["args"]
    card = {
        "name": "membrane",
        "description": "Neuronal membranes in serial-section EM (ISBI 2012 stack): U-Net, 2 classes, grey input",
        "version": str(ckpt["iter"]),
        "input": {
            "name": "input", "layout": "NCHW", "dtype": "float32", "channels": 1,
            "size": {"mode": "dynamic", "multipleOf": 16}, "resize": "none", "colorOrder": "RGB",
            "valueScale": 1 / 255, "mean": [MEAN], "std": [STD],
        },
        "output": {"name": "logits", "kind": "logits", "layout": "NCHW", "alignCorners": False},
        "classes": [{"id": i, "name": n, "color": c} for i, (n, c) in enumerate(CLASSES)],
        "license": "Weights: research use with citation (trained on the ISBI 2012 EM training stack: A. Cardona et al., PLoS Biology 2010; I. Arganda-Carreras et al., Frontiers in Neuroanatomy 2015). Code: Apache-2.0.",
        "provenance": {
            "source": "semseg tools/membrane (train.py, export.py)",
            "trainedOn": "ISBI 2012 EM segmentation training stack, slices 00-19 (512x512, from zhixuhao/unet's PNGs), from scratch; selected and scored on slices 20-24",
            "recipe": (f"U-Net (O. Ronneberger, P. Fischer, T. Brox, MICCAI 2015) with same padding and BatchNorm, width {width}, "
                       f"4 downsamplings, {params / 1e6:.2f} M parameters; {a['crop']}x{a['crop']} crops, elastic deformation "
                       f"(3x3 grid, sigma {a['elastic_sigma']} px), flips, 90-degree rotations, brightness/contrast; "
                       f"cross-entropy (membrane weight {a['membrane_weight']}) + {a['dice_weight']} Dice; AdamW {a['lr']}, "
                       f"warm-up + cosine, {a['iters']} iterations of batch {a['batch']}; EMA {a['ema_decay']}"),
            "notes": (f"checkpoint iteration {ckpt['iter']}, val mIoU at selection (PyTorch) {ckpt['val']['mIoU']}; metrics "
                      f"measured with: {EVAL_COMMAND}"),
        },
    }
    if "metrics" in previous and previous.get("version") == card["version"]:
        card["metrics"] = previous["metrics"]
    with open(card_path, "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path) / 1e6:.2f} MB) and {card_path}")


if __name__ == "__main__":
    main()
