/** `semseg/server`: the HTTP service as a library (Fastify), apart from the main entry so `semseg` stays light. */
export { createServer, type CreateServerOptions, type SemsegServer } from './create-server.js';
export { parseServerOptions, serverOptionsSchema, type ServerOptions, type ServerOptionsInput } from './options.js';
export type { ModelLoader, ServedModel } from './model-store.js';
