/** GeoTIFF input against GDAL: layouts, sample types, band counts, georeferencing and nodata as gdalinfo reads them. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { decodeImage } from '../../src/io/decode.js';
import type { SemsegError } from '../../src/core/errors.js';
import { openImageRegions } from '../../src/io/region-reader.js';
import { assertSameGeotransform, gdalinfoJson, gdalMissing, gdalSamplesBip, makeGeoTiff, tempDir, type GdalType } from './gdal.js';

const skip = gdalMissing;
const dir = skip ? '' : tempDir('geotiff-read');
after(() => dir && rmSync(dir, { recursive: true, force: true }));
const [W, H, B] = [300, 170, 4];
const UTM = ['-a_srs', 'EPSG:32633', '-a_ullr', '500000', '4001700', '503000', '4000000'];

function samples(type: GdalType): number[] {
  const out: number[] = [];
  for (let p = 0; p < W * H; p++) for (let b = 0; b < B; b++) {
    const v = ((p * 31 + b * 977) % 4001) - (type === 'Int16' ? 2000 : 0);
    out.push(type === 'Float32' ? v / 7 : type === 'Byte' ? v % 256 : v);
  }
  return out;
}

const CASES: [string, GdalType, string[]][] = [
  ['stripped-uint16', 'UInt16', ['-a_nodata', '0']],
  ['tiled-int16', 'Int16', ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=64', '-co', 'COMPRESS=DEFLATE', '-a_nodata', '-2000']],
  ['cog-float32', 'Float32', ['-of', 'COG', '-co', 'BLOCKSIZE=128', '-co', 'COMPRESS=LZW', '-a_nodata', 'nan']],
  ['tiled-byte', 'Byte', ['-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE']],
];

for (const [name, type, options] of CASES) {
  test(`GeoTIFF ${name}: samples, geotransform, CRS and nodata as GDAL reads them`, { skip }, async () => {
    const path = makeGeoTiff(dir, name, samples(type), W, H, B, type, [...UTM, ...options]);
    const info = gdalinfoJson(path);
    const image = await decodeImage(path, { pixels: 'source' });
    assert.deepEqual([image.width, image.height, image.channels], [W, H, B]);
    const expected = gdalSamplesBip(dir, path, name);
    const actual = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    assert.ok(actual.equals(expected), 'samples differ from gdal_translate');
    assertSameGeotransform(image.meta?.affine, info.geoTransform);
    assert.equal(image.meta?.crs, 'EPSG:32633');
    const nodata = info.bands[0].noDataValue;
    if (nodata === undefined) assert.equal(image.meta?.nodata, undefined);
    else if (nodata === 'NaN') assert.ok(Number.isNaN(image.meta?.nodata));
    else assert.equal(image.meta?.nodata, nodata);
  });
}

test('a geographic GeoTIFF (EPSG:4326) is read as geographic, degrees', { skip }, async () => {
  const path = makeGeoTiff(dir, 'wgs84', samples('UInt16'), W, H, B, 'UInt16', ['-a_srs', 'EPSG:4326', '-a_ullr', '10', '50', '13', '48.3']);
  const image = await decodeImage(path, { pixels: 'source' });
  assertSameGeotransform(image.meta?.affine, gdalinfoJson(path).geoTransform);
  assert.equal(image.meta?.crs, 'EPSG:4326');
  assert.deepEqual(image.meta?.geo, { geographic: true, metresPerUnit: 1, unit: 'degree' });
});

test('rows of a tiled GeoTIFF read region by region equal the whole image', { skip }, async () => {
  const path = makeGeoTiff(dir, 'regions', samples('UInt16'), W, H, B, 'UInt16', [...UTM, '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=64', '-co', 'BLOCKYSIZE=32']);
  const whole = await decodeImage(path, { pixels: 'source' });
  // A chunk of a few rows: every request decodes a new window.
  const regions = await openImageRegions(path, { pixels: 'source', chunkBytes: W * B * 2 * 7 });
  assert.deepEqual([regions.width, regions.height, regions.channels], [W, H, B]);
  for (const [y0, y1] of [[0, 5], [5, 40], [33, 90], [150, 170]]) {
    const rows = await regions.readRows(y0, y1);
    assert.deepEqual([...rows.data], [...whole.data.subarray(y0 * W * B, y1 * W * B)], `rows ${y0}..${y1}`);
  }
});

test('a PixelIsPoint GeoTIFF gets the geotransform GDAL reports (half a pixel up and left)', { skip }, async () => {
  const path = makeGeoTiff(dir, 'point', samples('UInt16'), W, H, B, 'UInt16', [...UTM, '-mo', 'AREA_OR_POINT=Point']);
  const info = gdalinfoJson(path);
  assert.equal(info.metadata[''].AREA_OR_POINT, 'Point');
  const image = await decodeImage(path, { pixels: 'source' });
  assertSameGeotransform(image.meta?.affine, info.geoTransform);
});

test('a truncated GeoTIFF is DECODE_FAILED with geotiff.js words as detail, never a crash', { skip }, async () => {
  const path = makeGeoTiff(dir, 'whole', samples('UInt16'), W, H, B, 'UInt16', [...UTM, '-co', 'COMPRESS=DEFLATE']);
  const bytes = readFileSync(path);
  for (const cut of [100, Math.floor(bytes.length / 2)]) {
    const error = await decodeImage(bytes.subarray(0, cut), { pixels: 'source' }).then(() => undefined, (e: SemsegError) => e);
    assert.equal(error?.code, 'DECODE_FAILED', `cut at ${cut}`);
    assert.match(error!.message, /^Expected a readable GeoTIFF for image but received a corrupt or unsupported TIFF$/);
    assert.ok(error!.detail, 'detail');
  }
});
