/**
 * The parity images, as raw RGB at the model's size (resized here, once, so both runtimes see identical pixels):
 * matplotlib's grace_hopper.jpg and the CamVid test frames with the most pedestrian pixels (label 9), cropped to a
 * square around the pedestrians so that people fill a good part of the frame.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const GRACE_HOPPER = ['/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg', '/usr/share/matplotlib/sample_data/grace_hopper.jpg'];
const CAMVID = '/work/shared/data/camvid';
const PEDESTRIAN = 9;

/** `count` CamVid test frames with the most pedestrian pixels, with the pedestrians' bounding box. */
async function pedestrianFrames(count) {
  const frames = [];
  for (const file of readdirSync(join(CAMVID, 'testannot')).sort()) {
    const { data, info } = await sharp(join(CAMVID, 'testannot', file)).raw().toBuffer({ resolveWithObject: true });
    const box = { pixels: 0, top: Infinity, left: Infinity, bottom: -1, right: -1 };
    for (let i = 0; i < info.width * info.height; i += 1) {
      if (data[i * info.channels] !== PEDESTRIAN) continue;
      const y = Math.floor(i / info.width);
      const x = i % info.width;
      Object.assign(box, { pixels: box.pixels + 1, top: Math.min(box.top, y), left: Math.min(box.left, x), bottom: Math.max(box.bottom, y), right: Math.max(box.right, x) });
    }
    frames.push({ file, box, width: info.width, height: info.height });
  }
  return frames.sort((a, b) => b.box.pixels - a.box.pixels).slice(0, count);
}

/** A square crop of side 1.5x the box's larger side (160 px at least), centred on the box, inside the frame. */
function cropAround({ box, width, height }) {
  const side = Math.min(width, height, Math.max(160, Math.round(1.5 * Math.max(box.bottom - box.top, box.right - box.left))));
  const clamp = (value, max) => Math.min(Math.max(value, 0), max);
  return {
    left: clamp(Math.round((box.left + box.right - side) / 2), width - side),
    top: clamp(Math.round((box.top + box.bottom - side) / 2), height - side),
    width: side,
    height: side,
  };
}

const toRgb = async (pipeline, width, height) => {
  const { data, info } = await pipeline.resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB, got ${info.channels} channels`);
  return new Uint8Array(data);
};

export async function parityImages({ width, height, camvidFrames = 6 }) {
  const hopper = GRACE_HOPPER.find((path) => existsSync(path));
  if (!hopper) throw new Error('grace_hopper.jpg not found: apt-get install -y python3-matplotlib');
  const images = [{ name: 'grace_hopper.jpg', source: hopper, rgb: await toRgb(sharp(hopper), width, height) }];
  for (const frame of await pedestrianFrames(camvidFrames)) {
    const source = join(CAMVID, 'test', frame.file);
    const crop = cropAround(frame);
    images.push({ name: `camvid/test/${frame.file}`, source, crop, pedestrianPixels: frame.box.pixels, rgb: await toRgb(sharp(source).extract(crop), width, height) });
  }
  return images.map((image) => ({ ...image, width, height }));
}
