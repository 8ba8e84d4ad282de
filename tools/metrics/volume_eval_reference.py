#!/usr/bin/env python3
"""Independent oracle for `semseg eval` on label volumes: reads two NIfTI label volumes with nibabel and prints
per-structure Dice, IoU, HD95, ASSD and Hausdorff (mm, from nibabel's header zooms) as JSON, with scipy's exact
Euclidean distance transform (surface_distance_reference.metrics; conventions in that file's docstring).

Usage: /usr/bin/python3 tools/metrics/volume_eval_reference.py pred.nii.gz truth.nii.gz 0 1 2
Needs python3-nibabel, python3-scipy. test/volumes/volume-eval.test.ts compares its output to semseg eval's.
"""
import json
import math
import os
import sys

import nibabel as nib
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from surface_distance_reference import metrics  # noqa: E402


def finite(value):
    # The oracle writes infinite distances as the string "Infinity"; semseg's JSON writes null.
    return None if value == "Infinity" or (isinstance(value, float) and math.isinf(value)) else value


def main():
    pred_img, truth_img = nib.load(sys.argv[1]), nib.load(sys.argv[2])
    pred = np.asarray(pred_img.dataobj).astype(np.int64)
    truth = np.asarray(truth_img.dataobj).astype(np.int64)
    spacing = [float(z) for z in truth_img.header.get_zooms()[:3]]
    out = []
    for class_id in (int(c) for c in sys.argv[3:]):
        m = metrics(pred, truth, spacing, class_id)
        out.append({k: finite(v) for k, v in m.items()} | {"id": class_id})
    json.dump({"spacing": spacing, "structures": out}, sys.stdout)


if __name__ == "__main__":
    main()
