// Builds the figures of docs/semantic-vs-instance.md from one CamVid test frame (samples/) and the embedded
// street model: the frame, its semantic label map, instances (connected components of the thing classes),
// a panoptic-style map (stuff by class, things by instance) and boxes from the components. Prints the counts the
// page quotes.
//   npx tsc -p tsconfig.json && node tools/figures/semantic-vs-instance.mjs
import sharp from 'sharp';
import { loadModel, predict, colorize, findInstances } from '../../dist/src/index.js';

const FRAME = 'samples/camvid-0001TP_008550.png';
const OUT = 'docs/figures';
const THINGS = ['car', 'pedestrian', 'bicyclist'];
const MIN_BOX_AREA = 30;
const SIZE = { width: 320, height: 240 };

const model = await loadModel('street', { workers: 1 });
let map;
try {
  ({ map } = await predict(model, FRAME, { outputs: [] }));
} finally {
  await model.dispose();
}
const { width, height } = map;
const things = map.classes.filter((c) => THINGS.includes(c.name)).map((c) => c.id);
const found = findInstances(map, { classes: things, connectivity: 8 });

// A distinct colour per instance (golden-angle hues), fixed by instance id.
function instanceColor(id) {
  const h = (id * 137.508) % 360;
  const [s, l] = [0.75, 0.55];
  const f = (n) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

async function save(name, rgb, kernel = 'nearest') {
  await sharp(Buffer.from(rgb), { raw: { width, height, channels: 3 } }).resize({ ...SIZE, kernel }).png({ palette: true, compressionLevel: 9 }).toFile(`${OUT}/${name}`);
}

const semantic = colorize(map);
const instances = new Uint8Array(width * height * 3).fill(40);
const panoptic = Uint8Array.from(semantic);
for (let i = 0; i < found.ids.length; i++) {
  const id = found.ids[i];
  if (id === 0) continue;
  const c = instanceColor(id);
  instances.set(c, i * 3);
  panoptic.set(c, i * 3);
}

const { data: frame } = await sharp(FRAME).removeAlpha().raw().toBuffer({ resolveWithObject: true });
const boxes = new Uint8Array(frame);
const kept = found.instances.filter((i) => i.area >= MIN_BOX_AREA);
for (const instance of kept) {
  const [x0, y0, w, h] = instance.bbox;
  const c = instanceColor(instance.id);
  for (let t = 0; t < 2; t++) {
    for (let x = x0; x < x0 + w; x++) for (const y of [y0 + t, y0 + h - 1 - t]) if (y >= 0 && y < height) boxes.set(c, (y * width + x) * 3);
    for (let y = y0; y < y0 + h; y++) for (const x of [x0 + t, x0 + w - 1 - t]) if (x >= 0 && x < width) boxes.set(c, (y * width + x) * 3);
  }
}

await save('street-frame.png', frame, 'lanczos3');
await save('street-semantic.png', semantic);
await save('street-instances.png', instances);
await save('street-panoptic.png', panoptic);
await save('street-boxes.png', boxes, 'lanczos3');

const byClass = {};
for (const i of found.instances) {
  const name = map.classes.find((c) => c.id === i.classId).name;
  byClass[name] = (byClass[name] ?? 0) + 1;
}
console.log(JSON.stringify({ frame: FRAME, connectivity: 8, instances: found.instances.length, byClass, boxes: kept.length, minBoxArea: MIN_BOX_AREA }));
