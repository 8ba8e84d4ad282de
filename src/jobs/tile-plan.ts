/**
 * Tiles of a huge raster that reproduce the single-machine sliding-window result exactly. The raster's cores (a
 * partition into tiles of about `tile` pixels a side) each get a region: the union of the raster's windows that
 * touch the core (the core plus a margin). The window plan of that region, computed alone, is exactly the
 * raster's windows inside it, in the same order, so every core pixel sums the same window scores in the same
 * order as when the whole raster is segmented at once.
 */
import { windowStarts, type Size } from '../inference/window-plan.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Tile {
  core: Rect;
  region: Rect;
}

interface Span {
  core: [number, number];
  region: [number, number];
}

function axisSpans(size: number, crop: number, stride: number, tile: number): Span[] {
  const starts = windowStarts(size, crop, stride);
  const length = Math.min(crop, size);
  const spans: Span[] = [];
  for (let c0 = 0; c0 < size; c0 += tile) {
    const c1 = Math.min(size, c0 + tile);
    const touching = starts.filter((s) => s < c1 && s + length > c0);
    spans.push({ core: [c0, c1], region: [touching[0], touching[touching.length - 1] + length] });
  }
  return spans;
}

/** Row-major tiles; `tile` is the core side in pixels (raised to the crop when smaller). */
export function planTiles(width: number, height: number, crop: Size, stride: Size, tile: number): Tile[] {
  const xs = axisSpans(width, crop.width, stride.width, Math.max(tile, crop.width));
  const ys = axisSpans(height, crop.height, stride.height, Math.max(tile, crop.height));
  return ys.flatMap((y) =>
    xs.map((x) => ({
      core: { x: x.core[0], y: y.core[0], width: x.core[1] - x.core[0], height: y.core[1] - y.core[0] },
      region: { x: x.region[0], y: y.region[0], width: x.region[1] - x.region[0], height: y.region[1] - y.region[0] },
    })),
  );
}
