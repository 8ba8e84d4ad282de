/** Volume files of either kind: NIfTI-1 (.nii, .nii.gz) or multi-page TIFF stacks (io/tiff-stack.ts). */
import type { Volume } from '../volumes/types.js';
import { isNiftiPath, niftiStem, readNiftiFile } from './nifti-file.js';
import { isTiffStack, readTiffStack } from './tiff-stack.js';

export interface ReadVolumeOptions {
  maxVoxels?: number;
  /** TIFF stacks: voxel size along x, y, z in mm (NIfTI files carry their own). */
  spacing?: [number, number, number];
}

export async function isVolumeFile(path: string): Promise<boolean> {
  return isNiftiPath(path) || (await isTiffStack(path));
}

export function readVolumeFile(path: string, options: ReadVolumeOptions = {}): Promise<Volume> {
  return isNiftiPath(path) ? readNiftiFile(path, { maxVoxels: options.maxVoxels }) : readTiffStack(path, options);
}

/** The file name without its volume ending: `vol.nii.gz` -> `vol`, `stack.tif` -> `stack`. */
export function volumeStem(name: string): string {
  return niftiStem(name).replace(/\.tiff?$/i, '');
}
