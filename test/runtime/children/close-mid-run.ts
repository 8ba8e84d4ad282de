/**
 * Child process for ort-pool.test.ts: closes the pool while a long session.run is in flight and after a run timed
 * out. Both jobs must settle at once, and the process must survive the runs returning later (terminating an
 * onnxruntime worker mid-run aborts the process) and then exit by itself.
 */
import { createOrtBackend } from '../../../src/runtime/ort-backend.js';
import { streetOnnx } from '../../helpers/models.js';

const input = (h: number, w: number) => ({ input: { type: 'float32' as const, data: new Float32Array(3 * h * w), dims: [1, 3, h, w] } });
const codes: string[] = [];
const backend = await createOrtBackend(streetOnnx, { workers: 1, threadsPerWorker: 1 });
await backend.run(input(1440, 1920), undefined, { timeoutMs: 1 }).catch((e: { code: string }) => codes.push(e.code));
const running = backend.run(input(1440, 1920)).catch((e: { code: string }) => codes.push(e.code));
await new Promise((r) => setTimeout(r, 100));
await backend.dispose();
await running;
console.log(JSON.stringify(codes));
