"""Exports the benchmark models at their real size into a Hugging Face layout folder each (config.json,
preprocessor_config.json, onnx/model.onnx), so that semseg (`semseg models import`) and Transformers.js (local
files) load the very same graph.

    /usr/bin/python3 tools/bench/export-models.py [--out .cache/bench-models] [--only segformer-b0,unet-r18]

Weights are random (seeded): the benchmark measures cost, not quality, and the cost of a network does not depend on
its weights. All graphs take NCHW float32 `pixel_values` with dynamic height and width (opset 14) and answer
`logits` for 11 classes (CamVid's). The street model (models/street/model.onnx, trained) is copied into the same
layout with its tensors renamed to pixel_values / logits.
"""
import argparse
import json
import os
import sys

import onnx
import torch
import torch.nn as nn
from torchvision.models import resnet18
from torchvision.models.segmentation import deeplabv3_mobilenet_v3_large

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "families"))

from families import CAMVID, Out  # noqa: E402
from heads import UNet  # noqa: E402
from segformer import LAYOUTS, SegFormer  # noqa: E402

OPSET = 14
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


class ResNet18Encoder(nn.Module):
    """torchvision ResNet-18 (random weights) as a U-Net encoder: features at strides 2, 4, 8, 16, 32."""

    def __init__(self):
        super().__init__()
        net = resnet18(weights=None)
        self.stem = nn.Sequential(net.conv1, net.bn1, net.relu)
        self.pool = net.maxpool
        self.stages = nn.ModuleList([net.layer1, net.layer2, net.layer3, net.layer4])
        self.channels = [64, 64, 128, 256, 512]

    def forward(self, x):
        features = [self.stem(x)]
        x = self.pool(features[0])
        for stage in self.stages:
            x = stage(x)
            features.append(x)
        return features


def segformer_b0():
    return SegFormer("b0", [32, 64, 160, 256], len(CAMVID), 256)


def deeplabv3_mnv3():
    return Out(deeplabv3_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=len(CAMVID), aux_loss=False))


def unet_r18():
    # segmentation_models_pytorch's default decoder widths on a full-width ResNet-18.
    return UNet(ResNet18Encoder(), len(CAMVID), widths=(256, 128, 64, 32, 16))


MODELS = {
    "segformer-b0": {"build": segformer_b0, "logits": "1/4 of the input",
                     "summary": "SegFormer-B0 size (MiT-b0: widths 32/64/160/256, depths 2/2/2/2, heads 1/2/5/8, decoder 256)"},
    "deeplabv3-mnv3": {"build": deeplabv3_mnv3, "logits": "input size (upsampled in the graph)",
                       "summary": "torchvision DeepLabV3-MobileNetV3-Large"},
    "unet-r18": {"build": unet_r18, "logits": "input size (full-resolution decoder)", "import": ["--size", "dynamic/32"],
                 "summary": "U-Net on a ResNet-18 encoder, decoder 256/128/64/32/16 (sides a multiple of 32)"},
}


def hf_config(summary, logits, import_flags=()):
    """What Transformers.js needs to pick its semantic segmentation path: a model type it maps to a
    *ForSemanticSegmentation class (segformer: the ONNX graph is all it runs), the labels, and an image processor that
    rescales and normalises without resizing, so every contender works on the image at its own size. `import_flags`:
    what `semseg models import` cannot read from the folder (the bench passes them)."""
    config = {
        "architectures": ["SegformerForSemanticSegmentation"], "model_type": "segformer", "num_channels": 3,
        "id2label": {str(i): name for i, name in enumerate(CAMVID)}, "label2id": {name: i for i, name in enumerate(CAMVID)},
        "semseg_bench": {"network": summary, "logits": logits, "importFlags": list(import_flags)},
    }
    processor = {
        "image_processor_type": "SegformerImageProcessor", "do_resize": False, "do_rescale": True, "rescale_factor": 1 / 255,
        "do_normalize": True, "image_mean": MEAN, "image_std": STD, "do_reduce_labels": False,
    }
    return config, processor


def write_folder(folder, config, processor):
    os.makedirs(os.path.join(folder, "onnx"), exist_ok=True)
    for name, content in (("config.json", config), ("preprocessor_config.json", processor)):
        with open(os.path.join(folder, name), "w") as f:
            json.dump(content, f, indent=2)


def export(name, spec, out):
    torch.manual_seed(len(name) * 7919)
    model = spec["build"]().eval()
    folder = os.path.join(out, name)
    config, processor = hf_config(spec["summary"], spec["logits"], spec.get("import", ()))
    write_folder(folder, config, processor)
    dummy = torch.zeros(1, 3, 256, 256)
    spatial = {0: "batch", 2: "height", 3: "width"}
    with torch.no_grad():
        torch.onnx.export(model, dummy, os.path.join(folder, "onnx", "model.onnx"), opset_version=OPSET,
                          input_names=["pixel_values"], output_names=["logits"],
                          dynamic_axes={"pixel_values": spatial, "logits": spatial}, do_constant_folding=True)
    parameters = sum(p.numel() for p in model.parameters())
    print(f"{name}: {parameters:,} parameters -> {folder}", file=sys.stderr)


def export_street(out, low_resolution=False):
    """The shipped street model (trained LR-ASPP-MobileNetV3) with its tensors renamed for Transformers.js; with
    `low_resolution` also without its final bilinear Resize, so the logits come at 1/8 of the input (the same trained
    weights, the common case of Hugging Face and TensorFlow models)."""
    graph = onnx.load(os.path.join(ROOT, "models", "street", "model.onnx"))
    g = graph.graph
    if low_resolution:
        final = next(n for n in g.node if g.output[0].name in n.output)
        assert final.op_type == "Resize", f"expected the street graph to end in a Resize, found {final.op_type}"
        resized = final.input[0]
        g.node.remove(final)
        for node in g.node:
            node.output[:] = [g.output[0].name if o == resized else o for o in node.output]
        # Drop what only fed the Resize (its target size computation).
        while True:
            used = {i for n in g.node for i in n.input} | {o.name for o in g.output}
            dead = [n for n in g.node if not any(o in used for o in n.output)]
            if not dead:
                break
            for n in dead:
                g.node.remove(n)
    renames = {g.input[0].name: "pixel_values", g.output[0].name: "logits"}
    for node in g.node:
        node.input[:] = [renames.get(n, n) for n in node.input]
        node.output[:] = [renames.get(n, n) for n in node.output]
    g.input[0].name = "pixel_values"
    g.output[0].name = "logits"
    name = "street-lowres" if low_resolution else "street"
    folder = os.path.join(out, name)
    summary = "street (LR-ASPP-MobileNetV3-Large, trained on CamVid)" + (", final Resize removed" if low_resolution else "")
    config, processor = hf_config(summary, "1/8 of the input" if low_resolution else "input size (upsampled in the graph)")
    write_folder(folder, config, processor)
    onnx.save(graph, os.path.join(folder, "onnx", "model.onnx"))
    print(f"{name}: copied -> {folder}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(ROOT, ".cache", "bench-models"))
    parser.add_argument("--only", help="comma-separated names: street,street-lowres," + ",".join(MODELS))
    args = parser.parse_args()
    wanted = set(args.only.split(",")) if args.only else None
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    if wanted is None or "street" in wanted:
        export_street(args.out)
    if wanted is None or "street-lowres" in wanted:
        export_street(args.out, low_resolution=True)
    for name, spec in MODELS.items():
        if wanted is None or name in wanted:
            export(name, spec, args.out)


if __name__ == "__main__":
    main()
