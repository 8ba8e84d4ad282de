/** The page: wires inputs, runs (server or browser), views, legend, compare, ground truth and downloads. */
import { byId, make, setStatus } from './dom.js';
import { loadImage, wireImageInputs, type PageImage } from './image-input.js';
import { findModelSource, type ModelSource } from './model-source.js';
import { setApiKey } from './api-fetch.js';
import { browserModel, runInBrowser, runOnServer, type Engine, type PageResult } from './runners.js';
import { renderView, type ViewMode } from './render-view.js';
import { formatShare, hiddenClasses, renderLegend, type LegendState } from './legend.js';
import { createViewport, wireZoomButtons } from './viewport.js';
import { readTruth, scoreImage, type ImageScores } from './compare.js';
import { download, type DownloadKind } from './downloads.js';
import { wasmThreads } from './ort-web-backend.js';
import { wireWebcam } from './webcam.js';

interface PageState {
  source: ModelSource;
  image?: PageImage;
  a?: PageResult;
  b?: PageResult;
  truth?: Uint8Array;
  legend: LegendState;
}

/** `?threads=N` asks for N wasm threads (benchmarks); default up to 4 when cross-origin isolated. */
function requestedThreads(): number {
  const asked = Number(new URLSearchParams(location.search).get('threads'));
  return Number.isInteger(asked) && asked > 0 ? asked : Math.min(4, navigator.hardwareConcurrency || 1);
}

const threads = requestedThreads();

function select(id: string): HTMLSelectElement {
  return byId<HTMLSelectElement>(id);
}

function viewMode(): ViewMode {
  return (document.querySelector<HTMLInputElement>('input[name="view"]:checked')?.value ?? 'overlay') as ViewMode;
}

async function runOne(state: PageState, model: string, engine: Engine, tta: boolean): Promise<PageResult> {
  const image = state.image!;
  if (engine === 'server') return runOnServer(model, image.blob);
  return runInBrowser(await browserModel(state.source, model, threads), image.raster, tta);
}

function draw(canvas: HTMLCanvasElement, state: PageState, result: PageResult | undefined): void {
  canvas.hidden = !result;
  if (!result || !state.image) return;
  canvas.width = result.map.width;
  canvas.height = result.map.height;
  const ignoreIndex = Number(canvas.dataset.ignoreIndex ?? 255);
  const focus = state.legend.isolated;
  const pixels = renderView(state.image.raster, result.map, {
    mode: viewMode(),
    opacity: Number(byId<HTMLInputElement>('opacity').value) / 100,
    hidden: hiddenClasses(state.legend, result.classes),
    truth: state.truth,
    ignoreIndex,
    focus,
  });
  canvas.getContext('2d')!.putImageData(pixels, 0, 0);
}

function layout(state: PageState): void {
  const stage = byId('stage');
  const side = select('layout').value === 'side';
  stage.classList.toggle('side', side);
  stage.classList.toggle('swipe', !side);
  const b = byId<HTMLCanvasElement>('view-b');
  b.style.clipPath = side || !state.b ? '' : `inset(0 0 0 ${byId<HTMLInputElement>('swipe').value}%)`;
}

function redraw(state: PageState): void {
  draw(byId<HTMLCanvasElement>('view-a'), state, state.a);
  draw(byId<HTMLCanvasElement>('view-b'), state, state.b);
  layout(state);
  if (state.a) renderLegend(byId('legend'), state.a.classes, state.legend, () => redraw(state));
  renderScores(state);
}

function cell(value: number | undefined): HTMLTableCellElement {
  return make('td', { textContent: value === undefined || Number.isNaN(value) ? '—' : value.toFixed(4) });
}

function renderScores(state: PageState): void {
  const table = byId<HTMLTableElement>('iou');
  table.hidden = !state.truth || !state.a;
  if (table.hidden || !state.a) return;
  const ignore = state.a.map.classes.length;
  const ignoreIndex = Number(byId('view-a').dataset.ignoreIndex ?? ignore);
  const a: ImageScores = scoreImage(state.truth!, state.a.map, ignoreIndex);
  const b = state.b ? scoreImage(state.truth!, state.b.map, ignoreIndex) : undefined;
  const rows = state.a.map.classes.map((c, i) => {
    const row = make('tr', {}, [make('th', { scope: 'row', textContent: c.name }), cell(a.iou[i]), cell(b?.iou[i])]);
    row.dataset.classId = String(c.id);
    row.dataset.iou = String(a.iou[i]);
    return row;
  });
  const mean = make('tr', { className: 'mean' }, [make('th', { scope: 'row', textContent: 'mIoU' }), cell(a.mIoU), cell(b?.mIoU)]);
  table.tBodies[0].replaceChildren(...rows, mean);
}

function onHover(state: PageState, x: number, y: number, canvas: HTMLCanvasElement): void {
  const result = canvas.id === 'view-b' ? state.b : state.a;
  if (!result) return;
  const i = y * result.map.width + x;
  const id = result.map.labels[i];
  const name = result.map.classes.find((c) => c.id === id)?.name ?? String(id);
  const confidence = result.map.confidence ? formatShare(result.map.confidence[i]) : 'n/a';
  const truth = state.truth ? `, truth ${state.a?.map.classes.find((c) => c.id === state.truth![i])?.name ?? state.truth[i]}` : '';
  byId('hover').textContent = `(${x}, ${y}) ${canvas.id === 'view-b' ? 'B' : 'A'}: ${name}, confidence ${confidence}${truth}`;
}

async function segmentNow(state: PageState): Promise<void> {
  if (!state.image) return setStatus('Choose an image first.', true);
  const modelB = select('model-b').value;
  setStatus('Segmenting…');
  try {
    const a = await runOne(state, select('model-a').value, select('engine-a').value as Engine, byId<HTMLInputElement>('tta-a').checked);
    const b = modelB ? await runOne(state, modelB, select('engine-b').value as Engine, byId<HTMLInputElement>('tta-b').checked) : undefined;
    state.a = a;
    state.b = b;
    state.legend = { hidden: new Set() };
    if (state.truth && state.truth.length !== a.map.labels.length) state.truth = undefined;
    const card = (await state.source.card(a.model)) as { ignoreIndex?: number };
    byId('view-a').dataset.ignoreIndex = String(card.ignoreIndex ?? 255);
    redraw(state);
    const threadsNote = a.where === 'browser' ? `, ${wasmThreads()} wasm thread(s)` : '';
    setStatus(`A: ${a.model} (${a.where}${threadsNote}) ${a.ms.toFixed(0)} ms${b ? ` · B: ${b.model} (${b.where}) ${b.ms.toFixed(0)} ms` : ''}`);
    document.body.dataset.ms = a.ms.toFixed(1);
    document.body.dataset.ready = String(Date.now());
  } catch (error) {
    setStatus(`Failed: ${(error as Error).message}`, true);
  }
}

async function useBlob(state: PageState, blob: Blob, name: string): Promise<void> {
  state.image = await loadImage(blob, name);
  state.truth = undefined;
  byId('view-a').setAttribute('aria-label', `Segmentation of ${name}`);
  await segmentNow(state);
}

async function fillSamples(state: PageState): Promise<void> {
  const samples = select('sample');
  try {
    const list = (await (await fetch('samples/index.json')).json()) as { samples: { file: string; title: string }[] };
    for (const s of list.samples) samples.append(make('option', { value: s.file, textContent: s.title }));
  } catch {
    samples.disabled = true;
  }
  samples.addEventListener('change', async () => {
    if (!samples.value) return;
    const blob = await (await fetch(`samples/${encodeURIComponent(samples.value)}`)).blob();
    await useBlob(state, blob, samples.value);
  });
}

async function start(): Promise<void> {
  const source = await findModelSource();
  const state: PageState = { source, legend: { hidden: new Set() } };
  byId('api-key-box').hidden = !source.server;
  byId('api-key-use').addEventListener('click', () => {
    setApiKey(byId<HTMLInputElement>('api-key').value.trim());
    location.reload();
  });
  let names: string[] = [];
  try {
    names = await source.names();
  } catch (error) {
    setStatus((error as Error).message, true);
  }
  for (const id of ['model-a', 'model-b']) for (const name of names) select(id).append(make('option', { value: name, textContent: name }));
  if (!source.server) {
    for (const id of ['engine-a', 'engine-b']) {
      select(id).value = 'browser';
      select(id).querySelector<HTMLOptionElement>('option[value="server"]')!.disabled = true;
    }
    byId('monitor-link').hidden = true;
  }
  byId('mode').textContent = source.server
    ? `Served by semseg${crossOriginIsolated ? ' · cross-origin isolated (wasm threads)' : ''}`
    : `Static site: models run in this browser, nothing leaves the machine${crossOriginIsolated ? ' · wasm threads' : ' · 1 wasm thread (no COOP/COEP)'}`;
  wireImageInputs(byId<HTMLInputElement>('file'), byId('drop'), (file) => void useBlob(state, file, file.name));
  await fillSamples(state);
  byId('run').addEventListener('click', () => void segmentNow(state));
  for (const input of document.querySelectorAll<HTMLInputElement>('input[name="view"], #opacity')) input.addEventListener('input', () => redraw(state));
  for (const id of ['layout', 'swipe']) byId(id).addEventListener('input', () => layout(state));
  byId<HTMLInputElement>('truth').addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file || !state.a) return setStatus('Segment an image before adding its ground truth.', true);
    try {
      state.truth = await readTruth(file, state.a.map.width, state.a.map.height);
      redraw(state);
      document.body.dataset.truth = String(Date.now());
    } catch (error) {
      setStatus((error as Error).message, true);
    }
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-download]')) {
    button.addEventListener('click', () => {
      if (state.a) void download(button.dataset.download as DownloadKind, state.a, byId<HTMLCanvasElement>('view-a'), (state.image?.name ?? 'image').replace(/\.[^.]+$/, ''));
    });
  }
  const frame = byId('frame');
  const viewport = createViewport(frame, byId('stage'), (x, y, canvas) => onHover(state, x, y, canvas));
  wireZoomButtons(byId('zoom-in'), byId('zoom-out'), frame);
  byId('zoom-reset').addEventListener('click', () => viewport.reset());
  wireWebcam(source, threads, () => state.image);
  document.body.dataset.started = 'true';
}

start().catch((error: Error) => setStatus(`The page could not start: ${error.message}`, true));
