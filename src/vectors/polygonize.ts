/**
 * A label map -> one polygon feature per connected component of each class, in pixel-corner coordinates, as
 * gdal_polygonize makes them (`-8` for 8-connectivity). With 8-connectivity a component whose pixels hang together
 * only at corners becomes several parts (a MultiPolygon), since a valid polygon's interior is connected; its parts
 * are its 4-connected pieces. Platform-neutral.
 */
import type { LabelMap } from '../core/types.js';
import { labelComponents, type Connectivity } from './components.js';
import { traceRegions, type RegionRings } from './trace-polygons.js';

export interface PixelFeature {
  classId: number;
  /** Pixels of the component. */
  pixels: number;
  /** Its 4-connected pieces: one for 4-connectivity, one or more for 8. */
  parts: RegionRings[];
}

export interface PixelPolygons {
  features: PixelFeature[];
  /** 4-connected region index per pixel: says which vertices are junctions (see isFixedVertex). */
  regions: Int32Array;
  width: number;
  height: number;
}

/** `keepJunctions`: rings also keep the corners where three regions meet on a straight line (for simplification). */
export function polygonizePixels(map: Pick<LabelMap, 'labels' | 'width' | 'height'>, connectivity: Connectivity, keepJunctions = false): PixelPolygons {
  const { width, height } = map;
  const pieces = labelComponents(map, 4);
  const rings = traceRegions(pieces.ids, width, height, pieces.count, keepJunctions);
  const pixels = new Float64Array(pieces.count);
  for (let i = 0; i < pieces.ids.length; i++) pixels[pieces.ids[i]]++;
  if (connectivity === 4) {
    const features = rings.map((part, k) => ({ classId: pieces.classOf[k], pixels: pixels[k], parts: [part] }));
    return { features, regions: pieces.ids, width, height };
  }
  const whole = labelComponents(map, 8);
  const features: PixelFeature[] = Array.from({ length: whole.count }, (_, k) => ({ classId: whole.classOf[k], pixels: 0, parts: [] }));
  // Pieces are numbered by first pixel, so a piece is new exactly when its index equals the pieces seen so far.
  let seen = 0;
  for (let i = 0; i < pieces.ids.length && seen < pieces.count; i++) {
    if (pieces.ids[i] !== seen) continue;
    const feature = features[whole.ids[i]];
    feature.parts.push(rings[seen]);
    feature.pixels += pixels[seen];
    seen++;
  }
  return { features, regions: pieces.ids, width, height };
}
