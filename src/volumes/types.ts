/** A 3-D scalar volume and the NIfTI-1 spatial fields that a label volume written from it copies unchanged. */

/** The NIfTI-1 header fields that place voxels in space, as stored (float32 values, codes as integers). */
export interface NiftiSpatial {
  qformCode: number;
  sformCode: number;
  /** quatern_b, quatern_c, quatern_d. */
  quatern: [number, number, number];
  /** qoffset_x, qoffset_y, qoffset_z. */
  qoffset: [number, number, number];
  /** srow_x, srow_y, srow_z, row after row (12 numbers). */
  srow: number[];
  /** pixdim[0..7] as stored; pixdim[0] is qfac. */
  pixdim: number[];
  /** xyzt_units byte (space and time units). */
  xyztUnits: number;
}

export interface Volume {
  /** Voxels along i, j, k. */
  dims: [number, number, number];
  /** Scaled intensities (scl_slope / scl_inter applied), i fastest, then j, then k (NIfTI's own order). */
  data: Float32Array;
  /** NIfTI datatype name as stored: uint8, int16, ... */
  datatype: string;
  spatial: NiftiSpatial;
  /** Voxel (i, j, k, 1) -> world millimetres, 4 rows of 4 (nibabel's `img.affine`). */
  affine: number[][];
  /** Whether scl_slope / scl_inter changed the stored values. */
  scaled: boolean;
  /** File path or other name of the source. */
  source?: string;
}

/** Slicing axis: 0 = i (sagittal in RAS data), 1 = j (coronal), 2 = k (axial). */
export type VolumeAxis = 0 | 1 | 2;
