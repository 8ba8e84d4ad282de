/**
 * Images into the page: file picker, drag and drop, paste, bundled samples. Decoded by the browser without colour
 * conversion, so the pixels are the file's own (as sharp reads them on the server).
 */
import type { RasterImage } from '../core-entry.js';

export interface PageImage {
  /** What was uploaded (sent as is to the server). */
  blob: Blob;
  name: string;
  /** RGB, as semseg decodes it (`rgb8`). */
  raster: RasterImage;
  /** RGBA for drawing. */
  pixels: ImageData;
}

export async function decodePixels(blob: Blob): Promise<ImageData> {
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('Expected a 2D canvas context but the browser gave none');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return context.getImageData(0, 0, canvas.width, canvas.height, { colorSpace: 'srgb' });
}

export function rgbOf(pixels: ImageData): RasterImage {
  const n = pixels.width * pixels.height;
  const data = new Uint8Array(n * 3);
  const src = pixels.data;
  for (let p = 0, s = 0, o = 0; p < n; p++, s += 4, o += 3) {
    data[o] = src[s];
    data[o + 1] = src[s + 1];
    data[o + 2] = src[s + 2];
  }
  return { data, width: pixels.width, height: pixels.height, channels: 3 };
}

export async function loadImage(blob: Blob, name: string): Promise<PageImage> {
  const pixels = await decodePixels(blob);
  return { blob, name, pixels, raster: rgbOf(pixels) };
}

function firstImage(files: FileList | null | undefined): File | undefined {
  return files ? [...files].find((f) => f.type.startsWith('image/')) ?? files[0] : undefined;
}

/** Calls `onFile` for a picked, dropped or pasted image. */
export function wireImageInputs(picker: HTMLInputElement, dropZone: HTMLElement, onFile: (file: File) => void): void {
  picker.addEventListener('change', () => {
    const file = firstImage(picker.files);
    if (file) onFile(file);
  });
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    const file = firstImage(event.dataTransfer?.files);
    if (file) onFile(file);
  });
  document.addEventListener('paste', (event) => {
    const file = firstImage(event.clipboardData?.files);
    if (file) onFile(file);
  });
}
