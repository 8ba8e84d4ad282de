/**
 * Webcam: the person model in this browser; the background blurred, painted or replaced, with soft edges from the
 * person probability (optionally smoothed over frames). A frame that arrives while the model is busy is dropped.
 */
import { segment, type RasterImage } from '../core-entry.js';
import { byId } from './dom.js';
import type { PageImage } from './image-input.js';
import { rgbOf } from './image-input.js';
import type { ModelSource } from './model-source.js';
import { browserModel } from './runners.js';

const SMOOTHING = 0.6;

/** Person probability per pixel from labels + winner confidence; blended with the previous frame when smoothing. */
function personProbability(labels: Uint8Array | Uint16Array, confidence: Float32Array, previous: Float32Array | undefined, smooth: boolean): Float32Array {
  const p = new Float32Array(labels.length);
  for (let i = 0; i < p.length; i++) {
    const own = labels[i] === 1 ? confidence[i] : 1 - confidence[i];
    p[i] = smooth && previous ? SMOOTHING * previous[i] + (1 - SMOOTHING) * own : own;
  }
  return p;
}

function background(context: CanvasRenderingContext2D, video: HTMLVideoElement, pageImage: PageImage | undefined): ImageData {
  const { width, height } = context.canvas;
  const effect = byId<HTMLSelectElement>('cam-effect').value;
  context.save();
  if (effect === 'blur') {
    context.filter = 'blur(10px)';
    context.drawImage(video, 0, 0, width, height);
  } else if (effect === 'image' && pageImage) {
    const canvas = new OffscreenCanvas(pageImage.pixels.width, pageImage.pixels.height);
    canvas.getContext('2d')!.putImageData(pageImage.pixels, 0, 0);
    context.drawImage(canvas, 0, 0, width, height);
  } else {
    context.fillStyle = byId<HTMLInputElement>('cam-color').value;
    context.fillRect(0, 0, width, height);
  }
  context.restore();
  return context.getImageData(0, 0, width, height);
}

export function wireWebcam(source: ModelSource, threads: number, pageImage: () => PageImage | undefined): void {
  const out = byId<HTMLCanvasElement>('cam-out');
  const context = out.getContext('2d', { willReadFrequently: true })!;
  let stream: MediaStream | undefined;
  let running = false;

  byId('cam-start').addEventListener('click', async () => {
    if (running) return;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: false });
    } catch (error) {
      byId('status').textContent = `No camera: ${(error as Error).message}`;
      return;
    }
    const model = await browserModel(source, 'person', threads);
    const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: stream });
    await video.play();
    running = true;
    let busy = false;
    let dropped = 0;
    let frames = 0;
    let since = performance.now();
    let previous: Float32Array | undefined;
    const tick = () => {
      if (!running) return;
      requestAnimationFrame(tick);
      if (busy) {
        dropped++;
        byId('cam-dropped').textContent = `dropped ${dropped}`;
        return;
      }
      busy = true;
      const { width, height } = out;
      context.drawImage(video, 0, 0, width, height);
      const frame = context.getImageData(0, 0, width, height);
      const raster: RasterImage = rgbOf(frame);
      const started = performance.now();
      segment(model, raster, { confidence: true })
        .then((map) => {
          const ms = performance.now() - started;
          previous = personProbability(map.labels, map.confidence!, previous, byId<HTMLInputElement>('cam-smooth').checked);
          const back = background(context, video, pageImage());
          const d = back.data;
          for (let i = 0; i < previous.length; i++) {
            const p = previous[i];
            for (let c = 0; c < 3; c++) d[i * 4 + c] = frame.data[i * 4 + c] * p + d[i * 4 + c] * (1 - p);
          }
          context.putImageData(back, 0, 0);
          frames++;
          const now = performance.now();
          if (now - since >= 500) {
            byId('cam-fps').textContent = `FPS ${((frames * 1000) / (now - since)).toFixed(1)}`;
            frames = 0;
            since = now;
          }
          byId('cam-ms').textContent = `inference ${ms.toFixed(0)} ms`;
          out.dataset.frames = String(Number(out.dataset.frames ?? 0) + 1);
        })
        .catch((error: Error) => (byId('status').textContent = `Webcam: ${error.message}`))
        .finally(() => (busy = false));
    };
    tick();
  });
  byId('cam-stop').addEventListener('click', () => {
    running = false;
    stream?.getTracks().forEach((t) => t.stop());
  });
}
