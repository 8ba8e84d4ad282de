/** Options shared by `predict` and `eval` for whole/slide inference, blending, TTA and batching; huge images (predict). */
import type { Command } from 'commander';
import { expected } from '../core/errors.js';
import { BLEND_MODES, type BlendMode } from '../inference/blend.js';
import { INFERENCE_MODES, type InferenceMode, type InferenceOptions, type TtaOptions } from '../inference/options.js';
import type { Size } from '../inference/window-plan.js';
import { parseChoiceOption, parseNumberOption } from './options.js';

/** Images above this many pixels are read region by region and their outputs written strip by strip. */
export const DEFAULT_STREAM_ABOVE = 32_000_000;

export interface InferenceFlags {
  mode: InferenceMode;
  crop?: Size;
  stride?: Size;
  blend: BlendMode;
  tta?: TtaOptions;
  batch: number;
}

export interface StreamingFlags {
  streamAbove: number;
}

/** `WxH` (e.g. 512x384) or one number for a square. */
export function parseSize(name: string) {
  return (value: string): Size => {
    const match = /^(\d+)(?:x(\d+))?$/i.exec(value.trim());
    const width = Number(match?.[1]);
    const height = Number(match?.[2] ?? match?.[1]);
    if (!match || width < 1 || height < 1) throw expected('WxH with positive integers (e.g. 512x512) or one integer', name, value);
    return { width, height };
  };
}

/** Comma-separated `flip` and scale factors, e.g. `flip`, `0.75,1,1.25`, `flip,0.75,1,1.25` (`scales=` may lead). */
export function parseTta(value: string): TtaOptions {
  const tta: TtaOptions = {};
  // `none`: no augmentation, even where the model card asks for one.
  if (value.trim() === 'none') return tta;
  const scales: number[] = [];
  for (const raw of value.split(',').map((s) => s.trim())) {
    const item = raw.replace(/^scales=/, '');
    const scale = Number(item);
    if (raw === 'flip') tta.flip = true;
    else if (item !== '' && Number.isFinite(scale) && scale > 0 && scale <= 8) scales.push(scale);
    else throw expected('a comma-separated list of flip and scales in (0, 8], e.g. flip,0.75,1,1.25', '--tta', value);
  }
  if (scales.length > 0) tta.scales = [...new Set(scales)];
  return tta;
}

export function addInferenceFlags(command: Command): Command {
  return command
    .option('--mode <mode>', "auto | whole | slide (auto: whole up to the card's inference.wholeMaxPixels, else slide)", parseChoiceOption('--mode', INFERENCE_MODES), 'auto')
    .option('--crop <WxH>', 'sliding-window size (default: card inference.crop, else the model size, else 512x512)', parseSize('--crop'))
    .option('--stride <WxH>', 'sliding-window step (default: card inference.stride, else two thirds of the crop)', parseSize('--stride'))
    .option('--blend <mode>', `blending of overlapping windows: ${BLEND_MODES.join(' | ')} (uniform = MMSegmentation's average)`, parseChoiceOption('--blend', BLEND_MODES), 'uniform')
    .option('--tta <list>', 'test-time augmentation, softmax averaged: flip and/or scales, e.g. flip,0.75,1,1.25; none (default: the card\'s inference.tta)', parseTta)
    .option('--batch <n>', 'images or windows per model run (models with a dynamic batch dimension)', parseNumberOption('--batch', 1, 256, true), 1);
}

export function addStreamingFlag(command: Command): Command {
  return command.option(
      '--stream-above <pixels>',
      'read larger images region by region, write their outputs strip by strip (no overlay)',
      parseNumberOption('--stream-above', 1, Number.MAX_SAFE_INTEGER, true),
      DEFAULT_STREAM_ABOVE,
    );
}

/** Whether an option was given on the command line rather than left at its default (commander's value source). */
export function givenOptions(command: Command): (key: string) => boolean {
  return (key) => command.getOptionValueSource(key) === 'cli';
}

/**
 * The inference options that have no effect with the chosen mode, one line each (without a "warning: " prefix, which
 * the caller adds): the window options in whole mode. In auto mode the choice is made per image, so nothing is said.
 */
export function inferenceFlagWarnings(flags: InferenceFlags, given: (key: string) => boolean): string[] {
  if (flags.mode !== 'whole') return [];
  return (['crop', 'stride', 'blend'] as const)
    .filter((key) => given(key))
    .map((key) => `--${key} has no effect with --mode whole (the model sees the whole image, there are no windows); ignored`);
}

export function inferenceOptions(flags: InferenceFlags): InferenceOptions {
  // Window options are ignored in whole mode (inferenceFlagWarnings says so), so they are not validated either.
  if (flags.mode === 'whole') return { mode: flags.mode, tta: flags.tta };
  return { mode: flags.mode, crop: flags.crop, stride: flags.stride, blend: flags.blend, tta: flags.tta };
}
