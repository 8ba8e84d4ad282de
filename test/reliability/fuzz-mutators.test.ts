/**
 * The fuzz harness's own parts: the container parsers find the fields and units they claim to (sharp confirms the
 * sizes), runs are reproducible from their seed, snapshots see writes through links, and the checks classify exits
 * and error messages as docs/reliability.md says.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { crashReason, itemErrorProblem, lineCode } from '../../bench/fuzz/cli-output.js';
import { crc32 } from '../../bench/fuzz/crc32.js';
import { mutateImage } from '../../bench/fuzz/mutate-image.js';
import { createRandom } from '../../bench/fuzz/random.js';
import { makeSeeds, SEED_HEIGHT, SEED_WIDTH } from '../../bench/fuzz/seeds.js';
import { sizeFields } from '../../bench/fuzz/size-fields.js';
import { changes, snapshot } from '../../bench/fuzz/snapshot.js';
import type { Invocation } from '../../bench/fuzz/spawn-cli.js';
import { removeEntry, tiffIfd } from '../../bench/fuzz/tiff-ifd.js';
import { duplicateUnit, removeUnit, unitsOf } from '../../bench/fuzz/units.js';
import { repoRoot } from '../helpers/paths.js';

const seeds = await makeSeeds(join(repoRoot, 'samples'));

test('every format has size fields, and doubling each one doubles the size sharp reads from the header', async () => {
  for (const seed of seeds.filter((s) => s.sample === seeds[0].sample)) {
    const fields = sizeFields(seed.format, seed.bytes);
    assert.ok(fields.length >= 2, `${seed.format}: ${fields.length} size fields`);
    for (const field of fields.filter((f) => !/frame|VP8X/.test(f.name))) {
      const meta = await sharp(Buffer.from(field.set(seed.bytes, field.value * 2))).metadata();
      const wide = /width/i.test(field.name);
      assert.deepEqual([meta.width, meta.height], wide ? [2 * SEED_WIDTH, SEED_HEIGHT] : [SEED_WIDTH, 2 * SEED_HEIGHT], `${seed.format} ${field.name}`);
    }
  }
});

test('removing or duplicating a unit takes out or repeats exactly that unit, the others parse as before', () => {
  for (const seed of seeds.filter((s) => s.format !== 'tiff')) {
    const format = seed.format as Exclude<typeof seed.format, 'tiff'>;
    const kinds = (bytes: Uint8Array) => unitsOf(format, bytes).map((u) => u.kind);
    const before = kinds(seed.bytes);
    assert.ok(before.length >= 1, format);
    const index = Math.max(0, before.length - 2);
    const unit = unitsOf(format, seed.bytes)[index];
    assert.deepEqual(kinds(removeUnit(format, seed.bytes, unit)), [...before.slice(0, index), ...before.slice(index + 1)], format);
    assert.deepEqual(kinds(duplicateUnit(format, seed.bytes, unit)), [...before.slice(0, index + 1), unit.kind, ...before.slice(index + 1)], format);
  }
});

test('a TIFF IFD entry removal lowers the entry count and keeps the next-IFD offset', () => {
  const tiff = seeds.find((s) => s.format === 'tiff')!;
  const ifd = tiffIfd(tiff.bytes)!;
  const after = tiffIfd(removeEntry(tiff.bytes, ifd, 3))!;
  assert.equal(after.count, ifd.count - 1);
});

test('the PNG CRC matches the one in a real IEND chunk', () => {
  assert.equal(crc32(new TextEncoder().encode('IEND')), 0xae426082);
});

test('the same seed makes the same mutated files, another seed other ones', () => {
  const run = (seed: number) => {
    const random = createRandom(seed);
    return Array.from({ length: 20 }, () => Buffer.from(mutateImage(random.pick(seeds), random).bytes).toString('base64')).join();
  };
  assert.equal(run(5), run(5));
  assert.notEqual(run(5), run(6));
});

test('a snapshot sees a write through a link as a change of the target, and a rename over the link as a change of the link only', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-fuzz-snap-'));
  const out = join(dir, 'out');
  await writeFile(join(dir, 'victim.txt'), 'victim');
  await symlink(join(dir, 'victim.txt'), join(dir, 'link'));
  const before = await snapshot([dir], [out]);
  await writeFile(join(dir, 'link'), 'overwritten');
  assert.deepEqual(changes(before, await snapshot([dir], [out])), [{ path: join(dir, 'victim.txt'), change: 'changed' }]);
  const second = await snapshot([dir], [out]);
  await writeFile(join(dir, 'tmp'), 'new');
  await rename(join(dir, 'tmp'), join(dir, 'link'));
  assert.deepEqual(changes(second, await snapshot([dir], [out])), [{ path: join(dir, 'link'), change: 'changed' }]);
  await rm(dir, { recursive: true });
});

test('crashes are signals, aborts, segfaults, internal errors and stack traces; exits 0, 1 and 2 are not', () => {
  const run = (code: number | null, stderr = '', signal: NodeJS.Signals | null = null): Invocation => ({ args: [], code, signal, stdout: '', stderr, timedOut: false, pid: 1, milliseconds: 1 });
  assert.equal(crashReason(run(null, '', 'SIGABRT')), 'killed by SIGABRT');
  assert.equal(crashReason(run(134)), 'exit 134 (abort)');
  assert.equal(crashReason(run(3, 'error: boom [INTERNAL]\n')), 'exit 3 (internal error)');
  assert.equal(crashReason(run(2, 'error: Error: x\n    at listFolder (file:///a.js:1:1)\n')), 'stack trace on stderr');
  for (const code of [0, 1, 2]) assert.equal(crashReason(run(code, 'error: a.png: truncated PNG [DECODE_FAILED]\n')), undefined);
});

test('an item error must carry a known code and one bounded line', () => {
  assert.equal(itemErrorProblem('DECODE_FAILED', 'truncated PNG'), undefined);
  assert.equal(itemErrorProblem(undefined, 'x'), 'failed item without a code');
  assert.equal(itemErrorProblem('OOPS', 'x'), 'unknown code OOPS');
  assert.equal(itemErrorProblem('DECODE_FAILED', 'a\nb'), 'multi-line error message');
  assert.equal(itemErrorProblem('DECODE_FAILED', 'x'.repeat(501)), 'error message over 500 characters');
  assert.equal(lineCode('error: bad card [INVALID_MODEL_CARD]'), 'INVALID_MODEL_CARD');
  assert.equal(lineCode('error: bad card'), undefined);
});
