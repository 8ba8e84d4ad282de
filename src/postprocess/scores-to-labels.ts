/**
 * Model output -> LabelMap at the image's size. Scores of the content rectangle are resized bilinearly to the
 * image (torch's align_corners convention from the card, `sampleScores`), then argmax and the chosen class's
 * probability are taken per pixel in the same pass, so no full-resolution score volume is ever allocated; with
 * WebAssembly SIMD the whole pass runs in the kernel (wasmResizeArgmax), the JS loop being its reference. The mean
 * entropy (entropy.ts), when asked, is summed in that pass too (or, for scores already at image size, in one more
 * pass over the planes after the argmax).
 */
import type { ClassInfo, LabelMap, RuntimeTensor } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import type { OutputSpec } from '../models/card-schema.js';
import type { InputPlan } from '../preprocess/plan.js';
import { scoreGeometry, type ScoreGeometry } from './score-geometry.js';
import { expNonPositive } from './fast-exp.js';
import { wasmPlaneArgmax, wasmResizeArgmax } from './wasm-argmax.js';
import { sampleScores, scoreAxes } from './resize-scores.js';
import { entropySum } from './entropy.js';

export interface LabelOptions {
  /** Compute the per-pixel confidence (costs one exp per class and pixel for logits). Default true. */
  confidence?: boolean;
  /** Compute the mean normalised entropy of the class probabilities (map.meanEntropy). Default false. */
  entropy?: boolean;
}

/** Scores of one pixel -> label and confidence; `scratch` holds the C scores. */
type Decide = (scratch: Float32Array, channels: number) => number;

function decider(kind: OutputSpec['kind'], channels: number, wantConfidence: boolean, confidenceOut: { value: number }): Decide {
  if (channels === 1) {
    const sigmoid = kind === 'logits';
    return (s) => {
      const p = sigmoid ? 1 / (1 + Math.exp(-s[0])) : s[0];
      confidenceOut.value = p >= 0.5 ? p : 1 - p;
      return p > 0.5 ? 1 : 0;
    };
  }
  const softmax = kind === 'logits' && wantConfidence;
  return (s, n) => {
    let best = 0;
    let max = s[0];
    for (let c = 1; c < n; c++) {
      if (s[c] > max) {
        max = s[c];
        best = c;
      }
    }
    if (softmax) {
      let sum = 0;
      for (let c = 0; c < n; c++) sum += expNonPositive(s[c] - max);
      confidenceOut.value = 1 / sum;
    } else {
      confidenceOut.value = max;
    }
    return best;
  };
}

/** Labels (and confidence, mean entropy) of one model output, without the class table (what a worker needs). */
export interface DecidedLabels {
  labels: Uint8Array | Uint16Array;
  confidence?: Float32Array;
  meanEntropy?: number;
}

export function scoresToLabels(
  output: RuntimeTensor,
  plan: InputPlan,
  spec: OutputSpec,
  classes: ClassInfo[],
  options: LabelOptions = {},
): LabelMap {
  const decided = decideLabels(output, plan, spec, classes.length, options);
  const map: LabelMap = { labels: decided.labels, width: plan.imageWidth, height: plan.imageHeight, classes, confidence: decided.confidence };
  if (decided.meanEntropy !== undefined) map.meanEntropy = decided.meanEntropy;
  return map;
}

/** scoresToLabels for `classCount` classes, returning only the per-pixel results. */
export function decideLabels(output: RuntimeTensor, plan: InputPlan, spec: OutputSpec, classCount: number, options: LabelOptions = {}): DecidedLabels {
  const g: ScoreGeometry = scoreGeometry(output, spec, plan);
  const { imageWidth: W, imageHeight: H } = plan;
  const n = W * H;
  const labels = classCount > 256 ? new Uint16Array(n) : new Uint8Array(n);
  if (spec.kind === 'labels') return { labels: labelsFromIds(output, g, plan, labels, classCount) };
  const expectedChannels = g.channels === 1 ? 2 : g.channels;
  if (expectedChannels !== classCount) {
    throw new SemsegError(
      'MODEL_MISMATCH',
      `Expected ${classCount} score channels (one per class of the card) for model output but received ${g.channels}`,
    );
  }
  const wantConfidence = options.confidence ?? true;
  const confidence = wantConfidence ? new Float32Array(n) : undefined;
  const data = output.data as Float32Array;
  const C = g.channels;
  const identity = g.width === W && g.height === H && g.x0 === 0 && g.y0 === 0 && g.spanX === W && g.spanY === H;
  const { kind } = spec;
  if (identity && g.pStride === 1 && C > 1) {
    const softmax = kind === 'logits';
    if (!wasmPlaneArgmax(data, C, n, labels, confidence, softmax)) planeArgmax(data, C, n, labels, confidence, softmax);
    const decided: DecidedLabels = { labels, confidence };
    if (options.entropy) decided.meanEntropy = entropySum(data, C, n, kind) / n;
    return decided;
  }
  const wantEntropy = options.entropy === true;
  if (!identity && C > 1 && !wantEntropy) {
    const { xs, ys } = scoreAxes(g, W, H, spec.alignCorners);
    if (wasmResizeArgmax(data, g, xs, ys, labels, confidence, kind === 'logits')) return { labels, confidence };
  }
  const scratch = new Float32Array(C);
  const conf = { value: 0 };
  const decide = decider(kind, C, wantConfidence, conf);
  let entropy = 0;
  sampleScores(data, g, W, H, spec.alignCorners, scratch, (o) => {
    labels[o] = decide(scratch, C);
    if (confidence) confidence[o] = conf.value;
    if (wantEntropy) entropy += entropySum(scratch, C, 1, kind);
  });
  const decided: DecidedLabels = { labels, confidence };
  if (wantEntropy) decided.meanEntropy = entropy / n;
  return decided;
}

/**
 * Scores already at image size in NCHW: argmax and confidence plane by plane, so every read is sequential.
 * (Most models that resize inside the graph end up here.)
 */
export function planeArgmax(data: Float32Array, C: number, n: number, labels: Uint8Array | Uint16Array, confidence: Float32Array | undefined, softmax: boolean): void {
  const max = data.slice(0, n);
  for (let c = 1; c < C; c++) {
    const plane = data.subarray(c * n, (c + 1) * n);
    for (let p = 0; p < n; p++) {
      if (plane[p] > max[p]) {
        max[p] = plane[p];
        labels[p] = c;
      }
    }
  }
  if (!confidence) return;
  if (!softmax) {
    confidence.set(max);
    return;
  }
  confidence.fill(0);
  for (let c = 0; c < C; c++) {
    const plane = data.subarray(c * n, (c + 1) * n);
    for (let p = 0; p < n; p++) confidence[p] += expNonPositive(plane[p] - max[p]);
  }
  for (let p = 0; p < n; p++) confidence[p] = 1 / confidence[p];
}

/** Integer label outputs: nearest-neighbour sampling of the content rectangle. */
function labelsFromIds(output: RuntimeTensor, g: ScoreGeometry, plan: InputPlan, labels: Uint8Array | Uint16Array, classCount: number): Uint8Array | Uint16Array {
  const { imageWidth: W, imageHeight: H } = plan;
  const data = output.data;
  let o = 0;
  for (let y = 0; y < H; y++) {
    const sy = Math.min(g.height - 1, Math.floor(g.y0 + ((y + 0.5) * g.spanY) / H));
    for (let x = 0; x < W; x++, o++) {
      const sx = Math.min(g.width - 1, Math.floor(g.x0 + ((x + 0.5) * g.spanX) / W));
      const id = Number(data[(sy * g.width + sx) * g.pStride]);
      if (!(id >= 0 && id < classCount)) {
        throw new SemsegError('MODEL_MISMATCH', `Expected class ids 0..${classCount - 1} for model output labels but received ${id}`);
      }
      labels[o] = id;
    }
  }
  return labels;
}
