/**
 * The embedded `vegetation` model (excess green + per-image Otsu, src/agriculture/vegetation-graph.ts): the committed
 * graph is a fresh build, synthetic fields get exactly the labels the rule gives, and on CWFID's six images the
 * vegetation IoU stays near the published ~0.84 of this baseline. The CWFID tests skip when ../shared is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RasterImage } from '../../src/core/types.js';
import { buildVegetationModel } from '../../src/agriculture/vegetation-graph.js';
import { loadModel } from '../../src/models/load.js';
import { readModelCard } from '../../src/models/read-card.js';
import type { SegmentationModel } from '../../src/models/types.js';
import { predict } from '../../src/pipeline/predict.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import * as ortWeb from 'onnxruntime-web';

const folder = join(repoRoot, 'models', 'vegetation');
const cwfidRoot = join(repoRoot, '..', 'shared', 'data', 'cwfid');
const needsCwfid = existsSync(join(cwfidRoot, 'masks', '001_mask.png')) ? {} : { skip: `CWFID not found at ${cwfidRoot} (../shared is absent)` };

let model: SegmentationModel;
before(async () => {
  model = await loadModel('vegetation', { workers: 1, threadsPerWorker: 1 });
});
after(() => model.dispose());

/** An image painted by `paint(x, y)` -> RGB. */
function image(width: number, height: number, paint: (x: number, y: number) => [number, number, number]): RasterImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 3);
  return { data, width, height, channels: 3 };
}

async function labelsOf(input: RasterImage): Promise<Uint8Array | Uint16Array> {
  const { map } = await predict(model, input, { outputs: [] });
  return map.labels;
}

test('the committed models/vegetation/model.onnx is what tools/vegetation/build-model.mjs writes', () => {
  assert.deepEqual(new Uint8Array(readFileSync(join(folder, 'model.onnx'))), buildVegetationModel());
});

test('the card is valid, names soil and vegetation with their roles, and says it is a rule-based baseline', async () => {
  const card = await readModelCard(join(folder, 'card.json'));
  assert.deepEqual(card.classes.map((c) => c.name), ['soil', 'vegetation']);
  assert.deepEqual(card.roles, { soil: ['soil'], vegetation: ['vegetation'] });
  assert.equal(card.output.kind, 'labels');
  assert.match(card.description, /rule-based baseline/);
});

test('green plants on brown soil (with shading noise): exactly the plant pixels are vegetation', async () => {
  const plant = (x: number, y: number) => (x - 20) ** 2 + (y - 15) ** 2 < 64 || (x > 40 && x < 50 && y > 5 && y < 25);
  const shade = (x: number, y: number) => ((x * 7 + y * 13) % 11) - 5;
  const input = image(64, 32, (x, y) => {
    const s = shade(x, y);
    return plant(x, y) ? [50 + s, 150 + s, 45 + s] : [140 + s, 105 + s, 75 + s];
  });
  const labels = await labelsOf(input);
  let wrong = 0;
  for (let y = 0; y < 32; y++) for (let x = 0; x < 64; x++) if (labels[y * 64 + x] !== (plant(x, y) ? 1 : 0)) wrong++;
  assert.equal(wrong, 0);
});

test('Otsu sets the threshold per image: the same pale green is soil beside deep green and vegetation beside soil', async () => {
  const pale: [number, number, number] = [110, 130, 100];
  const left = (x: number) => x < 16;
  const withDeep = await labelsOf(image(32, 8, (x) => (left(x) ? pale : [30, 200, 30])));
  const withSoil = await labelsOf(image(32, 8, (x) => (left(x) ? pale : [150, 110, 90])));
  assert.deepEqual([withDeep[0], withDeep[31]], [0, 1]);
  assert.deepEqual([withSoil[0], withSoil[31]], [1, 0]);
});

test('an image of one colour (and a black one) is all soil: Otsu has nothing to split', async () => {
  for (const rgb of [[90, 160, 60], [0, 0, 0]] as [number, number, number][]) {
    const labels = await labelsOf(image(9, 7, () => rgb));
    assert.ok(labels.every((l) => l === 0), `rgb(${rgb.join(', ')})`);
  }
});

test('onnxruntime-web (wasm, the browser runtime) gives the labels onnxruntime-node gives: the threshold is exact', async () => {
  let s = 7;
  const noise = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24) - 128;
  const input = image(120, 90, (x, y) => {
    const n = noise() >> 2;
    const leafy = Math.sin(x / 7) * Math.cos(y / 5) > 0.3;
    return (leafy ? [60 + n, 140 + n, 50 + n] : [130 + n, 100 + n, 80 + n]).map((v) => Math.max(0, Math.min(255, v))) as [number, number, number];
  });
  const expected = await labelsOf(input);
  const planes = new Float32Array(3 * 120 * 90);
  for (let p = 0; p < 120 * 90; p++) for (let c = 0; c < 3; c++) planes[c * 120 * 90 + p] = input.data[3 * p + c] / 255;
  ortWeb.env.wasm.numThreads = 1;
  const session = await ortWeb.InferenceSession.create(readFileSync(join(folder, 'model.onnx')));
  try {
    const { labels } = await session.run({ image: new ortWeb.Tensor('float32', planes, [1, 3, 90, 120]) });
    assert.deepEqual(Uint8Array.from(labels.data as BigInt64Array, Number), Uint8Array.from(expected));
    assert.ok(expected.some((l) => l === 1) && expected.some((l) => l === 0));
  } finally {
    await session.release();
  }
});

test('semseg eval on CWFID vegetation masks: vegetation IoU 0.80-0.88, the figure in the card', needsCwfid, async () => {
  const out = await mkdtemp(join(tmpdir(), 'semseg-vegetation-'));
  try {
    const result = await runCli([
      'eval', '--model', 'vegetation', '--dataset', `folder:${cwfidRoot}`, '--pattern', '{images/*_image.png,masks/*_mask.png}',
      '--classes', join(repoRoot, 'docs', 'examples', 'cwfid-vegetation-classes.json'), '--label-encoding', 'colors', '--out', out,
      '--report', 'json', '--bootstrap', '0', '--no-boundary', '--no-calibration', '--workers', '1', '--threads', '1', '--no-progress',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    assert.deepEqual(report.images.map((i: { id: string }) => i.id), ['001_image', '002_image', '003_image', '004_image', '005_image', '006_image']);
    const iou = report.metrics.perClass.IoU[1];
    assert.ok(iou > 0.8 && iou < 0.88, `vegetation IoU ${iou}`);
    for (const record of report.images) assert.ok(record.IoU[1] > 0.78, `image ${record.id}: vegetation IoU ${record.IoU[1]}`);
    const card = await readModelCard(join(folder, 'card.json'));
    const recorded = (card.metrics?.perClassIoU as Record<string, number>).vegetation;
    assert.ok(Math.abs(recorded - iou * 100) < 0.01, `card says ${recorded} %, measured ${iou * 100} %`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
