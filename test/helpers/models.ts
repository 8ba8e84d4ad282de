import { join } from 'node:path';
import { repoRoot } from './paths.js';

export const streetOnnx = join(repoRoot, 'models', 'street', 'model.onnx');
export const streetCard = join(repoRoot, 'models', 'street', 'card.json');
