/**
 * The embedded `person` model: MediaPipe's selfie segmentation (npm @mediapipe/selfie_segmentation, Apache-2.0,
 * 256x256 input), converted from TFLite to ONNX by semseg's importer. The product is committed in models/person/
 * (450 KB) so that installs never convert or write anything; `npm run models:person` rewrites it, and a test checks
 * that it equals a fresh conversion.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SemsegError } from '../core/errors.js';
import type { ModelCardInput } from './card-schema.js';
import { importTflite } from './tflite/import.js';

const PACKAGE = '@mediapipe/selfie_segmentation';
const FILE = 'selfie_segmentation.tflite';

export interface ConvertedModel {
  onnx: Uint8Array;
  /** The card JSON as written to card.json. */
  cardJson: string;
}

export async function convertPersonModel(): Promise<ConvertedModel> {
  const { packageDir, version } = await locatePackage();
  let tflite: Uint8Array;
  try {
    tflite = new Uint8Array(await readFile(join(packageDir, FILE)));
  } catch (error) {
    throw new SemsegError('MODEL_NOT_FOUND', `Expected ${FILE} in ${packageDir} for model "person" but received: ${(error as Error).message}`, { cause: error });
  }
  const overrides: Partial<ModelCardInput> = {
    name: 'person',
    description: 'Person vs background: MediaPipe selfie segmentation, general model, 256x256 input',
    input: { resize: 'stretch', colorOrder: 'RGB', valueScale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] },
    output: { kind: 'probabilities', layout: 'NCHW' },
    classes: [
      { id: 0, name: 'background', color: [0, 0, 0] },
      { id: 1, name: 'person', color: [255, 64, 64] },
    ],
    license: 'Apache-2.0',
    provenance: {
      source: `npm ${PACKAGE}@${version}, file ${FILE}`,
      notes: 'Converted from TFLite to ONNX by semseg (src/models/tflite); one output channel = person probability.',
    },
  };
  const { onnx, card } = importTflite(tflite, { card: overrides });
  return { onnx, cardJson: `${JSON.stringify(card, null, 2)}\n` };
}

async function locatePackage(): Promise<{ packageDir: string; version: string }> {
  let manifestPath: string;
  try {
    manifestPath = createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`);
  } catch (error) {
    throw new SemsegError('MODEL_NOT_FOUND', `Expected the npm package ${PACKAGE} (npm install ${PACKAGE}) for model "person" but received: it is not installed`, { cause: error });
  }
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version?: string };
  return { packageDir: dirname(manifestPath), version: manifest.version ?? 'unknown' };
}
