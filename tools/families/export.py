"""Exports the reference families and their PyTorch pipeline outputs into test/fixtures/families/.

    /usr/bin/python3 tools/families/export.py [--only unet-r18,segformer-b0]

Weights are random (seeded), then trained for 40 steps on a toy task (nearest palette colour) so that label maps
are smooth and BatchNorm statistics come from real activations. Each variant folder gets the ONNX graph (model.onnx,
or the Hugging Face layout config.json + preprocessor_config.json + onnx/model.onnx), a plain card.json (not for
Hugging Face folders), classes.txt where the import needs it, and reference.json, which lists for every test image the score volume's per-channel means, a float32 subsample of the volume
(<case>.scores.bin: channels x rows x columns, every 11th pixel from (3, 3)) and the labels (<case>.labels.png).
"""
import argparse
import json
import os
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

import pipelines as P
from families import CLASSES, variants

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "test", "fixtures", "families")
IMAGES = os.path.join(OUT, "images")
STEP, START, OPSET = 11, 3, 14


def make_images():
    """The test images as PNG (so PIL and sharp read identical RGB bytes): two at native size, two at odd sizes."""
    os.makedirs(IMAGES, exist_ok=True)
    camvid_a = Image.open(os.path.join(ROOT, "samples", "camvid-0001TP_008550.png")).convert("RGB")
    camvid_b = Image.open(os.path.join(ROOT, "samples", "camvid-Seq05VD_f02370.png")).convert("RGB")
    grace = Image.open(os.path.join(ROOT, "samples", "grace_hopper.jpg")).convert("RGB")
    images = {
        "camvid-0001TP_008550": camvid_a,
        "grace_hopper": grace,
        "camvid-Seq05VD_f02370-479x361": camvid_b.resize((479, 361), Image.Resampling.LANCZOS),
        "grace_hopper-389x457": grace.resize((389, 457), Image.Resampling.LANCZOS),
    }
    for name, image in images.items():
        image.save(os.path.join(IMAGES, f"{name}.png"), optimize=True)
    return {name: Image.open(os.path.join(IMAGES, f"{name}.png")).convert("RGB") for name in images}


# A pixel's target class is the nearest of the first C colours: a toy task that gives smooth, varied label maps.
PALETTE = torch.tensor([[20, 20, 20], [230, 230, 230], [160, 60, 50], [70, 140, 60], [60, 80, 170], [200, 180, 90],
                        [128, 128, 128], [100, 60, 120], [90, 150, 160], [180, 120, 170], [140, 100, 60]], dtype=torch.float32) / 255


def train_briefly(model, images, classes, seed, steps=40):
    """A few Adam steps on random 128x128 crops, the target being the nearest palette colour of each pixel: enough
    for smooth label maps with clear margins between classes, and BatchNorm statistics of real activations."""
    generator = torch.Generator().manual_seed(seed)
    pixels = [P.TF.to_tensor(image) for image in images]
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(steps):
        crops = []
        for _ in range(4):
            t = pixels[int(torch.randint(len(pixels), (1,), generator=generator))]
            y = int(torch.randint(t.shape[1] - 128, (1,), generator=generator))
            x = int(torch.randint(t.shape[2] - 128, (1,), generator=generator))
            crops.append(t[:, y:y + 128, x:x + 128])
        batch = torch.stack(crops)
        target = torch.cdist(batch.permute(0, 2, 3, 1).reshape(-1, 3), PALETTE[:classes]).argmin(1).reshape(4, 128, 128)
        logits = model(P.TF.normalize(batch, P.IMAGENET_MEAN, P.IMAGENET_STD))
        logits = F.interpolate(logits, size=(128, 128), mode="bilinear", align_corners=False)
        loss = F.cross_entropy(logits, target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    return float(loss)


class Exported(nn.Module):
    """The graph as exported: optional NHWC input and output, softmax or argmax folded in."""

    def __init__(self, core, spec):
        super().__init__()
        self.core, self.spec = core, spec

    def forward(self, x):
        if self.spec["layout"] == "NHWC":
            x = x.permute(0, 3, 1, 2)
        y = self.core(x)
        if self.spec["output"] == "probabilities":
            y = y.softmax(1)
        if self.spec["output"] == "labels":
            return y.argmax(1)
        return y.permute(0, 2, 3, 1) if self.spec["output_layout"] == "NHWC" else y


def export_onnx(core, spec, path):
    hf = spec["hf"] is not None
    names = ("pixel_values", "logits") if hf else ("input", spec["output"])
    width, height = spec["size"] or (160, 128)
    dummy = torch.zeros(1, height, width, 3) if spec["layout"] == "NHWC" else torch.zeros(1, 3, height, width)
    dynamic = None
    if spec["size"] is None:
        spatial = {0: "batch", 1: "height", 2: "width"} if spec["layout"] == "NHWC" else {0: "batch", 2: "height", 3: "width"}
        dynamic = {names[0]: spatial, names[1]: {0: "batch"}}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(Exported(core, spec).eval(), dummy, path, opset_version=OPSET, input_names=[names[0]], output_names=[names[1]],
                      dynamic_axes=dynamic, do_constant_folding=True)


def color(index):
    return [(index * 67 + 40) % 256, (index * 131 + 90) % 256, (index * 197 + 140) % 256]


def plain_card(spec, classes):
    size = {"mode": "dynamic", "multipleOf": 1}
    if spec["size"]:
        size = {"mode": "fixed", "width": spec["size"][0], "height": spec["size"][1]}
    card_input = {"layout": spec["layout"], "size": size, "resize": "stretch" if spec["size"] else "none", "colorOrder": "RGB",
                  "valueScale": 1 / 255, "mean": P.IMAGENET_MEAN, "std": P.IMAGENET_STD, **spec["card"]}
    return {
        "name": spec["id"],
        "description": f"{spec['family']} ({spec['encoder']}), random weights: a parity fixture, not a useful model",
        "input": card_input,
        "output": {"kind": spec["output"], "layout": spec["output_layout"], "alignCorners": False},
        "classes": [{"id": i, "name": f"class_{i}", "color": color(i)} for i in range(classes)],
        "license": "Apache-2.0",
        "provenance": {"source": "tools/families/export.py", "recipe": "random weights (seeded), 40 Adam steps on a toy task (nearest palette colour)"},
    }


def write_case(folder, name, image, scores, labels):
    """Stores what the conformance suite compares: channel means, a subsample of the scores, all labels."""
    entry = {"image": f"../images/{name}.png", "width": image.width, "height": image.height, "labels": f"{name}.labels.png"}
    Image.fromarray(labels.astype(np.uint8), mode="L").save(os.path.join(folder, entry["labels"]), optimize=True)
    if scores is not None:
        volume = scores.numpy().astype(np.float32)
        entry["channelMeans"] = volume.astype(np.float64).mean(axis=(1, 2)).tolist()
        entry["scores"] = f"{name}.scores.bin"
        np.ascontiguousarray(volume[:, START::STEP, START::STEP]).tofile(os.path.join(folder, entry["scores"]))
    return entry


def export_variant(spec, images):
    seed = zlib.crc32(spec["id"].encode())
    torch.manual_seed(seed)
    core = spec["build"]()
    classes = len(spec["hf"]["config"]["id2label"]) if spec["hf"] else CLASSES
    loss = train_briefly(core, [images["camvid-0001TP_008550"], images["grace_hopper"]], classes, seed)
    folder = os.path.join(OUT, spec["id"])
    os.makedirs(folder, exist_ok=True)
    hf = spec["hf"]
    export_onnx(core, spec, os.path.join(folder, "onnx", "model.onnx") if hf else os.path.join(folder, "model.onnx"))
    model = (lambda x: core(x).softmax(1)) if spec["output"] == "probabilities" else core
    cases = []
    with torch.no_grad():
        for name, image in images.items():
            scores = spec["pipeline"](model, image)
            cases.append(write_case(folder, name, image, None if spec["output"] == "labels" else scores, scores.argmax(0).numpy()))
    if hf:
        for file, content in (("config.json", hf["config"]), ("preprocessor_config.json", hf["processor"])):
            json.dump(content, open(os.path.join(folder, file), "w"), indent=2)
    else:
        json.dump(plain_card(spec, classes), open(os.path.join(folder, "card.json"), "w"), indent=2)
    if "classes.txt" in spec["flags"]:
        open(os.path.join(folder, "classes.txt"), "w").write("".join(f"class_{i}\n" for i in range(classes)))
    reference = {
        "generator": "tools/families/export.py", "torch": torch.__version__, "family": spec["family"], "variant": spec["id"],
        "encoder": spec["encoder"], "pipeline": spec["pipeline"].func.__name__ if hasattr(spec["pipeline"], "func") else spec["pipeline"].__name__,
        "parameters": sum(p.numel() for p in core.parameters()), "trainingLoss": round(loss, 4), "classes": classes, "layout": spec["layout"],
        "output": spec["output"], "importFlags": spec["flags"], "subsample": {"start": START, "step": STEP}, "cases": cases,
    }
    json.dump(reference, open(os.path.join(folder, "reference.json"), "w"), indent=2)
    print(f"{spec['id']}: {reference['parameters']} parameters, loss {loss:.3f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="comma-separated variant ids")
    args = parser.parse_args()
    torch.set_num_threads(1)
    images = make_images()
    wanted = set(args.only.split(",")) if args.only else None
    for spec in variants():
        if wanted is None or spec["id"] in wanted:
            export_variant(spec, images)


if __name__ == "__main__":
    main()
