/**
 * One huge image, memory bounded: pixels are read region by region (io/region-reader), segmented with sliding
 * windows (inference/segment-rows) and every output is written strip by strip as rows finish: label PNG, colour
 * PNG (indexed, up to 256 classes), confidence PNG and the JSON statistics. No overlay (it would be the size of the
 * photo again).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { resolveInference, type InferenceOptions } from '../inference/options.js';
import { countRuns, segmentRows, type LabelStrip } from '../inference/segment-rows.js';
import { openImageRegions } from '../io/region-reader.js';
import { openPngStripWriter, type PngStripOptions, type PngStripWriter } from '../io/png-stream.js';
import { confidenceToGrey, type ClassStat } from '../io/render.js';
import type { SegmentationModel } from '../models/types.js';
import type { Task } from './progress.js';
import type { OutputKind } from './write-outputs.js';

export interface StreamedOptions {
  outputs: OutputKind[];
  modelName: string;
  maxPixels?: number;
  inference?: InferenceOptions;
  /** Called once the plan is known with the file, a line for people and the window count; returns their progress. */
  onStart?: (file: string, note: string, windows: number) => Task;
}

export interface StreamedResult {
  files: string[];
  stats: ClassStat[];
  width: number;
  height: number;
  note: string;
}

export async function predictStreamed(model: SegmentationModel, file: string, stem: string, options: StreamedOptions): Promise<StreamedResult> {
  const source = await openImageRegions(file, { maxPixels: options.maxPixels });
  const { width, height } = source;
  const inference = resolveInference(model.card, width, height, options.inference, true);
  const { classes } = model.card;
  const want = new Set(options.outputs);
  const skipped = [want.has('overlay') ? 'overlay' : '', want.has('color') && classes.length > 256 ? 'color (more than 256 classes)' : ''].filter(Boolean);
  const note = `${width}x${height}, ${inference.reason}${skipped.length ? `; not written: ${skipped.join(', ')}` : ''}`;
  await mkdir(dirname(stem), { recursive: true });
  const writers: { path: string; writer: PngStripWriter; samples: (strip: LabelStrip) => Uint8Array | Uint16Array }[] = [];
  const open = (suffix: string, samples: (strip: LabelStrip) => Uint8Array | Uint16Array, png: Omit<PngStripOptions, 'width' | 'height'>) => {
    const path = `${stem}${suffix}`;
    writers.push({ path, samples, writer: openPngStripWriter(path, { width, height, ...png }) });
  };
  if (want.has('labels')) open('.labels.png', (s) => s.labels, { sixteen: classes.length > 256 });
  if (want.has('color') && classes.length <= 256) open('.color.png', (s) => s.labels, { palette: classes.map((c) => c.color) });
  if (want.has('confidence')) open('.confidence.png', (s) => confidenceToGrey(s.confidence!), {});
  const pixels = new Float64Array(classes.length);
  const confidenceSums = new Float64Array(classes.length);
  const wantConfidence = want.has('json') || want.has('confidence');
  const progress = options.onStart?.(file, note, countRuns(width, height, inference));
  try {
    await segmentRows(
      model,
      source,
      inference,
      async (strip) => {
        const { labels, confidence } = strip;
        for (let i = 0; i < labels.length; i++) pixels[labels[i]]++;
        if (confidence) for (let i = 0; i < labels.length; i++) confidenceSums[labels[i]] += confidence[i];
        await Promise.all(writers.map((w) => w.writer.write(w.samples(strip), strip.rows)));
      },
      { confidence: wantConfidence, onProgress: (done) => progress?.update(done) },
    );
  } catch (error) {
    await Promise.allSettled(writers.map((w) => w.writer.close()));
    await Promise.all(writers.map((w) => rm(w.path, { force: true })));
    throw error;
  } finally {
    progress?.done();
  }
  await Promise.all(writers.map((w) => w.writer.close()));
  const total = width * height;
  const stats: ClassStat[] = classes.map((c) => ({
    id: c.id,
    name: c.name,
    pixels: pixels[c.id],
    share: pixels[c.id] / total,
    meanConfidence: wantConfidence && pixels[c.id] > 0 ? confidenceSums[c.id] / pixels[c.id] : null,
  }));
  const files = writers.map((w) => w.path);
  if (want.has('json')) {
    files.push(`${stem}.json`);
    await writeFile(`${stem}.json`, `${JSON.stringify({ source: file, model: options.modelName, width, height, inference: inference.reason, classes: stats }, null, 2)}\n`);
  }
  return { files, stats, width, height, note };
}
