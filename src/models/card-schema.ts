/**
 * The model card: everything semseg must know to feed a model and read its answer. Documented field by field in
 * docs/model-card.md; validated once, when a model is loaded.
 */
import { z } from 'zod';

const rgb = z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]);

export const classInfoSchema = z.object({
  id: z.number().int().min(0).max(65535),
  name: z.string().min(1),
  color: rgb,
});

export const inputSpecSchema = z.object({
  name: z.string().min(1).optional(),
  layout: z.enum(['NCHW', 'NHWC']).default('NCHW'),
  dtype: z.enum(['float32', 'uint8']).default('float32'),
  /** Channels the model takes: 3 (colour) or 1 (grey; colour images are converted to luma). */
  channels: z.union([z.literal(1), z.literal(3)]).default(3),
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
  padValue: z.number().default(0),
  colorOrder: z.enum(['RGB', 'BGR']).default('RGB'),
  /** Pixel values are multiplied by this before mean/std: 1/255 maps 8-bit to 0..1. */
  valueScale: z.number().positive().default(1 / 255),
  /** Per channel, in model channel order (after colorOrder), in units of the scaled value. */
  mean: z.array(z.number()).min(1).max(3).default([0, 0, 0]),
  std: z.array(z.number().positive()).min(1).max(3).default([1, 1, 1]),
});

export const outputSpecSchema = z.object({
  name: z.string().min(1).optional(),
  /** logits: softmax is applied; probabilities: used as they are (one channel = binary foreground); labels: ids. */
  kind: z.enum(['logits', 'probabilities', 'labels']).default('logits'),
  layout: z.enum(['NCHW', 'NHWC']).default('NCHW'),
  /** Resize of scores back to the image: bilinear with torch's align_corners convention. */
  alignCorners: z.boolean().default(false),
});

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

export const modelCardSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    version: z.string().default('1'),
    task: z.literal('semantic-segmentation').default('semantic-segmentation'),
    input: inputSpecSchema.default(() => inputSpecSchema.parse({})),
    output: outputSpecSchema.default(() => outputSpecSchema.parse({})),
    inference: inferenceSpecSchema.default(() => inferenceSpecSchema.parse({})),
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
    /** Measured quality, written by the tool that measured it. */
    metrics: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((card, ctx) => {
    card.classes.forEach((c, index) => {
      if (c.id !== index) {
        ctx.addIssue({ code: 'custom', path: ['classes', index, 'id'], message: `class ids must be 0..n-1 in order; found id ${c.id} at position ${index}` });
      }
    });
    const { crop, stride } = card.inference;
    if (stride && (stride.width > (crop ?? stride).width || stride.height > (crop ?? stride).height)) {
      ctx.addIssue({ code: 'custom', path: ['inference', 'stride'], message: 'the stride must not exceed the crop' });
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
