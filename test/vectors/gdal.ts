/** Debian's GDAL as the oracle of the vector tests: georeferenced rasters, gdal_polygonize, ogrinfo validity. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSingleChannelPng } from '../../src/formats/png.js';

function found(tool: string): boolean {
  return spawnSync(tool, ['--help'], { stdio: 'ignore' }).error === undefined;
}

const POLYGONIZE = ['gdal_polygonize.py', 'gdal_polygonize'].find(found);

/** `{ skip }` for tests needing gdal-bin (CI installs it). */
export function needsGdal(): { skip?: string } {
  return POLYGONIZE && found('gdal_translate') && found('ogrinfo') ? {} : { skip: 'gdal-bin (gdal_translate, gdal_polygonize, ogrinfo) is not installed' };
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'semseg-vectors-'));
}

/**
 * Labels -> a label PNG -> a GeoTIFF in EPSG:32633 with the given upper-left corner and pixel size
 * (gdal_translate -a_srs -a_ullr); returns its path and the affine GDAL gives it.
 */
export function georeferencedRaster(dir: string, labels: Uint8Array, width: number, height: number, ulx: number, uly: number, pixel: number): { path: string; affine: number[] } {
  const png = join(dir, 'labels.png');
  writeFileSync(png, encodeSingleChannelPng({ width, height, samples: labels }));
  const tif = join(dir, 'labels.tif');
  execFileSync('gdal_translate', ['-q', '-a_srs', 'EPSG:32633', '-a_ullr', String(ulx), String(uly), String(ulx + width * pixel), String(uly - height * pixel), png, tif]);
  return { path: tif, affine: [ulx, pixel, 0, uly, 0, -pixel] };
}

export interface OracleFeature {
  type: 'Feature';
  properties: Record<string, number | string>;
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** gdal_polygonize of a raster (all values, no mask) as GeoJSON features with their value in `DN`. */
export function gdalPolygonize(dir: string, raster: string, connectivity: 4 | 8): OracleFeature[] {
  const out = join(dir, `gdal-${connectivity}.geojson`);
  execFileSync(POLYGONIZE!, ['-q', ...(connectivity === 8 ? ['-8'] : []), raster, '-of', 'GeoJSON', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  return (JSON.parse(readFileSync(out, 'utf8')) as { features: OracleFeature[] }).features;
}

/** Number of features ogrinfo (SQLite dialect, GEOS) finds invalid in a GeoJSON file, and the number it reads. */
export function ogrCounts(path: string, layer: string): { invalid: number; total: number } {
  const count = (where: string): number => {
    const text = execFileSync('ogrinfo', ['-ro', '-q', '-dialect', 'sqlite', '-sql', `SELECT COUNT(*) AS n FROM "${layer}"${where}`, path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const match = /n \(Integer\) = (\d+)/.exec(text);
    if (!match) throw new Error(`ogrinfo gave no count: ${text}`);
    return Number(match[1]);
  };
  return { invalid: count(' WHERE NOT ST_IsValid(geometry)'), total: count('') };
}

function ringArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
}

/** Area of a polygon or multipolygon: shells minus holes (whatever their orientation). */
export function geometryArea(geometry: OracleFeature['geometry']): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let area = 0;
  for (const [shell, ...holes] of polygons) {
    area += Math.abs(ringArea(shell));
    for (const hole of holes) area -= Math.abs(ringArea(hole));
  }
  return area;
}
