/**
 * Piscina task function for bench/piscina/backend.ts: the same session host as the own pool's worker, one model
 * loaded lazily per thread, the result and the returned input buffers handed back as transfers.
 */
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { handle } from '../../src/runtime/ort-session-host.js';
import { wholeBuffers } from '../../src/runtime/worker-argmax.js';
import type { OrtWorkerData, RunRequest } from '../../src/runtime/protocol.js';

const { modelPath, ...config } = workerData as OrtWorkerData & { modelPath: string };
let loaded: Promise<unknown> | undefined;

export default async function run(request: RunRequest): Promise<unknown> {
  loaded ??= handle(config, { kind: 'load', model: request.model, path: modelPath, quiet: false });
  await loaded;
  const inputs = wholeBuffers(Object.values(request.feeds).map((t) => t.data));
  const { result, transfer } = await handle(config, request);
  return move({ [transferableSymbol]: [...transfer, ...inputs], [valueSymbol]: { result, returned: inputs } } as never);
}
