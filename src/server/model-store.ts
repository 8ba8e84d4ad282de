/**
 * The models a server holds, by card name, on one shared pool. A reload loads the new version beside the old one;
 * only when it loaded does it take the old one's place, and the old one is released when its last in-flight request
 * has finished. A failed reload leaves the old version serving.
 */
import { SemsegError } from '../core/errors.js';
import { loadModel } from '../models/load.js';
import type { SegmentationModel } from '../models/types.js';
import type { InferencePool } from '../runtime/types.js';

export type ModelLoader = (reference: string, pool: InferencePool) => Promise<SegmentationModel>;

export interface ServedModel {
  readonly name: string;
  /** What it was loaded from (an embedded name, a file, a folder): reloads read the same place again. */
  readonly reference: string;
  readonly model: SegmentationModel;
  /** 1 for the first load, +1 per successful reload. */
  readonly generation: number;
  readonly loadedAt: Date;
}

interface Slot extends ServedModel {
  inFlight: number;
  retired: boolean;
}

export interface ModelLease {
  readonly served: ServedModel;
  release(): void;
}

export const loadOnPool: ModelLoader = (reference, pool) => loadModel(reference, { pool });

export class ModelStore {
  private readonly slots = new Map<string, Slot>();
  private readonly reloading = new Map<string, Promise<ServedModel>>();

  constructor(
    private readonly pool: InferencePool,
    private readonly loader: ModelLoader = loadOnPool,
    /** Applied to every loaded version (e.g. dynamic batching). */
    private readonly prepare: (model: SegmentationModel) => SegmentationModel = (model) => model,
  ) {}

  /** Loads a model at start-up; two references whose cards share a name are refused. */
  async add(reference: string): Promise<ServedModel> {
    const model = this.prepare(await this.loader(reference, this.pool));
    const name = model.card.name;
    if (this.slots.has(name)) {
      await model.dispose();
      throw new SemsegError('INVALID_ARGUMENT', `Expected models with different card names for models but received two named "${name}"`);
    }
    const slot: Slot = { name, reference, model, generation: 1, loadedAt: new Date(), inFlight: 0, retired: false };
    this.slots.set(name, slot);
    return slot;
  }

  get names(): string[] {
    return [...this.slots.keys()];
  }

  list(): ServedModel[] {
    return [...this.slots.values()];
  }

  get(name: string): ServedModel | undefined {
    return this.slots.get(name);
  }

  /** The model by name, or MODEL_NOT_FOUND naming the served ones. */
  require(name: string): ServedModel {
    const slot = this.slots.get(name);
    if (!slot) throw this.notFound(name);
    return slot;
  }

  /** The current version of a model for one request; release() when the request is done with it. */
  acquire(name: string): ModelLease {
    const slot = this.slots.get(name);
    if (!slot) throw this.notFound(name);
    slot.inFlight++;
    let released = false;
    return {
      served: slot,
      release: () => {
        if (released) return;
        released = true;
        slot.inFlight--;
        if (slot.retired && slot.inFlight === 0) void slot.model.dispose();
      },
    };
  }

  /** Loads the model again from its reference; concurrent reloads of one model share one load. */
  reload(name: string): Promise<ServedModel> {
    const current = this.slots.get(name);
    if (!current) return Promise.reject(this.notFound(name));
    const running = this.reloading.get(name);
    if (running) return running;
    const reload = this.swapIn(current).finally(() => this.reloading.delete(name));
    this.reloading.set(name, reload);
    return reload;
  }

  /** Releases every model (the pool is closed by its owner). */
  async close(): Promise<void> {
    const slots = [...this.slots.values()];
    this.slots.clear();
    await Promise.allSettled(slots.map((s) => s.model.dispose()));
  }

  private async swapIn(current: Slot): Promise<ServedModel> {
    const model = this.prepare(await this.loader(current.reference, this.pool));
    if (model.card.name !== current.name) {
      await model.dispose();
      throw new SemsegError('MODEL_MISMATCH', `Expected a card named "${current.name}" for the reloaded model but received "${model.card.name}"; the old version keeps serving`);
    }
    const next: Slot = { ...current, model, generation: current.generation + 1, loadedAt: new Date(), inFlight: 0, retired: false };
    this.slots.set(current.name, next);
    current.retired = true;
    if (current.inFlight === 0) await current.model.dispose();
    return next;
  }

  private notFound(name: string): SemsegError {
    return new SemsegError('MODEL_NOT_FOUND', `Expected a served model (${this.names.join(', ')}) for model but received "${name}"`);
  }
}
