import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameInputs } from '../../src/cli/output-names.js';

test('folder inputs keep their sub-path; direct files keep their base name; equal names get a suffix', () => {
  const named = nameInputs([
    { path: '/data/a/x.png', folder: '/data' },
    { path: '/data/b/x.png', folder: '/data' },
    { path: '/elsewhere/x.png' },
    { path: '/other/x.jpg' },
  ]);
  assert.deepEqual(named.map((n) => n.name), ['a/x', 'b/x', 'x', 'x-2']);
});
