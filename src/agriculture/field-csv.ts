/**
 * The field report as CSV: one row per image (failed ones with their error code), one per weed patch, one per field
 * plus an "all fields" row. Shares are fractions 0..1; sizes are pixels; empty cells are undefined values.
 */
import { csvTable } from '../report/csv.js';
import type { FieldReport, FieldTotals } from './types.js';

const SHARE_HEADER = ['cover', 'crop_share', 'weed_share', 'soil_share', 'weed_crop_ratio'];
const shares = (s: { cover: number; cropShare: number; weedShare: number; soilShare: number; weedCropRatio: number | null }) => [s.cover, s.cropShare, s.weedShare, s.soilShare, s.weedCropRatio ?? NaN];

export function fieldImagesCsv(report: FieldReport): string {
  const header = ['field', 'image', 'status', 'error_code', 'width', 'height', 'pixels', ...SHARE_HEADER, 'weed_patches', 'largest_patch_px', 'mean_patch_px', 'error'];
  const rows = report.images.map((item) => {
    const s = item.stats;
    if (!s) return [item.field, item.file, 'failed', item.code, '', '', '', '', '', '', '', '', '', '', '', item.error];
    return [item.field, item.file, 'ok', '', s.width, s.height, s.counts.pixels, ...shares(s), s.patches.length, s.largestPatchPixels, s.meanPatchPixels ?? NaN, ''];
  });
  return csvTable(header, rows);
}

export function fieldPatchesCsv(report: FieldReport): string {
  const rows = report.images.flatMap((item) => (item.stats?.patches ?? []).map((p) => [item.field, item.file, p.id, p.pixels, p.bbox.x, p.bbox.y, p.bbox.width, p.bbox.height]));
  return csvTable(['field', 'image', 'patch', 'pixels', 'x', 'y', 'width', 'height'], rows);
}

export function fieldTotalsCsv(report: FieldReport): string {
  const row = (t: FieldTotals) => [t.field, t.images, t.failed, t.counts.pixels, ...shares(t), t.patchCount, t.largestPatchPixels, t.meanPatchPixels ?? NaN];
  return csvTable(['field', 'images', 'failed', 'pixels', ...SHARE_HEADER, 'weed_patches', 'largest_patch_px', 'mean_patch_px'], [...report.fields.map(row), row(report.total)]);
}
