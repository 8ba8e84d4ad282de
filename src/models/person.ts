/**
 * The embedded `person` model: MediaPipe's selfie segmentation (npm @mediapipe/selfie_segmentation, Apache-2.0),
 * converted from TFLite to ONNX on first use and cached under `cacheDir`, `$SEMSEG_CACHE_DIR` or ~/.cache/semseg.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { expected, SemsegError } from '../core/errors.js';
import type { ModelCardInput } from './card-schema.js';
import { ensureImportedModel, type CachedModelPaths } from './tflite/cached-import.js';

export type PersonModelVariant = 'square' | 'landscape';

export interface PersonModelOptions {
  /** square: 256x256 input (general); landscape: 144x256 input (video calls). Default square. */
  variant?: PersonModelVariant;
  cacheDir?: string;
}

const PACKAGE = '@mediapipe/selfie_segmentation';

const VARIANTS: Record<PersonModelVariant, { file: string; description: string }> = {
  square: { file: 'selfie_segmentation.tflite', description: 'general model, 256x256 input' },
  landscape: { file: 'selfie_segmentation_landscape.tflite', description: 'landscape model, 144x256 input' },
};

export async function ensurePersonModel(options: PersonModelOptions = {}): Promise<CachedModelPaths> {
  const variant = options.variant ?? 'square';
  if (!Object.hasOwn(VARIANTS, variant)) throw expected('"square" or "landscape"', 'options.variant', variant);
  if (options.cacheDir !== undefined && (typeof options.cacheDir !== 'string' || options.cacheDir.length === 0)) {
    throw expected('a non-empty path', 'options.cacheDir', options.cacheDir);
  }
  const cacheDir = options.cacheDir ?? process.env.SEMSEG_CACHE_DIR ?? join(homedir(), '.cache', 'semseg');
  const { file, description } = VARIANTS[variant];
  const { packageDir, version } = await locatePackage();
  let tflite: Uint8Array;
  try {
    tflite = new Uint8Array(await readFile(join(packageDir, file)));
  } catch (error) {
    throw new SemsegError('MODEL_NOT_FOUND', `Expected ${file} in ${packageDir} for model "person" but received: ${(error as Error).message}`, { cause: error });
  }
  const card: Partial<ModelCardInput> = {
    name: variant === 'square' ? 'person' : 'person-landscape',
    description: `Person vs background: MediaPipe selfie segmentation, ${description}`,
    input: { resize: 'stretch', colorOrder: 'RGB', valueScale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] },
    output: { kind: 'probabilities', layout: 'NCHW' },
    classes: [
      { id: 0, name: 'background', color: [0, 0, 0] },
      { id: 1, name: 'person', color: [255, 64, 64] },
    ],
    license: 'Apache-2.0',
    provenance: {
      source: `npm ${PACKAGE}@${version}, file ${file}`,
      notes: 'Converted from TFLite to ONNX by semseg (src/models/tflite); one output channel = person probability.',
    },
  };
  return ensureImportedModel({ name: `person-${variant}`, tflite, cacheDir, card });
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
