/**
 * One segmentation of the page, by the server (`POST /v1/segment`) or in the browser (onnxruntime-web through
 * semseg/core's createModel + segment: the same pre- and post-processing code as Node).
 */
import { apiFetch } from './api-fetch.js';
import { classStats, createModel, segment, type ClassInfo, type LabelMap, type RasterImage, type SegmentationModel } from '../core-entry.js';
import { decodePixels } from './image-input.js';
import type { ModelSource } from './model-source.js';
import { createWebBackend } from './ort-web-backend.js';

export interface ClassShare {
  id: number;
  name: string;
  color: [number, number, number];
  pixels: number;
  share: number;
}

export interface PageResult {
  map: LabelMap;
  classes: ClassShare[];
  where: 'server' | 'browser';
  model: string;
  tta: boolean;
  ms: number;
}

export type Engine = 'server' | 'browser';

interface SegmentReply {
  classes: { id: number; name: string; color: [number, number, number]; pixels: number; share: number }[];
  image: { width: number; height: number };
  outputs: Record<string, { mime: string; base64: string }>;
}

function base64Blob(base64: string, mime: string): Blob {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

/** The first channel of an 8-bit grey PNG (labels or confidence). */
async function greyPng(output: { mime: string; base64: string }): Promise<Uint8Array> {
  const rgba = (await decodePixels(base64Blob(output.base64, output.mime))).data;
  const out = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = rgba[i * 4];
  return out;
}

export async function runOnServer(model: string, blob: Blob): Promise<PageResult> {
  const started = performance.now();
  const response = await apiFetch(`v1/segment?model=${encodeURIComponent(model)}&outputs=json,labels,confidence`, { method: 'POST', body: blob });
  const reply = (await response.json()) as SegmentReply & { error?: { message: string } };
  if (!response.ok) throw new Error(reply.error?.message ?? `the server answered ${response.status}`);
  const labels = await greyPng(reply.outputs.labels);
  const grey = await greyPng(reply.outputs.confidence);
  const confidence = new Float32Array(grey.length);
  for (let i = 0; i < grey.length; i++) confidence[i] = grey[i] / 255;
  const classes: ClassInfo[] = reply.classes.map((c) => ({ id: c.id, name: c.name, color: c.color }));
  const map: LabelMap = { labels, confidence, width: reply.image.width, height: reply.image.height, classes };
  return { map, classes: reply.classes, where: 'server', model, tta: true, ms: performance.now() - started };
}

const browserModels = new Map<string, Promise<SegmentationModel>>();

export function browserModel(source: ModelSource, name: string, threads: number): Promise<SegmentationModel> {
  let model = browserModels.get(name);
  if (!model) {
    model = (async () => {
      const [card, bytes] = await Promise.all([source.card(name), source.onnx(name)]);
      const backend = await createWebBackend(bytes, { wasmPaths: new URL('assets/ort/', document.baseURI).href, threads });
      return createModel({ card, backend, source: `${name} card` });
    })();
    model.catch(() => browserModels.delete(name));
    browserModels.set(name, model);
  }
  return model;
}

export function sharesOf(map: LabelMap): ClassShare[] {
  return classStats(map).map((s) => ({ id: s.id, name: s.name, color: map.classes.find((c) => c.id === s.id)!.color, pixels: s.pixels, share: s.share }));
}

export async function runInBrowser(model: SegmentationModel, raster: RasterImage, tta: boolean): Promise<PageResult> {
  const started = performance.now();
  const map = await segment(model, raster, { confidence: true, ...(tta ? {} : { tta: {} }) });
  return { map, classes: sharesOf(map), where: 'browser', model: model.card.name, tta, ms: performance.now() - started };
}
