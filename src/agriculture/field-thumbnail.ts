/** The field report's pictures of one image, encoded as data: URIs while its label map is still in memory. */
import { encodeJpeg } from '../formats/encode.js';
import type { LabelMap } from '../core/types.js';
import { dataUri, photoAt } from '../report/html/worst-panels.js';
import { downscaleLabels } from '../report/html/panel-pixels.js';
import { downscaleAny, fieldOverlay, patchOutline } from './field-panel.js';
import type { WeedComponents } from './field-stats.js';

/** Thumbnail width: small enough to keep a report of many images a few MB, large enough to see the patches. */
export const THUMBNAIL_WIDTH = 480;

export interface FieldThumbnail {
  width: number;
  height: number;
  /** JPEG data: URIs; photo is absent when the image could not be read again. */
  photo?: string;
  overlay: string;
}

/** `imagePath` undefined (labels measured without their images): the overlay is drawn on grey. */
export async function fieldThumbnail(imagePath: string | undefined, map: LabelMap, weeds: WeedComponents, roleOf: Uint8Array): Promise<FieldThumbnail> {
  const width = Math.min(THUMBNAIL_WIDTH, map.width);
  const height = Math.max(1, Math.round((map.height * width) / map.width));
  const photo = await photoAt(imagePath, width, height);
  const labels = downscaleLabels(map.labels, map.width, map.height, width, height);
  const outline = downscaleAny(patchOutline(weeds, map.width, map.height), map.width, map.height, width, height);
  const overlay = fieldOverlay(photo, labels, outline, roleOf);
  return {
    width,
    height,
    photo: photo ? dataUri('image/jpeg', await encodeJpeg(photo, width, height, 80)) : undefined,
    overlay: dataUri('image/jpeg', await encodeJpeg(overlay, width, height, 85)),
  };
}
