/**
 * `--capture DIR`: requests whose quality matches the rule (sampled at `sampleRate`) are stored as the image as
 * sent, its label map and a JSON of the statistics, so a team can label them and run `semseg eval` on exactly the
 * traffic that went wrong. Layout: DIR/<model>/<yyyy-mm-dd>/<ms>-<request id>.{image.<ext>,labels.png,json}. Writes
 * are atomic and happen after the answer; the folder stops growing at `maxBytes` (counted from what is already
 * there at start-up). Nothing about the client (address, key) is stored.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { writeFileAtomic } from '../io/file-sink.js';
import { sniffFormat } from '../io/sniff.js';
import { encodeLabelPng } from '../formats/encode.js';
import type { LabelMap } from '../core/types.js';
import type { ImageQuality } from '../monitoring/image-quality.js';
import type { CaptureRule } from './capture-rule.js';

export interface CaptureSettings {
  dir: string;
  sampleRate: number;
  maxBytes: number;
}

export interface CaptureItem {
  requestId: string;
  model: { name: string; version: string };
  image: Uint8Array;
  map: LabelMap;
  quality: ImageQuality;
  classes: unknown;
}

async function folderBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const sizes = await Promise.all(entries.filter((e) => e.isFile()).map((e) => stat(join(e.parentPath, e.name)).then((s) => s.size, () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

export class Capture {
  private used = 0;
  private full = false;
  private readonly ready: Promise<void>;

  constructor(
    private readonly settings: CaptureSettings,
    private readonly rules: ReadonlyMap<string, CaptureRule>,
    private readonly logger: Logger,
    private readonly random: () => number = Math.random,
  ) {
    this.ready = mkdir(settings.dir, { recursive: true }).then(async () => {
      this.used = await folderBytes(settings.dir);
    });
  }

  /** Whether this request should be stored (rule first, then the sampling draw). */
  wants(model: string, quality: ImageQuality): boolean {
    const rule = this.rules.get(model);
    return !this.full && rule !== undefined && rule(quality) && this.random() < this.settings.sampleRate;
  }

  /** Stores one item; never throws (a failed capture is logged, the request was answered already). */
  async store(item: CaptureItem): Promise<boolean> {
    try {
      await this.ready;
      const labels = encodeLabelPng(item.map);
      const json = JSON.stringify({ requestId: item.requestId, capturedAt: new Date().toISOString(), model: item.model, width: item.map.width, height: item.map.height, quality: item.quality, classes: item.classes }, null, 2);
      const size = item.image.length + labels.length + json.length;
      if (this.used + size > this.settings.maxBytes) {
        if (!this.full) this.logger.warn({ dir: this.settings.dir, maxBytes: this.settings.maxBytes }, 'capture folder full: no more requests are stored');
        this.full = true;
        return false;
      }
      this.used += size;
      const folder = join(this.settings.dir, safeName(item.model.name), new Date().toISOString().slice(0, 10));
      await mkdir(folder, { recursive: true });
      // A time prefix keeps names unique and never starting with a dot, whatever id the client sent.
      const stem = join(folder, `${Date.now()}-${safeName(item.requestId)}`);
      await writeFileAtomic(`${stem}.image.${sniffFormat(item.image.subarray(0, 64)) ?? 'bin'}`, item.image);
      await writeFileAtomic(`${stem}.labels.png`, labels);
      await writeFileAtomic(`${stem}.json`, `${json}\n`);
      return true;
    } catch (error) {
      this.logger.error({ err: error, requestId: item.requestId }, 'capture failed');
      return false;
    }
  }
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || '_';
}
