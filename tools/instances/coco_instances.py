"""An independent oracle of `semseg predict --outputs coco`: instances as the connected components of each class
(scipy.ndimage.label, 4- or 8-connectivity), each with its COCO RLE (tools/coco-rle/reference_rle.py, the numpy
oracle of pycocotools), area, bbox and centroid (scipy.ndimage.center_of_mass, moved to pixel centres: + 0.5).
Instances are listed in the row-major order of their first pixel, as semseg numbers them.

Usage (Debian: python3-scipy, python3-pil):
  /usr/bin/python3 tools/instances/coco_instances.py LABELS.png [...]           # JSON on stdout (4 and 8)
  /usr/bin/python3 tools/instances/coco_instances.py --fixture OUT.json --crop 160x120 LABELS.png [...]
The fixture form stores a crop of each label map (uint8, zlib, base64) beside the expected instances, so the test
(test/instances/coco.test.ts) runs without ../shared.
"""
import argparse
import base64
import zlib
import json
import os
import sys

import numpy as np
from PIL import Image
from scipy import ndimage

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'coco-rle'))
import reference_rle  # noqa: E402


def instances(labels, connectivity):
    structure = ndimage.generate_binary_structure(2, 1 if connectivity == 4 else 2)
    found = []
    for class_id in np.unique(labels):
        mask = labels == class_id
        components, count = ndimage.label(mask, structure=structure)
        for k in range(1, count + 1):
            piece = components == k
            rows, cols = np.nonzero(piece)
            first = int(np.argmax(piece.ravel()))
            cy, cx = ndimage.center_of_mass(piece)
            counts = reference_rle.encode(piece.astype(np.uint8))
            found.append({
                'first': first,
                'category_id': int(class_id),
                'area': int(piece.sum()),
                'bbox': [int(cols.min()), int(rows.min()), int(cols.max() - cols.min() + 1), int(rows.max() - rows.min() + 1)],
                'centroid': [float(cx) + 0.5, float(cy) + 0.5],
                'counts': reference_rle.to_string(counts),
            })
    found.sort(key=lambda i: i['first'])
    for i in found:
        del i['first']
    return found


def describe(labels, name):
    return {
        'name': name,
        'width': int(labels.shape[1]),
        'height': int(labels.shape[0]),
        'instances': {str(c): instances(labels, c) for c in (4, 8)},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('labels', nargs='+')
    parser.add_argument('--fixture')
    parser.add_argument('--crop', default=None, help='WxH from the top-left corner of the lower half')
    args = parser.parse_args()
    out = []
    for path in args.labels:
        labels = np.asarray(Image.open(path))
        if labels.ndim == 3:
            labels = labels[..., 0]
        labels = labels.astype(np.uint8)
        if args.crop:
            w, h = (int(v) for v in args.crop.split('x'))
            top = labels.shape[0] // 2
            labels = np.ascontiguousarray(labels[top:top + h, :w])
        entry = describe(labels, os.path.basename(path))
        if args.fixture:
            entry['labels'] = base64.b64encode(zlib.compress(labels.tobytes(), 9)).decode('ascii')
        out.append(entry)
    document = {'generator': 'tools/instances/coco_instances.py', 'images': out}
    if args.fixture:
        document['attribution'] = ('label map crops of the CamVid test set (G. Brostow, J. Fauqueur, R. Cipolla, Pattern '
                                   'Recognition Letters 2009), research and education use')
    text = json.dumps(document, separators=(',', ':'))
    if args.fixture:
        with open(args.fixture, 'w') as f:
            f.write(text + '\n')
    else:
        sys.stdout.write(text + '\n')


if __name__ == '__main__':
    main()
