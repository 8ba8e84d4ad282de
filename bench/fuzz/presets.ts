/** Run sizes: the full bench-style run (fits ~20 minutes here) and the seeded CI smoke subset. */
import type { FuzzOptions } from './run-fuzz.js';

export type Preset = Pick<FuzzOptions, 'images' | 'models' | 'seconds' | 'perBatch' | 'evalShare'>;

/** The CI subset: a few hundred files and a dozen models, well under a minute of CLI time on two cores. */
export const SMOKE: Preset = { images: 200, models: 12, seconds: 240, perBatch: 100, evalShare: 0.3 };
/** Sized on the 2-core machine this was written on: 40 predict calls of 250 files, 250 rounds of 4 model cases. */
export const FULL: Preset = { images: 10_000, models: 1_000, seconds: 1_200, perBatch: 250, evalShare: 0.1 };

