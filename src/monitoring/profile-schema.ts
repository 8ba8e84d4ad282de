/**
 * The quality-profile file format, version 1 (docs/monitoring.md), validated with zod when read: a file that is
 * not a profile, of another version, or inconsistent (histograms whose shares do not sum to 1, edges out of order,
 * a class list that does not match the class distribution) is refused with INVALID_ARGUMENT, naming the first
 * problems; a profile of another model than the one it is used with, with MODEL_MISMATCH. Pure: no file system.
 */
import { z } from 'zod';
import { SemsegError } from '../core/errors.js';
import type { ClassInfo } from '../core/types.js';
import { MAX_BINS, PROFILE_FORMAT, PROFILE_VERSION, type QualityProfile } from './quality-profile.js';

const MAX_PROBLEMS = 5;
/** Shares written as JSON numbers sum to 1 within rounding. */
const SUM_TOLERANCE = 1e-6;

const share = z.number().min(0).max(1);

const histogram = z
  .object({
    edges: z.array(z.number()).max(MAX_BINS - 1),
    proportions: z.array(share).min(1).max(MAX_BINS),
    mean: z.number(),
  })
  .strict()
  .superRefine((h, ctx) => {
    if (h.proportions.length !== h.edges.length + 1) ctx.addIssue({ code: 'custom', message: `expected ${h.edges.length + 1} proportions (edges + 1) but found ${h.proportions.length}` });
    if (h.edges.some((e, i) => i > 0 && !(e > h.edges[i - 1]))) ctx.addIssue({ code: 'custom', path: ['edges'], message: 'expected strictly increasing edges' });
    const sum = h.proportions.reduce((s, p) => s + p, 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) ctx.addIssue({ code: 'custom', path: ['proportions'], message: `expected proportions summing to 1 but they sum to ${sum}` });
  });

export const qualityProfileSchema = z
  .object({
    format: z.literal(PROFILE_FORMAT),
    version: z.literal(PROFILE_VERSION),
    model: z.object({ name: z.string().min(1), version: z.string() }),
    createdAt: z.string(),
    source: z.string().optional(),
    images: z.number().int().min(1),
    bins: z.number().int().min(2).max(MAX_BINS),
    lowConfidenceThreshold: z.number().gt(0).max(1),
    classes: z.array(z.object({ id: z.number().int().min(0), name: z.string().min(1), share: histogram }).strict()).min(1),
    classDistribution: z.array(share),
    confidence: histogram.nullable(),
    lowConfidence: histogram.nullable(),
    entropy: histogram.nullable(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.classDistribution.length !== p.classes.length) {
      ctx.addIssue({ code: 'custom', path: ['classDistribution'], message: `expected ${p.classes.length} entries (one per class) but found ${p.classDistribution.length}` });
    }
  });

/** Validates a parsed profile file; `source` names it in the error (e.g. its path). */
export function parseQualityProfile(raw: unknown, source = 'quality profile'): QualityProfile {
  const head = raw as { format?: unknown; version?: unknown } | null;
  if (typeof head === 'object' && head !== null && head.format === PROFILE_FORMAT && head.version !== PROFILE_VERSION) {
    throw new SemsegError('INVALID_ARGUMENT', `Expected a ${PROFILE_FORMAT} of version ${PROFILE_VERSION} for ${source} but received version ${JSON.stringify(head.version)}`);
  }
  const result = qualityProfileSchema.safeParse(raw);
  if (result.success) return result.data as QualityProfile;
  const problems = result.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(profile)'}: ${issue.message}`);
  const more = problems.length > MAX_PROBLEMS ? `; and ${problems.length - MAX_PROBLEMS} more problems` : '';
  throw new SemsegError('INVALID_ARGUMENT', `Expected a ${PROFILE_FORMAT} (version ${PROFILE_VERSION}) for ${source} but received: ${problems.slice(0, MAX_PROBLEMS).join('; ')}${more}`);
}

/** Refuses (MODEL_MISMATCH) a profile recorded with another model, model version or class list than `model`. */
export function checkProfileModel(profile: QualityProfile, model: { name: string; version: string; classes: ClassInfo[] }, source = 'quality profile'): void {
  const mismatch = (what: string, received: string) => new SemsegError('MODEL_MISMATCH', `Expected ${what} for ${source} but received ${received}`);
  const { name, version } = profile.model;
  if (name !== model.name || version !== model.version) throw mismatch(`a profile of model ${model.name} version ${model.version}`, `one of model ${name} version ${version}`);
  if (profile.classes.length !== model.classes.length) throw mismatch(`a profile of the ${model.classes.length} classes of model ${model.name}`, `one of ${profile.classes.length} classes`);
  const at = model.classes.findIndex((c, i) => c.id !== profile.classes[i].id || c.name !== profile.classes[i].name);
  if (at !== -1) {
    const c = model.classes[at];
    throw mismatch(`class ${c.id} "${c.name}" of model ${model.name} at position ${at} of the profile`, `class ${profile.classes[at].id} "${profile.classes[at].name}"`);
  }
}
