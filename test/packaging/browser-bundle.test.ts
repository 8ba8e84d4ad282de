import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { repoRoot } from '../helpers/paths.js';
import { bundleForBrowser, describeNodeOnly } from './bundle.js';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> };
const coreEntry = join(repoRoot, manifest.exports['./core'].default);

test('semseg/core bundles for the browser without Node built-ins, sharp or onnxruntime-node', async () => {
  const { nodeOnly, code } = await bundleForBrowser({ file: coreEntry });
  assert.equal(nodeOnly.length, 0, `semseg/core must stay browser-safe, but:\n${describeNodeOnly(nodeOnly)}`);
  assert.match(code, /createModel/);
  // The backend contract a browser backend (onnxruntime-web) implements is importable on its own, too.
  const contract = await bundleForBrowser({ file: join(repoRoot, 'dist/src/runtime/types.js') });
  assert.deepEqual(contract.nodeOnly, []);
});

test('the bundle check names the import chain that pulls a Node-only module in', async () => {
  const { nodeOnly } = await bundleForBrowser({ file: join(repoRoot, manifest.exports['.'].default) });
  const sharp = nodeOnly.find((i) => i.module === 'sharp');
  assert.ok(sharp, `the Node entry imports sharp; found only ${describeNodeOnly(nodeOnly)}`);
  assert.equal(sharp.chain[0], 'dist/src/index.js');
  assert.ok(sharp.chain.length >= 2, `a chain from the entry to sharp's importer, got ${sharp.chain.join(' -> ')}`);
  const reader = nodeOnly.find((i) => i.module === 'node:fs/promises' && i.chain.at(-1) === 'dist/src/models/read-card.js');
  assert.ok(reader, `read-card.js imports node:fs/promises; found ${describeNodeOnly(nodeOnly)}`);
  assert.deepEqual(reader.chain.slice(0, 1), ['dist/src/index.js']);
});

test('a browser bundle of semseg/core runs createModel + segment in a bare JavaScript context (no Node globals)', async () => {
  const entry = `
    import { createModel, segment, colorize, createConfusionMatrix, computeMetrics } from ${JSON.stringify(coreEntry)};
    import { createFakeBackend, fakeCard } from ${JSON.stringify(join(repoRoot, 'dist/test/packaging/fake-backend.js'))};
    globalThis.result = (async () => {
      const backend = createFakeBackend();
      const model = createModel({ card: fakeCard, backend });
      const red = [0, 255, 10, 200, 128, 127];
      const data = new Uint8Array(red.length * 3);
      red.forEach((r, i) => { data[i * 3] = r; data[i * 3 + 1] = 90; data[i * 3 + 2] = 250; });
      const map = await segment(model, { data, width: 3, height: 2, channels: 3 });
      const matrix = createConfusionMatrix({ numClasses: 2 });
      matrix.update({ labels: Uint8Array.from([0, 1, 0, 1, 1, 0]), width: 3, height: 2 }, map);
      await model.dispose();
      // JSON: arrays made in the other realm have another Array prototype.
      return JSON.stringify({ labels: Array.from(map.labels), colors: Array.from(colorize(map).slice(0, 6)), inputName: model.card.input.name,
        miou: computeMetrics(matrix).mIoU, runs: backend.runs, disposed: backend.disposed });
    })();`;
  const { code, nodeOnly } = await bundleForBrowser({ contents: entry }, 'iife');
  assert.deepEqual(nodeOnly, []);
  // Only what every browser has besides the language itself; no process, Buffer, require, or Node modules.
  const context: Record<string, unknown> = { atob, TextEncoder, TextDecoder, console };
  runInNewContext(code, context);
  const result = JSON.parse(await (context.result as Promise<string>)) as Record<string, unknown>;
  assert.deepEqual(result.labels, [0, 1, 0, 1, 1, 0]);
  assert.deepEqual(result.colors, [0, 0, 0, 255, 0, 0]);
  assert.equal(result.inputName, 'pixels', 'the card took the tensor name from the backend metadata');
  assert.equal(result.miou, 1);
  assert.equal(result.runs, 1);
  assert.equal(result.disposed, true);
});
