/** The models a worker has loaded, one per reference, all on the same thread budget; loaded on first use. */
import { loadModel } from '../models/load.js';
import type { LoadedModel } from '../models/types.js';
import type { ModelRef } from './job-data.js';

export interface ModelCache {
  get(ref: ModelRef): Promise<LoadedModel>;
  dispose(): Promise<void>;
}

export function modelCache(options: { workers?: number; threadsPerWorker?: number }): ModelCache {
  const loaded = new Map<string, Promise<LoadedModel>>();
  return {
    get(ref) {
      const key = JSON.stringify([ref.model, ref.card ?? null]);
      let model = loaded.get(key);
      if (!model) {
        model = loadModel(ref.model, { card: ref.card, ...options });
        // A failed load is tried again by the next job (the file may appear on the shared file system).
        model.catch(() => loaded.delete(key));
        loaded.set(key, model);
      }
      return model;
    },
    async dispose() {
      const models = await Promise.allSettled(loaded.values());
      loaded.clear();
      await Promise.all(models.map((m) => (m.status === 'fulfilled' ? m.value.dispose() : undefined)));
    },
  };
}
