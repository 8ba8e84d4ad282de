/**
 * `semseg background <images|folders|videos...>`: the foreground (a person class, or the classes named) kept, the
 * background blurred, replaced by an image or painted one colour, with soft edges from the model's probabilities.
 * Images give PNG or JPEG files; videos (and, with --sequence, frame folders) give an MP4 through ffmpeg.
 */
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { loadModel } from '../models/load.js';
import { decodeImage, decodeOptionsFor, DEFAULT_MAX_PIXELS } from '../io/decode.js';
import { writeFileAtomic } from '../io/file-sink.js';
import { writeOutputFiles } from '../io/output-files.js';
import { SemsegError } from '../core/errors.js';
import { encodeJpeg, encodePng } from '../formats/encode.js';
import { confidenceToGrey } from '../formats/render.js';
import { checkBackdrop, createBackdrop } from '../background/backdrop.js';
import { parseHexColor } from '../background/composite.js';
import { resolveForeground } from '../background/foreground-classes.js';
import { replaceBackground } from '../background/replace-background.js';
import { MATTE_REFINEMENTS, type BackdropSpec, type MatteRefinement } from '../background/types.js';
import { DEFAULT_FEATHER, DEFAULT_GUIDED_EPSILON, DEFAULT_GUIDED_RADIUS } from '../background/refine-matte.js';
import { backgroundVideo } from '../pipeline/background-video.js';
import { checkTool } from '../video/ffmpeg-tools.js';
import { expandInputs } from './expand-inputs.js';
import { parseChoiceOption, parseNumberOption } from './options.js';
import { prepareOutputFolder } from './output-folder.js';
import { printablePath } from './output-names.js';
import { sequenceInputs } from './sequence-inputs.js';
import { flickerLine } from './predict-video.js';
import { INTERRUPT_EXIT, type CommandContext } from './io.js';
import { UsageError } from './usage-error.js';

export interface BackgroundFlags {
  model: string;
  card?: string;
  out: string;
  foreground?: string[];
  blur?: number;
  replace?: string;
  color?: string;
  feather: number;
  refine: MatteRefinement;
  guidedRadius: number;
  guidedEpsilon: number;
  format: 'png' | 'jpeg';
  matte?: boolean;
  smooth?: number;
  sequence?: boolean;
  fps: number;
  maxPixels: number;
  workers?: number;
  threads?: number;
}

/** Default backdrop when none is named: a blur of this sigma. */
export const DEFAULT_BLUR = 12;

function backdropOf(flags: BackgroundFlags): BackdropSpec {
  const given = (['blur', 'replace', 'color'] as const).filter((k) => flags[k] !== undefined);
  if (given.length > 1) throw new UsageError(`Expected one of --blur, --replace, --color but received ${given.map((k) => `--${k}`).join(' and ')}`);
  if (flags.replace !== undefined) return { kind: 'image', source: flags.replace };
  if (flags.color !== undefined) {
    const rgb = parseHexColor(flags.color);
    if (!rgb) throw new UsageError(`Expected a colour #rrggbb for --color but received "${flags.color}"`);
    return { kind: 'color', rgb };
  }
  return { kind: 'blur', radius: flags.blur ?? DEFAULT_BLUR };
}

interface ItemResult {
  input: string;
  ok: boolean;
  files?: string[];
  frames?: number;
  flicker?: { raw: number; smoothed: number; transitions: number };
  error?: string;
  code?: string;
}

async function runBackground(inputs: string[], flags: BackgroundFlags, { io, setExitCode }: CommandContext): Promise<void> {
  const backdropSpec = backdropOf(flags);
  await checkBackdrop(backdropSpec);
  const expanded = await expandInputs(inputs);
  for (const p of expanded.problems) io.stderr.write(`error: ${p.message}\n`);
  await prepareOutputFolder(flags.out);
  const model = await loadModel(flags.model, { card: flags.card, workers: flags.workers, threadsPerWorker: flags.threads });
  const results: ItemResult[] = [];
  try {
    const foreground = resolveForeground(model.card.classes, model.card.name, flags.foreground);
    const matteOptions = { foreground, feather: flags.feather, refine: flags.refine, guidedRadius: flags.guidedRadius, guidedEpsilon: flags.guidedEpsilon };
    const decode = { ...decodeOptionsFor(model.card), maxPixels: flags.maxPixels };
    const { sequences, images } = await sequenceInputs(inputs, expanded, { sequence: flags.sequence === true, fps: flags.fps, decode, tools: {} });
    if (sequences.length + images.length === 0) throw new UsageError('Expected at least one image, video or frame folder among the inputs but found none');
    if (sequences.length) await checkTool('ffmpeg');
    const backdrop = createBackdrop(backdropSpec);
    const fail = (input: string, error: unknown) => {
      if (!(error instanceof SemsegError)) throw error;
      // A missing tool or a bad option fails every item the same way: stop at once.
      if (error.code === 'TOOL_MISSING' || error.code === 'INVALID_ARGUMENT') throw error;
      io.stderr.write(`error: ${printablePath(input)}: ${error.message} [${error.code}]\n`);
      results.push({ input, ok: false, error: error.message, code: error.code });
    };
    for (const file of images) {
      if (io.interrupt?.aborted) break;
      try {
        const image = await decodeImage(file.path, decode);
        const done = await replaceBackground(model, image, backdrop, matteOptions);
        const extension = flags.format === 'png' ? '.background.png' : '.background.jpg';
        const bytes = flags.format === 'png' ? await encodePng(done.rgb, done.width, done.height, 3) : await encodeJpeg(done.rgb, done.width, done.height, 90);
        const outputs = [{ extension, bytes }];
        if (flags.matte) outputs.push({ extension: '.matte.png', bytes: await encodePng(confidenceToGrey(done.matte), done.width, done.height, 1) });
        results.push({ input: file.path, ok: true, files: await writeOutputFiles(flags.out, file.name, outputs) });
      } catch (error) {
        fail(file.path, error);
      }
    }
    for (const item of sequences) {
      if (io.interrupt?.aborted) break;
      try {
        const source = await item.open();
        const paths = { video: join(flags.out, `${item.stem}.background.mp4`), csv: join(flags.out, `${item.stem}.frames.csv`), framesFolder: flags.matte ? join(flags.out, `${item.stem}.frames`) : undefined };
        const summary = await backgroundVideo(model, source, { ...matteOptions, backdrop: backdropSpec, smooth: flags.smooth, signal: io.interrupt, paths });
        results.push({ input: item.input, ok: true, files: [paths.video, paths.csv], frames: summary.frames, flicker: summary.flicker });
        io.stdout.write(`${flickerLine(item.input, summary.frames, summary.flicker, flags.smooth)}\n`);
      } catch (error) {
        fail(item.input, error);
      }
    }
  } finally {
    await model.dispose();
  }
  const failed = results.filter((r) => !r.ok).length;
  await writeFileAtomic(join(flags.out, 'summary.json'), `${JSON.stringify({ model: model.card.name, items: results.length, failed, results }, null, 2)}\n`);
  io.stdout.write(`${results.length - failed} written, ${failed} failed\noutputs: ${printablePath(flags.out)} (summary.json lists every item)\n`);
  if (io.interrupt?.aborted) return setExitCode(INTERRUPT_EXIT[String(io.interrupt.reason)] ?? 130);
  setExitCode(failed + expanded.problems.length > 0 ? 1 : 0);
}

export function registerBackground(program: Command, context: CommandContext): void {
  program
    .command('background')
    .description('keep the foreground (people), blur, replace or paint the background, with soft edges; images and videos')
    .argument('<inputs...>', 'image files, folders, glob patterns or video files (ffmpeg)')
    .option('-m, --model <name|path>', 'embedded model name, .onnx file or model folder (any model with a person or pedestrian class, or use --foreground)', 'person')
    .option('--card <path>', 'model card JSON (default: next to the model)')
    .option('-o, --out <dir>', 'output folder', 'semseg-out')
    .option('--foreground <classes>', 'foreground classes, names or ids (default: person, else pedestrian)', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--blur <radius>', `blur the background: Gaussian sigma in pixels (the default backdrop, ${DEFAULT_BLUR})`, parseNumberOption('--blur', 0.3, 1000))
    .option('--replace <image>', 'put this image behind the foreground (scaled to cover the frame)')
    .option('--color <#rrggbb>', 'paint the background one colour')
    .option('--feather <pixels>', 'soften the matte over this many pixels (0: the probabilities as they are)', parseNumberOption('--feather', 0, 200), DEFAULT_FEATHER)
    .addOption(new Option('--refine <method>', `matte refinement: ${MATTE_REFINEMENTS.join(' | ')} (guided: follows the photo's edges)`).argParser(parseChoiceOption('--refine', MATTE_REFINEMENTS)).default('none'))
    .option('--guided-radius <pixels>', 'guided filter window radius', parseNumberOption('--guided-radius', 1, 200, true), DEFAULT_GUIDED_RADIUS)
    .option('--guided-epsilon <eps>', 'guided filter regularisation (guide on a 0..1 scale)', parseNumberOption('--guided-epsilon', 1e-8, 1), DEFAULT_GUIDED_EPSILON)
    .addOption(new Option('--format <format>', 'image output format: png | jpeg').argParser(parseChoiceOption('--format', ['png', 'jpeg'] as const)).default('png'))
    .option('--matte', 'also write the matte (grey PNG; for videos one per frame in <name>.frames/)')
    .option('--smooth <alpha>', 'videos: moving average of probabilities across frames, weight of the past 0..<1 (e.g. 0.6)', parseNumberOption('--smooth', 0, 0.999))
    .option('--sequence', 'treat each folder argument as the numbered frames of one clip (written as a video)')
    .option('--fps <n>', 'frames per second of frame folders', parseNumberOption('--fps', 0.01, 1000), 30)
    .option('--max-pixels <n>', 'refuse larger images', parseNumberOption('--max-pixels', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_MAX_PIXELS)
    .option('--workers <n>', 'inference worker threads (default: cores)', parseNumberOption('--workers', 1, 64, true))
    .option('--threads <n>', 'onnxruntime threads per worker (default: cores / workers)', parseNumberOption('--threads', 1, 64, true))
    .action((inputs: string[], flags: BackgroundFlags) => runBackground(inputs, flags, context));
}
