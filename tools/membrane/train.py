"""Train the embedded `membrane` model (a U-Net) on the ISBI 2012 EM slices from scratch, on CPU, resumably.

    /usr/bin/python3 tools/membrane/train.py --data ../shared/data/isbi-em --out runs/membrane --iters 2400 [--minutes 85]

Slices 00-19 train, 20-24 validate (full 512x512 slices). Stop it at any time (or let --minutes stop it); running the
same command again resumes from runs/membrane/last.pt (model, EMA, optimiser, schedule position and RNG states).
Every --eval-every iterations the EMA weights are scored on val and the best are kept in runs/membrane/best.pt;
export that one with tools/membrane/export.py. Progress is in runs/membrane/log.jsonl.
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

from model import UNet

NUM_CLASSES = 2  # 0 = membrane, 1 = cell interior
MEAN = 0.5
STD = 0.25
TRAIN_SLICES = range(0, 20)
VAL_SLICES = range(20, 25)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data/isbi-em")
    p.add_argument("--out", default="runs/membrane")
    p.add_argument("--iters", type=int, default=2400)
    p.add_argument("--minutes", type=float, default=0, help="wall-clock budget of this invocation; 0 = none")
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--crop", type=int, default=256)
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--warmup-iters", type=int, default=100)
    p.add_argument("--ema-decay", type=float, default=0.99)
    p.add_argument("--membrane-weight", type=float, default=1.5, help="cross-entropy weight of the membrane class")
    p.add_argument("--dice-weight", type=float, default=0.5, help="weight of the soft Dice loss on membrane")
    p.add_argument("--elastic-sigma", type=float, default=10.0, help="px, std of the 3x3 displacement grid")
    p.add_argument("--eval-every", type=int, default=100)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=20261201)
    return p.parse_args()


def load_slices(root, slices):
    """Images as float 0-1 (1, H, W), labels as int64 (H, W) with 0 = membrane, 1 = interior."""
    images, labels = [], []
    for i in slices:
        img = np.asarray(Image.open(os.path.join(root, "images", f"{i:02d}.png")).convert("L"))
        lbl = np.asarray(Image.open(os.path.join(root, "labels", f"{i:02d}.png")).convert("L"))
        images.append(torch.from_numpy(img.astype(np.float32) / 255.0)[None])
        labels.append(torch.from_numpy((lbl >= 128).astype(np.int64)))
    return images, labels


def normalise(x):
    return (x - MEAN) / STD


def augment(img, lbl, args):
    """One training crop: elastic deformation (a 3x3 grid of random displacements, std --elastic-sigma px, upsampled
    bicubically, as in the U-Net paper) sampled with mirror padding at a random position, then a random flip and
    90-degree rotation and a mild brightness/contrast change. Returns (1, c, c) normalised and (c, c) labels."""
    c = args.crop
    _, h, w = img.shape
    top = random.randint(0, h - c)
    left = random.randint(0, w - c)
    disp = torch.randn(1, 2, 3, 3) * args.elastic_sigma
    disp = F.interpolate(disp, size=(c, c), mode="bicubic", align_corners=True)[0]
    ys = torch.arange(c, dtype=torch.float32).view(c, 1) + top
    xs = torch.arange(c, dtype=torch.float32).view(1, c) + left
    gx = (xs + disp[0]) * (2.0 / (w - 1)) - 1
    gy = (ys + disp[1]) * (2.0 / (h - 1)) - 1
    grid = torch.stack([gx, gy], -1)[None]
    both = torch.cat([img, lbl[None].float()], 0)[None]
    warped = F.grid_sample(both, grid, mode="bilinear", padding_mode="reflection", align_corners=True)[0]
    x, y = warped[:1], (warped[1] >= 0.5).long()
    if random.random() < 0.5:
        x, y = x.flip(-1), y.flip(-1)
    k = random.randint(0, 3)
    x, y = torch.rot90(x, k, (-2, -1)), torch.rot90(y, k, (-2, -1))
    contrast = random.uniform(0.8, 1.2)
    brightness = random.uniform(-0.08, 0.08)
    m = x.mean()
    x = ((x - m) * contrast + m + brightness).clamp(0, 1)
    return normalise(x), y


def loss_fn(logits, y, args):
    weight = torch.tensor([args.membrane_weight, 1.0])
    loss = F.cross_entropy(logits, y, weight=weight)
    if args.dice_weight:
        p = logits.softmax(1)[:, 0]
        t = (y == 0).float()
        dice = (2 * (p * t).sum() + 1) / (p.sum() + t.sum() + 1)
        loss = loss + args.dice_weight * (1 - dice)
    return loss


def scores(cm):
    """Figures of a 2x2 confusion matrix (rows ground truth, columns prediction)."""
    cm = cm.double()
    tp = cm.diag()
    iou = tp / (cm.sum(0) + cm.sum(1) - tp).clamp(min=1)
    dice = 2 * tp[0] / (cm[0].sum() + cm[:, 0].sum()).clamp(min=1)
    return {"mIoU": iou.mean().item(), "membraneIoU": iou[0].item(), "interiorIoU": iou[1].item(),
            "pixelAccuracy": (tp.sum() / cm.sum()).item(), "membraneDice": dice.item()}


def predict(model, img):
    with torch.no_grad():
        return model(normalise(img)[None]).argmax(1)[0]


def evaluate(model, images, labels):
    model.eval()
    cm = torch.zeros(NUM_CLASSES, NUM_CLASSES, dtype=torch.int64)
    for img, lbl in zip(images, labels):
        pred = predict(model, img)
        cm += torch.bincount(lbl.flatten() * NUM_CLASSES + pred.flatten(), minlength=4).view(2, 2)
    return {k: round(v, 5) for k, v in scores(cm).items()}


def save_atomic(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main():
    args = parse_args()
    started = time.time()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    train_images, train_labels = load_slices(args.data, TRAIN_SLICES)
    val_images, val_labels = load_slices(args.data, VAL_SLICES)

    model = UNet(1, NUM_CLASSES, args.width)
    ema = UNet(1, NUM_CLASSES, args.width)
    ema.load_state_dict(model.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    state = {"iter": 0, "best_mIoU": -1.0}
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
        print(f"resumed at iter {state['iter']}", flush=True)

    def checkpoint():
        save_atomic({"model": model.state_dict(), "ema": ema.state_dict(), "optimiser": optimiser.state_dict(),
                     "state": state, "args": vars(args),
                     "rng": {"python": random.getstate(), "numpy": np.random.get_state(),
                             "torch": torch.get_rng_state()}}, last_path)

    log = open(os.path.join(args.out, "log.jsonl"), "a")
    loss_sum, seg_started = 0.0, time.time()
    while state["iter"] < args.iters:
        if args.minutes and time.time() - started > args.minutes * 60:
            checkpoint()
            print(f"wall-clock budget of {args.minutes} min spent at iter {state['iter']}; rerun to resume", flush=True)
            return
        model.train()
        it = state["iter"]
        warm = min(1.0, (it + 1) / args.warmup_iters)
        lr = args.lr * warm * 0.5 * (1 + math.cos(math.pi * it / args.iters))
        for group in optimiser.param_groups:
            group["lr"] = lr
        batch = [augment(train_images[i], train_labels[i], args)
                 for i in (random.randrange(len(train_images)) for _ in range(args.batch))]
        x = torch.stack([s[0] for s in batch])
        y = torch.stack([s[1] for s in batch])
        loss = loss_fn(model(x), y, args)
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
        if state["iter"] % args.eval_every == 0 or state["iter"] == args.iters:
            record = {"iter": state["iter"], "loss": round(loss_sum / args.eval_every, 5), "lr": lr,
                      "sPerIter": round((time.time() - seg_started) / args.eval_every, 3)}
            record["val"] = evaluate(ema, val_images, val_labels)
            if record["val"]["mIoU"] > state["best_mIoU"]:
                state["best_mIoU"] = record["val"]["mIoU"]
                save_atomic({"ema": ema.state_dict(), "iter": state["iter"], "val": record["val"],
                             "args": vars(args)}, os.path.join(args.out, "best.pt"))
            checkpoint()
            record["elapsedMin"] = round((time.time() - started) / 60, 1)
            print(json.dumps(record), flush=True)
            log.write(json.dumps(record) + "\n")
            log.flush()
            loss_sum, seg_started = 0.0, time.time()


if __name__ == "__main__":
    main()
