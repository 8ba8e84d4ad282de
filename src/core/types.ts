/** Public data types. Pixels are always typed arrays, interleaved (HWC) for images, row-major for label maps. */

/** Sample types of a RasterImage: uint8, uint16, int16 or float32 (see docs/inputs.md for value ranges). */
export type PixelArray = Uint8Array | Uint16Array | Int16Array | Float32Array;

/**
 * Where an image came from, carried unchanged from the decoder through segment() to the writers. Known keys are
 * typed; readers of other formats add their own.
 */
export interface SourceMeta {
  /** File path or other name of the source. */
  source?: string;
  /** Container format as sniffed from the bytes (png, jpeg, tiff, ...). */
  format?: string;
  /** Pixel -> map coordinates: [originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight] (GDAL order). */
  affine?: number[];
  /** Coordinate reference system of `affine` (e.g. "EPSG:32633" or WKT). */
  crs?: string;
  /** Source sample value of nodata pixels (GeoTIFF GDAL_NODATA); such pixels get the nodata label (docs/gis.md). */
  nodata?: number;
  /** Index of the frame or slice in a video or volume. */
  frameIndex?: number;
  [key: string]: unknown;
}

export interface RasterImage {
  /** Interleaved samples, `height * width * channels` long. */
  data: PixelArray;
  width: number;
  height: number;
  channels: number;
  /** Provenance (source path, original format, geo-referencing, frame index, ...). */
  meta?: SourceMeta;
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
  /**
   * Mean over pixels of the entropy of the class probabilities divided by ln(classes): 0 when every pixel is
   * certain, 1 when every pixel is uniform. Only when asked (the `entropy` option) and the model gives scores.
   */
  meanEntropy?: number;
  /** The source image's metadata, passed through from segment() to the writers. */
  meta?: SourceMeta;
}
