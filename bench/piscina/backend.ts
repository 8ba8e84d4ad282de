/**
 * The contender of bench:predict: the same InferenceBackend on piscina 5 (bounded queue, AbortSignal and transfer
 * lists built in), one session per thread, to measure against the own pool (src/runtime/worker-pool.ts).
 */
import { Piscina } from 'piscina';
import { recycle } from '../../src/core/buffer-recycler.js';
import type { RuntimeTensor } from '../../src/core/types.js';
import { resolveThreading } from '../../src/runtime/ort-pool.js';
import type { ArgmaxReply, InferenceBackend, ModelMetadata, PoolOptions } from '../../src/runtime/types.js';
import type { RunRequest } from '../../src/runtime/protocol.js';

export async function createPiscinaBackend(modelPath: string, metadata: ModelMetadata, options: PoolOptions = {}): Promise<InferenceBackend> {
  const { workers, threadsPerWorker } = resolveThreading(options);
  const piscina = new Piscina({
    filename: new URL('./worker.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: Infinity,
    concurrentTasksPerWorker: 1,
    workerData: { modelPath, intraOpThreads: threadsPerWorker },
  });
  const send = async <T>(request: RunRequest): Promise<T> => {
    const transferList = Object.values(request.feeds).map((t) => t.data.buffer as ArrayBuffer);
    const { result, returned } = (await piscina.run(request, { transferList })) as { result: T; returned: ArrayBuffer[] };
    returned.forEach(recycle);
    return result;
  };
  const backend: InferenceBackend = {
    metadata,
    workers,
    run: (feeds, outputNames) => send<Record<string, RuntimeTensor>>({ kind: 'run', model: 1, feeds, outputNames }),
    runArgmax: (feeds, argmax) => send<ArgmaxReply>({ kind: 'run', model: 1, feeds, argmax }),
    dispose: () => piscina.destroy(),
  };
  // Every thread loads its session before timing starts.
  const warm = () => ({ input: { type: 'float32' as const, data: new Float32Array(3 * 32 * 32), dims: [1, 3, 32, 32] } });
  await Promise.all(Array.from({ length: workers * 2 }, () => backend.run(warm())));
  return backend;
}
