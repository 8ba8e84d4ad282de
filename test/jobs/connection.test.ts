import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQueueUrl, queueTarget } from '../../src/jobs/index.js';
import { codeOf, jobFailure } from '../../src/jobs/failure.js';
import { SemsegError } from '../../src/core/errors.js';

test('queue URLs: host, port, db, credentials; bad ones are INVALID_ARGUMENT naming --queue', () => {
  assert.deepEqual(parseQueueUrl('redis://10.0.0.5:6390/3'), { host: '10.0.0.5', port: 6390, db: 3, maxRetriesPerRequest: null });
  assert.deepEqual(parseQueueUrl('rediss://u:p%40ss@h'), { host: 'h', port: 6379, db: 0, username: 'u', password: 'p@ss', tls: {}, maxRetriesPerRequest: null });
  for (const bad of ['localhost:6379', 'http://h:1/0', 'redis://h:1/x']) {
    assert.throws(() => parseQueueUrl(bad), (e: SemsegError) => e.code === 'INVALID_ARGUMENT' && /for --queue but received/.test(e.message));
  }
  assert.throws(() => queueTarget('redis://h', 'a:b'), /--queue-name/);
});

test('a job failure keeps the SemsegError code and message', () => {
  const failure = jobFailure(new SemsegError('DECODE_FAILED', 'Expected a decodable image but received a truncated PNG'));
  assert.equal(failure.message, 'Expected a decodable image but received a truncated PNG [DECODE_FAILED]');
  assert.equal(codeOf(failure.message), 'DECODE_FAILED');
  assert.equal(codeOf(jobFailure(new Error('boom')).message), 'INTERNAL');
});
