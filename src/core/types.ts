/** Public data types. Pixels are always typed arrays, interleaved (HWC) for images, row-major for label maps. */

export type PixelArray = Uint8Array | Uint16Array | Float32Array;

export interface RasterImage {
  /** Interleaved samples, `height * width * channels` long. */
  data: PixelArray;
  width: number;
  height: number;
  channels: number;
  /** Free-form provenance (source path, original format, geo-referencing, ...). */
  meta?: Record<string, unknown>;
}

/** A dense float tensor; `dims` in the model's own order (e.g. [1, 3, H, W]). */
export interface Tensor {
  data: Float32Array;
  dims: number[];
}

/** A tensor of any element type, as it travels to and from a runtime. */
export interface RuntimeTensor {
  type: 'float32' | 'uint8' | 'int32' | 'int64' | 'float16';
  data: Float32Array | Uint8Array | Int32Array | BigInt64Array | Uint16Array;
  dims: number[];
}

export type Rgb = [number, number, number];

export interface ClassInfo {
  id: number;
  name: string;
  color: Rgb;
}

export interface LabelMap {
  /** Class id per pixel, row-major; Uint16Array when there are more than 256 classes. */
  labels: Uint8Array | Uint16Array;
  width: number;
  height: number;
  classes: ClassInfo[];
  /** Probability of the chosen class per pixel (softmax of logits, or the model's probabilities). */
  confidence?: Float32Array;
}
