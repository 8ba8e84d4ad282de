/**
 * bench/models: the child's report parsing, the markdown section and its placement between the markers, and one
 * quick run of every contender on a small fixture (no timing asserted: only that each answers a full report).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { END_MARKER, START_MARKER, modelsMarkdown, parseChildReport, replaceSection, throughputOf, timingOf, type ModelRow } from '../../bench/models/report.js';
import { runChild } from '../../bench/models/spawn-child.js';
import { fixturesDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const machine = { cpu: 'Test CPU', cores: 2, node: 'v20', onnxruntime: '1.30.0', transformersJs: '4.3.2', semseg: '0.1.0', date: '2026-12-02', command: 'npm run bench' };

test('the child report is the last JSON line of its stdout, with finite samples', () => {
  const report = parseChildReport('onnxruntime says hello\n{"contender":"raw","samples":[3,1,2],"maxRssMb":100.5}\n');
  assert.deepEqual(report, { contender: 'raw', samples: [3, 1, 2], maxRssMb: 100.5 });
  assert.throws(() => parseChildReport('no report here\n'), /Expected a JSON report/);
  assert.throws(() => parseChildReport('{"contender":"raw","samples":[],"maxRssMb":1}'), /finite samples/);
  assert.throws(() => parseChildReport('{"contender":"raw","samples":[1,null],"maxRssMb":1}'), /finite samples/);
});

test('timings are summarised as median and minimum, throughput as median and best round', () => {
  assert.deepEqual(timingOf({ contender: 'semseg', samples: [40, 10, 30, 20], maxRssMb: 7 }), { median: 25, min: 10, runs: 4, maxRssMb: 7 });
  assert.deepEqual(throughputOf('2x1', { contender: 'throughput', samples: [3, 5, 4], maxRssMb: 9 }), { setup: '2x1', median: 4, max: 5, maxRssMb: 9 });
});

test('the section has one row per model and size, with ratios of medians and of minima', () => {
  const row: ModelRow = {
    model: 'street', network: 'LR-ASPP', logits: '1/8', size: '2048x1024',
    raw: { median: 100, min: 80, runs: 20, maxRssMb: 200 },
    semseg: { median: 150, min: 100, runs: 20, maxRssMb: 300 },
    transformersJs: { median: 1200, min: 900, runs: 20, maxRssMb: 900 },
    throughput: [{ setup: '1x2', median: 6.5, max: 7, maxRssMb: 310 }, { setup: '2x1', median: 8.25, max: 9, maxRssMb: 400 }],
  };
  const partial: ModelRow = { model: 'unet-r18', network: 'U-Net', logits: 'input size', size: '512x512', raw: row.raw, throughput: [] };
  const section = modelsMarkdown(machine, [row, partial]);
  assert.ok(section.startsWith(START_MARKER) && section.endsWith(END_MARKER));
  assert.match(section, /Test CPU, 2 cores; Node v20; onnxruntime-node 1\.30\.0; @huggingface\/transformers 4\.3\.2/);
  assert.match(section, /\| street \| 1\/8 \| 2048x1024 \| 100 \(80\) \| 150 \(100\) \| 1200 \(900\) \| 1\.50 \(1\.25\) \| \*\*8\.00 \(9\.00\)\*\* \|/);
  assert.match(section, /\| street \| 2048x1024 \| 200 \| 300 \| 900 \| 6\.50 \(7\.00\) \(310\) \| 8\.25 \(9\.00\) \(400\) \|/);
  assert.match(section, /\| unet-r18 \| input size \| 512x512 \| 100 \(80\) \| — \| — \| — \| \*\*—\*\* \|/);
  assert.match(section, /\| unet-r18 \| 512x512 \| 200 \| — \| — \| — \| — \|/);
});

test('the section replaces only what lies between the markers, or is appended under a heading', () => {
  const doc = `# Benchmarks\n\nhand-written\n\n${START_MARKER}\nold figures\n${END_MARKER}\n\nmore hand-written\n`;
  const replaced = replaceSection(doc, `${START_MARKER}\nnew\n${END_MARKER}`, '## Models');
  assert.equal(replaced, `# Benchmarks\n\nhand-written\n\n${START_MARKER}\nnew\n${END_MARKER}\n\nmore hand-written\n`);
  assert.equal(replaceSection('# Benchmarks\n\ntext\n', 'S', '## Models'), '# Benchmarks\n\ntext\n\n## Models\n\nS\n');
});

test('every contender runs a small Hugging Face folder in its own process and reports', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-bench-models-'));
  try {
    const folder = join(dir, 'segformer-b0');
    await cp(join(fixturesDir, 'families', 'segformer-b0'), folder, { recursive: true });
    const imported = await runCli(['models', 'import', folder]);
    assert.equal(imported.code, 0, imported.stderr);
    const base = { folder, image: join(fixturesDir, 'families', 'images', 'grace_hopper-389x457.png'), width: 389, height: 457, warmup: 1, runs: 2 };
    for (const contender of ['raw', 'semseg', 'transformers.js'] as const) {
      const report = await runChild({ ...base, contender });
      assert.equal(report.contender, contender);
      assert.equal(report.samples.length, 2);
      assert.ok(report.samples.every((ms) => ms > 0), `${contender}: ${report.samples}`);
      assert.ok(report.maxRssMb > 10, `${contender}: RSS ${report.maxRssMb} MB`);
    }
    const throughput = await runChild({ ...base, contender: 'throughput', workers: 2, threadsPerWorker: 1, images: 3, runs: 1 });
    assert.equal(throughput.samples.length, 1);
    assert.ok(throughput.samples[0] > 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
