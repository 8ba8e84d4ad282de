/**
 * What each libvips `failOn` level refuses (the table in docs/inputs.md): real valid files, re-encodings of CamVid
 * frames in every supported format, the same truncated to 70 %, and with 3 seeded random bytes flipped.
 * Run: npx tsc -p . && node dist/bench/decode-fail-on.js
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { repoRoot } from '../test/helpers/paths.js';

const LEVELS = ['none', 'truncated', 'error', 'warning'] as const;
const shared = '/work/shared/data';
const realDirs = [
  join(repoRoot, 'samples'),
  ...['camvid/test', 'camvid/testannot', 'camvid/val', 'camvid/train', 'cwfid/images', 'cwfid/annotations', 'isbi-em/images', 'isbi-em/labels'].map((d) => join(shared, d)),
  join(repoRoot, 'test', 'fixtures', 'families', 'images'),
  join(repoRoot, 'docs', 'images'),
].filter(existsSync);

const ENCODERS: Record<string, (s: Sharp) => Sharp> = {
  jpeg: (s) => s.jpeg(),
  'jpeg progressive': (s) => s.jpeg({ progressive: true }),
  'jpeg 4:4:4': (s) => s.jpeg({ chromaSubsampling: '4:4:4', quality: 95 }),
  webp: (s) => s.webp(),
  'webp lossless': (s) => s.webp({ lossless: true }),
  gif: (s) => s.gif(),
  'tiff lzw': (s) => s.tiff({ compression: 'lzw' }),
  'tiff jpeg': (s) => s.tiff({ compression: 'jpeg' }),
  'tiff tiled deflate': (s) => s.tiff({ tile: true, compression: 'deflate' }),
  png: (s) => s.png(),
};

async function refusedAt(bytes: Buffer): Promise<boolean[]> {
  return Promise.all(LEVELS.map((failOn) => sharp(bytes, { failOn }).raw().toBuffer().then(() => false, () => true)));
}

function row(name: string, counts: number[], total: number): string {
  return `| ${name} | ${counts.map((c) => `${c} / ${total}`).join(' | ')} |`;
}

async function main(): Promise<void> {
  const real = realDirs.flatMap((d) => readdirSync(d).filter((f) => /\.(png|jpe?g|tiff?|gif|webp)$/i.test(f)).map((f) => join(d, f)));
  const realCounts = [0, 0, 0, 0];
  for (const file of real) (await refusedAt(readFileSync(file))).forEach((r, i) => (realCounts[i] += Number(r)));
  console.log(`| files | ${LEVELS.join(' | ')} |\n|---|---|---|---|---|`);
  console.log(row('real valid files', realCounts, real.length));
  const frames = existsSync(join(shared, 'camvid/val')) ? readdirSync(join(shared, 'camvid/val')).slice(0, 30).map((f) => join(shared, 'camvid/val', f)) : [join(repoRoot, 'samples', 'camvid-0001TP_008550.png')];
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const [name, encode] of Object.entries(ENCODERS)) {
    const counts = { valid: [0, 0, 0, 0], truncated: [0, 0, 0, 0], flipped: [0, 0, 0, 0] };
    const files = frames.slice(0, name === 'gif' ? 8 : 30);
    for (const frame of files) {
      const bytes = await encode(sharp(frame)).toBuffer();
      const flipped = Buffer.from(bytes);
      for (let k = 0; k < 3; k++) flipped[64 + Math.floor(random() * (bytes.length - 64))] ^= 0xff;
      const variants = { valid: bytes, truncated: bytes.subarray(0, Math.floor(bytes.length * 0.7)), flipped };
      for (const [kind, variant] of Object.entries(variants)) (await refusedAt(variant)).forEach((r, i) => (counts[kind as keyof typeof counts][i] += Number(r)));
    }
    for (const [kind, c] of Object.entries(counts)) console.log(row(`${name}, ${kind}`, c, files.length));
  }
}

await main();
