/**
 * Rewrites models/person/ (model.onnx + card.json) from @mediapipe/selfie_segmentation with semseg's TFLite importer.
 * Run after changing the importer or the package version: `npm run models:person` (test/models/person.test.ts fails
 * until the committed files equal a fresh conversion).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convertPersonModel } from '../../dist/src/models/person.js';

const folder = fileURLToPath(new URL('../../models/person/', import.meta.url));
const { onnx, cardJson } = await convertPersonModel();
mkdirSync(folder, { recursive: true });
writeFileSync(`${folder}model.onnx`, onnx);
writeFileSync(`${folder}card.json`, cardJson);
console.log(`wrote ${folder}model.onnx (${onnx.length} bytes) and card.json`);
