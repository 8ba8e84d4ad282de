/** The models that ship with semseg, by name: folders of the package's models/ (model.onnx + card.json). */
import { join } from 'node:path';
import { SemsegError } from '../core/errors.js';
import { findPackageRoot } from './package-root.js';
import type { EmbeddedModelEntry } from './types.js';

export const DEFAULT_MODEL = 'street';

let modelsRoot: string | undefined;

function embedded(name: string, summary: string, isDefault = false): EmbeddedModelEntry {
  return {
    name,
    summary,
    isDefault,
    locate: async () => {
      modelsRoot ??= join(findPackageRoot(), 'models');
      return { onnxPath: join(modelsRoot, name, 'model.onnx'), cardPath: join(modelsRoot, name, 'card.json') };
    },
  };
}

export const embeddedModels: EmbeddedModelEntry[] = [
  embedded('street', 'Street scenes, 11 CamVid classes (sky, building, pole, road, sidewalk, tree, sign, fence, car, pedestrian, bicyclist)', true),
  embedded('person', "Person vs background (MediaPipe selfie segmentation, converted from TFLite by semseg's importer)"),
  embedded('membrane', 'Neuronal membranes vs cell interior in grey electron-microscopy slices (U-Net trained on the ISBI 2012 EM stack)'),
  embedded('vegetation', 'Vegetation vs soil in top-down field images: excess green with a per-image Otsu threshold (a rule-based baseline, no training)'),
  embedded('ndvi', 'Water, vegetation, other in 4-band (R, G, B, NIR) rasters: a rule-based NDWI/NDVI index baseline, not a learned model'),
];

export function findEmbeddedModel(name: string): EmbeddedModelEntry | undefined {
  return embeddedModels.find((m) => m.name === name);
}

export function unknownModelError(reference: string): SemsegError {
  const names = embeddedModels.map((m) => m.name).join(', ');
  return new SemsegError('MODEL_NOT_FOUND', `Expected an embedded model name (${names}), an .onnx file or a model folder for model but received "${reference}"`);
}
