/**
 * GeoTIFF georeferencing <-> semseg's SourceMeta: the GeoKey directory (GeoTIFF 1.1, OGC 19-008) read into an EPSG
 * code, whether the CRS is geographic and its linear unit; the model tie point, pixel scale or transformation read
 * into a GDAL geotransform; and the same written back as TIFF tags for the label raster.
 */
import type { SourceMeta } from '../core/types.js';

/** TIFF tags of the GeoTIFF standard and GDAL's private tags. */
export const GEO_TAGS = {
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalMetadata: 42112,
  GdalNodata: 42113,
} as const;

/** GeoKey ids used here. */
const KEY = { GTModelType: 1024, GTRasterType: 1025, GeographicType: 2048, ProjectedCSType: 3072, ProjLinearUnits: 3076 } as const;
const USER_DEFINED = 32767;
const MODEL_PROJECTED = 1;
const MODEL_GEOGRAPHIC = 2;
const PIXEL_IS_AREA = 1;
const PIXEL_IS_POINT = 2;

/** Metres per unit of the EPSG linear units GeoTIFF files use (ProjLinearUnitsGeoKey). */
const LINEAR_UNITS: Readonly<Record<number, { name: string; metres: number }>> = {
  9001: { name: 'metre', metres: 1 },
  9002: { name: 'foot', metres: 0.3048 },
  9003: { name: 'US survey foot', metres: 1200 / 3937 },
};

/** The GeoTIFF's own key directory and its parameters, copied to the label GeoTIFF so that GDAL reads the same CRS. */
export interface RawGeoKeys {
  directory: number[];
  doubles?: number[];
  ascii?: string;
}

/** The copied directory, with GTRasterTypeGeoKey set to PixelIsArea (the geotransform is always area-based here). */
export function asPixelIsArea(directory: readonly number[]): number[] {
  const out = [...directory];
  for (let at = 4; at + 3 < out.length; at += 4) if (out[at] === KEY.GTRasterType && out[at + 1] === 0) out[at + 3] = PIXEL_IS_AREA;
  return out;
}

/** What semseg keeps of a GeoTIFF's georeferencing (carried in SourceMeta as `crs`, `affine`, `geo`). */
export interface GeoReference {
  /** GDAL geotransform: [originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight]. */
  affine: number[];
  /** "EPSG:<code>" when the file names one. */
  crs?: string;
  epsg?: number;
  /** Latitude/longitude in degrees (GTModelType geographic). */
  geographic: boolean;
  /** Metres per CRS unit of a projected CRS (1 unless ProjLinearUnitsGeoKey says otherwise). */
  metresPerUnit: number;
  unitName: string;
}

/** The geo keys as geotiff.js parses them (names of the GeoTIFF spec). */
export type ParsedGeoKeys = Partial<Record<string, unknown>>;

/** The tags a geotransform comes from, as numbers. */
export interface GeoTransformTags {
  tiepoint?: readonly number[];
  pixelScale?: readonly number[];
  transformation?: readonly number[];
}

const code = (value: unknown): number | undefined => (typeof value === 'number' && value > 0 && value !== USER_DEFINED ? value : undefined);

/** GDAL geotransform from the model tags; PixelIsPoint moved by half a pixel as GDAL does. Undefined without tags. */
export function geotransformOf(tags: GeoTransformTags, rasterType: unknown): number[] | undefined {
  let affine: number[] | undefined;
  const m = tags.transformation;
  if (m && m.length >= 16) affine = [m[3], m[0], m[1], m[7], m[4], m[5]];
  else if (tags.tiepoint && tags.tiepoint.length >= 6 && tags.pixelScale && tags.pixelScale.length >= 2) {
    const [i, j, , x, y] = tags.tiepoint;
    const [sx, sy] = tags.pixelScale;
    affine = [x - i * sx, sx, 0, y + j * sy, 0, -sy];
  }
  if (affine && rasterType === PIXEL_IS_POINT) {
    affine[0] -= 0.5 * (affine[1] + affine[2]);
    affine[3] -= 0.5 * (affine[4] + affine[5]);
  }
  return affine;
}

export function geoReferenceOf(keys: ParsedGeoKeys | null, tags: GeoTransformTags): GeoReference | undefined {
  const affine = geotransformOf(tags, keys?.GTRasterTypeGeoKey);
  if (!affine) return undefined;
  const projected = code(keys?.ProjectedCSTypeGeoKey);
  const geographicCode = code(keys?.GeographicTypeGeoKey);
  const geographic = keys?.GTModelTypeGeoKey === MODEL_GEOGRAPHIC || (projected === undefined && geographicCode !== undefined && keys?.GTModelTypeGeoKey !== MODEL_PROJECTED);
  const epsg = geographic ? geographicCode : projected;
  const unit = LINEAR_UNITS[code(keys?.ProjLinearUnitsGeoKey) ?? 9001] ?? LINEAR_UNITS[9001];
  return { affine, crs: epsg ? `EPSG:${epsg}` : undefined, epsg, geographic, metresPerUnit: geographic ? 1 : unit.metres, unitName: geographic ? 'degree' : unit.name };
}

/** The EPSG code of a SourceMeta `crs` ("EPSG:32633"), or undefined. */
export function epsgOf(crs: string | undefined): number | undefined {
  const match = /^EPSG:(\d+)$/i.exec(crs ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The geo tags of a label raster: keys for the EPSG code (when known), and the geotransform. */
export function geoTagsFor(meta: Pick<SourceMeta, 'affine' | 'crs'> & { geo?: Pick<GeoReference, 'geographic'>; geoKeys?: RawGeoKeys }): Map<number, { type: 'short' | 'double' | 'ascii'; values: number[] | string }> {
  const tags = new Map<number, { type: 'short' | 'double' | 'ascii'; values: number[] | string }>();
  const affine = meta.affine;
  if (!affine || affine.length !== 6) return tags;
  const [ox, pw, rr, oy, cr, ph] = affine;
  if (rr === 0 && cr === 0) {
    tags.set(GEO_TAGS.ModelPixelScale, { type: 'double', values: [pw, -ph, 0] });
    tags.set(GEO_TAGS.ModelTiepoint, { type: 'double', values: [0, 0, 0, ox, oy, 0] });
  } else {
    tags.set(GEO_TAGS.ModelTransformation, { type: 'double', values: [pw, rr, 0, ox, cr, ph, 0, oy, 0, 0, 0, 0, 0, 0, 0, 1] });
  }
  if (meta.geoKeys) {
    tags.set(GEO_TAGS.GeoKeyDirectory, { type: 'short', values: asPixelIsArea(meta.geoKeys.directory) });
    if (meta.geoKeys.doubles?.length) tags.set(GEO_TAGS.GeoDoubleParams, { type: 'double', values: meta.geoKeys.doubles });
    if (meta.geoKeys.ascii) tags.set(GEO_TAGS.GeoAsciiParams, { type: 'ascii', values: meta.geoKeys.ascii.replace(/\0$/, '') });
    return tags;
  }
  const epsg = epsgOf(meta.crs);
  const geographic = meta.geo?.geographic ?? false;
  const keys: [number, number][] = [[KEY.GTRasterType, PIXEL_IS_AREA]];
  if (epsg !== undefined) {
    keys.unshift([KEY.GTModelType, geographic ? MODEL_GEOGRAPHIC : MODEL_PROJECTED]);
    keys.push(geographic ? [KEY.GeographicType, epsg] : [KEY.ProjectedCSType, epsg]);
  }
  keys.sort((a, b) => a[0] - b[0]);
  // Header: version 1, revision 1.0, key count; then (id, location 0 = value inline, count 1, value) per key.
  tags.set(GEO_TAGS.GeoKeyDirectory, { type: 'short', values: [1, 1, 0, keys.length, ...keys.flatMap(([id, value]) => [id, 0, 1, value])] });
  return tags;
}
