/**
 * The model card: everything semseg must know to feed a model and read its answer. Documented field by field in
 * docs/model-card.md; validated once, when a model is loaded.
 */
import { z } from 'zod';
import { parseWindow } from '../volumes/window.js';
import { classRolesSchema, roleProblems } from './roles-schema.js';

const rgb = z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]);

export const classInfoSchema = z.object({
  id: z.number().int().min(0).max(65535),
  name: z.string().min(1),
  color: rgb,
});

/** Most model channels (and source bands) a card may name; see docs/inputs.md. */
export const MAX_CHANNELS = 64;
/**
 * Bounds of the normalisation numbers (docs/model-card.md). `(v * valueScale - mean) / std` must stay a sane float
 * for any 8-bit-unit value v: values outside these bounds are typos or unit mix-ups, never real statistics.
 */
export const NORMALISATION_BOUNDS = { valueScale: [1e-6, 1e3], mean: 1e4, meanTiny: 1e-6, std: [1e-4, 1e4] } as const;

const [SCALE_MIN, SCALE_MAX] = NORMALISATION_BOUNDS.valueScale;
const [STD_MIN, STD_MAX] = NORMALISATION_BOUNDS.std;
const perChannelList = (item: z.ZodNumber) => z.array(item).min(1).max(MAX_CHANNELS).optional();

const inputSpecObject = z.object({
  name: z.string().min(1).optional(),
  layout: z.enum(['NCHW', 'NHWC']).default('NCHW'),
  dtype: z.enum(['float32', 'uint8']).default('float32'),
  /** Channels the model takes. 1 from colour: luma; 3 from grey: the grey band three times; else `bands` or as many source bands. */
  channels: z.number().int().min(1).max(MAX_CHANNELS).default(3),
  /** Source band (0-based) that feeds each model channel, in model channel order; decodes the source's own bands. */
  bands: z.array(z.number().int().min(0).max(MAX_CHANNELS - 1)).min(1).max(MAX_CHANNELS).optional(),
  /**
   * Source sample values mapped linearly onto 0..255 (clipped) before valueScale, mean and std: the window of a
   * 16-bit or float image (e.g. `{ "min": 0, "max": 4095 }` for 12-bit data); decodes the source's sample type.
   */
  range: z
    .object({ min: z.number(), max: z.number() })
    .refine((r) => r.max > r.min, { message: 'range.max must be greater than range.min' })
    .optional(),
  /** Fixed models declare width and height; dynamic ones may need sides that are a multiple of `multipleOf`. */
  size: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('fixed'), width: z.number().int().positive(), height: z.number().int().positive() }),
      z.object({
        mode: z.literal('dynamic'),
        multipleOf: z.number().int().positive().default(1),
        /** Images are first scaled (aspect kept) so that their shorter side is this long (torchvision, HF `shortest_edge`). */
        shortestEdge: z.number().int().positive().optional(),
      }),
    ])
    .default({ mode: 'dynamic', multipleOf: 1 }),
  /** How an image is brought to the model's size: none (dynamic models), stretch, letterbox (keep aspect + pad). */
  resize: z.enum(['none', 'stretch', 'letterbox']).default('none'),
  /**
   * Filter of every image resize: `bilinear` is torch's F.interpolate (align_corners=false, no antialiasing, float
   * result); `pil-bilinear` is Pillow's Image.resize(BILINEAR) (antialiased when shrinking, 8-bit result), which
   * torchvision's PIL transforms and Hugging Face image processors use.
   */
  interpolation: z.enum(['bilinear', 'pil-bilinear']).default('bilinear'),
  /** Pad value (in 0..255 pixel units) for letterbox and multipleOf padding. */
  padValue: z.number().min(0).max(255).default(0),
  colorOrder: z.enum(['RGB', 'BGR']).default('RGB'),
  /** Pixel values are multiplied by this before mean/std: 1/255 maps 8-bit to 0..1. */
  valueScale: z.number().min(SCALE_MIN).max(SCALE_MAX).default(1 / 255),
  /** Per model channel (1 value: every channel), in model channel order (after colorOrder), in units of the scaled value. */
  // A mean of 1e-300 is a typo for 0, not a statistic: nonzero means below 1e-6 in magnitude are refused.
  mean: perChannelList(
    z
      .number()
      .min(-NORMALISATION_BOUNDS.mean)
      .max(NORMALISATION_BOUNDS.mean)
      .refine((v) => v === 0 || Math.abs(v) >= NORMALISATION_BOUNDS.meanTiny, { message: `expected 0 or a magnitude of at least ${NORMALISATION_BOUNDS.meanTiny}` }),
  ),
  std: perChannelList(z.number().min(STD_MIN).max(STD_MAX)),
});

export const inputSpecSchema = inputSpecObject
  .superRefine((spec, ctx) => {
    for (const key of ['mean', 'std'] as const) {
      const values = spec[key];
      if (values && values.length !== 1 && values.length !== spec.channels) {
        ctx.addIssue({ code: 'custom', path: [key], message: `expected ${spec.channels === 1 ? '1 value' : `1 or ${spec.channels} values`} (input.channels ${spec.channels}) but received ${values.length}` });
      }
    }
    if (spec.bands && spec.bands.length !== spec.channels) {
      ctx.addIssue({ code: 'custom', path: ['bands'], message: `expected ${spec.channels} band indices (input.channels) but received ${spec.bands.length}` });
    }
    if (spec.bands && spec.colorOrder !== 'RGB') {
      ctx.addIssue({ code: 'custom', path: ['colorOrder'], message: 'colorOrder must stay "RGB" when bands are given (bands set the order)' });
    }
    if (spec.channels !== 3 && spec.colorOrder !== 'RGB') {
      ctx.addIssue({ code: 'custom', path: ['colorOrder'], message: `colorOrder "${spec.colorOrder}" needs 3 channels; use bands to order ${spec.channels}` });
    }
  })
  .transform((spec) => ({ ...spec, mean: spec.mean ?? new Array<number>(spec.channels).fill(0), std: spec.std ?? new Array<number>(spec.channels).fill(1) }));

export const outputSpecSchema = z.object({
  name: z.string().min(1).optional(),
  /** logits: softmax is applied; probabilities: used as they are (one channel = binary foreground); labels: ids. */
  kind: z.enum(['logits', 'probabilities', 'labels']).default('logits'),
  layout: z.enum(['NCHW', 'NHWC']).default('NCHW'),
  /** Resize of scores back to the image: bilinear with torch's align_corners convention. */
  alignCorners: z.boolean().default(false),
});

/**
 * Sliding-window sizes worth running: at least MIN_WINDOW pixels a side (a 1x1 window costs one model run per pixel)
 * and a multiple of the model's `multipleOf` (else every window is padded); a stride of at least a quarter of the
 * crop (at most 16 windows cover a pixel) and at most the crop (no pixel left out). See docs/inputs.md.
 */
export const MIN_WINDOW = 16;

type WindowSize = { width: number; height: number };
const sides = (size: WindowSize) => [size.width, size.height];
const show = (size: WindowSize) => `${size.width}x${size.height}`;

/** Whether a volume window text parses (volumes/window.ts); the reason when it does not. */
function volumeWindowProblem(text: string): string | undefined {
  try {
    parseWindow(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What a window size should have been (for "Expected <what>"), or undefined when it is fine. */
export function windowProblem(crop: WindowSize, multipleOf: number): string | undefined {
  if (sides(crop).some((v) => v < MIN_WINDOW)) return `windows of at least ${MIN_WINDOW}x${MIN_WINDOW} pixels`;
  if (sides(crop).some((v) => v % multipleOf !== 0)) return `window sides that are multiples of ${multipleOf} (the model's input.size.multipleOf)`;
  return undefined;
}

/** What a stride should have been for this crop, or undefined when it is fine. */
export function strideProblem(stride: WindowSize, crop: WindowSize): string | undefined {
  if (stride.width > crop.width || stride.height > crop.height) return `a stride no larger than the crop ${show(crop)} (every pixel in a window)`;
  if (stride.width * 4 < crop.width || stride.height * 4 < crop.height) {
    return `a stride of at least a quarter of the crop ${show(crop)}, ${Math.ceil(crop.width / 4)}x${Math.ceil(crop.height / 4)} (at most 16 windows per pixel)`;
  }
  return undefined;
}

/** A window size as people write it: 512x384. */
export const showWindow = show;

const sizeSchema = z.object({ width: z.number().int().positive(), height: z.number().int().positive() });

/** How semseg runs the model on large images (sliding windows); see docs/model-card.md. */
export const inferenceSpecSchema = z.object({
  /** `--mode auto` segments images up to this many pixels whole, larger ones with sliding windows (dynamic-size models). */
  wholeMaxPixels: z.number().int().positive().default(4_194_304),
  /** Default window size; else the fixed input size, else 512x512. */
  crop: sizeSchema.optional(),
  /** Default window step (with this card's crop); else two thirds of the crop. */
  stride: sizeSchema.optional(),
  /** Default test-time augmentation (e.g. `{ "flip": true }` when its gain was measured); `--tta none` turns it off. */
  tta: z.object({ flip: z.boolean().optional(), scales: z.array(z.number().positive().max(8)).min(1).optional() }).optional(),
});

/** How `semseg models import` built the card: what each field was decided from. */
export const importRecordSchema = z.object({
  from: z.enum(['onnx', 'hf-folder', 'tflite']),
  /** The imported file or folder, as given. */
  source: z.string(),
  /** Card field -> where its value came from ("flag", "config.json", "graph: ...", "probe: ...", "assumed: ..."). */
  decisions: z.record(z.string(), z.string()).default({}),
});

/** Written by `semseg models quantize` (docs/quantization.md): how this model was made from its float source. */
export const quantizationRecordSchema = z.object({
  precision: z.enum(['int8', 'fp16']),
  /** int8: weights int8 symmetric, activations uint8 asymmetric, QuantizeLinear/DequantizeLinear (QDQ) format. */
  format: z.string().optional(),
  method: z.enum(['minmax', 'percentile']).optional(),
  percentile: z.number().optional(),
  perChannel: z.boolean().optional(),
  calibration: z
    .object({
      count: z.number().int().min(0),
      /** sha256 over the sorted sha256 of every calibration image. */
      sha256: z.string(),
      images: z.array(z.string()),
    })
    .optional(),
  source: z.object({ model: z.string(), sha256: z.string() }),
  date: z.string(),
  tool: z.string(),
});

const volumeSpecSchema = z.object({
  window: z
    .string()
    .refine((text) => volumeWindowProblem(text) === undefined, { message: 'expected <level>/<width> (40/400), p<low>/p<high> (p1/p99) or none' })
    .optional(),
  axis: z.enum(['i', 'j', 'k']).optional(),
  context: z.number().int().min(0).max(16).optional(),
});

export const modelCardSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    version: z.string().default('1'),
    task: z.literal('semantic-segmentation').default('semantic-segmentation'),
    input: inputSpecSchema.default(() => inputSpecSchema.parse({})),
    output: outputSpecSchema.default(() => outputSpecSchema.parse({})),
    inference: inferenceSpecSchema.default(() => inferenceSpecSchema.parse({})),
    /** Defaults for volumes (NIfTI, TIFF stacks), below the flags: window as `--window` (40/400, p1/p99, none), axis, 2.5-D context. */
    volume: volumeSpecSchema.optional(),
    classes: z.array(classInfoSchema).min(1),
    ignoreIndex: z.number().int().min(0).max(65535).optional(),
    license: z.string().default('unknown'),
    provenance: z
      .object({
        source: z.string().optional(),
        trainedOn: z.string().optional(),
        recipe: z.string().optional(),
        notes: z.string().optional(),
      })
      .default({}),
    /** Written by `semseg models import`; absent from hand-written cards. */
    import: importRecordSchema.optional(),
    /** Written by `semseg models quantize`; absent from float models. */
    quantization: quantizationRecordSchema.optional(),
    /** Measured quality, written by the tool that measured it. */
    metrics: z.record(z.string(), z.unknown()).optional(),
    /** Agricultural roles of the classes (docs/agriculture.md). */
    roles: classRolesSchema.optional(),
  })
  .superRefine((card, ctx) => {
    card.classes.forEach((c, index) => {
      if (c.id !== index) {
        ctx.addIssue({ code: 'custom', path: ['classes', index, 'id'], message: `class ids must be 0..n-1 in order; found id ${c.id} at position ${index}` });
      }
    });
    const { crop, stride } = card.inference;
    const multipleOf = card.input.size.mode === 'dynamic' ? card.input.size.multipleOf : 1;
    if (crop) {
      const problem = windowProblem(crop, multipleOf);
      if (problem) ctx.addIssue({ code: 'custom', path: ['inference', 'crop'], message: `expected ${problem} but received ${show(crop)}` });
    }
    if (stride) {
      const problem = strideProblem(stride, crop ?? stride);
      if (problem) ctx.addIssue({ code: 'custom', path: ['inference', 'stride'], message: `expected ${problem} but received ${show(stride)}` });
    }
    for (const problem of card.roles ? roleProblems(card.roles, card.classes.map((c) => c.name)) : []) {
      ctx.addIssue({ code: 'custom', path: ['roles', problem.role], message: `expected ${problem.what} but received ${problem.received}` });
    }
    if (card.input.resize !== 'none' && card.input.size.mode !== 'fixed') {
      ctx.addIssue({ code: 'custom', path: ['input', 'resize'], message: `resize "${card.input.resize}" needs input.size.mode "fixed"` });
    }
  });

export type ClassInfoInput = z.input<typeof classInfoSchema>;
export type InputSpec = z.output<typeof inputSpecSchema>;
export type OutputSpec = z.output<typeof outputSpecSchema>;
export type ModelCard = z.output<typeof modelCardSchema>;
export type ModelCardInput = z.input<typeof modelCardSchema>;
export type InputSpecInput = z.input<typeof inputSpecSchema>;
export type OutputSpecInput = z.input<typeof outputSpecSchema>;
export type ImportRecord = z.output<typeof importRecordSchema>;
export type QuantizationRecord = z.output<typeof quantizationRecordSchema>;
