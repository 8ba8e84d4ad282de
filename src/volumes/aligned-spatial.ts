/**
 * NIfTI spatial fields for a volume that has no header of its own (a TIFF stack): voxel sizes on the diagonal,
 * origin 0, sform and qform "aligned" (code 2), units mm; what a NIfTI written from it carries.
 */
import type { NiftiSpatial } from './types.js';

/** xyzt_units: NIFTI_UNITS_MM (2), no time unit. */
const UNITS_MM = 2;
/** NIFTI_XFORM_ALIGNED_ANAT. */
const ALIGNED = 2;

export function alignedSpatial(spacing: readonly [number, number, number]): NiftiSpatial {
  const [x, y, z] = spacing;
  return {
    qformCode: ALIGNED,
    sformCode: ALIGNED,
    quatern: [0, 0, 0],
    qoffset: [0, 0, 0],
    srow: [x, 0, 0, 0, 0, y, 0, 0, 0, 0, z, 0],
    pixdim: [1, x, y, z, 0, 0, 0, 0],
    xyztUnits: UNITS_MM,
  };
}
