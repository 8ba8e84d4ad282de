"""An independent COCO RLE oracle in numpy, written from the documented semantics of cocoapi's maskApi.c and
pycocotools.mask (pycocotools is not installable here). Used only to generate test fixtures.

What it reproduces, function by function:
- encode(mask):  pycocotools.mask.encode(np.asfortranarray(mask)) run lengths: the mask is read column by column
                 (Fortran order); runs alternate zeros/ones and the first run counts zeros (0 when pixel 0 is set).
- to_string:     rleToString: each count, minus the count two places back for i > 2, as signed 5-bit groups
                 (LEB128-like, low group first); bit 0x20 marks "more groups follow"; each group + 48 is one char.
- from_string:   rleFrString, the inverse (sign taken from bit 0x10 of the last group).
- area:          rleArea: the sum of the odd-indexed counts (the ones runs).
- bbox:          rleToBbox as pycocotools on PyPI ships it (ppwwyyxx/cocoapi): [x, y, w, h] of the set pixels,
                 [0, 0, 0, 0] for an empty mask. Computed here from the decoded mask (min/max of the set rows and
                 columns), a different route to the same box; zero-length ones runs have no effect.
"""
import numpy as np


def encode(mask):
    """Run lengths of a 2-D 0/1 mask in column-major order, starting with a zeros run."""
    mask = np.asarray(mask, dtype=np.uint8)
    assert mask.ndim == 2 and np.all(mask <= 1)
    flat = mask.ravel(order='F')
    if flat.size == 0:
        return [0]
    edges = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    runs = np.diff(np.concatenate(([0], edges, [flat.size]))).tolist()
    return ([0] + runs) if flat[0] == 1 else runs


def to_string(counts):
    out = []
    for i, count in enumerate(counts):
        x = int(count) - (int(counts[i - 2]) if i > 2 else 0)
        while True:
            group = x & 0x1F
            x >>= 5  # Python's >> on negative ints is the arithmetic shift the C code relies on
            more = (x != -1) if group & 0x10 else (x != 0)
            out.append(chr(48 + (group | 0x20 if more else group)))
            if not more:
                break
    return ''.join(out)


def from_string(text):
    counts, p = [], 0
    while p < len(text):
        x, k = 0, 0
        while True:
            group = ord(text[p]) - 48
            assert 0 <= group < 64, f'character {text[p]!r} outside 48..111'
            x |= (group & 0x1F) << (5 * k)
            p, k = p + 1, k + 1
            if not group & 0x20:
                if group & 0x10:
                    x -= 1 << (5 * k)
                break
            assert p < len(text), 'string ends inside a value'
        if len(counts) > 2:
            x += counts[-2]
        counts.append(x)
    return counts


def decode(counts, height, width):
    """The row-major (height, width) 0/1 mask of run lengths (which must add up to height * width)."""
    assert all(c >= 0 for c in counts) and sum(counts) == height * width
    values = np.arange(len(counts)) % 2
    flat = np.repeat(values, counts).astype(np.uint8)
    return flat.reshape((height, width), order='F')


def area(counts):
    return int(sum(counts[1::2]))


def bbox(mask):
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return [0.0, 0.0, 0.0, 0.0]
    return [float(cols[0]), float(rows[0]), float(cols[-1] - cols[0] + 1), float(rows[-1] - rows[0] + 1)]


def describe(mask):
    """Everything pycocotools would report for one binary mask."""
    counts = encode(mask)
    return {'counts': counts, 'string': to_string(counts), 'area': area(counts), 'bbox': bbox(np.asarray(mask))}
