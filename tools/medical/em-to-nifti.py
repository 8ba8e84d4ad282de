#!/usr/bin/env python3
"""ISBI 2012 EM slices (images/NN.png) -> one NIfTI-1 volume with 4 x 4 x 50 nm voxels (in mm: 4e-6 x 4e-6 x 5e-5).

Usage: /usr/bin/python3 tools/medical/em-to-nifti.py [/work/shared/data/isbi-em/images] [stack.nii.gz] [first] [count]
       /usr/bin/python3 tools/medical/em-to-nifti.py /work/shared/data/isbi-em/labels truth.nii.gz 20 5
A folder named `labels` becomes a label volume of the membrane card's class ids (0 = membrane, 1 = interior;
the PNGs hold 0 and 255), for `semseg eval --gt truth.nii.gz`.
Needs nibabel, numpy and Pillow (Debian: python3-nibabel python3-pil). The output is not committed.
Slice k of the volume is NN.png number first + k; pixel (x, y) of a PNG is voxel (i = x, j = y, k), so
`semseg predict stack.nii.gz` (axis k) sees exactly the PNGs again.
"""
import sys
from pathlib import Path

import nibabel as nib
import numpy as np
from PIL import Image

folder = Path(sys.argv[1] if len(sys.argv) > 1 else '/work/shared/data/isbi-em/images')
out = sys.argv[2] if len(sys.argv) > 2 else 'stack.nii.gz'
first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
files = sorted(folder.glob('[0-9][0-9].png'))[first:]
if len(sys.argv) > 4:
    files = files[: int(sys.argv[4])]
if not files:
    sys.exit(f'no NN.png files in {folder}')
slices = [np.asarray(Image.open(f).convert('L'), dtype=np.uint8) for f in files]
if folder.name == 'labels':
    slices = [(s > 127).astype(np.uint8) for s in slices]
# PNG rows are y, columns x; NIfTI's first index is i = x: transpose each slice.
volume = np.stack([s.T for s in slices], axis=-1)
affine = np.diag([0.000004, 0.000004, 0.00005, 1.0])
img = nib.Nifti1Image(volume, affine)
img.set_data_dtype(np.uint8)
img.header.set_xyzt_units('mm')
img.set_sform(affine, code=2)
img.set_qform(affine, code=2)
nib.save(img, out)
print(f'{out}: {volume.shape} uint8, voxels 4 x 4 x 50 nm, from {files[0].name}..{files[-1].name}')
