/**
 * Writes a small georeferenced 4-band (R, G, B, NIR) uint16 GeoTIFF for docs/gis.md: `node tools/gis/make-scene.mjs
 * scene.tif [width] [height]`. UTM zone 33N (EPSG:32633), 10 m pixels, GDAL_NODATA 0. Left third water (G > NIR),
 * middle third vegetation (NIR >> R), right third bare soil, and a nodata square in the top-left corner. Tiled and
 * DEFLATE-compressed with semseg's own TIFF writer (no GDAL needed). Run `npm run build` (or tsc) first.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { encodeTiff } from '../../dist/src/geo/tiff-writer.js';

const [path, w = '600', h = '400'] = process.argv.slice(2);
if (!path) throw new Error('usage: node tools/gis/make-scene.mjs <out.tif> [width] [height]');
const [width, height] = [Number(w), Number(h)];
const TILE = 256;
const BANDS = 4;
/** Reflectance x 10000 of each cover, R, G, B, NIR. */
const COVERS = { water: [300, 600, 800, 200], vegetation: [400, 800, 500, 4000], soil: [2500, 2200, 1800, 2800] };

function pixel(x, y) {
  if (x < width / 10 && y < height / 10) return [0, 0, 0, 0]; // nodata
  const cover = x < width / 3 ? COVERS.water : x < (2 * width) / 3 ? COVERS.vegetation : COVERS.soil;
  // A little texture so that the scene is not flat; never enough to change the class.
  const wobble = ((x * 7 + y * 13) % 17) - 8;
  return cover.map((v) => v + wobble);
}

const tiles = [];
for (let ty = 0; ty < height; ty += TILE) {
  for (let tx = 0; tx < width; tx += TILE) {
    const tile = new Uint16Array(TILE * TILE * BANDS);
    for (let y = 0; y < TILE && ty + y < height; y++) for (let x = 0; x < TILE && tx + x < width; x++) tile.set(pixel(tx + x, ty + y), (y * TILE + x) * BANDS);
    tiles.push(deflateSync(new Uint8Array(tile.buffer)));
  }
}
const [originX, originY, size] = [500000, 4100000, 10];
const tags = [
  { id: 256, type: 'long', values: [width] },
  { id: 257, type: 'long', values: [height] },
  { id: 258, type: 'short', values: [16, 16, 16, 16] },
  { id: 259, type: 'short', values: [8] },
  { id: 262, type: 'short', values: [1] },
  { id: 277, type: 'short', values: [BANDS] },
  { id: 284, type: 'short', values: [1] },
  { id: 322, type: 'short', values: [TILE] },
  { id: 323, type: 'short', values: [TILE] },
  { id: 338, type: 'short', values: [0, 0, 0] },
  { id: 339, type: 'short', values: [1, 1, 1, 1] },
  { id: 33550, type: 'double', values: [size, size, 0] },
  { id: 33922, type: 'double', values: [0, 0, 0, originX, originY, 0] },
  // GeoKeys: projected model, pixel is area, EPSG:32633, metres.
  { id: 34735, type: 'short', values: [1, 1, 0, 4, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 32633, 3076, 0, 1, 9001] },
  { id: 42113, type: 'ascii', values: '0' },
];
writeFileSync(path, encodeTiff([{ tags, tiles }]));
console.log(`wrote ${path}: ${width}x${height}, 4 bands uint16 (R, G, B, NIR), EPSG:32633, 10 m pixels, nodata 0`);
