/**
 * A label map -> GeoJSON polygons: one feature per connected component of each class, with its class id, name and
 * area. Coordinates go pixel corners -> the image's affine (GDAL geotransform; identity without one) -> optional
 * simplification in map units -> optional WGS 84. Rings are closed, shells counter-clockwise and holes clockwise
 * (RFC 7946 section 3.1.6). Platform-neutral.
 */
import type { LabelMap } from '../core/types.js';
import { expected } from '../core/errors.js';
import { checkConnectivity } from './components.js';
import { polygonizePixels, type PixelPolygons } from './polygonize.js';
import { isFixedVertex, ringArea2, type PixelRing } from './trace-polygons.js';
import { simplifyRings } from './simplify.js';
import { geojsonCrsMember, isWgs84, projectorTo4326, type Projector } from './reproject.js';
import { VECTOR_CRSS, type GeoFeature, type GeoFeatureCollection, type VectorOptions } from './types.js';

const IDENTITY = [0, 1, 0, 0, 0, 1];

/** Checks the options once, at the boundary. */
export function checkVectorOptions(options: VectorOptions): void {
  if (options.connectivity !== undefined) checkConnectivity(options.connectivity, 'connectivity');
  for (const key of ['simplify', 'minArea'] as const) {
    const value = options[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) throw expected('a number of 0 or more (map units)', key, value);
  }
  if (options.crs !== undefined && !VECTOR_CRSS.includes(options.crs)) throw expected(`one of ${VECTOR_CRSS.join(', ')}`, 'crs', options.crs);
  if (options.classes !== undefined) {
    if (!Array.isArray(options.classes)) throw expected('an array of class ids', 'classes', options.classes);
    options.classes.forEach((id, i) => {
      if (!Number.isInteger(id) || id < 0 || id > 65535) throw expected('a class id from 0 to 65535', `classes[${i}]`, id);
    });
  }
}

/** The image's affine, checked: six finite numbers that do not flatten the plane. */
function affineOf(map: LabelMap): number[] {
  const affine = map.meta?.affine;
  if (affine === undefined) return IDENTITY;
  const ok = Array.isArray(affine) && affine.length === 6 && affine.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!ok || affine[1] * affine[5] - affine[2] * affine[4] === 0) throw expected('six finite numbers with a non-zero determinant (GDAL geotransform)', 'meta.affine', affine);
  return affine;
}

function signedArea2(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
}

/** A traced ring through the affine. */
function toMap(ring: PixelRing, affine: number[]): Float64Array {
  const [x0, sx, rx, y0, ry, sy] = affine;
  const xy = new Float64Array(ring.length);
  for (let i = 0; i < ring.length; i += 2) {
    xy[i] = x0 + ring[i] * sx + ring[i + 1] * rx;
    xy[i + 1] = y0 + ring[i] * ry + ring[i + 1] * sy;
  }
  return xy;
}

/** Every ring in map coordinates, simplified together when asked (shared arcs stay shared). */
function mapRings(polygons: PixelPolygons, affine: number[], tolerance: number): Map<PixelRing, Float64Array> {
  const rings: PixelRing[] = [];
  const holes: [number, number][] = [];
  for (const { parts } of polygons.features) {
    for (const part of parts) {
      const shell = rings.push(part.shell) - 1;
      for (const hole of part.holes) holes.push([rings.push(hole) - 1, shell]);
    }
  }
  const mapped = rings.map((ring) => toMap(ring, affine));
  if (!(tolerance > 0)) return new Map(rings.map((ring, i) => [ring, mapped[i]]));
  const { regions, width, height } = polygons;
  const simplified = simplifyRings(rings.map((ring, r) => {
    const n = ring.length / 2;
    const keys = new Int32Array(n);
    const fixed = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      keys[i] = ring[2 * i + 1] * (width + 1) + ring[2 * i];
      fixed[i] = isFixedVertex(regions, width, height, ring[2 * i], ring[2 * i + 1]) ? 1 : 0;
    }
    return { xy: mapped[r], keys, fixed };
  }), tolerance, holes);
  return new Map(rings.map((ring, i) => [ring, simplified[i]]));
}

/** Map coordinates as closed GeoJSON positions, counter-clockwise (shell) or clockwise (hole). */
function positions(xy: Float64Array, projector: Projector | undefined, shell: boolean): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < xy.length; i += 2) out.push(projector ? projector(xy[i], xy[i + 1]) : [xy[i], xy[i + 1]]);
  out.push([...out[0]]);
  if (signedArea2(out) > 0 !== shell) out.reverse();
  return out;
}

/** The polygons of a label map as a GeoJSON FeatureCollection (see the file header). */
export function labelMapToGeojson(map: LabelMap, options: VectorOptions = {}): GeoFeatureCollection {
  checkVectorOptions(options);
  const connectivity = options.connectivity ?? 4;
  const simplify = options.simplify ?? 0;
  const minArea = options.minArea ?? 0;
  const affine = affineOf(map);
  const sourceCrs = typeof map.meta?.crs === 'string' && map.meta.crs.trim() ? map.meta.crs : null;
  const crs = options.crs ?? (sourceCrs ? 'wgs84' : 'source');
  if (crs === 'wgs84' && !sourceCrs) throw expected('an image with a CRS in its metadata (or --vector-crs source)', 'the WGS 84 vector output', 'no CRS');
  const projector = crs === 'wgs84' && sourceCrs && !isWgs84(sourceCrs) ? projectorTo4326(sourceCrs) : undefined;
  const polygons = polygonizePixels(map, connectivity, simplify > 0);
  const rings = mapRings(polygons, affine, simplify);
  const pixelArea = Math.abs(affine[1] * affine[5] - affine[2] * affine[4]);
  const names = new Map(map.classes.map((c) => [c.id, c.name]));
  const features: GeoFeature[] = [];
  const wanted = options.classes ? new Set(options.classes) : undefined;
  polygons.features.forEach((feature, k) => {
    const area = feature.pixels * pixelArea;
    if (area < minArea || (wanted && !wanted.has(feature.classId))) return;
    const parts = feature.parts.map(({ shell, holes }) => [
      positions(rings.get(shell)!, projector, true),
      ...holes.filter((hole) => (Math.abs(ringArea2(hole)) / 2) * pixelArea >= minArea).map((hole) => positions(rings.get(hole)!, projector, false)),
    ]);
    features.push({
      type: 'Feature',
      id: k + 1,
      properties: { class_id: feature.classId, class_name: names.get(feature.classId) ?? String(feature.classId), area, pixels: feature.pixels },
      geometry: parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] } : { type: 'MultiPolygon', coordinates: parts },
    });
  });
  const crsMember = crs === 'source' && sourceCrs && !isWgs84(sourceCrs) ? geojsonCrsMember(sourceCrs) : undefined;
  return {
    type: 'FeatureCollection',
    ...(crsMember ? { crs: crsMember } : {}),
    semseg: {
      coordinates: crs === 'wgs84' ? 'wgs84' : map.meta?.affine ? 'source' : 'pixels',
      sourceCrs,
      areaUnit: map.meta?.affine ? (sourceCrs ? 'source CRS units squared' : 'map units squared') : 'pixels',
      connectivity,
      simplify,
      minArea,
    },
    features,
  };
}

const utf8 = new TextEncoder();

export function encodeGeojson(map: LabelMap, options: VectorOptions = {}): Uint8Array {
  return utf8.encode(`${JSON.stringify(labelMapToGeojson(map, options))}\n`);
}
