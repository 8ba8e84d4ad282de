/**
 * The embedded `vegetation` model: a rule-based baseline, not a trained network. Excess green on chromatic
 * coordinates (ExG = 2g - r - b with r + g + b = 1, i.e. 3G / (R + G + B) - 1) and a per-image Otsu threshold over a
 * 256-bin histogram of the image's own ExG range, all as ONNX operators so that every runtime (onnxruntime-node and
 * -web) gives the same labels: 0 = soil, 1 = vegetation, output as ids [1, H, W] (card output.kind "labels", so
 * semseg never splits an image into windows, which would give each window its own threshold).
 */
import { OnnxGraphBuilder } from '../models/onnx/graph-builder.js';
import { encodeOnnxModel, OnnxDataType } from '../models/onnx/model-writer.js';

export const VEGETATION_INPUT = 'image';
export const VEGETATION_OUTPUT = 'labels';
const BINS = 256;
/** TensorProto.DataType codes for Cast. */
const INT64 = 7;
const DOUBLE = 11;

function excessGreen(g: OnnxGraphBuilder): string {
  const sum = g.uniqueName('rgb_sum');
  g.node('ReduceSum', [VEGETATION_INPUT, g.int64('channel_axis', [1])], sum, { keepdims: 1 });
  const green = g.uniqueName('green');
  g.node('Slice', [VEGETATION_INPUT, g.int64('green_start', [1]), g.int64('green_end', [2]), g.int64('green_axis', [1])], green);
  const tripled = g.uniqueName('green_x3');
  g.node('Mul', [green, g.scalar(3)], tripled);
  const numerator = g.uniqueName('exg_numerator');
  g.node('Sub', [tripled, sum], numerator);
  // Black pixels (sum 0) have numerator 0 too: ExG 0, no division by zero.
  const denominator = g.uniqueName('exg_denominator');
  g.node('Max', [sum, g.scalar(1e-6)], denominator);
  const exg = g.uniqueName('exg');
  g.node('Div', [numerator, denominator], exg);
  return exg;
}

/** ExG -> bin 0..255 over the image's own min..max (as skimage's threshold_otsu bins), int64, shape [1, 1, H, W]. */
function histogramBins(g: OnnxGraphBuilder, exg: string): string {
  const low = g.uniqueName('exg_min');
  g.node('ReduceMin', [exg], low, { keepdims: 0 });
  const high = g.uniqueName('exg_max');
  g.node('ReduceMax', [exg], high, { keepdims: 0 });
  const span = g.uniqueName('exg_span');
  g.node('Sub', [high, low], span);
  const safeSpan = g.uniqueName('exg_span_safe');
  g.node('Max', [span, g.scalar(1e-12)], safeSpan);
  const shifted = g.uniqueName('exg_shifted');
  g.node('Sub', [exg, low], shifted);
  const scaled = g.uniqueName('exg_scaled');
  g.node('Div', [shifted, safeSpan], scaled);
  const binsFloat = g.uniqueName('bins_float');
  g.node('Mul', [scaled, g.scalar(BINS)], binsFloat);
  const floored = g.uniqueName('bins_floor');
  g.node('Floor', [binsFloat], floored);
  const clipped = g.uniqueName('bins_clipped');
  g.node('Min', [floored, g.scalar(BINS - 1)], clipped);
  const bins = g.uniqueName('bins');
  g.node('Cast', [clipped], bins, { to: INT64 });
  return bins;
}

/** Otsu: the bin k that maximises the between-class variance of bins 0..k against k+1..255 (first one on ties). */
function otsuBin(g: OnnxGraphBuilder, bins: string): string {
  const flat = g.uniqueName('bins_flat');
  g.node('Reshape', [bins, g.int64('flat_shape', [-1])], flat);
  const flatShape = g.uniqueName('flat_size');
  g.node('Shape', [flat], flatShape);
  const ones = g.uniqueName('ones');
  g.node('Expand', [g.int64('one', [1]), flatShape], ones);
  const empty = g.int64('empty_histogram', new Array<number>(BINS).fill(0));
  const histogram = g.uniqueName('histogram');
  g.node('ScatterElements', [empty, flat, ones], histogram, { axis: 0, reduction: 'add' });
  // Counts and first moments in int64: exact for any image size, so the argmax is platform-neutral.
  const levels = g.int64('levels', Array.from({ length: BINS }, (_, i) => i));
  const moments = g.uniqueName('moments');
  g.node('Mul', [histogram, levels], moments);
  const weight = g.uniqueName('class0_count');
  g.node('CumSum', [histogram, g.int64('cumsum_axis', [0])], weight);
  const moment = g.uniqueName('class0_moment');
  g.node('CumSum', [moments, g.int64('cumsum_axis', [0])], moment);
  const total = g.uniqueName('pixel_count');
  g.node('ReduceSum', [histogram], total, { keepdims: 0 });
  const totalMoment = g.uniqueName('total_moment');
  g.node('ReduceSum', [moments], totalMoment, { keepdims: 0 });
  // Between-class variance times N^2: (muT * w - N * mu)^2 / (w * (N - w)).
  const a = g.uniqueName('mu_t_w');
  g.node('Mul', [totalMoment, weight], a);
  const b = g.uniqueName('n_mu');
  g.node('Mul', [total, moment], b);
  const difference = g.uniqueName('moment_gap');
  g.node('Sub', [a, b], difference);
  const gap = g.uniqueName('moment_gap_f64');
  g.node('Cast', [difference], gap, { to: DOUBLE });
  const squared = g.uniqueName('moment_gap_sq');
  g.node('Mul', [gap, gap], squared);
  const rest = g.uniqueName('class1_count');
  g.node('Sub', [total, weight], rest);
  const product = g.uniqueName('count_product');
  g.node('Mul', [weight, rest], product);
  const productF64 = g.uniqueName('count_product_f64');
  g.node('Cast', [product], productF64, { to: DOUBLE });
  // An empty side has a zero gap too: dividing by 1 there gives 0, never NaN. In double: onnxruntime 1.30's int64
  // Max compares only the low 32 bits of large values (3931184624 vs 1 gave 1), so no int64 Max anywhere here.
  const one = g.uniqueName('one_f64');
  g.node('Cast', [g.scalar(1)], one, { to: DOUBLE });
  const safeProduct = g.uniqueName('count_product_safe');
  g.node('Max', [productF64, one], safeProduct);
  const variance = g.uniqueName('between_class_variance');
  g.node('Div', [squared, safeProduct], variance);
  const best = g.uniqueName('otsu_bin');
  g.node('ArgMax', [variance], best, { axis: 0, keepdims: 1 });
  return best;
}

/** The model's bytes (opset 17). */
export function buildVegetationModel(): Uint8Array {
  const g = new OnnxGraphBuilder();
  const bins = histogramBins(g, excessGreen(g));
  const threshold = otsuBin(g, bins);
  const above = g.uniqueName('vegetation_mask');
  g.node('Greater', [bins, threshold], above);
  const ids = g.uniqueName('vegetation_ids');
  g.node('Cast', [above], ids, { to: INT64 });
  g.node('Squeeze', [ids, g.int64('squeeze_axis', [1])], VEGETATION_OUTPUT);
  return encodeOnnxModel({
    irVersion: 8,
    opsetVersion: 17,
    producerName: 'semseg-vegetation',
    producerVersion: '1',
    docString: 'Excess green (chromatic coordinates) with a per-image Otsu threshold: 0 soil, 1 vegetation. Rule-based baseline.',
    graph: {
      name: 'exg_otsu',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [{ name: VEGETATION_INPUT, dataType: OnnxDataType.FLOAT, dims: [1, 3, 'height', 'width'] }],
      outputs: [{ name: VEGETATION_OUTPUT, dataType: OnnxDataType.INT64, dims: [1, 'height', 'width'] }],
    },
  });
}
