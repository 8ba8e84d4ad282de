/**
 * Child process for ort-pool.test.ts: writes seeded truncated and byte-flipped copies of the street model and
 * loads each with 2 workers, printing one JSON line per copy ({ name, outcome: 'loaded' | <error code> }). Runs in a
 * child so that an abort of onnxruntime cannot kill the test runner.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrtBackend } from '../../../src/runtime/ort-backend.js';
import { streetOnnx } from '../../helpers/models.js';

const count = Number(process.argv[2] ?? 20);
const original = readFileSync(streetOnnx);
const dir = mkdtempSync(join(tmpdir(), 'semseg-corrupt-'));
let seed = 20261201;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

try {
  for (let i = 0; i < count; i++) {
    const bytes = Buffer.from(original);
    let corrupt: Buffer;
    let name: string;
    if (i % 2 === 0) {
      const length = Math.floor(random() * bytes.length);
      corrupt = bytes.subarray(0, length);
      name = `truncated-${length}`;
    } else {
      // Flips where the graph's structure lives (the first bytes) or anywhere in the file.
      const span = i % 4 === 1 ? 4096 : bytes.length;
      const flips = Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * span));
      for (const at of flips) bytes[at] ^= 1 + Math.floor(random() * 255);
      corrupt = bytes;
      name = `flipped-${flips.join('-')}`;
    }
    const path = join(dir, `${name}.onnx`);
    writeFileSync(path, corrupt);
    let outcome: string;
    try {
      const backend = await createOrtBackend(path, { workers: 2, threadsPerWorker: 1, quiet: true });
      outcome = 'loaded';
      await backend.dispose();
    } catch (error) {
      outcome = (error as { code?: string }).code ?? `uncoded: ${(error as Error).message}`;
    }
    console.log(JSON.stringify({ name, outcome }));
  }
  // Found by the fuzz harness: onnxruntime's reason quotes a whole graph node; the message must stay one bounded line.
  const quoting = Buffer.from(original);
  quoting[35450] = 0o255;
  quoting[59058] = 0o216;
  const path = join(dir, 'flipped-35450-59058.onnx');
  writeFileSync(path, quoting);
  const outcome = await createOrtBackend(path, { workers: 2, threadsPerWorker: 1, quiet: true }).then(
    async (backend) => (await backend.dispose(), 'loaded'),
    (error: Error & { code?: string }) => (error.message.includes('\n') || error.message.length > 500 ? `unbounded message (${error.message.length} characters)` : error.code ?? 'uncoded'),
  );
  console.log(JSON.stringify({ name: 'flipped-35450-59058', outcome }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
