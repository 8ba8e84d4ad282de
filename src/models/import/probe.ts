/**
 * Finds out how to feed a bare ONNX graph by reading its declared shapes and, where they leave a question open,
 * by running it (through the runtime's backend) on a synthetic image: input layout, fixed or dynamic size and the
 * multiple a dynamic size needs, output layout and whether the output holds logits, probabilities or labels.
 * Every answer comes with the evidence it rests on (`decisions`); fields given as hints are taken as they are.
 */
import type { RasterImage, RuntimeTensor } from '../../core/types.js';
import { SemsegError } from '../../core/errors.js';
import { createOrtBackend } from '../../runtime/ort-backend.js';
import type { InferenceBackend, TensorMetadata } from '../../runtime/types.js';
import { planInput } from '../../preprocess/plan.js';
import { imageToTensor } from '../../preprocess/to-tensor.js';
import { inputSpecSchema, type InputSpec, type OutputSpec } from '../card-schema.js';
import { IMAGENET_MEAN, IMAGENET_STD } from './conventions.js';

type Layout = 'NCHW' | 'NHWC';

export interface ProbeHints {
  inputName?: string;
  outputName?: string;
  layout?: Layout;
  size?: InputSpec['size'];
  kind?: OutputSpec['kind'];
  outputLayout?: Layout;
}

export interface ProbeResult {
  inputName: string;
  outputName: string;
  dtype: 'float32' | 'uint8';
  channels: 1 | 3;
  layout: Layout;
  size: InputSpec['size'];
  kind: OutputSpec['kind'];
  outputLayout: Layout;
  /** Channels of the score output (1 for label outputs and binary models). */
  scoreChannels: number;
  /** Card field -> evidence, for the fields probing decided. */
  decisions: Record<string, string>;
}

/** Odd, prime-ish sides: a graph that runs here needs no multiple. */
const PROBE_WIDTH = 97;
const PROBE_HEIGHT = 67;
const MULTIPLES = [2, 4, 8, 16, 32, 64, 128];
const COMMON_SIZES = [224, 256, 320, 384, 448, 480, 512, 513, 520, 640, 1024];

interface Run {
  width: number;
  height: number;
  output: RuntimeTensor;
}

export async function probeOnnx(onnxPath: string, hints: ProbeHints = {}): Promise<ProbeResult> {
  const backend = await createOrtBackend(onnxPath, { workers: 1, threadsPerWorker: 1, quiet: true });
  try {
    return await probe(backend, hints);
  } finally {
    await backend.dispose();
  }
}

function pick(list: TensorMetadata[], name: string | undefined, role: string): TensorMetadata {
  const found = name === undefined ? list[0] : list.find((t) => t.name === name);
  if (!found) throw new SemsegError('MODEL_MISMATCH', `Expected ${role} ${name ?? '(any)'} in the graph but it declares [${list.map((t) => t.name).join(', ')}]`);
  return found;
}

/** A deterministic image with gradients, edges and texture, so that every output channel varies. */
export function probeImage(width: number, height: number): RasterImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 3) {
      const disc = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (Math.min(width, height) / 3) ** 2;
      data[o] = disc ? 220 : Math.round((255 * x) / width);
      data[o + 1] = Math.round((255 * y) / height);
      data[o + 2] = (x * 37 + y * 91) % 256;
    }
  }
  return { data, width, height, channels: 3 };
}

class Prober {
  lastError = '';

  constructor(
    private readonly backend: InferenceBackend,
    private readonly inputName: string,
    private readonly outputName: string,
    private readonly dtype: 'float32' | 'uint8',
  ) {}

  /** Runs the graph on a width x height probe image; undefined (and `lastError`) when onnxruntime refuses. */
  async run(layout: Layout, channels: 1 | 3, width: number, height: number): Promise<Run | undefined> {
    const spec = inputSpecSchema.parse({ layout, channels, dtype: this.dtype, mean: IMAGENET_MEAN.slice(0, channels), std: IMAGENET_STD.slice(0, channels) });
    const tensor = imageToTensor(probeImage(width, height), planInput(width, height, spec), spec);
    try {
      const outputs = await this.backend.run({ [this.inputName]: tensor }, [this.outputName]);
      return { width, height, output: outputs[this.outputName] };
    } catch (error) {
      this.lastError = (error as Error).message.split('\n')[0];
      return undefined;
    }
  }
}

const isChannelDim = (d: number | string | undefined): boolean => d === 1 || d === 3;

function spatialDims(shape: (number | string)[], layout: Layout): [number | string, number | string] {
  return layout === 'NCHW' ? [shape[2], shape[3]] : [shape[1], shape[2]];
}

async function probe(backend: InferenceBackend, hints: ProbeHints): Promise<ProbeResult> {
  const decisions: Record<string, string> = {};
  const input = pick(backend.metadata.inputs, hints.inputName, 'input');
  const output = pick(backend.metadata.outputs, hints.outputName, 'output');
  const shape = input.shape;
  if (shape.length !== 4) {
    throw new SemsegError('MODEL_MISMATCH', `Expected a 4-D image input (N, C, H, W or N, H, W, C) for input ${input.name} but the graph declares [${shape.join(', ')}]`);
  }
  if (input.type !== 'float32' && input.type !== 'uint8') {
    throw new SemsegError('MODEL_MISMATCH', `Expected a float32 or uint8 image input for input ${input.name} but the graph declares ${input.type}`);
  }
  const prober = new Prober(backend, input.name, output.name, input.type);

  let layout = hints.layout;
  if (!layout && isChannelDim(shape[3]) !== isChannelDim(shape[1])) {
    layout = isChannelDim(shape[3]) ? 'NHWC' : 'NCHW';
    decisions['input.layout'] = `graph: input dimension ${layout === 'NHWC' ? 3 : 1} is ${layout === 'NHWC' ? shape[3] : shape[1]} (channels)`;
  }
  let first: Run | undefined;
  if (!layout) {
    for (const candidate of ['NCHW', 'NHWC'] as const) {
      first = await runFixedOrProbe(prober, candidate, shape, hints.size);
      if (first) {
        layout = candidate;
        decisions['input.layout'] = `probe: the graph ran with a ${candidate} input`;
        break;
      }
    }
    if (!layout) throw refusal(prober, 'an NCHW or NHWC image input', input.name);
  }
  const channelDim = layout === 'NCHW' ? shape[1] : shape[3];
  const channels = channelDim === 1 ? 1 : 3;

  let size = hints.size;
  const [h, w] = spatialDims(shape, layout);
  if (!size && typeof w === 'number' && typeof h === 'number') {
    size = { mode: 'fixed', width: w, height: h };
    decisions['input.size'] = `graph: fixed ${w}x${h}`;
  }
  if (!size) [size, first] = await findSize(prober, layout, channels, decisions);
  const [width, height] = runSize(size);
  first ??= await prober.run(layout, channels, width, height);
  if (!first) throw refusal(prober, `a ${width}x${height} ${layout} input`, input.name);

  const dims = first.output.dims;
  let kind = hints.kind;
  if (!kind && (/int/.test(first.output.type) || dims.length === 3)) {
    kind = 'labels';
    decisions['output.kind'] = `probe: ${first.output.type} output of rank ${dims.length}`;
  }
  if (kind === 'labels' || dims.length !== 4) {
    return { inputName: input.name, outputName: output.name, dtype: input.type, channels, layout, size, kind: kind ?? 'labels', outputLayout: hints.outputLayout ?? 'NCHW', scoreChannels: 1, decisions };
  }
  let outputLayout = hints.outputLayout;
  if (!outputLayout) {
    const second = size.mode === 'dynamic' ? await prober.run(layout, channels, width * 2, height * 2) : undefined;
    [outputLayout, decisions['output.layout']] = detectOutputLayout(first, second);
  }
  const scoreChannels = outputLayout === 'NCHW' ? dims[1] : dims[3];
  if (!kind) [kind, decisions['output.kind']] = detectKind(first.output, scoreChannels, outputLayout);
  return { inputName: input.name, outputName: output.name, dtype: input.type, channels, layout, size, kind, outputLayout, scoreChannels, decisions };
}

function refusal(prober: Prober, what: string, inputName: string): SemsegError {
  return new SemsegError('MODEL_MISMATCH', `Expected the model to run on ${what} for input ${inputName} but onnxruntime refused: ${prober.lastError} (pass --layout and --size)`);
}

/** The side lengths a probe runs at for a size spec. */
function runSize(size: InputSpec['size']): [number, number] {
  if (size.mode === 'fixed') return [size.width, size.height];
  const m = size.multipleOf;
  return [Math.ceil(PROBE_WIDTH / m) * m, Math.ceil(PROBE_HEIGHT / m) * m];
}

async function runFixedOrProbe(prober: Prober, layout: Layout, shape: (number | string)[], size: InputSpec['size'] | undefined): Promise<Run | undefined> {
  const [h, w] = spatialDims(shape, layout);
  const [width, height] = size ? runSize(size) : [typeof w === 'number' ? w : 64, typeof h === 'number' ? h : 64];
  return prober.run(layout, 3, width, height);
}

/** Dynamic sides: any size, else the smallest multiple that runs, else a common fixed size that the graph accepts. */
async function findSize(prober: Prober, layout: Layout, channels: 1 | 3, decisions: Record<string, string>): Promise<[InputSpec['size'], Run]> {
  const tried: string[] = [];
  for (const m of [1, ...MULTIPLES]) {
    const [width, height] = runSize({ mode: 'dynamic', multipleOf: m });
    const run = await prober.run(layout, channels, width, height);
    if (run) {
      decisions['input.size'] = m === 1 ? `probe: symbolic sides, ran at ${width}x${height}` : `probe: ${tried.join(', ')} refused, ${width}x${height} ran (multiple of ${m})`;
      return [{ mode: 'dynamic', multipleOf: m }, run];
    }
    tried.push(`${width}x${height}`);
  }
  for (const side of COMMON_SIZES) {
    const run = await prober.run(layout, channels, side, side);
    if (run) {
      decisions['input.size'] = `probe: symbolic sides, but only ${side}x${side} ran of ${tried.length + 1} sizes tried`;
      return [{ mode: 'fixed', width: side, height: side }, run];
    }
  }
  throw new SemsegError('MODEL_MISMATCH', `Expected the model to run at some input size but onnxruntime refused every size tried (${tried.join(', ')}, common squares): ${prober.lastError} (pass --size)`);
}

/** Which output axis holds the channels: the one that does not follow the input size. */
function detectOutputLayout(first: Run, second: Run | undefined): [Layout, string] {
  const a = first.output.dims;
  if (second) {
    const b = second.output.dims;
    const changed = [1, 2, 3].filter((i) => a[i] !== b[i]).join(',');
    if (changed === '2,3') return ['NCHW', `probe: output dims 2, 3 follow the input size, dim 1 (${a[1]}) does not`];
    if (changed === '1,2') return ['NHWC', `probe: output dims 1, 2 follow the input size, dim 3 (${a[3]}) does not`];
  }
  const mismatch = (h: number, w: number) => Math.abs(h / first.height - w / first.width) / Math.max(h / first.height, w / first.width);
  const nchw = mismatch(a[2], a[3]);
  const nhwc = mismatch(a[1], a[2]);
  if (nchw < 0.05 && nhwc >= 0.05) return ['NCHW', `probe: output [${a.join(', ')}] for a ${first.width}x${first.height} input has its spatial axes last`];
  if (nhwc < 0.05 && nchw >= 0.05) return ['NHWC', `probe: output [${a.join(', ')}] for a ${first.width}x${first.height} input has its channels last`];
  return ['NCHW', `assumed: output [${a.join(', ')}] fits both layouts (pass --output-layout)`];
}

/** Probabilities lie in [0, 1] and (with several channels) sum to 1 at every pixel; anything else is logits. */
function detectKind(output: RuntimeTensor, channels: number, layout: Layout): [OutputSpec['kind'], string] {
  const data = output.data as Float32Array;
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = `[${min.toPrecision(3)}, ${max.toPrecision(3)}]`;
  if (min < -1e-6 || max > 1 + 1e-6) return ['logits', `probe: scores in ${range}`];
  if (channels === 1) return ['probabilities', `probe: one channel with values in ${range}`];
  const pixels = data.length / channels;
  const [cStride, pStride] = layout === 'NCHW' ? [pixels, 1] : [1, channels];
  let worst = 0;
  for (let p = 0; p < pixels; p++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += data[p * pStride + c * cStride];
    worst = Math.max(worst, Math.abs(sum - 1));
  }
  if (worst < 1e-3) return ['probabilities', `probe: values in ${range} summing to 1 over channels (within ${worst.toExponential(1)})`];
  return ['logits', `probe: values in ${range} but channel sums off 1 by up to ${worst.toPrecision(3)}`];
}
