/**
 * One predict batch on disk: <batch>/in/ holds mutated files, one control per format and the odd names;
 * <batch>/out/ holds planted links whose victims sit in <batch>/ beside it.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Random } from './random.js';
import { mutateImage, type ImageMutation } from './mutate-image.js';
import { ODD_NAMES, PLANTED_LINKS } from './names.js';
import { EXTENSION, type ImageFormat, type Seed } from './seeds.js';

export type InputKind = 'mutated' | 'control' | 'odd';

export interface BatchInput {
  /** Path as the CLI reports it. */
  path: string;
  kind: InputKind;
  format: ImageFormat;
  mutation?: ImageMutation;
  detail: string;
}

export interface Batch {
  dir: string;
  inDir: string;
  outDir: string;
  inputs: BatchInput[];
}

export function controlSeeds(seeds: Seed[]): Seed[] {
  const first = new Map<ImageFormat, Seed>();
  for (const seed of seeds) if (!first.has(seed.format)) first.set(seed.format, seed);
  return [...first.values()];
}

export const controlName = (seed: Seed) => `control-${seed.format}.${EXTENSION[seed.format]}`;

export async function buildBatch(dir: string, seeds: Seed[], count: number, firstIndex: number, random: Random): Promise<Batch> {
  const inDir = join(dir, 'in');
  const outDir = join(dir, 'out');
  await mkdir(inDir, { recursive: true });
  await mkdir(outDir, { recursive: true });
  const inputs: BatchInput[] = [];
  const put = async (name: string, bytes: Uint8Array, input: Omit<BatchInput, 'path'>) => {
    const path = join(inDir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    inputs.push({ path, ...input });
  };
  for (const seed of controlSeeds(seeds)) await put(controlName(seed), seed.bytes, { kind: 'control', format: seed.format, detail: `valid ${seed.format} from ${seed.sample}` });
  const png = seeds.find((s) => s.format === 'png')!;
  for (const odd of ODD_NAMES) {
    const bytes = odd.corrupt ? png.bytes.slice(0, png.bytes.length >> 1) : png.bytes;
    await put(odd.name, bytes, { kind: 'odd', format: 'png', detail: `odd name ${JSON.stringify(odd.name)}${odd.corrupt ? ', truncated PNG' : ''}` });
  }
  for (let i = 0; i < count; i++) {
    const seed = random.pick(seeds);
    const mutated = mutateImage(seed, random);
    const name = `m${String(firstIndex + i).padStart(5, '0')}-${mutated.mutation}.${EXTENSION[seed.format]}`;
    await put(name, mutated.bytes, { kind: 'mutated', format: seed.format, mutation: mutated.mutation, detail: `${seed.format} (${seed.sample}): ${mutated.detail}` });
  }
  for (const link of PLANTED_LINKS) {
    await writeFile(join(dir, link.victim), `victim of ${link.name}: must never change\n`);
    await symlink(join('..', link.victim), join(outDir, link.name));
  }
  return { dir, inDir, outDir, inputs };
}
