"""The baseline the `membrane` model must beat: one global intensity threshold (membranes are dark).

    /usr/bin/python3 tools/membrane/threshold_baseline.py --data ../shared/data/isbi-em

Every threshold t in 0..255 (pixel < t -> membrane) is scored on the training slices 00-19; the one with the best
mIoU is then scored on the validation slices 20-24, with the same figures as train.py's evaluation.
"""
import argparse
import json

import numpy as np
import torch

from train import TRAIN_SLICES, VAL_SLICES, load_slices, scores


def histograms(images, labels):
    """Per class (0 membrane, 1 interior), the count of each 8-bit grey value."""
    hist = np.zeros((2, 256), dtype=np.int64)
    for img, lbl in zip(images, labels):
        grey = np.rint(img[0].numpy() * 255).astype(np.int64).ravel()
        for c in (0, 1):
            hist[c] += np.bincount(grey[lbl.numpy().ravel() == c], minlength=256)
    return hist


def confusion_at(hist, t):
    """2x2 confusion (rows truth, columns prediction) when grey < t is predicted membrane."""
    below = hist[:, :t].sum(1)
    return torch.tensor([[below[0], hist[0].sum() - below[0]], [below[1], hist[1].sum() - below[1]]])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data/isbi-em")
    args = p.parse_args()
    train_hist = histograms(*load_slices(args.data, TRAIN_SLICES))
    val_hist = histograms(*load_slices(args.data, VAL_SLICES))
    best = max(range(1, 256), key=lambda t: scores(confusion_at(train_hist, t))["mIoU"])
    train = scores(confusion_at(train_hist, best))
    val = scores(confusion_at(val_hist, best))
    print(json.dumps({"threshold": best, "train": {k: round(v, 5) for k, v in train.items()},
                      "val": {k: round(v, 5) for k, v in val.items()}}, indent=2))


if __name__ == "__main__":
    main()
