/**
 * Area of each class on the ground. Projected CRSs: pixels x the pixel's area (|determinant| of the geotransform) in
 * the CRS unit squared, converted to m². Geographic CRSs (degrees): the area of each pixel row on the CRS's
 * ellipsoid (proj4's definition; WGS84 when proj4 does not know the code), by the authalic-latitude formula for the
 * zone between two latitudes: A = Δλ · b²/2 · [q(φ₂) − q(φ₁)], q(φ) = sinφ/(1−e²sin²φ) + atanh(e·sinφ)/e
 * (Snyder, Map Projections: A Working Manual, eq. 3-12). Rows arrive strip by strip (huge images).
 */
import proj4 from 'proj4';
import type { SourceMeta } from '../core/types.js';
import { epsgOf } from './geokeys.js';

export interface Ellipsoid {
  name: string;
  /** Semi-major axis in metres. */
  a: number;
  /** First eccentricity squared. */
  es: number;
}

export const WGS84: Ellipsoid = { name: 'WGS84', a: 6378137, es: 0.0066943799901413165 };

export interface AreaMethod {
  kind: 'planar' | 'geodesic';
  /** Planar: m² of one pixel. */
  pixelM2?: number;
  ellipsoid?: Ellipsoid;
}

/** How areas are measured for this georeferencing, or undefined (no geotransform, or a rotated geographic grid). */
export function areaMethod(meta: SourceMeta | undefined): AreaMethod | undefined {
  const affine = meta?.affine;
  if (!affine || affine.length !== 6) return undefined;
  const geo = meta?.geo as { geographic?: boolean; metresPerUnit?: number } | undefined;
  if (geo?.geographic) {
    if (affine[2] !== 0 || affine[4] !== 0) return undefined;
    return { kind: 'geodesic', ellipsoid: ellipsoidOf(epsgOf(meta?.crs)) };
  }
  const metres = geo?.metresPerUnit ?? 1;
  return { kind: 'planar', pixelM2: Math.abs(affine[1] * affine[5] - affine[2] * affine[4]) * metres * metres };
}

/** The ellipsoid of a geographic EPSG code as proj4 defines it; WGS84 when proj4 does not know it. */
export function ellipsoidOf(epsg: number | undefined): Ellipsoid {
  if (epsg === undefined || !proj4.defs(`EPSG:${epsg}`)) return WGS84;
  const p = proj4.Proj(`EPSG:${epsg}`) as unknown as { a?: number; es?: number; ellps?: string };
  return p.a && p.es !== undefined ? { name: p.ellps ?? `EPSG:${epsg}`, a: p.a, es: p.es } : WGS84;
}

function authalicQ(sinPhi: number, e: number): number {
  const es = e * e;
  if (e === 0) return 2 * sinPhi;
  return sinPhi / (1 - es * sinPhi * sinPhi) + Math.atanh(e * sinPhi) / e;
}

/** Area in m² of the cell between latitudes lat1 and lat2 (degrees) that is `lonWidth` degrees wide. */
export function cellArea(lat1: number, lat2: number, lonWidth: number, ellipsoid: Ellipsoid = WGS84): number {
  const e = Math.sqrt(ellipsoid.es);
  const b2 = ellipsoid.a * ellipsoid.a * (1 - ellipsoid.es);
  const rad = Math.PI / 180;
  const q = (lat: number) => authalicQ(Math.sin(Math.max(-90, Math.min(90, lat)) * rad), e);
  return Math.abs(lonWidth * rad * (b2 / 2) * (q(lat2) - q(lat1)));
}

/** Sums each class's area (m²) over label rows; the nodata label and ids without a class are left out. */
export class AreaAccumulator {
  /** m² per class id. */
  readonly m2: Float64Array;
  private readonly counts: Float64Array;

  constructor(readonly method: AreaMethod, private readonly affine: readonly number[], private readonly width: number, maxClassId: number) {
    this.m2 = new Float64Array(maxClassId + 1);
    this.counts = new Float64Array(maxClassId + 1);
  }

  /** `rows` rows of labels starting at image row `y`. */
  add(labels: Uint8Array | Uint16Array, y: number, rows: number): void {
    const { counts, width } = this;
    const n = counts.length;
    for (let r = 0; r < rows; r++) {
      counts.fill(0);
      const start = r * width;
      for (let i = start; i < start + width; i++) {
        const label = labels[i];
        if (label < n) counts[label]++;
      }
      const pixel = this.method.kind === 'planar' ? this.method.pixelM2! : this.rowPixelArea(y + r);
      for (let c = 0; c < n; c++) this.m2[c] += counts[c] * pixel;
    }
  }

  private rowPixelArea(row: number): number {
    const [, pixelWidth, , originY, , pixelHeight] = this.affine;
    return cellArea(originY + row * pixelHeight, originY + (row + 1) * pixelHeight, Math.abs(pixelWidth), this.method.ellipsoid);
  }
}
