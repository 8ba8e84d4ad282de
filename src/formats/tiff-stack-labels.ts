/**
 * A label volume -> a multi-page TIFF (one page per k slice, as io/tiff-stack.ts reads them), DEFLATE-compressed,
 * 8-bit grey (16-bit for label ids above 255), written by sharp (libvips) from raw samples with a page height.
 */
import sharp from 'sharp';
import { expected } from '../core/errors.js';

export async function encodeTiffStackLabels(labels: Uint8Array | Uint16Array, dims: readonly [number, number, number]): Promise<Buffer> {
  const [width, height, pages] = dims;
  if (labels.length !== width * height * pages) throw expected(`${width * height * pages} labels (${dims.join(' x ')})`, 'labels', labels.length);
  const wide = labels instanceof Uint16Array;
  return sharp(labels, { raw: { width, height: height * pages, channels: 1, pageHeight: height }, limitInputPixels: false })
    .toColourspace(wide ? 'grey16' : 'b-w')
    .tiff({ compression: 'deflate' })
    .toBuffer();
}
