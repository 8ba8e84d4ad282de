/**
 * Nodata pixels: found in the source bands a model reads (GDAL's nodata value, and NaN in float rasters), filled with
 * a neutral value before the model sees them, and given the reserved nodata label afterwards, so they stay nodata in
 * every output (docs/gis.md). Platform-neutral: typed arrays in and out.
 */
import type { LabelMap, PixelArray, RasterImage } from '../core/types.js';

/** Label of nodata pixels: 255 in 8-bit label maps, 65535 in 16-bit ones (written as GDAL_NODATA). */
export function nodataLabel(labels: LabelMap['labels']): number {
  return labels instanceof Uint8Array ? 255 : 65535;
}

/**
 * 1 where a pixel is nodata in any of `bands` (all bands when undefined), else 0; undefined when no pixel is.
 * NaN counts as nodata in float samples whatever the nodata value.
 */
export function nodataMask(data: PixelArray, channels: number, nodata: number | undefined, bands?: readonly number[]): Uint8Array | undefined {
  const checkNaN = data instanceof Float32Array;
  if (nodata === undefined && !checkNaN) return undefined;
  const picked = bands ?? Array.from({ length: channels }, (_, i) => i);
  const pixels = data.length / channels;
  const mask = new Uint8Array(pixels);
  let any = false;
  for (let p = 0, s = 0; p < pixels; p++, s += channels) {
    for (const b of picked) {
      const v = data[s + b];
      if (v === nodata || (checkNaN && v !== v)) {
        mask[p] = 1;
        any = true;
        break;
      }
    }
  }
  return any ? mask : undefined;
}

/** A copy of `image` with every sample of masked pixels set to `fill` (the model's range minimum, or 0). */
export function fillMasked(image: RasterImage, mask: Uint8Array, fill: number): RasterImage {
  const data = image.data.slice();
  const c = image.channels;
  for (let p = 0; p < mask.length; p++) if (mask[p]) data.fill(fill, p * c, (p + 1) * c);
  return { ...image, data };
}

/**
 * Labels with the nodata label where `mask` is set. An 8-bit map whose classes use id 255 becomes 16-bit first, so
 * that no class shares the nodata label.
 */
export function maskLabels(labels: LabelMap['labels'], mask: Uint8Array, classes: LabelMap['classes']): LabelMap['labels'] {
  const widened = labels instanceof Uint8Array && classes.some((c) => c.id === 255) ? Uint16Array.from(labels) : labels;
  const label = nodataLabel(widened);
  for (let i = 0; i < mask.length; i++) if (mask[i]) widened[i] = label;
  return widened;
}

/** The nodata value: `override`, else the source's (GDAL_NODATA). */
export function nodataValue(meta: RasterImage['meta'], override?: number): number | undefined {
  return override ?? (typeof meta?.nodata === 'number' ? meta.nodata : undefined);
}

/**
 * The image a model sees and the nodata mask: the nodata value (`override`, else the source's) looked for in the
 * bands the model reads; masked pixels filled with the model's range minimum (0 for unsigned samples below it).
 */
export function prepareNodata(image: RasterImage, spec: { bands?: readonly number[]; range?: { min: number } }, override?: number): { image: RasterImage; mask?: Uint8Array } {
  const mask = nodataMask(image.data, image.channels, nodataValue(image.meta, override), spec.bands);
  if (!mask) return { image };
  const unsigned = image.data instanceof Uint8Array || image.data instanceof Uint16Array;
  const fill = unsigned ? Math.max(0, spec.range?.min ?? 0) : (spec.range?.min ?? 0);
  return { image: fillMasked(image, mask, fill), mask };
}

export function countMasked(mask: Uint8Array | undefined): number {
  let n = 0;
  if (mask) for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/** Rows of a region source, as the model sees them (nodata filled) and as their nodata mask. */
export interface MaskedRows<R extends { readRows(y0: number, y1: number): Promise<RasterImage> }> {
  source: R;
  /** The mask of rows [y, y + rows), undefined when none of them is nodata. */
  maskRows(y: number, rows: number): Promise<Uint8Array | undefined>;
}

/** prepareNodata() for huge images read region by region (pipeline/predict-streamed.ts). */
export function maskRegions<R extends { readRows(y0: number, y1: number): Promise<RasterImage>; meta?: RasterImage['meta'] }>(regions: R, spec: { bands?: readonly number[]; range?: { min: number } }, override?: number): MaskedRows<R> {
  const read = regions.readRows.bind(regions);
  const source = { ...regions, readRows: async (y0: number, y1: number) => prepareNodata({ ...(await read(y0, y1)), meta: regions.meta }, spec, override).image };
  return {
    source,
    maskRows: async (y, rows) => {
      const image = await read(y, y + rows);
      return nodataMask(image.data, image.channels, nodataValue(regions.meta, override), spec.bands);
    },
  };
}
