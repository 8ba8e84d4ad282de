/**
 * Downloads of the current result, made in the page: label PNG (one grey channel of class ids, 8-bit, 16-bit above
 * 256 classes, as `semseg predict` writes it; fast-png, which runs in browsers), colour PNG and the current view
 * (canvas.toBlob), JSON statistics, COCO RLE (semseg/core's labelMapToRle, the server's own encoder).
 */
import { encode as encodePngSamples } from 'fast-png';
import { colorize, labelMapToRle } from '../core-entry.js';
import type { PageResult } from './runners.js';

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function pngOf(rgb: Uint8Array, width: number, height: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const image = new ImageData(width, height);
  for (let p = 0, s = 0; s < rgb.length; p += 4, s += 3) {
    image.data[p] = rgb[s];
    image.data[p + 1] = rgb[s + 1];
    image.data[p + 2] = rgb[s + 2];
    image.data[p + 3] = 255;
  }
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser made no PNG'))), 'image/png'));
}

export type DownloadKind = 'labels' | 'color' | 'view' | 'json' | 'rle';

export function statsJson(result: PageResult, source: string) {
  return {
    source,
    model: result.model,
    where: result.where,
    tta: result.tta,
    width: result.map.width,
    height: result.map.height,
    ms: Math.round(result.ms),
    classes: result.classes,
  };
}

export async function download(kind: DownloadKind, result: PageResult, view: HTMLCanvasElement, stem: string): Promise<void> {
  const { map } = result;
  if (kind === 'labels') {
    const depth = map.labels instanceof Uint16Array ? 16 : 8;
    const png = encodePngSamples({ width: map.width, height: map.height, data: map.labels, channels: 1, depth });
    save(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), `${stem}.labels.png`);
  } else if (kind === 'color') save(await pngOf(colorize(map), map.width, map.height), `${stem}.color.png`);
  else if (kind === 'view') save(await new Promise<Blob>((resolve) => view.toBlob((b) => resolve(b!), 'image/png')), `${stem}.view.png`);
  else if (kind === 'json') save(new Blob([JSON.stringify(statsJson(result, stem), null, 2)], { type: 'application/json' }), `${stem}.json`);
  else {
    const masks = labelMapToRle(map).map((m) => ({ ...m, name: map.classes.find((c) => c.id === m.classId)?.name }));
    save(new Blob([JSON.stringify({ masks })], { type: 'application/json' }), `${stem}.rle.json`);
  }
}
