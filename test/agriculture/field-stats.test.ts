/**
 * Field statistics on synthetic label maps with answers worked out by hand: cover, shares, weed/crop ratio, weed
 * patches (count, sizes, boxes, the minimum size, connectivity), pixel-weighted field totals, roles from the card
 * or the flags, and the CSV tables.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClassInfo } from '../../src/core/types.js';
import { fieldImageStats, fieldTotals, weedComponents } from '../../src/agriculture/field-stats.js';
import { buildFieldReport } from '../../src/agriculture/field-report.js';
import { fieldImagesCsv, fieldPatchesCsv, fieldTotalsCsv } from '../../src/agriculture/field-csv.js';
import { resolveRoles } from '../../src/agriculture/roles.js';
import { parseModelCard } from '../../src/models/card.js';

const CLASSES: ClassInfo[] = ['soil', 'crop', 'weed', 'stone'].map((name, id) => ({ id, name, color: [id * 60, 100, 0] }));
const ROLES = { soil: ['soil'], crop: ['crop'], weed: ['weed'] };

/** s soil, c crop, w weed, x stone (no role). */
function labelMap(rows: string[]) {
  const codes: Record<string, number> = { s: 0, c: 1, w: 2, x: 3 };
  return { labels: Uint8Array.from(rows.join('').split(''), (ch) => codes[ch]), width: rows[0].length, height: rows.length };
}

const FIELD = labelMap([
  'ww..ccsw'.replace(/\./g, 's'),
  'wwsscccs',
  'ssssccxs',
  'swssssss',
  'ssw sssw'.replace(' ', 's'),
]);

test('cover, shares and weed/crop ratio of a 8x5 map', () => {
  const { roleOf } = resolveRoles(CLASSES, ROLES);
  const stats = fieldImageStats(FIELD, roleOf, weedComponents(FIELD, roleOf));
  // weed 8 px (rows: 3, 2, 0, 1, 2), crop 7 (2, 3, 2), stone 1, soil 24 of 40
  assert.deepEqual(stats.counts, { pixels: 40, crop: 7, weed: 8, soil: 24, otherVegetation: 0, other: 1 });
  assert.equal(stats.cover, 15 / 40);
  assert.equal(stats.cropShare, 7 / 40);
  assert.equal(stats.weedShare, 8 / 40);
  assert.equal(stats.soilShare, 24 / 40);
  assert.equal(stats.weedCropRatio, 8 / 7);
});

test('weed patches: 8-connectivity joins the diagonal pair, 4 does not; sizes, boxes, largest and mean', () => {
  const { roleOf } = resolveRoles(CLASSES, ROLES);
  const eight = fieldImageStats(FIELD, roleOf, weedComponents(FIELD, roleOf, { connectivity: 8 }));
  // (0..1, 0..1) 4 px; (7,0) 1 px; (1,3)+(2,4) diagonal 2 px; (7,4) 1 px
  assert.deepEqual(eight.patches.map((p) => [p.id, p.pixels]), [[1, 4], [2, 1], [3, 2], [4, 1]]);
  assert.deepEqual(eight.patches[2].bbox, { x: 1, y: 3, width: 2, height: 2 });
  assert.equal(eight.largestPatchPixels, 4);
  assert.equal(eight.meanPatchPixels, 2);
  const four = fieldImageStats(FIELD, roleOf, weedComponents(FIELD, roleOf, { connectivity: 4 }));
  assert.deepEqual(four.patches.map((p) => p.pixels), [4, 1, 1, 1, 1]);
});

test('patches below the minimum size are not listed but their pixels stay weed', () => {
  const { roleOf } = resolveRoles(CLASSES, ROLES);
  const stats = fieldImageStats(FIELD, roleOf, weedComponents(FIELD, roleOf, { minPatchPixels: 2 }));
  assert.deepEqual(stats.patches.map((p) => [p.id, p.pixels]), [[1, 4], [2, 2]]);
  assert.equal(stats.counts.weed, 8);
});

test('no crop: the ratio is null; no weed: no patches and a mean of null', () => {
  const { roleOf } = resolveRoles(CLASSES, ROLES);
  const weedOnly = labelMap(['wws', 'sss']);
  assert.equal(fieldImageStats(weedOnly, roleOf, weedComponents(weedOnly, roleOf)).weedCropRatio, null);
  const cropOnly = labelMap(['ccs', 'sss']);
  const stats = fieldImageStats(cropOnly, roleOf, weedComponents(cropOnly, roleOf));
  assert.deepEqual([stats.patches.length, stats.largestPatchPixels, stats.meanPatchPixels, stats.weedCropRatio], [0, 0, null, 0]);
});

test('field totals are pixel-weighted: pixels summed, not shares averaged', () => {
  const { roleOf } = resolveRoles(CLASSES, ROLES);
  const small = labelMap(['cw']); // 2 px: cover 1
  const large = labelMap(['ssss', 'sssc']); // 8 px: cover 1/8
  const images = [small, large].map((m) => fieldImageStats(m, roleOf, weedComponents(m, roleOf)));
  const totals = fieldTotals('plot', images, 1);
  assert.equal(totals.cover, 3 / 10);
  assert.equal(totals.weedCropRatio, 1 / 2);
  assert.deepEqual([totals.images, totals.failed, totals.patchCount, totals.counts.pixels], [2, 1, 1, 10]);
});

test('roles: flags replace the card roles as a whole; unknown names and doubled classes are coded errors', () => {
  const viaFlags = resolveRoles(CLASSES, ROLES, { weed: ['crop', 'weed'] });
  assert.deepEqual(viaFlags.roles, { crop: [], weed: ['crop', 'weed'], soil: [], vegetation: [] });
  assert.throws(() => resolveRoles(CLASSES, ROLES, { weed: ['thistle'] }), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /class names of the model .* for --weed-classes but received "thistle"/.test(e.message));
  assert.throws(() => resolveRoles(CLASSES, { crop: ['crop'], weed: ['crop'] }), /one role per class for roles.weed of the model card/);
  assert.throws(() => resolveRoles(CLASSES, undefined), /crop, weed or vegetation classes/);
});

test('a card with roles naming unknown classes is refused when the card is read', () => {
  const card = { name: 'x', classes: CLASSES, roles: { weed: ['thistle'] } };
  assert.throws(() => parseModelCard(card, 'test card'), /roles\.weed.*"thistle"/s);
  assert.deepEqual(parseModelCard({ ...card, roles: ROLES }, 'test card').roles, ROLES);
});

test('CSV tables: one row per image (a failed one with its code), per patch, per field and all fields', () => {
  const { roleOf, roles } = resolveRoles(CLASSES, ROLES);
  const stats = fieldImageStats(FIELD, roleOf, weedComponents(FIELD, roleOf));
  const report = buildFieldReport(
    [
      { file: 'a/1.png', field: 'a', ok: true, stats },
      { file: 'a/2.png', field: 'a', ok: false, code: 'DECODE_FAILED', error: 'Expected a decodable image, "bad"' },
      { file: 'b/3.png', field: 'b', ok: true, stats },
    ],
    { model: { name: 'm', version: '1' }, roles, options: { connectivity: 8, minPatchPixels: 1 } },
  );
  const images = fieldImagesCsv(report).trim().split('\n');
  assert.equal(images.length, 4);
  assert.equal(images[1], 'a,a/1.png,ok,,8,5,40,0.375,0.175,0.2,0.6,1.1428571428571428,4,4,2,');
  assert.equal(images[2], 'a,a/2.png,failed,DECODE_FAILED,,,,,,,,,,,,"Expected a decodable image, ""bad"""');
  assert.equal(fieldPatchesCsv(report).trim().split('\n').length, 1 + 8);
  const totals = fieldTotalsCsv(report).trim().split('\n');
  assert.deepEqual(totals.map((line) => line.split(',').slice(0, 4).join(',')), ['field,images,failed,pixels', 'a,1,1,40', 'b,1,0,40', 'all fields,2,1,80']);
});
