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

function askArgmax(model: SegmentationModel, width: number, height: number) {
  const { card } = model;
  const data = new Float32Array(3 * width * height);
  const request = { output: card.output.name!, classes: card.classes.length, height, width, confidence: true, softmax: true };
  return model.backend.runArgmax!({ [card.input.name!]: { type: 'float32', data, dims: [1, 3, height, width] } }, request);
}

function assertSameMaps(a: Awaited<ReturnType<typeof segment>>, b: Awaited<ReturnType<typeof segment>>): void {
  assert.deepEqual(a.labels, b.labels);
  assert.equal(a.confidence?.length, b.confidence?.length);
  const worst = (a.confidence ?? new Float32Array(0)).reduce((m, v, i) => Math.max(m, Math.abs(v - b.confidence![i])), 0);
  assert.ok(worst < 1e-6, `confidence differs by ${worst}`);
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

/** A 2x2 average pool then a 1x1 convolution to 5 classes: 40x30 in, scores at 20x15. */
function halfResolutionModel(): string {
  const g = new OnnxGraphBuilder();
  const weights = Float32Array.from({ length: 15 }, (_, i) => Math.sin(i + 1));
  const pooled = g.uniqueName('pooled');
  g.node('AveragePool', ['input'], pooled, { kernel_shape: [2, 2], strides: [2, 2] });
  g.node('Conv', [pooled, g.float('weight', [5, 3, 1, 1], weights)], 'logits');
  const bytes = encodeOnnxModel({
    irVersion: 8,
    opsetVersion: 17,
    producerName: 'semseg-test',
    producerVersion: '1',
    graph: {
      name: 'half',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [{ name: 'input', dataType: OnnxDataType.FLOAT, dims: [1, 3, 30, 40] }],
      outputs: [{ name: 'logits', dataType: OnnxDataType.FLOAT, dims: [1, 5, 15, 20] }],
    },
  });
  const path = join(dir, 'half.onnx');
  writeFileSync(path, bytes);
  const card = JSON.parse(readFileSync(join(inferenceFixtures, 'pointwise.card.json'), 'utf8'));
  writeFileSync(join(dir, 'half.card.json'), JSON.stringify({ ...card, name: 'half', input: { ...card.input, size: { mode: 'fixed', width: 40, height: 30 } } }));
  return path;
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
  } finally {
    await model.dispose();
  }
});
