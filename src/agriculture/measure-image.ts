/** One prediction -> its field statistics and, for the HTML report, its pictures (made while the map is in memory). */
import type { LabelMap } from '../core/types.js';
import { fieldImageStats, weedComponents } from './field-stats.js';
import { fieldThumbnail } from './field-thumbnail.js';
import type { FieldImageStats, FieldItem, FieldStatsOptions } from './types.js';

export async function measureImage(imagePath: string | undefined, map: LabelMap, roleOf: Uint8Array, options: FieldStatsOptions & { thumbnail: boolean }): Promise<{ stats: FieldImageStats; thumbnail?: FieldItem['thumbnail'] }> {
  const weeds = weedComponents(map, roleOf, options);
  const stats = fieldImageStats(map, roleOf, weeds);
  return { stats, thumbnail: options.thumbnail ? await fieldThumbnail(imagePath, map, weeds, roleOf) : undefined };
}
