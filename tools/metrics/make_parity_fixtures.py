#!/usr/bin/python3
"""Parity fixtures for src/metrics: the same metrics computed independently with sklearn / numpy / scipy.

Run from anywhere:  /usr/bin/python3 -B tools/metrics/make_parity_fixtures.py  (-B: no __pycache__ in the repo)
Writes test/fixtures/metrics/synthetic.json (inputs + expected values of edge cases) and
test/fixtures/metrics/camvid.json (file list + corruption recipe + expected values; the label PNGs are not copied).
Confusion matrices are stored sparse, as [index, count] pairs with index = gt * C + pred.

The expected values come from reference_metrics.py (sklearn / numpy / scipy, written from each tool's documented
semantics, not from semseg's code). NaN is written as null.
"""
import base64
import json
import math
import os
import sys

import numpy as np
from PIL import Image

from reference_metrics import expected_values

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'metrics')
CAMVID = os.path.abspath(os.path.join(ROOT, '..', 'shared', 'data', 'camvid'))


def plain(value):
    """numpy -> JSON-able; NaN -> None."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in (value.tolist() if isinstance(value, np.ndarray) else value)]
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def encode(array):
    return {'dtype': str(array.dtype), 'base64': base64.b64encode(np.ascontiguousarray(array).astype(array.dtype.newbyteorder('<')).tobytes()).decode()}


# ---------------------------------------------------------------------------------------------------- synthetic cases
def blocks(rng, h, w, values, cell):
    """A label map of random rectangular cells (so classes have real boundaries)."""
    grid = rng.choice(values, size=(h // cell + 1, w // cell + 1))
    return np.repeat(np.repeat(grid, cell, 0), cell, 1)[:h, :w]


def noisy(rng, labels, values, rate):
    out = labels.copy()
    flip = rng.random(labels.shape) < rate
    out[flip] = rng.choice(values, size=int(flip.sum()))
    return out


def confidence_codes(rng, shape):
    """Confidences are stored as uint8 codes k, meaning float32(k / 255): exact 0, 1 and bin edges (238 = 14/15)."""
    k = rng.integers(0, 256, size=shape, dtype=np.uint8)
    k.ravel()[:3] = [0, 255, 238]
    return k


def synthetic_cases():
    rng = np.random.default_rng(20240611)
    cases = []

    def add(name, opts, pairs, boot=None, dtype=np.uint8):
        pairs = [(np.asarray(g, dtype), np.asarray(p, dtype)) for g, p in pairs]
        codes = [confidence_codes(rng, g.shape) for g, _ in pairs]
        confs = [(k / 255.0).astype(np.float32) for k in codes]
        cases.append({
            'name': name, 'options': opts,
            'images': [{'width': g.shape[1], 'height': g.shape[0], 'gt': encode(g), 'pred': encode(p),
                        'confidence255': encode(k)} for (g, p), k in zip(pairs, codes)],
            'expected': expected_values(opts, pairs, confs, boot),
        })

    def with_ignore(labels, rate, ignore=255):
        out = labels.copy()
        out[rng.random(labels.shape) < rate] = ignore
        return out

    pairs = []
    for h, w in [(9, 13), (48, 64), (80, 100)]:
        g = blocks(rng, h, w, [0, 1, 2, 3], 5)
        pairs.append((with_ignore(g, 0.08), noisy(rng, g, [0, 1, 2, 3], 0.15)))
    add('random-4-classes', {'numClasses': 4}, pairs, {'samples': 200, 'seed': 7})

    g = blocks(rng, 30, 40, [0, 1, 2, 3], 6)
    add('class-absent-everywhere', {'numClasses': 5}, [(g, noisy(rng, g, [0, 1, 2, 3], 0.2))])

    g = blocks(rng, 30, 40, [0, 1, 3], 6)
    p = g.copy()
    p[5:12, 7:20] = 2
    add('predicted-not-in-gt', {'numClasses': 4}, [(g, p)])

    g1 = blocks(rng, 20, 24, [0, 1, 2], 4)
    g3 = blocks(rng, 20, 24, [0, 1, 2], 4)
    add('all-ignore-image', {'numClasses': 3},
        [(g1, noisy(rng, g1, [0, 1, 2], 0.2)), (np.full((20, 24), 255), blocks(rng, 20, 24, [0, 1, 2], 4)),
         (g3, noisy(rng, g3, [0, 1, 2], 0.1))], {'samples': 100, 'seed': 3})

    g = with_ignore(blocks(rng, 25, 31, [0, 1, 2, 3, 4], 5), 0.1)
    add('perfect-prediction', {'numClasses': 5}, [(g, np.where(g == 255, 0, g))])

    g = np.zeros((16, 20))
    g[:, 10:] = 1
    g[:4, :] = 2
    p = np.zeros((16, 20))
    p[:, :10] = 1
    p[:4, :] = 2
    add('present-but-never-overlapping', {'numClasses': 3}, [(g, p)])

    g = blocks(rng, 28, 36, [0, 1, 2, 3, 4, 255], 4)
    add('reduce-zero-label', {'numClasses': 4, 'reduceZeroLabel': True},
        [(g, noisy(rng, blocks(rng, 28, 36, [0, 1, 2, 3], 4), [0, 1, 2, 3], 0.1))])

    g = blocks(rng, 28, 36, [0, 1, 2, 3, 5, 7], 4)
    add('label-map', {'numClasses': 3, 'labelMap': {'5': 0, '7': 255, '3': 1}},
        [(g, blocks(rng, 28, 36, [0, 1, 2], 4))])

    pairs = []
    present = [0, 1, 2, 256, 257, 259]
    for _ in range(3):
        g = with_ignore(blocks(rng, 30, 26, present, 3), 0.05, 65535)
        pairs.append((g, noisy(rng, np.where(g == 65535, 7, g), present, 0.3)))
    add('uint16-260-classes', {'numClasses': 260, 'ignoreIndex': 65535}, pairs, {'samples': 50, 'seed': 11},
        dtype=np.uint16)

    g = blocks(rng, 17, 23, [0, 1, 2], 3)
    add('no-ignore-index', {'numClasses': 3, 'ignoreIndex': None}, [(g, noisy(rng, g, [0, 1, 2], 0.25))])
    return cases


# ---------------------------------------------------------------------------------------------------- CamVid
CAMVID_RECIPE = {
    'numClasses': 11, 'ignoreIndex': 11,
    'shift': {'dx': 6, 'dy': 4},
    'swaps': [[1, 8], [4, 9]],
    'voidTo': 2,
    'box': {'every': 9, 'x': 40, 'y': 60, 'width': 120, 'height': 90, 'class': 10},
    'confidence': {'multiplier': 2654435761, 'imageMultiplier': 40503, 'correct': [0.5, 0.5], 'wrong': [0.3, 0.6]},
}


def camvid_prediction(gt, index, r):
    """Shift content by (dx, dy) with edge clamping, swap class pairs, void -> a class, every k-th image a box."""
    h, w = gt.shape
    ys = np.clip(np.arange(h) - r['shift']['dy'], 0, h - 1)
    xs = np.clip(np.arange(w) - r['shift']['dx'], 0, w - 1)
    shifted = gt[ys][:, xs]
    pred = shifted.copy()
    for a, b in r['swaps']:
        pred[shifted == a] = b
        pred[shifted == b] = a
    pred[shifted == r['ignoreIndex']] = r['voidTo']
    box = r['box']
    if index % box['every'] == 0:
        pred[box['y']:box['y'] + box['height'], box['x']:box['x'] + box['width']] = box['class']
    return pred


def camvid_confidence(gt, pred, index, r):
    c = r['confidence']
    pixel = np.arange(gt.size, dtype=np.int64)
    u = ((pixel * c['multiplier'] + index * c['imageMultiplier']) % 2 ** 32) / 4294967296.0
    correct = (pred == gt).ravel()
    value = np.where(correct, c['correct'][0] + c['correct'][1] * u, c['wrong'][0] + c['wrong'][1] * u)
    return value.astype(np.float32).reshape(gt.shape)


def camvid_case():
    folder = os.path.join(CAMVID, 'testannot')
    if not os.path.isdir(folder):
        print(f'CamVid not found at {folder}; camvid.json not written', file=sys.stderr)
        return None
    files = sorted(f for f in os.listdir(folder) if f.endswith('.png'))
    pairs, confs = [], []
    for i, name in enumerate(files):
        gt = np.array(Image.open(os.path.join(folder, name)))
        pred = camvid_prediction(gt, i, CAMVID_RECIPE)
        pairs.append((gt, pred))
        confs.append(camvid_confidence(gt, pred, i, CAMVID_RECIPE))
    opts = {'numClasses': CAMVID_RECIPE['numClasses'], 'ignoreIndex': CAMVID_RECIPE['ignoreIndex']}
    return {'folder': 'testannot', 'files': files, 'recipe': CAMVID_RECIPE, 'options': opts,
            'expected': expected_values(opts, pairs, confs, {'samples': 1000, 'seed': 1})}


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'synthetic.json'), 'w') as f:
        json.dump(plain({'generator': 'tools/metrics/make_parity_fixtures.py', 'cases': synthetic_cases()}), f)
    camvid = camvid_case()
    if camvid is not None:
        with open(os.path.join(OUT, 'camvid.json'), 'w') as f:
            json.dump(plain({'generator': 'tools/metrics/make_parity_fixtures.py', **camvid}), f)


if __name__ == '__main__':
    main()
