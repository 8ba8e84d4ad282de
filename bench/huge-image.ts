/**
 * Peak memory and wall time of `semseg predict` on a huge image, read region by region and written strip by strip.
 *
 *   npm run bench:huge [-- --size 20000 --crop 512 --stride 384 --image /tmp/semseg-huge-20000.jpg]
 *
 * The image (size x size, JPEG) is generated once if missing: a CamVid test frame mirrored out to the full size
 * (a flat colour when ../shared is absent). It is never committed. The CLI runs under
 * `/usr/bin/time -v` (apt-get install time), which reports the peak resident set size of the whole process,
 * onnxruntime's worker threads included.
 *
 *   npm run bench:huge -- --format geotiff [--size 20000]
 *
 * The GeoTIFF variant: a 4-band uint16 (R, G, B, NIR) GeoTIFF, tiled 256x256 and DEFLATE-compressed, EPSG:32633 with
 * nodata 0, made once by upsampling tools/gis/make-scene.mjs's scene with gdal_translate (apt-get install gdal-bin);
 * predicted with the ndvi model into a label GeoTIFF, the areas CSV and the JSON (docs/gis.md).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { camvidRoot, cliPath, repoRoot } from '../test/helpers/paths.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '20000' },
    crop: { type: 'string', default: '512' },
    stride: { type: 'string', default: '384' },
    model: { type: 'string', default: 'street' },
    image: { type: 'string' },
    format: { type: 'string', default: 'jpeg' },
  },
});
const geotiff = values.format === 'geotiff';
const size = Number(values.size);
const image = values.image ?? join(tmpdir(), `semseg-huge-${size}.${geotiff ? 'tif' : 'jpg'}`);

async function generate(path: string): Promise<void> {
  const frame = join(camvidRoot, 'test', '0001TP_008550.png');
  const tile = existsSync(frame)
    ? sharp(frame)
    : sharp({ create: { width: 480, height: 360, channels: 3, background: { r: 90, g: 120, b: 60 } } });
  const { width = 1, height = 1 } = await tile.metadata();
  await tile.extend({ right: size - width, bottom: size - height, extendWith: 'mirror' }).jpeg({ quality: 90 }).toFile(path);
}

function timed(args: string[]): Promise<{ code: number | null; report: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-v', process.execPath, ...args], { stdio: ['ignore', 'inherit', 'pipe'] });
    let report = '';
    child.stderr.on('data', (d) => {
      report += d;
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, report }));
  });
}

/** The make-scene GeoTIFF upsampled (nearest) to size x size: covers in large blocks, its texture kept. */
function generateGeoTiff(path: string): void {
  const scene = `${path}.scene.tif`;
  execFileSync(process.execPath, [join(repoRoot, 'tools', 'gis', 'make-scene.mjs'), scene, '1500', '1000'], { stdio: 'inherit' });
  execFileSync('gdal_translate', ['-q', '-r', 'nearest', '-outsize', String(size), String(size), '-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE', '-co', 'BIGTIFF=IF_SAFER', scene, path], { stdio: 'inherit' });
}

if (!existsSync(image)) {
  console.log(`generating ${image} (${size}x${size})`);
  if (geotiff) generateGeoTiff(image);
  else await generate(image);
}
const out = await mkdtemp(join(tmpdir(), 'semseg-huge-out-'));
const args = [
  cliPath, 'predict', image, '--model', geotiff ? 'ndvi' : values.model!, '--out', out, '--max-pixels', String(size * size),
  '--crop', values.crop!, '--stride', values.stride!, '--no-progress',
  ...(geotiff ? ['--bands', '1,2,3,4', '--outputs', 'geotiff,areas,json'] : ['--outputs', 'labels,color,confidence,json']),
];
console.log(`node ${args.join(' ')}`);
const { code, report } = await timed(args);
await rm(out, { recursive: true, force: true });
if (code !== 0) throw new Error(`semseg predict exited with ${code}`);
const peak = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1]) / 1024;
const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/.exec(report)?.[1];
console.log('| image | model, windows | peak RSS | wall time | cores |\n|---|---|---|---|---|');
console.log(`| ${size}x${size} ${geotiff ? 'GeoTIFF (4 x uint16)' : 'JPEG'} | ${geotiff ? 'ndvi' : values.model}, ${values.crop} stride ${values.stride} | ${peak.toFixed(0)} MiB | ${wall} | ${availableParallelism()} |`);
