/**
 * The k worst images, worst first, each as photo | ground truth | prediction | error overlay, downscaled and
 * embedded as data: URIs. The photo is optional: when it is missing or cannot be decoded (predictions scored
 * without their images), the panels show ground truth, prediction and errors only.
 */
import sharp from 'sharp';
import type { ClassInfo } from '../../core/types.js';
import type { EvaluationReport, WorstSample } from '../../evaluation/types.js';
import { decodeImage } from '../../io/decode.js';
import { encodeJpeg, encodePng } from '../../formats/encode.js';
import { esc, int, pct, rgb, swatch } from './format.js';
import { CORRECT_COLOR, IGNORED_COLOR, WRONG_COLOR, downscaleLabels, errorOverlay, paintLabels, topConfusions } from './panel-pixels.js';

/** Panel width in pixels: small enough to keep the report a few MB, large enough to see the errors. */
const PANEL_WIDTH = 320;

/** The image at `path` resized to width x height (RGB), or undefined when it cannot be read. */
export async function photoAt(path: string | undefined, width: number, height: number): Promise<Uint8Array | undefined> {
  if (!path) return undefined;
  try {
    const image = await decodeImage(path);
    const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 3 } })
      .resize(width, height, { fit: 'fill' })
      .raw()
      .toBuffer();
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch {
    return undefined;
  }
}

export const dataUri = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;

function figure(src: string, caption: string, alt: string): string {
  return `<figure><img src="${src}" alt="${esc(alt)}"><figcaption>${caption}</figcaption></figure>`;
}

async function panel(sample: WorstSample, rank: number, classes: ClassInfo[], ignoreIndex: number): Promise<string> {
  const { record, width, height } = sample;
  const w = Math.min(PANEL_WIDTH, width);
  const h = Math.max(1, Math.round((height * w) / width));
  const gt = downscaleLabels(sample.gt, width, height, w, h);
  const pred = downscaleLabels(sample.pred, width, height, w, h);
  const photo = await photoAt(record.imagePath, w, h);
  const figures: string[] = [];
  if (photo) figures.push(figure(dataUri('image/jpeg', await encodeJpeg(photo, w, h, 82)), 'image', `${record.id} image`));
  figures.push(figure(dataUri('image/png', await encodePng(paintLabels(gt, classes), w, h, 3)), 'ground truth', `${record.id} ground truth`));
  figures.push(figure(dataUri('image/png', await encodePng(paintLabels(pred, classes), w, h, 3)), 'prediction', `${record.id} prediction`));
  const errors = errorOverlay(photo, gt, pred, ignoreIndex);
  const errorImage = photo ? dataUri('image/jpeg', await encodeJpeg(errors, w, h, 82)) : dataUri('image/png', await encodePng(errors, w, h, 3));
  figures.push(figure(errorImage, photo ? 'errors over the image' : 'errors (image unavailable)', `${record.id} errors`));
  const confusions = topConfusions(sample.gt, sample.pred, classes.length, ignoreIndex)
    .map((c) => `<span class="pair">${swatch(classes[c.gt].color)}${esc(classes[c.gt].name)} → ${swatch(classes[c.pred].color)}${esc(classes[c.pred].name)} <b>${pct(c.share, 1)} %</b></span>`)
    .join('');
  return `<div class="worst" id="worst-${rank}">
<h3>#${rank} ${esc(record.id)} — mIoU ${pct(record.mIoU)} %, aAcc ${pct(record.aAcc)} %, ${int(record.pixels)} px (${width}×${height})</h3>
${confusions ? `<p class="pairs">Most wrong pixels (ground truth → predicted, share of the image's counted pixels): ${confusions}</p>` : ''}
<div class="panels">${figures.join('')}</div>
</div>`;
}

function legend(classes: ClassInfo[]): string {
  const classItems = classes.map((c) => `<span>${swatch(c.color)}${esc(c.name)}</span>`).join('');
  const key = (color: [number, number, number], text: string) => `<span><i class="sw" style="background:${rgb(color)}"></i>${text}</span>`;
  return `<div class="legend">${classItems}${key(IGNORED_COLOR, 'ignored (not scored)')}</div>
<div class="legend">Error overlay: ${key(CORRECT_COLOR, 'correct: true positive of its class')}${key(WRONG_COLOR, 'wrong: a false negative of the ground-truth class and a false positive of the predicted class')}${key([40, 40, 40], 'darkened: ignored ground truth')}</div>`;
}

export async function worstPanels(report: EvaluationReport, worst: WorstSample[]): Promise<string> {
  if (worst.length === 0) return '<p class="muted">No worst images were kept (<code>--worst 0</code>, or no image had a defined mIoU).</p>';
  const panels: string[] = [];
  for (const [k, sample] of worst.entries()) panels.push(await panel(sample, k + 1, report.classes, report.ignoreIndex));
  return `<p class="muted">The ${worst.length} image(s) with the lowest per-image mIoU, worst first. Panels are downscaled to at most ${PANEL_WIDTH} px wide.</p>${legend(report.classes)}${panels.join('\n')}`;
}
