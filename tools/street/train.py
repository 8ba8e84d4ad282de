"""Train the embedded `street` model on CamVid (SegNet split) from scratch, on CPU, resumably.

    /usr/bin/python3 tools/street/train.py --data ../shared/data/camvid --out runs/street [--epochs 260]

Stop it at any time; running the same command again resumes from runs/street/last.pt (model, EMA, optimiser,
schedule position and RNG states). Every --eval-every epochs the EMA weights are scored on the val split and the best
are kept in runs/street/best.pt; export that one with tools/street/export.py.
"""
import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from model import StreetNet

NUM_CLASSES = 11
IGNORE = 11
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data/camvid")
    p.add_argument("--out", default="runs/street")
    p.add_argument("--train-splits", default="train", help="comma list, e.g. train,val for the final fit")
    p.add_argument("--epochs", type=int, default=260)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--crop", type=int, default=256)
    p.add_argument("--scale-min", type=float, default=0.5)
    p.add_argument("--scale-max", type=float, default=1.75)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--warmup-iters", type=int, default=500)
    p.add_argument("--ema-decay", type=float, default=0.999)
    p.add_argument("--aux-weight", type=float, default=0.4)
    p.add_argument("--class-weight-power", type=float, default=0.5,
                   help="exponent on median-frequency weights: 1 = SegNet balancing, 0 = none")
    p.add_argument("--eval-every", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=20261125)
    return p.parse_args()


def load_split(root, split):
    images, labels = [], []
    with open(os.path.join(root, f"{split}.txt")) as f:
        for line in f:
            img_rel, lbl_rel = line.split()
            img = np.asarray(Image.open(os.path.join(root, img_rel)).convert("RGB"))
            lbl = np.asarray(Image.open(os.path.join(root, lbl_rel)))
            images.append(torch.from_numpy(img.copy()).permute(2, 0, 1).contiguous())
            labels.append(torch.from_numpy(lbl.astype(np.int64)))
    return images, labels


def median_frequency_weights(labels, power):
    pixels = np.zeros(NUM_CLASSES)
    present_in = np.zeros(NUM_CLASSES)
    for lbl in labels:
        counts = np.bincount(lbl.flatten().numpy(), minlength=IGNORE + 1)[:NUM_CLASSES]
        pixels += counts
        present_in += (counts > 0) * lbl.numel()
    freq = pixels / np.maximum(present_in, 1)
    weights = (np.median(freq) / freq) ** power
    return torch.tensor(weights / weights.mean(), dtype=torch.float32)


def normalise(img_uint8):
    return (img_uint8.float() / 255.0 - MEAN) / STD


def augment(img, lbl, args):
    """Random scale, pad, crop, flip and colour jitter of one uint8 CHW image and its HW label map."""
    scale = random.uniform(args.scale_min, args.scale_max)
    h, w = lbl.shape
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    x = F.interpolate(img[None].float() / 255.0, size=(nh, nw), mode="bilinear", align_corners=False)[0]
    y = F.interpolate(lbl[None, None].float(), size=(nh, nw), mode="nearest")[0, 0].long()
    brightness = random.uniform(0.75, 1.25)
    contrast = random.uniform(0.75, 1.25)
    saturation = random.uniform(0.75, 1.25)
    x = x * brightness
    x = (x - x.mean()) * contrast + x.mean()
    grey = (0.299 * x[0] + 0.587 * x[1] + 0.114 * x[2])[None]
    x = ((x - grey) * saturation + grey).clamp(0, 1)
    x = (x - MEAN) / STD
    c = args.crop
    ph, pw = max(0, c - nh), max(0, c - nw)
    if ph or pw:
        x = F.pad(x, (0, pw, 0, ph), value=0.0)
        y = F.pad(y, (0, pw, 0, ph), value=IGNORE)
    top = random.randint(0, x.shape[1] - c)
    left = random.randint(0, x.shape[2] - c)
    x = x[:, top:top + c, left:left + c]
    y = y[top:top + c, left:left + c]
    if random.random() < 0.5:
        x = x.flip(-1)
        y = y.flip(-1)
    return x, y


def confusion(pred, gt):
    keep = gt != IGNORE
    idx = gt[keep] * NUM_CLASSES + pred[keep]
    return torch.bincount(idx, minlength=NUM_CLASSES * NUM_CLASSES).view(NUM_CLASSES, NUM_CLASSES)


def evaluate(model, images, labels):
    model.eval()
    cm = torch.zeros(NUM_CLASSES, NUM_CLASSES, dtype=torch.int64)
    with torch.no_grad():
        for img, lbl in zip(images, labels):
            pred = model(normalise(img)[None]).argmax(1)[0]
            cm += confusion(pred, lbl)
    tp = cm.diag().double()
    iou = tp / (cm.sum(0) + cm.sum(1) - cm.diag()).double().clamp(min=1)
    return {"mIoU": iou.mean().item(), "aAcc": (tp.sum() / cm.sum()).item(), "IoU": [round(v, 4) for v in iou.tolist()]}


def save_atomic(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)

    train_images, train_labels = [], []
    for split in args.train_splits.split(","):
        imgs, lbls = load_split(args.data, split)
        train_images += imgs
        train_labels += lbls
    val_images, val_labels = load_split(args.data, "val")
    class_weights = median_frequency_weights(train_labels, args.class_weight_power)
    print("class weights", [round(v, 3) for v in class_weights.tolist()], flush=True)

    model = StreetNet(NUM_CLASSES)
    ema = StreetNet(NUM_CLASSES)
    ema.load_state_dict(model.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    iters_per_epoch = len(train_images) // args.batch
    total_iters = iters_per_epoch * args.epochs
    state = {"epoch": 0, "iter": 0, "best_mIoU": -1.0}

    last_path = os.path.join(args.out, "last.pt")
    if os.path.exists(last_path):
        ckpt = torch.load(last_path)
        model.load_state_dict(ckpt["model"])
        ema.load_state_dict(ckpt["ema"])
        optimiser.load_state_dict(ckpt["optimiser"])
        state = ckpt["state"]
        random.setstate(ckpt["rng"]["python"])
        np.random.set_state(ckpt["rng"]["numpy"])
        torch.set_rng_state(ckpt["rng"]["torch"])
        print(f"resumed at epoch {state['epoch']} iter {state['iter']}", flush=True)

    log = open(os.path.join(args.out, "log.jsonl"), "a")
    while state["epoch"] < args.epochs:
        model.train()
        started = time.time()
        order = list(range(len(train_images)))
        random.shuffle(order)
        loss_sum = 0.0
        for b in range(iters_per_epoch):
            it = state["iter"]
            lr = args.lr * min(1.0, (it + 1) / args.warmup_iters) * (1 - it / total_iters) ** 0.9
            for group in optimiser.param_groups:
                group["lr"] = lr
            batch = [augment(train_images[i], train_labels[i], args) for i in order[b * args.batch:(b + 1) * args.batch]]
            x = torch.stack([s[0] for s in batch])
            y = torch.stack([s[1] for s in batch])
            logits, aux = model(x)
            loss = F.cross_entropy(logits, y, weight=class_weights, ignore_index=IGNORE)
            loss = loss + args.aux_weight * F.cross_entropy(aux, y, weight=class_weights, ignore_index=IGNORE)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            decay = min(args.ema_decay, (1 + it) / (10 + it))
            with torch.no_grad():
                for e, m in zip(ema.state_dict().values(), model.state_dict().values()):
                    if e.dtype.is_floating_point:
                        e.mul_(decay).add_(m, alpha=1 - decay)
                    else:
                        e.copy_(m)
            loss_sum += loss.item()
            state["iter"] = it + 1
        state["epoch"] += 1
        record = {"epoch": state["epoch"], "loss": loss_sum / iters_per_epoch, "lr": lr,
                  "seconds": round(time.time() - started, 1)}
        if state["epoch"] % args.eval_every == 0 or state["epoch"] == args.epochs:
            record["val"] = evaluate(ema, val_images, val_labels)
            if record["val"]["mIoU"] > state["best_mIoU"]:
                state["best_mIoU"] = record["val"]["mIoU"]
                save_atomic({"ema": ema.state_dict(), "epoch": state["epoch"], "val": record["val"]},
                            os.path.join(args.out, "best.pt"))
        save_atomic({"model": model.state_dict(), "ema": ema.state_dict(), "optimiser": optimiser.state_dict(),
                     "state": state, "args": vars(args),
                     "rng": {"python": random.getstate(), "numpy": np.random.get_state(),
                             "torch": torch.get_rng_state()}}, last_path)
        print(json.dumps(record), flush=True)
        log.write(json.dumps(record) + "\n")
        log.flush()


if __name__ == "__main__":
    main()
