/** Debian's GDAL as the oracle of the GeoTIFF tests: make inputs, read outputs back. Tests skip when it is missing. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const gdalMissing = spawnSync('gdalinfo', ['--version']).status === 0 ? undefined : 'gdal-bin is not installed (apt-get install gdal-bin)';

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `semseg-${name}-`));

export function gdal(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, GDAL_PAM_ENABLED: 'YES' } });
}

export function gdalinfoJson(path: string): any {
  return JSON.parse(gdal('gdalinfo', ['-json', path]));
}

export type GdalType = 'Byte' | 'UInt16' | 'Int16' | 'Float32';
const ARRAY = { Byte: Uint8Array, UInt16: Uint16Array, Int16: Int16Array, Float32: Float32Array } as const;

/**
 * A GeoTIFF made by gdal_translate from pixel-interleaved samples: `bands` bands of `type`, georeferenced with
 * `-a_srs`/`-a_ullr`, plus any creation options (`-co TILED=YES`, `-of COG`, `-a_nodata 0`).
 */
export function makeGeoTiff(dir: string, name: string, samples: ArrayLike<number>, width: number, height: number, bands: number, type: GdalType, options: string[]): string {
  const raw = join(dir, `${name}.raw`);
  const data = ARRAY[type].from(samples);
  writeFileSync(raw, new Uint8Array(data.buffer));
  const header = `ENVI\nsamples = ${width}\nlines = ${height}\nbands = ${bands}\nheader offset = 0\nfile type = ENVI Standard\ndata type = ${{ Byte: 1, Int16: 2, UInt16: 12, Float32: 4 }[type]}\ninterleave = bip\nbyte order = 0\n`;
  writeFileSync(join(dir, `${name}.hdr`), header);
  const out = join(dir, `${name}.tif`);
  gdal('gdal_translate', ['-q', ...(options.includes('-of') ? [] : ['-of', 'GTiff']), ...options, raw, out]);
  return out;
}

/** Band 1 of a raster as GDAL reads it, as raw bytes (ENVI dump). */
export function gdalBand1Bytes(dir: string, path: string, name: string): Buffer {
  const out = join(dir, `${name}.dump`);
  gdal('gdal_translate', ['-q', '-of', 'ENVI', '-b', '1', path, out]);
  return readFileSync(out);
}

/** Every band, pixel-interleaved, as GDAL reads it. */
export function gdalSamplesBip(dir: string, path: string, name: string): Buffer {
  const out = join(dir, `${name}.bip`);
  gdal('gdal_translate', ['-q', '-of', 'ENVI', '-co', 'INTERLEAVE=BIP', path, out]);
  return readFileSync(out);
}

/** gdalinfo -json prints 15-16 significant digits. */
export function assertSameGeotransform(actual: unknown, expected: number[]): void {
  assert.ok(Array.isArray(actual) && actual.length === 6, `geotransform ${String(actual)}`);
  actual.forEach((v: number, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])), `geotransform[${i}] ${v} vs ${expected[i]}`));
}
