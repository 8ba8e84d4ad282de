/**
 * ONNX import: a bare .onnx file or a Hugging Face folder -> a model card. Values come, strongest first, from the
 * caller's overrides (CLI flags), the folder's config files, the graph and a few probing runs, and conventions
 * (ImageNet normalisation, RGB, torch's align_corners=false); the card's `import.decisions` says which for every
 * field, so a wrong guess is easy to spot and to override.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { expected } from '../../core/errors.js';
import { parseModelCard } from '../card.js';
import type { ClassInfoInput, InputSpecInput, ModelCardInput, OutputSpecInput } from '../card-schema.js';
import { defaultClasses } from '../default-classes.js';
import { IMAGENET_MEAN, IMAGENET_STD } from './conventions.js';
import { CardDraft } from './draft.js';
import { hfOnnxPath, isHfFolder, readHfFolder } from './hf-folder.js';
import { probeOnnx, type ProbeHints } from './probe.js';

/** Card fields fixed by the caller; they win over config files and detection. */
export interface CardOverrides {
  input?: Partial<InputSpecInput>;
  output?: Partial<OutputSpecInput>;
  classes?: ClassInfoInput[];
}

export interface ImportOnnxOptions {
  /** Model name in the card (default: the file or folder name). */
  name?: string;
  overrides?: CardOverrides;
}

export interface ImportOnnxResult {
  /** The card to write next to the graph; validated. */
  card: ModelCardInput;
  /** The ONNX graph the card describes. */
  onnxPath: string;
  from: 'onnx' | 'hf-folder';
}

async function locate(source: string): Promise<{ onnxPath: string; from: 'onnx' | 'hf-folder' }> {
  const info = await stat(source).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!(await isHfFolder(source))) throw expected('a Hugging Face folder (config.json + onnx/model.onnx)', 'model', source, 'MODEL_NOT_FOUND');
    return { onnxPath: await hfOnnxPath(source), from: 'hf-folder' };
  }
  if (info?.isFile() && extname(source).toLowerCase() === '.onnx') return { onnxPath: source, from: 'onnx' };
  throw expected('an .onnx file or a Hugging Face folder', 'model', source, 'MODEL_NOT_FOUND');
}

function offerOverrides(draft: CardDraft, overrides: CardOverrides): void {
  for (const [field, value] of Object.entries(overrides.input ?? {})) draft.offer(`input.${field}`, value, 'flag');
  for (const [field, value] of Object.entries(overrides.output ?? {})) draft.offer(`output.${field}`, value, 'flag');
  draft.offer('classes', overrides.classes, 'flag');
}

function hints(draft: CardDraft): ProbeHints {
  return {
    inputName: draft.get('input.name'),
    outputName: draft.get('output.name'),
    layout: draft.get('input.layout'),
    size: draft.get('input.size'),
    kind: draft.get('output.kind'),
    outputLayout: draft.get('output.layout'),
  };
}

/** What nothing in the files can tell: the conventions of PyTorch-trained models, each marked as assumed. */
function offerAssumptions(draft: CardDraft): void {
  const raw = draft.get('input.dtype') === 'uint8';
  if (!raw) {
    draft.offer('input.valueScale', 1 / 255, 'assumed: 8-bit pixels scaled to 0..1 (pass --scale)');
    draft.offer('input.mean', IMAGENET_MEAN, 'assumed: ImageNet mean, the torchvision convention (pass --mean)');
    draft.offer('input.std', IMAGENET_STD, 'assumed: ImageNet std, the torchvision convention (pass --std)');
  }
  draft.offer('input.colorOrder', 'RGB', 'assumed: RGB (pass --color-order BGR for OpenCV-trained models)');
  const size = draft.get<{ mode: string; shortestEdge?: number }>('input.size');
  if (size?.mode === 'fixed') draft.offer('input.resize', 'stretch', 'assumed: stretched to the fixed size (pass --resize letterbox)');
  if (size?.mode === 'fixed' || size?.shortestEdge !== undefined) {
    draft.offer('input.interpolation', 'bilinear', 'assumed: torch bilinear resize (pass --interpolation pil-bilinear for PIL pipelines)');
  }
  draft.offer('output.alignCorners', false, 'assumed: align_corners=false, the torch and HF default (pass --align-corners)');
}

export async function importOnnx(source: string, options: ImportOnnxOptions = {}): Promise<ImportOnnxResult> {
  const { onnxPath, from } = await locate(source);
  const draft = new CardDraft();
  offerOverrides(draft, options.overrides ?? {});
  if (from === 'hf-folder') await readHfFolder(source, draft);
  const found = await probeOnnx(onnxPath, hints(draft));
  const probed = (field: string, fallback: string) => found.decisions[field] ?? fallback;
  draft.offer('input.name', found.inputName, 'graph: first input');
  draft.offer('output.name', found.outputName, 'graph: first output');
  draft.offer('input.dtype', found.dtype, `graph: ${found.dtype} input`);
  draft.offer('input.channels', found.channels, `graph: ${found.channels} input channel${found.channels === 1 ? '' : 's'}`);
  draft.offer('input.layout', found.layout, probed('input.layout', 'probe'));
  draft.offer('input.size', found.size, probed('input.size', 'probe'));
  draft.offer('output.kind', found.kind, probed('output.kind', 'probe'));
  draft.offer('output.layout', found.outputLayout, probed('output.layout', 'probe'));
  if (found.kind === 'labels' && draft.get('classes') === undefined) {
    throw expected('a class list (--classes): a label output does not tell how many classes there are', 'classes', onnxPath, 'INVALID_MODEL_CARD');
  }
  draft.offer('classes', defaultClasses(found.scoreChannels), `probe: ${found.scoreChannels} score channel${found.scoreChannels === 1 ? ' (binary)' : 's'}, names class_<id>`);
  offerAssumptions(draft);
  const name = options.name ?? basename(source, extname(source));
  const raw = {
    name,
    description: `${name} (imported from ${basename(source)})`,
    ...draft.toRawCard(),
    license: 'unknown',
    provenance: { source: `imported from ${basename(source)} by semseg models import` },
    import: { from, source, decisions: draft.decisions },
  };
  // The complete card (every default spelled out, in schema order) is what gets written.
  const card: ModelCardInput = parseModelCard(raw, 'the imported model card');
  return { card, onnxPath, from };
}
