/**
 * Rewrites models/ndvi/ (model.onnx + card.json), the rule-based NDVI/NDWI baseline, from src/models/ndvi.ts:
 * `npm run models:ndvi` (test/geo/ndvi-model.test.ts fails until the committed files equal a fresh build).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildNdviModel } from '../../dist/src/models/ndvi.js';

const folder = fileURLToPath(new URL('../../models/ndvi/', import.meta.url));
const { onnx, cardJson } = buildNdviModel();
mkdirSync(folder, { recursive: true });
writeFileSync(`${folder}model.onnx`, onnx);
writeFileSync(`${folder}card.json`, cardJson);
console.log(`wrote ${folder}model.onnx (${onnx.length} bytes) and card.json`);
