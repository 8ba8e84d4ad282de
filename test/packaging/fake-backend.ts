/**
 * A tiny in-memory "model" for tests of the browser-safe entry: per pixel, class 1's logit is R - 0.5 and class 0's
 * is 0.5 - R (R the normalised red channel of an NCHW float input), so a pixel is class 1 exactly when its red
 * sample is above 127.5. Imports nothing from Node: it is bundled for the browser with the core entry.
 */
import type { RuntimeTensor } from '../../src/core/types.js';
import type { InferenceBackend } from '../../src/runtime/types.js';

export const fakeCard = {
  name: 'red-detector',
  version: '1',
  input: { layout: 'NCHW', size: { mode: 'dynamic' }, resize: 'none', colorOrder: 'RGB', valueScale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] },
  output: { kind: 'logits', layout: 'NCHW' },
  classes: [
    { id: 0, name: 'other', color: [0, 0, 0] },
    { id: 1, name: 'red', color: [255, 0, 0] },
  ],
};

export function createFakeBackend(): InferenceBackend & { runs: number; disposed: boolean } {
  const backend = {
    metadata: {
      inputs: [{ name: 'pixels', type: 'float32', shape: [1, 3, 'height', 'width'] }],
      outputs: [{ name: 'scores', type: 'float32', shape: [1, 2, 'height', 'width'] }],
    },
    workers: 1,
    runs: 0,
    disposed: false,
    async run(feeds: Record<string, RuntimeTensor>): Promise<Record<string, RuntimeTensor>> {
      backend.runs++;
      const input = feeds.pixels;
      const [, , height, width] = input.dims;
      const n = height * width;
      const scores = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const red = (input.data as Float32Array)[i];
        scores[i] = 0.5 - red;
        scores[n + i] = red - 0.5;
      }
      return { scores: { type: 'float32', data: scores, dims: [1, 2, height, width] } };
    },
    async dispose(): Promise<void> {
      backend.disposed = true;
    },
  };
  return backend;
}
