/**
 * Plain NHWC reference kernels written from the TFLite reference implementations (batch 1, float), used to check
 * the converted ONNX graphs numerically.
 */

export interface Image {
  data: Float32Array;
  height: number;
  width: number;
  channels: number;
}

const at = (image: Image, y: number, x: number, c: number) => image.data[(y * image.width + x) * image.channels + c];

/** TFLite SAME padding before the data: floor(total / 2). */
export function samePadBefore(input: number, kernel: number, stride: number, dilation = 1): number {
  const output = Math.ceil(input / stride);
  return Math.floor(Math.max((output - 1) * stride + (kernel - 1) * dilation + 1 - input, 0) / 2);
}

export interface ConvSpec {
  /** OHWI for conv, [1, KH, KW, C*M] for depthwise. */
  weights: Float32Array;
  weightShape: number[];
  bias: Float32Array;
  stride: number;
  dilation: number;
  depthwise: boolean;
}

/** CONV_2D / DEPTHWISE_CONV_2D with SAME padding. */
export function conv(input: Image, spec: ConvSpec): Image {
  const [outer, kh, kw, inner] = spec.weightShape;
  const outChannels = spec.depthwise ? inner : outer;
  const multiplier = outChannels / input.channels;
  const height = Math.ceil(input.height / spec.stride);
  const width = Math.ceil(input.width / spec.stride);
  const top = samePadBefore(input.height, kh, spec.stride, spec.dilation);
  const left = samePadBefore(input.width, kw, spec.stride, spec.dilation);
  const data = new Float32Array(height * width * outChannels);
  for (let oy = 0; oy < height; oy += 1) {
    for (let ox = 0; ox < width; ox += 1) {
      for (let o = 0; o < outChannels; o += 1) {
        let sum = spec.bias[o];
        for (let ky = 0; ky < kh; ky += 1) {
          for (let kx = 0; kx < kw; kx += 1) {
            const y = oy * spec.stride - top + ky * spec.dilation;
            const x = ox * spec.stride - left + kx * spec.dilation;
            if (y < 0 || y >= input.height || x < 0 || x >= input.width) continue;
            if (spec.depthwise) {
              sum += at(input, y, x, Math.floor(o / multiplier)) * spec.weights[(ky * kw + kx) * inner + o];
            } else {
              for (let i = 0; i < inner; i += 1) sum += at(input, y, x, i) * spec.weights[((o * kh + ky) * kw + kx) * inner + i];
            }
          }
        }
        data[(oy * width + ox) * outChannels + o] = sum;
      }
    }
  }
  return { data, height, width, channels: outChannels };
}

/** Convolution2DTransposeBias with SAME padding (mediapipe transpose_conv_bias.cc). */
export function transposeConvBias(input: Image, weights: Float32Array, weightShape: number[], bias: Float32Array, stride: number): Image {
  const [outChannels, kh, kw] = weightShape;
  const padH = Math.max(0, kh - ((input.height - 1) % stride) - 1);
  const padW = Math.max(0, kw - ((input.width - 1) % stride) - 1);
  const height = stride * (input.height - 1) + kh - padH;
  const width = stride * (input.width - 1) + kw - padW;
  const data = new Float32Array(height * width * outChannels);
  for (let i = 0; i < height * width; i += 1) data.set(bias, i * outChannels);
  for (let iy = 0; iy < input.height; iy += 1) {
    for (let ix = 0; ix < input.width; ix += 1) {
      for (let c = 0; c < input.channels; c += 1) {
        for (let ky = 0; ky < kh; ky += 1) {
          for (let kx = 0; kx < kw; kx += 1) {
            const y = iy * stride - Math.floor(padH / 2) + ky;
            const x = ix * stride - Math.floor(padW / 2) + kx;
            if (y < 0 || y >= height || x < 0 || x >= width) continue;
            for (let o = 0; o < outChannels; o += 1) {
              data[(y * width + x) * outChannels + o] += at(input, iy, ix, c) * weights[((o * kh + ky) * kw + kx) * input.channels + c];
            }
          }
        }
      }
    }
  }
  return { data, height, width, channels: outChannels };
}

/** AVERAGE_POOL_2D with SAME padding: the mean of the in-bounds pixels of each window. */
export function averagePool(input: Image, kernel: number, stride: number): Image {
  const height = Math.ceil(input.height / stride);
  const width = Math.ceil(input.width / stride);
  const top = samePadBefore(input.height, kernel, stride);
  const left = samePadBefore(input.width, kernel, stride);
  const data = new Float32Array(height * width * input.channels);
  for (let oy = 0; oy < height; oy += 1) {
    for (let ox = 0; ox < width; ox += 1) {
      for (let c = 0; c < input.channels; c += 1) {
        let sum = 0;
        let count = 0;
        for (let y = Math.max(0, oy * stride - top); y < Math.min(input.height, oy * stride - top + kernel); y += 1) {
          for (let x = Math.max(0, ox * stride - left); x < Math.min(input.width, ox * stride - left + kernel); x += 1) {
            sum += at(input, y, x, c);
            count += 1;
          }
        }
        data[(oy * width + ox) * input.channels + c] = sum / count;
      }
    }
  }
  return { data, height, width, channels: input.channels };
}

/** RESIZE_BILINEAR (align_corners false), legacy or half-pixel source coordinates. */
export function resizeBilinear(input: Image, height: number, width: number, halfPixel: boolean): Image {
  const source = (out: number, inSize: number, outSize: number) => {
    const scale = inSize / outSize;
    const position = halfPixel ? (out + 0.5) * scale - 0.5 : out * scale;
    const low = Math.floor(position);
    return { low: Math.max(low, 0), high: Math.min(halfPixel ? Math.ceil(position) : low + 1, inSize - 1), t: position - low };
  };
  const data = new Float32Array(height * width * input.channels);
  for (let oy = 0; oy < height; oy += 1) {
    const sy = source(oy, input.height, height);
    for (let ox = 0; ox < width; ox += 1) {
      const sx = source(ox, input.width, width);
      for (let c = 0; c < input.channels; c += 1) {
        const top = at(input, sy.low, sx.low, c) + (at(input, sy.low, sx.high, c) - at(input, sy.low, sx.low, c)) * sx.t;
        const bottom = at(input, sy.high, sx.low, c) + (at(input, sy.high, sx.high, c) - at(input, sy.high, sx.low, c)) * sx.t;
        data[(oy * width + ox) * input.channels + c] = top + (bottom - top) * sy.t;
      }
    }
  }
  return { data, height, width, channels: input.channels };
}
