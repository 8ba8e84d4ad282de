#!/usr/bin/python3
"""Golden fixtures for src/formats/coco-rle.ts, from the numpy oracle in reference_rle.py.

Run from anywhere:  /usr/bin/python3 -B tools/coco-rle/make_fixtures.py  (-B: no __pycache__ in the repo)
Writes test/fixtures/coco-rle/cases.json:
- "maps": label maps (row-major, base64 of little-endian uint8/uint16) with, for every class listed, what
  pycocotools.mask.encode(np.asfortranarray(labels == class)) and its area/toBbox give;
- "strings": compressed strings quoted in public issues (real pycocotools output), with their run lengths, area and
  box; each must decode and re-encode to the same string.
"""
import base64
import json
import os

import numpy as np

import reference_rle as rle

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'coco-rle', 'cases.json')


def rect_labels(height, width, rects):
    """A label map of zeros with rectangles [top, bottom, left, right, value] (ends exclusive) painted in order."""
    labels = np.zeros((height, width), dtype=np.uint8)
    for top, bottom, left, right, value in rects:
        labels[top:bottom, left:right] = value
    return labels


def rect_case(name, height, width, rects):
    """Big maps are stored as their rectangles, not their pixels (the test paints them the same way)."""
    case = label_case(name, rect_labels(height, width, rects))
    del case['labels']
    return {**case, 'rects': rects}


def label_case(name, labels, extra_classes=()):
    labels = np.asarray(labels)
    dtype = labels.dtype if labels.dtype in (np.uint8, np.uint16) else np.dtype(np.uint8)
    labels = labels.astype(dtype)
    classes = sorted(set(np.unique(labels).tolist()) | set(extra_classes))
    expected = [{'classId': int(c), **rle.describe((labels == c).astype(np.uint8))} for c in classes]
    data = base64.b64encode(labels.astype(labels.dtype.newbyteorder('<')).tobytes()).decode()
    return {'name': name, 'height': int(labels.shape[0]), 'width': int(labels.shape[1]), 'dtype': str(dtype), 'labels': data, 'expected': expected}


def string_case(name, source, size, text, canonical=True):
    counts = rle.from_string(text)
    mask = rle.decode(counts, size[0], size[1])
    assert (rle.to_string(rle.encode(mask)) == text) == canonical, f'{name}: re-encodes to itself: {not canonical}'
    case = {'name': name, 'source': source, 'size': size, 'string': text, 'counts': counts, 'area': rle.area(counts), 'bbox': rle.bbox(mask)}
    return case if canonical else {**case, 'canonical': False, 'reencoded': rle.to_string(rle.encode(mask))}


def blocks(rng, h, w, values, cell):
    grid = rng.choice(values, size=(h // cell + 1, w // cell + 1))
    return np.repeat(np.repeat(grid, cell, 0), cell, 1)[:h, :w]


def maps(rng):
    cases = []
    cases.append(label_case('empty 30x30 (detectron2 #844: "Tl0")', np.zeros((30, 30)), extra_classes=[1]))
    cases.append(label_case('full 17x23', np.ones((17, 23)), extra_classes=[0]))
    first = np.zeros((5, 4)); first[0, 0] = 1
    cases.append(label_case('first pixel set 5x4', first))
    last = np.zeros((6, 7)); last[-1, -1] = 1
    cases.append(label_case('last pixel set 6x7', last))
    cases.append(label_case('single pixel set 1x1', np.ones((1, 1)), extra_classes=[0]))
    cases.append(label_case('single pixel unset 1x1', np.zeros((1, 1)), extra_classes=[1]))
    cases.append(label_case('single column 9x1', np.array([[0], [1], [1], [0], [1], [0], [0], [1], [1]])))
    cases.append(label_case('single row 1x11', np.array([[1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 0]])))
    # The two examples of pycocotools/mask.py's header (a 7-pixel vector is a 7x1 mask).
    doc_a = np.array([[0, 0, 1, 1, 1, 0, 1]]).T
    doc_b = np.array([[1, 1, 1, 1, 1, 1, 0]]).T
    assert rle.encode(doc_a) == [2, 3, 1, 1] and rle.encode(doc_b) == [0, 6, 1]
    cases.append(label_case('mask.py example [0 0 1 1 1 0 1]', doc_a))
    cases.append(label_case('mask.py example [1 1 1 1 1 1 0]', doc_b))
    # The 9x10 mask of cocoapi issue #131 (a 4x3 block and one pixel in the first column).
    issue = np.zeros((9, 10)); issue[2:6, 5:8] = 1; issue[6, 0] = 1
    cases.append(label_case('cocoapi #131 9x10', issue))
    cases.append(label_case('checkerboard 8x8', np.indices((8, 8)).sum(axis=0) % 2))
    # Long runs: over 2^15 and 2^16 pixels, and deltas (count minus count two back) of both signs and large size.
    cases.append(rect_case('long runs 300x250', 300, 250, [[10, 200, 150, 160, 1], [0, 300, 200, 201, 1], [299, 300, 249, 250, 1]]))
    cases.append(rect_case('two far pixels 257x509', 257, 509, [[256, 257, 508, 509, 1], [3, 4, 1, 2, 1]]))
    cases.append(rect_case('stripes 181x400 (runs of 32k)', 181, 400, [[0, 181, 180, 181, 1], [0, 181, 399, 400, 1], [90, 91, 0, 1, 1]]))
    cases.append(rect_case('three classes 1000x700', 1000, 700, [[0, 1000, 0, 350, 1], [400, 1000, 300, 700, 2], [999, 1000, 0, 1, 0]]))
    cases.append(label_case('random binary 7x13', (rng.random((7, 13)) < 0.4)))
    cases.append(label_case('random binary 13x7', (rng.random((13, 7)) < 0.6)))
    cases.append(label_case('blocks 6 classes 31x17', blocks(rng, 31, 17, np.arange(6), 4), extra_classes=[6, 200]))
    cases.append(label_case('blocks 5 classes 64x48', blocks(rng, 64, 48, np.arange(5), 7)))
    sixteen = blocks(rng, 19, 23, np.array([0, 300, 1000, 65535], dtype=np.uint16), 3).astype(np.uint16)
    cases.append(label_case('uint16 ids 19x23', sixteen, extra_classes=[1]))
    noise = rng.integers(0, 4, size=(29, 37)).astype(np.uint8)
    cases.append(label_case('noise 4 classes 29x37', noise))
    # A run of ones that wraps from the bottom of one column to the top of the next: the box spans every row.
    wrap = np.zeros((5, 3)); wrap[4, 0] = 1; wrap[0, 1] = 1
    cases.append(label_case('run across columns 5x3', wrap))
    return cases


def strings():
    return [
        string_case('empty 30x30', 'detectron2 issue #844 (ppwwyyxx)', [30, 30], 'Tl0'),
        string_case('crowdAI building a', 'cocoapi issue #131 (Mask R-CNN predictions)', [512, 512], 'UjU5g2W=6L1O01N3TOdVg2'),
        string_case('crowdAI building b', 'cocoapi issue #131 (Mask R-CNN predictions)', [512, 512], 'dgU5l1P=U1N1001Nh0cM_Zg2'),
        string_case(
            'mmdetection result',
            'mmdetection issue #7049',
            [720, 1280],
            'fWT`02\\f03L4N1O2O0O1O1N2O1O1O100O00100O10000O1O10000000O10000000000O1000001N10000O2O000O100O2N101M3L300KgYO4Xf0LhYO4Zf0OWmk:',
        ),
        string_case('zero-length ones runs', 'hand-made: not canonical (rleEncode never writes these)', [5, 2], rle.to_string([3, 0, 2, 4, 0, 1]), canonical=False),
    ]


def main():
    rng = np.random.default_rng(20240607)
    body = {'generator': 'tools/coco-rle/make_fixtures.py', 'maps': maps(rng), 'strings': strings()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(body, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT}: {len(body["maps"])} label maps, {len(body["strings"])} strings')


if __name__ == '__main__':
    main()
