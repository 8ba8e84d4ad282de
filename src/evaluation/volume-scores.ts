/**
 * Per-structure scores of label volumes as the Medical Segmentation Decathlon and nnU-Net report them: for each
 * volume and class, Dice and IoU of the voxel sets, HD95, ASSD and Hausdorff in mm (metrics/surface-distance.ts),
 * and both volumes in mL; per class, the mean over volumes. Distances are Infinity when exactly one of the two
 * masks is empty: such volumes are left out of the distance means and counted apart (`unmatched`), as nnU-Net's
 * summary leaves NaN cases out of its means.
 */
import type { ClassInfo } from '../core/types.js';
import { expected } from '../core/errors.js';
import { surfaceDistances, volumeOverlap, type VolumeLabels } from '../metrics/surface-distance.js';

export interface LabelVolume {
  labels: VolumeLabels;
  /** Voxels along i (fastest), j, k. */
  dims: readonly [number, number, number];
  /** Voxel size along i, j, k in mm. */
  spacing: readonly [number, number, number];
}

export interface StructureScore {
  id: number;
  name: string;
  dice: number;
  iou: number;
  /** mm; Infinity when exactly one mask is empty, 0 when both are. */
  hd95: number;
  assd: number;
  hausdorff: number;
  predMl: number;
  truthMl: number;
}

export interface VolumeScore {
  id: string;
  dims: [number, number, number];
  spacing: [number, number, number];
  structures: StructureScore[];
}

export interface StructureSummary {
  id: number;
  name: string;
  volumes: number;
  meanDice: number;
  meanIou: number;
  /** Means over the volumes where both masks are non-empty or both empty (finite distances); null when none. */
  meanHd95: number | null;
  meanAssd: number | null;
  /** Volumes with exactly one empty mask (infinite distances). */
  unmatched: number;
}

const SPACING_TOLERANCE = 1e-4;

/** Scores one predicted label volume against its ground truth on the same voxel grid. */
export function scoreVolume(id: string, pred: LabelVolume, truth: LabelVolume, classes: readonly ClassInfo[]): VolumeScore {
  if (pred.dims.some((d, axis) => d !== truth.dims[axis])) throw expected(`a prediction of ${truth.dims.join(' x ')} voxels (as the ground truth)`, id, pred.dims.join(' x '), 'DATASET_INVALID');
  const spacing = truth.spacing;
  const differs = pred.spacing.some((s, axis) => Math.abs(s - spacing[axis]) > SPACING_TOLERANCE * Math.max(s, spacing[axis]));
  if (differs) throw expected(`voxels of ${spacing.join(' x ')} mm (as the ground truth)`, id, `${pred.spacing.join(' x ')} mm`, 'DATASET_INVALID');
  const voxelMl = (spacing[0] * spacing[1] * spacing[2]) / 1000;
  const structures = classes.map((c) => {
    const overlap = volumeOverlap(pred.labels, truth.labels, c.id);
    const distances = surfaceDistances(pred.labels, truth.labels, truth.dims, spacing, c.id);
    return { id: c.id, name: c.name, dice: overlap.dice, iou: overlap.iou, ...distances, predMl: overlap.predVoxels * voxelMl, truthMl: overlap.truthVoxels * voxelMl };
  });
  return { id, dims: [...truth.dims], spacing: [...spacing], structures };
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** Per class, the mean over volumes (see the file header for infinite distances). */
export function summarizeStructures(scores: readonly VolumeScore[], classes: readonly ClassInfo[]): StructureSummary[] {
  return classes.map((c) => {
    const rows = scores.map((s) => s.structures.find((r) => r.id === c.id)!);
    const finite = rows.filter((r) => Number.isFinite(r.hd95));
    return {
      id: c.id,
      name: c.name,
      volumes: rows.length,
      meanDice: mean(rows.map((r) => r.dice)) ?? 0,
      meanIou: mean(rows.map((r) => r.iou)) ?? 0,
      meanHd95: mean(finite.map((r) => r.hd95)),
      meanAssd: mean(finite.map((r) => r.assd)),
      unmatched: rows.length - finite.length,
    };
  });
}
