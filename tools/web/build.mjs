// Builds the web page into dist/web/ (served by `semseg serve` at / and deployable as a static site):
// esbuild bundles src/web/*-main.ts with semseg/core and onnxruntime-web; the page, its style, onnxruntime-web's wasm
// files, the samples and the embedded models are copied next to it. Nothing in dist/web is edited by hand.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist', 'web');
const web = join(root, 'src', 'web');

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets', 'ort'), { recursive: true });

await build({
  entryPoints: { app: join(web, 'main.ts'), monitor: join(web, 'monitor-main.ts') },
  outdir: join(out, 'assets'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  // onnxruntime-web's build that loads its wasm glue from env.wasm.wasmPaths (assets/ort/) instead of inlining it.
  conditions: ['onnxruntime-web-use-extern-wasm'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});

for (const page of ['index.html', 'monitor.html']) copyFileSync(join(web, page), join(out, page));
copyFileSync(join(web, 'style.css'), join(out, 'assets', 'style.css'));
const ort = join(root, 'node_modules', 'onnxruntime-web', 'dist');
for (const file of ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm']) copyFileSync(join(ort, file), join(out, 'assets', 'ort', file));

const samples = readdirSync(join(root, 'samples')).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
mkdirSync(join(out, 'samples'));
for (const file of samples) copyFileSync(join(root, 'samples', file), join(out, 'samples', file));
writeFileSync(join(out, 'samples', 'index.json'), JSON.stringify({ samples: samples.map((file) => ({ file, title: file.replace(/\.[^.]+$/, '') })) }, null, 2));

const models = ['street', 'person'];
for (const name of models) {
  mkdirSync(join(out, 'models', name), { recursive: true });
  for (const file of ['model.onnx', 'card.json']) copyFileSync(join(root, 'models', name, file), join(out, 'models', name, file));
}
writeFileSync(join(out, 'models', 'index.json'), JSON.stringify({ models }, null, 2));

// The headers a static host must send (Netlify / Cloudflare Pages read this file; see docs/web.md for others).
const { WEB_HEADERS } = await import(join(root, 'dist', 'src', 'server', 'routes', 'web.js'));
writeFileSync(join(out, '_headers'), `/*\n${Object.entries(WEB_HEADERS).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);
console.log(`web page built into ${out}`);
