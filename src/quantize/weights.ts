/** Symmetric int8 weights (zero point 0, range ±127) per tensor or per channel, and int32 biases to match. */

export interface QuantizedWeight {
  values: Int8Array;
  /** One scale (per tensor) or one per channel along `axis`. */
  scales: Float32Array;
  axis: number;
}

/** max|w| / 127 per slice along `axis` (one slice when `perChannel` is false); 0-ranges get scale 1. */
export function quantizeWeight(weights: Float32Array, dims: readonly number[], axis: number, perChannel: boolean): QuantizedWeight {
  const channels = perChannel ? dims[axis] : 1;
  const inner = perChannel ? dims.slice(axis + 1).reduce((a, b) => a * b, 1) : weights.length;
  const channelOf = (i: number) => (perChannel ? Math.floor(i / inner) % channels : 0);
  const absMax = new Float32Array(channels);
  for (let i = 0; i < weights.length; i++) {
    const c = channelOf(i);
    const a = Math.abs(weights[i]);
    if (a > absMax[c]) absMax[c] = a;
  }
  const scales = absMax.map((m) => (m > 0 ? m / 127 : 1));
  const values = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) values[i] = Math.max(-127, Math.min(127, Math.round(weights[i] / scales[channelOf(i)])));
  return { values, scales, axis };
}

/** Bias in int32 at scale inputScale * weightScale[c], which is what a quantized Conv / Gemm adds to its accumulator. */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): { values: Int32Array; scales: Float32Array } {
  const scales = new Float32Array(weightScales.length);
  for (let c = 0; c < scales.length; c++) scales[c] = inputScale * weightScales[c];
  const values = new Int32Array(bias.length);
  for (let i = 0; i < bias.length; i++) {
    const scale = scales[scales.length === 1 ? 0 : i];
    values[i] = scale > 0 ? Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.round(bias[i] / scale))) : 0;
  }
  return { values, scales };
}

/** uint8 asymmetric parameters covering [min, max] (which holds 0). */
export function activationParameters(min: number, max: number): { scale: number; zeroPoint: number } {
  const low = Math.min(0, min);
  const high = Math.max(0, max);
  if (high - low <= 0) return { scale: 1, zeroPoint: 0 };
  const scale = (high - low) / 255;
  return { scale, zeroPoint: Math.max(0, Math.min(255, Math.round(-low / scale))) };
}
