/** The numbers the guidance text quotes, by placeholder name, taken from the measurements (n/a when missing). */
import type { NodeResult, VariantMeasurement } from './types.js';

const NA = 'n/a';

function ms(value: number | undefined): string {
  if (value === undefined) return NA;
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

export function megabytes(bytes: number | undefined): string {
  if (bytes === undefined) return NA;
  if (bytes < 100_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

function find(all: VariantMeasurement[], model: string, precision = 'fp32'): VariantMeasurement | undefined {
  return all.find((m) => m.model === model && m.precision === precision && !m.unavailable);
}

function node(m: VariantMeasurement | undefined, config: NodeResult['config']): NodeResult | undefined {
  return m?.node.find((n) => n.config === config);
}

const SIZE: Record<string, string> = { '480': '480x360', '1024': '1024x512', '2048': '2048x1024' };

function accuracyText(m: VariantMeasurement | undefined): string | undefined {
  return m?.accuracy && 'value' in m.accuracy ? `${m.accuracy.value.toFixed(2)} %` : undefined;
}

/** One sentence comparing a precision with fp32 for street, or why it cannot. */
function precisionLine(all: VariantMeasurement[], precision: 'int8' | 'fp16'): string {
  const base = find(all, 'street');
  const other = all.find((m) => m.model === 'street' && m.precision === precision);
  if (!other || other.unavailable || !base) return `not measured in this run (${other?.unavailable ?? 'no street variant'}).`;
  const size = '1024x512';
  const parts = [
    `street ${precision} is ${megabytes(other.fileBytes)} against ${megabytes(base.fileBytes)}`,
    `${ms(node(other, 'node-1x2')?.latency[size]?.median)} against ${ms(node(base, 'node-1x2')?.latency[size]?.median)} per ${size} image in Node`,
    `${ms(other.browser.find((b) => b.config === 'wasm-2')?.latency[size]?.median)} against ${ms(base.browser.find((b) => b.config === 'wasm-2')?.latency[size]?.median)} in the browser (2 threads)`,
  ];
  const acc = accuracyText(other);
  if (acc) parts.push(`CamVid test mIoU ${acc} against ${accuracyText(base) ?? NA}`);
  return `${parts.join(', ')}.`;
}

/** a / b as "1.6x", n/a when either is missing. */
function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? NA : `${(a / b).toFixed(1)}x`;
}

/** What the two Node pool shapes say about a lone request, in words that stay true whichever way they came out. */
function threadsVerdict(oneByTwo: number | undefined, twoByOne: number | undefined): string {
  if (oneByTwo === undefined || twoByOne === undefined) return 'Not measured in this run.';
  if (oneByTwo < twoByOne * 0.9) return 'A lone request is answered sooner by one worker with more threads; with many requests in flight, as many workers as cores keep every core busy.';
  if (twoByOne < oneByTwo * 0.9) return 'Here a lone request was not faster with 2 threads on one worker than with 1 thread (the cores were shared, or the model does not scale over threads), so one worker per core is the better default.';
  return 'A lone request took about as long either way, so one worker per core (more throughput under load) is the better default.';
}

export function guidanceFigures(all: VariantMeasurement[], ortWasmBytes: number): Record<string, string> {
  const figures: Record<string, string> = { ort_wasm_mb: megabytes(ortWasmBytes) };
  for (const model of ['street', 'person', 'membrane', 'vegetation', 'ndvi']) {
    const m = find(all, model);
    figures[`${model}_fp32_mb`] = megabytes(m?.fileBytes);
    for (const [short, label] of Object.entries(SIZE)) {
      figures[`${model}_node1x2_${short}`] = ms(node(m, 'node-1x2')?.latency[label]?.median);
      figures[`${model}_node2x1_${short}`] = ms(node(m, 'node-2x1')?.latency[label]?.median);
      const throughput = node(m, 'node-2x1')?.throughput?.[label];
      figures[`${model}_thr_${short}`] = throughput === undefined ? NA : `${throughput.toFixed(2)} images/s`;
      for (const threads of [1, 2]) figures[`${model}_wasm${threads}_${short}`] = ms(m?.browser.find((b) => b.config === `wasm-${threads}`)?.latency[label]?.median);
    }
    const rss = node(m, 'node-2x1')?.peakRssMiB;
    figures[`${model}_rss_2x1`] = rss === undefined ? NA : `${Math.round(rss)} MiB`;
    figures[`${model}_first_ms`] = ms(m?.browser.find((b) => b.config === 'wasm-2')?.firstRunMs);
  }
  const street = find(all, 'street');
  figures.street_threads_verdict = threadsVerdict(node(street, 'node-1x2')?.latency['1024x512']?.median, node(street, 'node-2x1')?.latency['1024x512']?.median);
  figures.street_wasm_speedup = ratio(street?.browser.find((b) => b.config === 'wasm-1')?.latency['480x360']?.median, street?.browser.find((b) => b.config === 'wasm-2')?.latency['480x360']?.median);
  figures.street_browser_vs_node = ratio(street?.browser.find((b) => b.config === 'wasm-2')?.latency['480x360']?.median, node(street, 'node-1x2')?.latency['480x360']?.median);
  const membraneRate = node(find(all, 'membrane'), 'node-2x1')?.throughput?.['2048x1024'];
  figures.membrane_10k_hours = membraneRate === undefined ? NA : `${(10_000 / membraneRate / 3600).toFixed(1)} hours`;
  figures.int8_street = precisionLine(all, 'int8');
  figures.fp16_street = precisionLine(all, 'fp16');
  return figures;
}

/** Fills `{{name}}` placeholders; a name without a figure is an error (the template and figures.ts disagree). */
export function fillTemplate(template: string, figures: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in figures)) throw new Error(`Expected a figure for template placeholder {{${name}}} but figures.ts has none`);
    return figures[name];
  });
}
