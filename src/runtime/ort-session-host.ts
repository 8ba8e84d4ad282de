/**
 * The onnxruntime sessions of one worker thread, one per loaded model, all sharing the thread's intra-op budget:
 * `load` creates a model's session (and reports its declared inputs and outputs), `unload` releases it, `run` runs
 * it once (outputs are handed back for transfer; argmax requests are handled by worker-argmax.ts).
 */
import * as ort from 'onnxruntime-node';
import { firstLine } from '../core/errors.js';
import type { RuntimeTensor } from '../core/types.js';
import type { LoadRequest, OrtWorkerData, RunRequest, WorkerRequest } from './protocol.js';
import type { ModelMetadata, TensorMetadata } from './types.js';
import { forgetModel, runArgmax, toRuntime } from './worker-argmax.js';

const sessions = new Map<number, ort.InferenceSession>();

function describe(list: readonly ort.InferenceSession.ValueMetadata[]): TensorMetadata[] {
  return list.map((m) =>
    m.isTensor
      ? { name: m.name, type: m.type, shape: [...m.shape].map((d) => (typeof d === 'number' && d >= 0 ? d : String(d))) }
      : { name: m.name, type: 'non-tensor', shape: [] },
  );
}

/** Characters of onnxruntime's own reason kept in a load error. */
const MAX_REASON = 240;

export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function load(config: OrtWorkerData, request: LoadRequest): Promise<ModelMetadata> {
  let session = sessions.get(request.model);
  if (!session) {
    const options: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      intraOpNumThreads: config.intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      ...(request.quiet ? { logSeverityLevel: 4 } : {}),
    };
    const name = request.path ?? `a model of ${request.bytes?.byteLength ?? 0} bytes`;
    try {
      session = request.path ? await ort.InferenceSession.create(request.path, options) : await ort.InferenceSession.create(request.bytes!, options);
    } catch (error) {
      // onnxruntime's text can quote whole graph nodes: keep its first line, bounded.
      throw new CodedError('MODEL_LOAD_FAILED', `onnxruntime could not load ${name}: ${firstLine((error as Error).message, MAX_REASON)}`);
    }
    sessions.set(request.model, session);
  }
  return { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
}

async function run(request: RunRequest): Promise<{ result: unknown; transfer: ArrayBuffer[] }> {
  const session = sessions.get(request.model);
  if (!session) throw new CodedError('INTERNAL', `Expected model ${request.model} to be loaded in this worker but it is not`);
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(request.feeds)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
  if (request.argmax) {
    const { reply, transfer } = await runArgmax(session, request.model, feeds, request.argmax);
    return { result: reply, transfer };
  }
  const results = request.outputNames ? await session.run(feeds, request.outputNames) : await session.run(feeds);
  const out: Record<string, RuntimeTensor> = {};
  const transfer: ArrayBuffer[] = [];
  for (const [name, t] of Object.entries(results)) out[name] = toRuntime(t, transfer);
  return { result: out, transfer };
}

/** Releases every session of this thread (before it ends: native sessions are torn down here, not at termination). */
export async function releaseAll(): Promise<void> {
  for (const [model, session] of sessions) {
    await session.release().catch(() => undefined);
    sessions.delete(model);
    forgetModel(model);
  }
}

/** Answers one request of the pool's protocol in this thread. */
export async function handle(config: OrtWorkerData, request: WorkerRequest): Promise<{ result: unknown; transfer: ArrayBuffer[] }> {
  if (request.kind === 'load') return { result: await load(config, request), transfer: [] };
  if (request.kind === 'run') return run(request);
  await sessions.get(request.model)?.release();
  sessions.delete(request.model);
  forgetModel(request.model);
  return { result: null, transfer: [] };
}

