/** The instance id raster as 16-bit samples (a 16-bit grey PNG holds ids up to 65535; 0: no instance). */
import { SemsegError } from '../core/errors.js';
import type { Instances } from './instances.js';

export const MAX_PNG_INSTANCES = 65535;

export function instanceIdsUint16(found: Instances): Uint16Array {
  const count = found.instances.length;
  if (count > MAX_PNG_INSTANCES) {
    throw new SemsegError('OUTPUT_FAILED', `Expected at most ${MAX_PNG_INSTANCES} instances for the 16-bit instance PNG but received ${count} (use --outputs coco, or --connectivity 8 to merge touching pieces)`);
  }
  return Uint16Array.from(found.ids);
}
