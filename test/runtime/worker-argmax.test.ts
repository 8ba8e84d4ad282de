/**
 * The argmax taken in the worker (onnxruntime writes the scores into the kernel's memory) must give what the
 * main-thread path gives from the same scores, and fall back to the scores when the output has another shape.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { segment } from '../../src/inference/segment.js';
import { loadModel } from '../../src/models/load.js';
import type { SegmentationModel } from '../../src/models/types.js';
import { encodeOnnxModel, OnnxDataType } from '../../src/models/onnx/model-writer.js';
import { OnnxGraphBuilder } from '../../src/models/onnx/graph-builder.js';
import { fixtureModel, inferenceFixtures, randomImage } from '../inference/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'semseg-worker-argmax-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The same model with the worker-side argmax hidden: segment() then takes the scores path. */
function scoresOnly(model: SegmentationModel): SegmentationModel {
  const { runArgmax: _hidden, ...backend } = model.backend;
  return { ...model, backend };
}

function askArgmax(model: SegmentationModel, width: number, height: number, flip = false) {
  const { card } = model;
  const data = new Float32Array(3 * width * height);
  const request = {
    output: card.output.name!,
    classes: card.classes.length,
    height,
    width,
    confidence: true,
    softmax: true,
    flip: flip ? { input: card.input.name!, layout: card.input.layout } : undefined,
  };
  return model.backend.runArgmax!({ [card.input.name!]: { type: 'float32', data, dims: [1, 3, height, width] } }, request);
}

/** Same labels; confidence within `tolerance` (the JS reference's exp table is good to 3e-6, the kernel's to 1e-7). */
function assertSameMaps(a: Awaited<ReturnType<typeof segment>>, b: Awaited<ReturnType<typeof segment>>, tolerance = 1e-6): void {
  assert.deepEqual(a.labels, b.labels);
  assert.equal(a.confidence?.length, b.confidence?.length);
  const worst = (a.confidence ?? new Float32Array(0)).reduce((m, v, i) => Math.max(m, Math.abs(v - b.confidence![i])), 0);
  assert.ok(worst < tolerance, `confidence differs by ${worst}`);
}

test('worker-side argmax equals the main-thread argmax of the same scores (odd sizes, with and without confidence)', async () => {
  const model = await fixtureModel('conv3');
  try {
    assert.ok(model.backend.runArgmax, 'the onnxruntime backend takes argmax requests');
    assert.equal((await askArgmax(model, 37, 23)).kind, 'labels');
    for (const [w, h, confidence] of [[37, 23, true], [64, 48, false], [1, 1, true]] as const) {
      const image = randomImage(w, h, w * h);
      assertSameMaps(await segment(model, image, { confidence }), await segment(scoresOnly(model), image, { confidence }));
    }
  } finally {
    await model.dispose();
  }
});

test('flip TTA in the worker equals the row pipeline (softmax of both runs averaged, the mirror run mirrored back)', async () => {
  const model = await fixtureModel('conv3');
  try {
    for (const [w, h] of [[37, 23], [64, 48], [3, 2], [1, 5]] as const) {
      const image = randomImage(w, h, w + 13 * h);
      const options = { tta: { flip: true } };
      assertSameMaps(await segment(model, image, options), await segment(scoresOnly(model), image, options), 1e-5);
    }
  } finally {
    await model.dispose();
  }
});

test('flip TTA mirrors NHWC inputs pixel by pixel', async () => {
  const model = await loadModel(nhwcModel(), { workers: 1, threadsPerWorker: 1 });
  try {
    assert.equal(model.card.input.layout, 'NHWC');
    const image = randomImage(40, 30, 11);
    const options = { tta: { flip: true } };
    assertSameMaps(await segment(model, image, options), await segment(scoresOnly(model), image, options), 1e-5);
  } finally {
    await model.dispose();
  }
});

function writeModel(name: string, build: (g: OnnxGraphBuilder) => void, input: number[], output: number[], cardInput: Record<string, unknown>): string {
  const g = new OnnxGraphBuilder();
  build(g);
  const bytes = encodeOnnxModel({
    irVersion: 8,
    opsetVersion: 17,
    producerName: 'semseg-test',
    producerVersion: '1',
    graph: {
      name,
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [{ name: 'input', dataType: OnnxDataType.FLOAT, dims: input }],
      outputs: [{ name: 'logits', dataType: OnnxDataType.FLOAT, dims: output }],
    },
  });
  const path = join(dir, `${name}.onnx`);
  writeFileSync(path, bytes);
  const card = JSON.parse(readFileSync(join(inferenceFixtures, 'pointwise.card.json'), 'utf8'));
  writeFileSync(join(dir, `${name}.card.json`), JSON.stringify({ ...card, name, input: { ...card.input, ...cardInput } }));
  return path;
}

/** NHWC input (40x30), transposed to NCHW, then a 1x1 convolution to 5 classes with a horizontal 1x3 blur first. */
function nhwcModel(): string {
  return writeModel(
    'nhwc',
    (g) => {
      const planes = g.uniqueName('planes');
      g.node('Transpose', ['input'], planes, { perm: [0, 3, 1, 2] });
      const blurred = g.uniqueName('blurred');
      // Asymmetric horizontal kernel: a wrong mirror (or none) changes the answer.
      const blur = Float32Array.from({ length: 9 * 3 }, (_, i) => (i % 3 === 0 ? 0.7 : i % 3 === 1 ? 0.2 : 0.1) * (Math.floor(i / 9) === Math.floor(i / 3) % 3 ? 1 : 0));
      g.node('Conv', [planes, g.float('blur', [3, 3, 1, 3], blur)], blurred, { pads: [0, 1, 0, 1] });
      g.node('Conv', [blurred, g.float('weight', [5, 3, 1, 1], Float32Array.from({ length: 15 }, (_, i) => Math.cos(i * 1.7)))], 'logits');
    },
    [1, 30, 40, 3],
    [1, 5, 30, 40],
    { layout: 'NHWC', size: { mode: 'fixed', width: 40, height: 30 } },
  );
}

/** A 2x2 average pool then a 1x1 convolution to 5 classes: 40x30 in, scores at 20x15. */
function halfResolutionModel(): string {
  return writeModel(
    'half',
    (g) => {
      const pooled = g.uniqueName('pooled');
      g.node('AveragePool', ['input'], pooled, { kernel_shape: [2, 2], strides: [2, 2] });
      g.node('Conv', [pooled, g.float('weight', [5, 3, 1, 1], Float32Array.from({ length: 15 }, (_, i) => Math.sin(i + 1)))], 'logits');
    },
    [1, 3, 30, 40],
    [1, 5, 15, 20],
    { size: { mode: 'fixed', width: 40, height: 30 } },
  );
}

test('an output of another size falls back to the scores and is resized like before', async () => {
  const model = await loadModel(halfResolutionModel(), { workers: 1, threadsPerWorker: 1 });
  try {
    assert.equal((await askArgmax(model, 40, 30)).kind, 'scores');
    const image = randomImage(40, 30, 7);
    const map = await segment(model, image);
    assert.equal(map.labels.length, 40 * 30);
    assertSameMaps(map, await segment(scoresOnly(model), image));
    // The second call at the same size skips the attempt; the answer stays the same.
    assertSameMaps(await segment(model, image), map);
    // Flip TTA is declined by the worker and runs through the row pipeline.
    assert.equal((await askArgmax(model, 40, 30, true)).kind, 'declined');
    const options = { tta: { flip: true } };
    assertSameMaps(await segment(model, image, options), await segment(scoresOnly(model), image, options));
  } finally {
    await model.dispose();
  }
});

test('a run that fails for another reason than the output shape does not turn the worker-side argmax off', async () => {
  const model = await fixtureModel('conv3');
  try {
    const { card } = model;
    const [width, height] = [24, 16];
    const request = { output: card.output.name!, classes: card.classes.length, height, width, confidence: true, softmax: true };
    // Same input shape, wrong element type: onnxruntime refuses the run; it must fail, not be taken for a shape mismatch.
    const wrongType = () => ({ [card.input.name!]: { type: 'int32' as const, data: new Int32Array(3 * width * height), dims: [1, 3, height, width] } });
    await assert.rejects(model.backend.runArgmax!(wrongType(), request), (e: Error & { code?: string }) => e.code === 'INFERENCE_FAILED');
    await assert.rejects(model.backend.runArgmax!(wrongType(), { ...request, flip: { input: card.input.name!, layout: 'NCHW' } }), (e: Error & { code?: string }) => e.code === 'INFERENCE_FAILED');
    assert.equal((await askArgmax(model, width, height)).kind, 'labels');
    assert.equal((await askArgmax(model, width, height, true)).kind, 'labels');
  } finally {
    await model.dispose();
  }
});
