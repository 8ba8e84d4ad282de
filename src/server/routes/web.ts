/**
 * The web page (docs/web.md): `GET /` and `GET /monitor`, the files the web build wrote into dist/web/ (assets,
 * samples) under their own paths, and `GET /v1/models/:name/onnx` (the served model's ONNX bytes, for in-browser
 * inference). Files are listed once at start-up; a request only picks from that list, never names a path. Every
 * answer here carries the page's Content-Security-Policy (this origin only) and COOP/COEP (cross-origin isolation,
 * so onnxruntime-web may use wasm threads).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SemsegError } from '../../core/errors.js';
import { findPackageRoot } from '../../models/package-root.js';
import type { ServerContext } from '../context.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Also written to dist/web/_headers by the build: what a static host must send. */
export const WEB_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

/** URL path -> file, for dist/web's assets/ and samples/ (the models there are for static hosts only). */
function listFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (TYPES[extname(name)]) files.set(`/${relative(dir, path).split(sep).join('/')}`, path);
    }
  };
  for (const sub of ['assets', 'samples']) if (existsSync(join(dir, sub))) walk(join(dir, sub));
  return files;
}

async function sendFile(reply: FastifyReply, path: string): Promise<FastifyReply> {
  return reply.headers(WEB_HEADERS).type(TYPES[extname(path)] ?? 'application/octet-stream').send(await readFile(path));
}

export interface WebRouteOptions {
  /** The built page; default <package root>/dist/web. */
  dir?: string;
}

export async function webRoutes(app: FastifyInstance, context: ServerContext & WebRouteOptions): Promise<void> {
  const dir = context.dir ?? join(findPackageRoot(), 'dist', 'web');
  const built = existsSync(join(dir, 'index.html'));
  const files = built ? listFiles(dir) : new Map<string, string>();
  const notBuilt = () => new SemsegError('NOT_FOUND', `Expected the web page built in ${dir} (npm run build:web) but received a request for it before it was built`);

  app.get('/', async (_request, reply) => {
    if (!built) throw notBuilt();
    return sendFile(reply, join(dir, 'index.html'));
  });
  app.get('/monitor', async (_request, reply) => {
    if (!built) throw notBuilt();
    return sendFile(reply, join(dir, 'monitor.html'));
  });
  for (const prefix of ['/assets/*', '/samples/*']) {
    app.get(prefix, async (request, reply) => {
      const file = files.get(request.url.split('?')[0]);
      if (!file) throw new SemsegError('NOT_FOUND', `Expected a file of the web page but received ${request.url.split('?')[0]}`);
      return sendFile(reply, file);
    });
  }
  app.get<{ Params: { name: string } }>('/v1/models/:name/onnx', { schema: { params: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['name'] } } }, async (request, reply) => {
    const lease = context.models.acquire(request.params.name);
    try {
      request.modelName = lease.served.name;
      const path = lease.served.model.modelPath;
      if (!path) throw new SemsegError('NOT_FOUND', `Expected model ${lease.served.name} to come from an ONNX file but it was built from a backend, so there are no bytes to send`);
      return await reply.headers(WEB_HEADERS).type('application/octet-stream').send(await readFile(path));
    } finally {
      lease.release();
    }
  });
}

/**
 * The page's own files: public, served without an API key (they hold no model and no data; the page asks for the
 * key and sends it with its API calls, web/api-fetch.ts).
 */
export function isPageFile(url: string): boolean {
  const path = url.split('?')[0];
  return path === '/' || path === '/monitor' || path.startsWith('/assets/') || path.startsWith('/samples/');
}
