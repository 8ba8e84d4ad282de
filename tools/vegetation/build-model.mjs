/**
 * Rewrites models/vegetation/model.onnx from src/agriculture/vegetation-graph.ts: `npm run models:vegetation`.
 * The card (models/vegetation/card.json) is hand-written; its metrics come from `semseg eval ... --update-card`
 * (docs/agriculture.md). test/agriculture/vegetation-model.test.ts fails until the committed file equals a fresh build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildVegetationModel } from '../../dist/src/agriculture/vegetation-graph.js';

const folder = fileURLToPath(new URL('../../models/vegetation/', import.meta.url));
const onnx = buildVegetationModel();
mkdirSync(folder, { recursive: true });
writeFileSync(`${folder}model.onnx`, onnx);
console.log(`wrote ${folder}model.onnx (${onnx.length} bytes)`);
