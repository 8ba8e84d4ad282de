"""Reference pipelines: each family's own preprocessing and resize-back, in PyTorch, from a PIL RGB image to the
score volume (C, H, W) at the image's size. semseg must reproduce these outputs from the model card alone."""
import numpy as np
import torch
import torch.nn.functional as F
import torchvision.transforms.functional as TF
from PIL import Image
from torchvision.transforms._presets import SemanticSegmentation

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def back_to_image(scores, height, width):
    """Scores resized to the image with F.interpolate(bilinear, align_corners=False): torchvision and HF both do this."""
    return F.interpolate(scores, size=(height, width), mode="bilinear", align_corners=False)[0]


def torchvision_dynamic(model, image, multiple_of=1):
    """ToTensor + Normalize at the image's own size; sides padded bottom/right with black to a multiple (as
    segmentation_models_pytorch requires), scores resized to the padded size and the padding cropped."""
    x = TF.to_tensor(image)
    height, width = x.shape[1:]
    x = F.pad(x, (0, -width % multiple_of, 0, -height % multiple_of))
    scores = model(TF.normalize(x, IMAGENET_MEAN, IMAGENET_STD)[None])
    return back_to_image(scores, x.shape[1], x.shape[2])[:, :height, :width]


def torchvision_preset(model, image, resize_size):
    """torchvision's weights transform for segmentation (SemanticSegmentation): the shorter side resized to
    `resize_size` with PIL bilinear, then ImageNet normalisation; scores resized back to the original image."""
    scores = model(SemanticSegmentation(resize_size=resize_size)(image)[None])
    return back_to_image(scores, image.height, image.width)


def stretch_torch(model, image, size, mean=IMAGENET_MEAN, std=IMAGENET_STD):
    """A fixed-size model: the image stretched to `size` (height, width) with F.interpolate (bilinear,
    align_corners=False, no antialiasing) on the 0..1 tensor, normalised, scores resized back."""
    x = F.interpolate(TF.to_tensor(image)[None], size=size, mode="bilinear", align_corners=False)
    scores = model(TF.normalize(x[0], mean, std)[None])
    return back_to_image(scores, image.height, image.width)


def hf_image_processor(model, image, processor):
    """What transformers' SegformerImageProcessor and post_process_semantic_segmentation do: PIL resize (the
    processor's `resample`, bilinear here) to size {height, width}, rescale (float64, then float32), normalise in
    float32, logits at 1/4 resized to the original size."""
    size = processor["size"]
    resized = image.resize((size["width"], size["height"]), resample=Image.Resampling(processor["resample"]))
    pixels = (np.asarray(resized).astype(np.float64) * processor["rescale_factor"]).astype(np.float32)
    pixels = (pixels - np.array(processor["image_mean"], dtype=np.float32)) / np.array(processor["image_std"], dtype=np.float32)
    scores = model(torch.from_numpy(pixels.transpose(2, 0, 1).copy())[None])
    return back_to_image(scores, image.height, image.width)
