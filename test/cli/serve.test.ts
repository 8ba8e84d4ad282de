import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { serveOptions } from '../../src/cli/serve.js';
import { runInProcess } from '../helpers/cli-io.js';
import { halfRedPng, pointwiseOnnx } from '../server/helpers.js';

test('semseg serve listens, answers, and drains to exit 0 on SIGTERM', async () => {
  const interrupt = new AbortController();
  let stdout = '';
  let resolveAddress: (address: string) => void;
  const listening = new Promise<string>((resolve) => (resolveAddress = resolve));
  const exit = run(['serve', '--model', pointwiseOnnx, '--port', '0', '--workers', '1', '--threads', '1'], {
    stdout: {
      write: (text: string) => {
        stdout += text;
        const match = /listening on (http:\/\/[^"\s]+)/.exec(text);
        if (match) resolveAddress(match[1]);
      },
    },
    stderr: { write: (text: string) => assert.fail(text) },
    interrupt: interrupt.signal,
  });
  const address = await Promise.race([listening, exit.then((code) => assert.fail(`serve exited with ${code}: ${stdout}`))]);
  const reply = await fetch(`${address}/v1/segment`, { method: 'POST', body: new Uint8Array(await halfRedPng(16, 16)) });
  assert.equal(reply.status, 200);
  assert.equal(((await reply.json()) as { image: { width: number } }).image.width, 16);
  interrupt.abort('SIGTERM');
  assert.equal(await exit, 0);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
  assert.deepEqual(lines.map((l) => l.msg).filter((m) => m !== 'request' && !m.startsWith('Server listening')), [`semseg serve: listening on ${address}`, 'draining', 'stopped']);
});

test('serve options: flags win over the config file, which wins over SEMSEG_API_KEYS; keys come from a file', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'semseg-serve-'));
  try {
    await writeFile(join(folder, 'keys.txt'), '# team keys\nfirst-key-0123456789abcdef\n\nsecond-key-0123456789abcdef\n');
    await writeFile(join(folder, 'config.json'), JSON.stringify({ port: 9000, timeoutMs: 5000, apiKeyFile: join(folder, 'keys.txt') }));
    const options = await serveOptions({ config: join(folder, 'config.json'), port: 9100 }, { SEMSEG_API_KEYS: 'env-key-0123456789abcdef' });
    assert.equal(options.port, 9100);
    assert.equal(options.timeoutMs, 5000);
    assert.deepEqual(options.apiKeys, ['first-key-0123456789abcdef', 'second-key-0123456789abcdef', 'env-key-0123456789abcdef']);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('serve refuses a non-loopback host without keys, an unknown config option and a short key, with exit 2', async () => {
  const exposed = await runInProcess(['serve', '--model', pointwiseOnnx, '--host', '0.0.0.0', '--port', '0', '--workers', '1']);
  assert.equal(exposed.code, 2);
  assert.match(exposed.stderr, /not a loopback address.*\[INVALID_ARGUMENT\]/);
  const folder = await mkdtemp(join(tmpdir(), 'semseg-serve-'));
  try {
    await writeFile(join(folder, 'config.json'), JSON.stringify({ prot: 80 }));
    const unknown = await runInProcess(['serve', '--config', join(folder, 'config.json')]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Expected only known options .* but received \["prot"\]/);
    await writeFile(join(folder, 'keys.txt'), 'short\n');
    const short = await runInProcess(['serve', '--api-key-file', join(folder, 'keys.txt')]);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /at least 16 characters for apiKeys.0/);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
