/**
 * Where the page finds models: the semseg server it was served by (`/v1/models`, the card, `/v1/models/:name/onnx`)
 * or, on a static host, the files the web build copied (`models/index.json`, `models/<name>/card.json|model.onnx`).
 */
import { apiFetch } from './api-fetch.js';

export interface ModelSource {
  /** A server is there: server-side inference is possible. */
  readonly server: boolean;
  names(): Promise<string[]>;
  card(name: string): Promise<unknown>;
  onnx(name: string): Promise<Uint8Array>;
}

async function getJson(url: string): Promise<unknown> {
  const response = await apiFetch(url);
  if (response.status === 401) throw new Error('This server needs an API key: enter it under "API key" and press "Use key"');
  if (!response.ok) throw new Error(`Expected ${url} to answer 200 but it answered ${response.status}`);
  return response.json();
}

async function getBytes(url: string): Promise<Uint8Array> {
  const response = await apiFetch(url);
  if (!response.ok) throw new Error(`Expected ${url} to answer 200 but it answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const serverSource: ModelSource = {
  server: true,
  names: async () => ((await getJson('v1/models')) as { models: { name: string }[] }).models.map((m) => m.name),
  card: async (name) => ((await getJson(`v1/models/${encodeURIComponent(name)}`)) as { card: unknown }).card,
  onnx: (name) => getBytes(`v1/models/${encodeURIComponent(name)}/onnx`),
};

const staticSource: ModelSource = {
  server: false,
  names: async () => ((await getJson('models/index.json')) as { models: string[] }).models,
  card: (name) => getJson(`models/${encodeURIComponent(name)}/card.json`),
  onnx: (name) => getBytes(`models/${encodeURIComponent(name)}/model.onnx`),
};

/** The server when `/v1/models` answers, the static copy otherwise. */
export async function findModelSource(): Promise<ModelSource> {
  try {
    const response = await apiFetch('v1/models', { headers: { accept: 'application/json' } });
    // 401: a server that wants an API key (the page asks for it).
    if (response.ok || response.status === 401) return serverSource;
  } catch {
    // no server: a static host
  }
  return staticSource;
}
