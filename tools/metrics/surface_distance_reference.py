#!/usr/bin/env python3
"""Oracle for src/metrics/surface-distance.ts: writes test/fixtures/metrics/surface-distance.json.

Volumes are not stored: each case holds an analytic description (dims [x, y, z], painted shapes) that
test/metrics/surface-distance.test.ts rebuilds identically. Shapes are painted in order with their label:
  {"kind": "box", "label": L, "min": [x, y, z], "max": [x, y, z]}        voxels min <= (x, y, z) < max
  {"kind": "sphere", "label": L, "center": [x, y, z], "radius": r}       (x-cx)^2 + (y-cy)^2 + (z-cz)^2 <= r^2,
                                                                        in voxel index units
  {"kind": "points", "label": L, "points": [[x, y, z], ...]}

Convention (identical to the TS file header and MONAI compute_hausdorff_distance(percentile=95)):
  surface   = mask & ~binary_erosion(mask, 6-connected structure, border_value=0)
  d(A->B)   = distance_transform_edt(~surface_B, sampling=spacing) at surface_A voxels
  hd95      = max(np.percentile(d(P->T), 95), np.percentile(d(T->P), 95))   (numpy default linear interpolation)
  hausdorff = max over both; assd = mean of both sets concatenated
  both empty -> 0, one empty -> inf (written as the string "Infinity"); dice/iou: both empty -> 1.

Arrays are indexed [x, y, z] here; the TS layout (x fastest) does not change any metric.
Run: python3 tools/metrics/surface_distance_reference.py
"""
import json
import math
import os

import numpy as np
from scipy import ndimage


def build(dims, shapes):
    vol = np.zeros(dims, dtype=np.uint16)
    x, y, z = np.indices(dims, dtype=np.float64)
    for s in shapes:
        if s["kind"] == "box":
            (x0, y0, z0), (x1, y1, z1) = s["min"], s["max"]
            vol[x0:x1, y0:y1, z0:z1] = s["label"]
        elif s["kind"] == "sphere":
            cx, cy, cz = s["center"]
            r = s["radius"]
            vol[(x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= r * r] = s["label"]
        elif s["kind"] == "points":
            for px, py, pz in s["points"]:
                vol[px, py, pz] = s["label"]
        else:
            raise ValueError(s["kind"])
    return vol


def surface(mask):
    structure = ndimage.generate_binary_structure(3, 1)
    return mask & ~ndimage.binary_erosion(mask, structure=structure, border_value=0)


def metrics(pred, truth, spacing, class_id):
    p = pred == class_id
    t = truth == class_id
    np_, nt, both = int(p.sum()), int(t.sum()), int((p & t).sum())
    if np_ + nt == 0:
        dice = iou = 1.0
    else:
        dice = 2 * both / (np_ + nt)
        iou = both / (np_ + nt - both)
    sp, st = surface(p), surface(t)
    if not sp.any() and not st.any():
        hd95 = assd = hd = 0.0
    elif not sp.any() or not st.any():
        hd95 = assd = hd = math.inf
    else:
        d_pt = ndimage.distance_transform_edt(~st, sampling=spacing)[sp]
        d_tp = ndimage.distance_transform_edt(~sp, sampling=spacing)[st]
        hd95 = float(max(np.percentile(d_pt, 95), np.percentile(d_tp, 95)))
        hd = float(max(d_pt.max(), d_tp.max()))
        assd = float(np.concatenate([d_pt, d_tp]).mean())
    num = lambda v: "Infinity" if math.isinf(v) else v
    return {"dice": dice, "iou": iou, "predVoxels": np_, "truthVoxels": nt,
            "hd95": num(hd95), "assd": num(assd), "hausdorff": num(hd)}


def sphere(c, r, label=1):
    return {"kind": "sphere", "label": label, "center": c, "radius": r}


def box(lo, hi, label=1):
    return {"kind": "box", "label": label, "min": lo, "max": hi}


CASES = [
    {"name": "spheres offset along x, isotropic", "dims": [40, 36, 32], "spacing": [1, 1, 1], "classId": 1,
     "pred": [sphere([20, 18, 16], 9)], "truth": [sphere([23, 18, 16], 9)]},
    {"name": "spheres offset diagonally, anisotropic 0.8/0.8/2.5", "dims": [48, 48, 20], "spacing": [0.8, 0.8, 2.5],
     "classId": 1, "pred": [sphere([24, 24, 10], 8.5)], "truth": [sphere([26.5, 22, 11], 7)]},
    {"name": "cube shifted 3 voxels along z, anisotropic", "dims": [24, 24, 24], "spacing": [0.8, 0.8, 2.5],
     "classId": 1, "pred": [box([6, 6, 5], [16, 16, 13])], "truth": [box([6, 6, 8], [16, 16, 16])]},
    {"name": "cube touching the volume border", "dims": [20, 18, 10], "spacing": [1.2, 0.7, 3.0], "classId": 2,
     "pred": [box([0, 0, 0], [10, 9, 10], 2)], "truth": [box([2, 0, 0], [12, 10, 7], 2)]},
    {"name": "thin structures: one-voxel plate and a line", "dims": [30, 30, 16], "spacing": [0.8, 0.8, 2.5],
     "classId": 1, "pred": [box([5, 5, 8], [25, 25, 9])], "truth": [box([5, 5, 9], [25, 25, 10]), box([15, 2, 0], [16, 3, 16])]},
    {"name": "sphere with outlier voxels (hd95 < hausdorff), multi-class", "dims": [40, 40, 24], "spacing": [0.9, 0.9, 1.5],
     "classId": 1,
     "pred": [sphere([20, 20, 12], 8), sphere([20, 20, 12], 3, 2),
              {"kind": "points", "label": 1, "points": [[2, 3, 1], [37, 36, 22], [35, 5, 20]]}],
     "truth": [sphere([20.5, 19.5, 12], 8.2), box([18, 18, 10], [22, 22, 14], 3)]},
    {"name": "empty prediction", "dims": [16, 16, 8], "spacing": [0.8, 0.8, 2.5], "classId": 1,
     "pred": [], "truth": [sphere([8, 8, 4], 3)]},
    {"name": "both empty", "dims": [8, 8, 4], "spacing": [1, 1, 1], "classId": 1, "pred": [box([0, 0, 0], [3, 3, 3], 2)], "truth": []},
]


def main():
    out = []
    for case in CASES:
        pred = build(case["dims"], case["pred"])
        truth = build(case["dims"], case["truth"])
        out.append({**case, "expected": metrics(pred, truth, case["spacing"], case["classId"])})
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    path = os.path.join(root, "test", "fixtures", "metrics", "surface-distance.json")
    with open(path, "w") as fh:
        json.dump({"generator": "tools/metrics/surface_distance_reference.py", "cases": out}, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
