// The table of docs/gis-vectors.md: one CamVid ground-truth label map (../shared) polygonized with a 10 m
// north-up affine in EPSG:32633, per connectivity and simplification tolerance: features, vertices, GeoJSON bytes,
// milliseconds, and how many features GEOS (ogrinfo, SQLite dialect) calls invalid.
//   npx tsc -p tsconfig.json && node tools/figures/vector-stats.mjs [label.png]
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelMapToGeojson } from '../../dist/src/index.js';
import { readLabelPng } from '../../dist/test/metrics/camvid.js';
import { ogrCounts } from '../../dist/test/vectors/gdal.js';

const path = process.argv[2] ?? '../shared/data/camvid/testannot/Seq05VD_f01710.png';
const grid = await readLabelPng(path);
const map = { ...grid, classes: [], meta: { affine: [500000, 10, 0, 4100000, 0, -10], crs: 'EPSG:32633' } };
const file = join(tmpdir(), 'semseg-vector-stats.geojson');
console.log(`${path} (${grid.width}x${grid.height}), 10 m pixels`);
console.log('| connectivity | simplify (m) | features | vertices | GeoJSON bytes | ms | invalid (GEOS) |');
console.log('|---|---|---|---|---|---|---|');
for (const connectivity of [4, 8]) {
  for (const simplify of [0, 10, 20, 40]) {
    const started = performance.now();
    const collection = labelMapToGeojson(map, { connectivity, simplify, crs: 'source' });
    const ms = performance.now() - started;
    const text = JSON.stringify(collection);
    writeFileSync(file, text);
    const vertices = collection.features.reduce((sum, f) => sum + f.geometry.coordinates.flat(f.geometry.type === 'Polygon' ? 1 : 2).length, 0);
    const { invalid } = ogrCounts(file, 'semseg-vector-stats');
    console.log(`| ${connectivity} | ${simplify} | ${collection.features.length} | ${vertices} | ${text.length} | ${ms.toFixed(0)} | ${invalid} |`);
  }
}
