/** The models that ship with semseg, by name. */
import { fileURLToPath } from 'node:url';
import { SemsegError } from '../core/errors.js';
import type { EmbeddedModelEntry } from './types.js';

// dist/src/models/ -> <package root>/models/
const modelsRoot = fileURLToPath(new URL('../../../models/', import.meta.url));

export const DEFAULT_MODEL = 'street';

export const embeddedModels: EmbeddedModelEntry[] = [
  {
    name: 'street',
    summary: 'Street scenes, 11 CamVid classes (sky, building, pole, road, sidewalk, tree, sign, fence, car, pedestrian, bicyclist)',
    isDefault: true,
    locate: async () => ({ onnxPath: `${modelsRoot}street/model.onnx`, cardPath: `${modelsRoot}street/card.json` }),
  },
  {
    name: 'person',
    summary: 'Person vs background (MediaPipe selfie segmentation, converted from TFLite on first use)',
    isDefault: false,
    // Loaded on demand: the TFLite importer is only needed the first time `person` is used.
    locate: async () => (await import('./person.js')).ensurePersonModel(),
  },
];

export function findEmbeddedModel(name: string): EmbeddedModelEntry | undefined {
  return embeddedModels.find((m) => m.name === name);
}

export function unknownModelError(reference: string): SemsegError {
  const names = embeddedModels.map((m) => m.name).join(', ');
  return new SemsegError('MODEL_NOT_FOUND', `Expected an embedded model name (${names}), an .onnx file or a model folder for model but received "${reference}"`);
}
