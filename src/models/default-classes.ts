/** Class lists for imported models whose files do not name their classes. */
import type { ClassInfoInput } from './card-schema.js';

/** A colour per class id, spread over the RGB cube (stable, so the same id always gets the same colour). */
export function defaultColor(id: number): [number, number, number] {
  return [(id * 67) % 256, (id * 131) % 256, (id * 197) % 256];
}

/** One output channel is the foreground of a binary model; otherwise one class per channel, named class_<id>. */
export function defaultClasses(channels: number): ClassInfoInput[] {
  if (channels === 1) {
    return [
      { id: 0, name: 'background', color: [0, 0, 0] },
      { id: 1, name: 'foreground', color: [255, 255, 255] },
    ];
  }
  return Array.from({ length: channels }, (_, id) => ({ id, name: `class_${id}`, color: defaultColor(id) }));
}
