/**
 * fetch() for the semseg server's API with the API key the user entered, as `Authorization: Bearer <key>` (the
 * server's own scheme, docs/serving.md). The key is kept for this tab only (sessionStorage), never in the page.
 */
const STORAGE_KEY = 'semseg-api-key';

export function apiKey(): string {
  return sessionStorage.getItem(STORAGE_KEY) ?? '';
}

export function setApiKey(key: string): void {
  if (key) sessionStorage.setItem(STORAGE_KEY, key);
  else sessionStorage.removeItem(STORAGE_KEY);
}

export function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const key = apiKey();
  if (!key) return fetch(url, init);
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${key}`);
  return fetch(url, { ...init, headers });
}
