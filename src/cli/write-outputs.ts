/** One segmented image -> the requested files on disk. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LabelMap, RasterImage } from '../core/types.js';
import { compressLabels, encodeColorPng, encodeJpeg, encodeLabelPng, encodePng } from '../io/encode.js';
import { classStats, confidenceToGrey, overlayClasses, type ClassStat } from '../io/render.js';

export const OUTPUT_KINDS = ['labels', 'color', 'overlay', 'json', 'confidence'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];
export const DEFAULT_OUTPUTS: OutputKind[] = ['labels', 'color', 'overlay', 'json'];

export interface WriteOptions {
  outputs: OutputKind[];
  opacity: number;
  modelName: string;
}

export interface WrittenItem {
  files: string[];
  stats: ClassStat[];
}

export async function writeOutputs(stem: string, source: string, image: RasterImage, map: LabelMap, options: WriteOptions): Promise<WrittenItem> {
  await mkdir(dirname(stem), { recursive: true });
  const want = new Set(options.outputs);
  const jobs: Promise<void>[] = [];
  const files: string[] = [];
  const put = (suffix: string, bytes: Promise<Buffer | string>) => {
    const path = `${stem}${suffix}`;
    files.push(path);
    jobs.push(bytes.then((b) => writeFile(path, b)));
  };
  const { width, height } = map;
  // The colour PNG reuses the label PNG's compressed indices when both are written.
  const compressed = want.has('labels') ? compressLabels(map) : undefined;
  if (compressed) put('.labels.png', Promise.resolve(encodeLabelPng(map, compressed)));
  if (want.has('color')) put('.color.png', encodeColorPng(map, compressed));
  if (want.has('overlay')) put('.overlay.jpg', encodeJpeg(overlayClasses(image, map, options.opacity), width, height));
  if (want.has('confidence') && map.confidence) put('.confidence.png', encodePng(confidenceToGrey(map.confidence), width, height, 1));
  const stats = classStats(map);
  if (want.has('json')) {
    const body = { source, model: options.modelName, width, height, classes: stats };
    put('.json', Promise.resolve(`${JSON.stringify(body, null, 2)}\n`));
  }
  await Promise.all(jobs);
  return { files, stats };
}
