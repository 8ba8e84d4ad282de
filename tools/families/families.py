"""The reference variants: for each, the PyTorch model (NCHW in, scores out), how it is exported (layout, fixed or
dynamic size, output kind) and the family's own reference pipeline."""
from functools import partial

import torch.nn as nn
from torchvision.models.segmentation.deeplabv3 import DeepLabV3, _deeplabv3_mobilenetv3
from torchvision.models.segmentation.fcn import FCN, FCNHead
from torchvision.models.segmentation.lraspp import LRASPPHead, _lraspp_mobilenetv3

import pipelines as P
from encoders import NarrowResNet, Picked, mobilenet
from heads import DeepLabV3Plus, PSPNet, UNet, deeplab_head
from segformer import LAYOUTS, SegFormer

CLASSES = 6
ADE20K = ["wall", "building", "sky", "floor", "tree", "ceiling"]
CAMVID = ["sky", "building", "pole", "road", "sidewalk", "tree", "sign", "fence", "car", "pedestrian", "bicyclist"]


class Out(nn.Module):
    """torchvision segmentation model -> its "out" tensor (logits upsampled to the input size in the graph)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


class Head(nn.Module):
    """torchvision segmentation model without its final upsampling: logits at the backbone's output stride."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model.classifier(self.model.backbone(x)["out"])


def fcn(variant, full):
    encoder = NarrowResNet(variant, 8)
    model = FCN(Picked(encoder, out=4), FCNHead(encoder.channels[-1], CLASSES))
    return Out(model) if full else Head(model)


def deeplabv3_resnet(variant):
    encoder = NarrowResNet(variant, 16)
    return Head(DeepLabV3(Picked(encoder, out=4), deeplab_head(encoder.channels[-1], CLASSES, [6, 12, 18])))


def deeplabv3_mobilenet():
    model = _deeplabv3_mobilenetv3(mobilenet("large", 0.25), CLASSES, aux=False)
    model.classifier = deeplab_head(model.classifier[0].convs[0][0].in_channels, CLASSES, [12, 24, 36])
    return Out(model)


def lraspp(size, width_mult):
    model = _lraspp_mobilenetv3(mobilenet(size, width_mult), CLASSES)
    head = model.classifier
    model.classifier = LRASPPHead(head.low_classifier.in_channels, head.cbr[0].in_channels, CLASSES, 32)
    return Out(model)


def hf_folder(layout, dims, labels, size, reduce_labels):
    """config.json and preprocessor_config.json as transformers writes them for SegformerForSemanticSegmentation."""
    config = {
        "architectures": ["SegformerForSemanticSegmentation"], "model_type": "segformer", "num_channels": 3,
        "hidden_sizes": dims, "decoder_hidden_size": 64, "semantic_loss_ignore_index": 255,
        "depths": LAYOUTS[layout]["depths"], "num_attention_heads": LAYOUTS[layout]["heads"], "sr_ratios": LAYOUTS[layout]["sr"],
        "id2label": {str(i): name for i, name in enumerate(labels)}, "label2id": {name: i for i, name in enumerate(labels)},
    }
    processor = {
        "do_normalize": True, "do_reduce_labels": reduce_labels, "do_rescale": True, "do_resize": True,
        "image_mean": P.IMAGENET_MEAN, "image_std": P.IMAGENET_STD, "image_processor_type": "SegformerImageProcessor",
        "resample": 2, "rescale_factor": 1 / 255, "size": size,
    }
    return {"config": config, "processor": processor}


def variant(id, family, encoder, build, pipeline, layout="NCHW", size=None, output="logits", output_layout="NCHW", card=None, hf=None,
            flags=None):
    """`size`: None for a dynamic graph, else (width, height) fixed in the graph. `card`: input fields of the plain
    card beyond the defaults. `hf`: config.json and preprocessor_config.json of a Hugging Face folder (then no plain
    card). `flags`: what `semseg models import` needs besides the bare ONNX file (what the graph cannot tell)."""
    return dict(id=id, family=family, encoder=encoder, build=build, pipeline=pipeline, layout=layout, size=size,
                output=output, output_layout=output_layout, card=card or {}, hf=hf, flags=flags or [])


def variants():
    dims = [8, 16, 40, 64]
    seg_b0 = hf_folder("b0", dims, CAMVID, {"height": 256, "width": 256}, False)
    seg_b2 = hf_folder("b2", dims, ADE20K[:CLASSES], {"height": 192, "width": 256}, True)
    return [
        variant("unet-r18", "U-Net", "ResNet-18 layout, widths 8-32", lambda: UNet(NarrowResNet("r18"), CLASSES),
                partial(P.torchvision_dynamic, multiple_of=32), card={"size": {"mode": "dynamic", "multipleOf": 32}}),
        variant("unet-r34", "U-Net", "ResNet-34 layout, widths 8-40", lambda: UNet(NarrowResNet("r34"), CLASSES),
                partial(P.torchvision_dynamic, multiple_of=32), layout="NHWC", card={"size": {"mode": "dynamic", "multipleOf": 32}}),
        variant("fcn-r18", "FCN", "ResNet-18 layout, widths 8-32, output stride 8", lambda: fcn("r18", True),
                partial(P.torchvision_preset, resize_size=256),
                card={"size": {"mode": "dynamic", "multipleOf": 1, "shortestEdge": 256}, "interpolation": "pil-bilinear"},
                flags=["--shortest-edge", "256", "--interpolation", "pil-bilinear"]),
        variant("fcn-r34", "FCN", "ResNet-34 layout, widths 8-40, output stride 8", lambda: fcn("r34", False), P.torchvision_dynamic),
        variant("deeplabv3-r18", "DeepLabV3", "ResNet-18 layout, widths 8-32, output stride 16", lambda: deeplabv3_resnet("r18"), P.torchvision_dynamic),
        variant("deeplabv3-mnv3", "DeepLabV3", "MobileNetV3-Large x0.25, output stride 16", deeplabv3_mobilenet, P.torchvision_dynamic,
                output="probabilities"),
        variant("deeplabv3plus-r18", "DeepLabV3+", "ResNet-18 layout, widths 8-32, output stride 16", lambda: DeepLabV3Plus(NarrowResNet("r18", 16), CLASSES),
                partial(P.stretch_torch, size=(192, 256)), size=(256, 192)),
        variant("deeplabv3plus-r34", "DeepLabV3+", "ResNet-34 layout, widths 8-40, output stride 16",
                lambda: DeepLabV3Plus(NarrowResNet("r34", 16), CLASSES, fixed_scale=True),
                partial(P.torchvision_dynamic, multiple_of=16), layout="NHWC", card={"size": {"mode": "dynamic", "multipleOf": 16}}),
        variant("lraspp-mnv3s", "LR-ASPP", "MobileNetV3-Small x0.5", lambda: lraspp("small", 0.5), P.torchvision_dynamic),
        variant("lraspp-mnv3l", "LR-ASPP", "MobileNetV3-Large x0.35", lambda: lraspp("large", 0.35), P.torchvision_dynamic, output="labels",
                flags=["--classes", "classes.txt"]),
        variant("pspnet-r18", "PSPNet", "ResNet-18 layout, widths 8-32, output stride 8", lambda: PSPNet(NarrowResNet("r18", 8), CLASSES),
                partial(P.stretch_torch, size=(240, 240)), size=(240, 240)),
        variant("pspnet-r34", "PSPNet", "ResNet-34 layout, widths 8-40, output stride 8", lambda: PSPNet(NarrowResNet("r34", 8), CLASSES),
                partial(P.stretch_torch, size=(240, 240)), layout="NHWC", size=(240, 240), output_layout="NHWC"),
        variant("segformer-b0", "SegFormer", "MiT-b0 layout at 1/4 width (8, 16, 40, 64)",
                lambda: SegFormer("b0", dims, len(CAMVID), 64), partial(P.hf_image_processor, processor=seg_b0["processor"]), hf=seg_b0,
                flags=["--size", "256x256", "--interpolation", "pil-bilinear"]),
        variant("segformer-b2", "SegFormer", "MiT-b2 layout at 1/8 width (8, 16, 40, 64)",
                lambda: SegFormer("b2", dims, CLASSES, 64), partial(P.hf_image_processor, processor=seg_b2["processor"]), hf=seg_b2,
                flags=["--size", "256x192", "--interpolation", "pil-bilinear"]),
    ]
