/** Class areas -> the `geo` section of the prediction JSON and the areas CSV (docs/gis.md). */
import type { SourceMeta } from '../core/types.js';
import type { ClassStat } from '../formats/render.js';
import { AreaAccumulator, areaMethod } from './areas.js';

export interface GeoClassArea {
  id: number;
  name: string;
  pixels: number;
  m2: number;
  ha: number;
}

export interface GeoSummary {
  crs: string | null;
  /** GDAL geotransform of the source (and of the label GeoTIFF). */
  affine: number[];
  /** planar (pixel area of a projected CRS) or geodesic (rows on the ellipsoid, geographic CRSs). */
  areaMethod: 'planar' | 'geodesic';
  ellipsoid?: string;
  /** m² of one pixel (planar). */
  pixelAreaM2?: number;
  /** Pixels that are nodata in the source: they have the nodata label and no class. */
  nodataPixels: number;
  nodataLabel?: number;
  classes: GeoClassArea[];
}

/** An accumulator of class areas for this source, or undefined when it is not georeferenced. */
export function openAreas(meta: SourceMeta | undefined, width: number, stats: readonly { id: number }[] | readonly number[]): AreaAccumulator | undefined {
  const method = areaMethod(meta);
  if (!method) return undefined;
  const ids = stats.map((s) => (typeof s === 'number' ? s : s.id));
  return new AreaAccumulator(method, meta!.affine!, width, Math.max(0, ...ids));
}

export function geoSummary(meta: SourceMeta, areas: AreaAccumulator, stats: readonly ClassStat[], nodataPixels: number, nodataLabel: number | undefined): GeoSummary {
  const { method } = areas;
  return {
    crs: meta.crs ?? null,
    affine: meta.affine!,
    areaMethod: method.kind,
    ...(method.ellipsoid ? { ellipsoid: method.ellipsoid.name } : {}),
    ...(method.pixelM2 !== undefined ? { pixelAreaM2: method.pixelM2 } : {}),
    nodataPixels,
    ...(nodataLabel !== undefined ? { nodataLabel } : {}),
    classes: stats.map((s) => ({ id: s.id, name: s.name, pixels: s.pixels, m2: areas.m2[s.id] ?? 0, ha: (areas.m2[s.id] ?? 0) / 10_000 })),
  };
}

const csvField = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** One line per class: id, name, pixels, m², ha (empty areas when the source is not georeferenced). */
export function encodeAreasCsv(stats: readonly ClassStat[], geo: GeoSummary | undefined): Uint8Array {
  const area = new Map(geo?.classes.map((c) => [c.id, c]));
  const lines = ['class_id,class,pixels,area_m2,area_ha'];
  for (const s of stats) {
    const a = area.get(s.id);
    lines.push([s.id, csvField(s.name), s.pixels, a ? a.m2.toFixed(3) : '', a ? a.ha.toFixed(6) : ''].join(','));
  }
  if (geo) lines.push(['', 'nodata', geo.nodataPixels, '', ''].join(','));
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}
