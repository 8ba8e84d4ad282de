/**
 * Which class of a model plays which agricultural role: the card's `roles`, or, when any role flag is given
 * (--crop-classes, --weed-classes, --soil-classes, --vegetation-classes), the flags alone: a class moved to another
 * role must not keep its card role too. Validated once, here; the result is a per-class lookup.
 */
import { expected, SemsegError } from '../core/errors.js';
import type { ClassInfo } from '../core/types.js';
import { ROLE_NAMES, roleProblems, type ClassRoles, type RoleName } from '../models/roles-schema.js';

/** Role codes in the per-class lookup; 0 = no role (counted as "other"). */
export const ROLE_CODE: Readonly<Record<RoleName | 'other', number>> = { other: 0, crop: 1, weed: 2, soil: 3, vegetation: 4 };

export interface ResolvedRoles {
  /** Class names per role, as used. */
  roles: Required<ClassRoles>;
  /** Per class id: its ROLE_CODE. */
  roleOf: Uint8Array;
}

export function resolveRoles(classes: readonly ClassInfo[], cardRoles: ClassRoles | undefined, overrides: Partial<Record<RoleName, string[]>> = {}): ResolvedRoles {
  const fromFlags = Object.keys(overrides).length > 0;
  const roles = Object.fromEntries(ROLE_NAMES.map((role) => [role, (fromFlags ? overrides[role] : cardRoles?.[role]) ?? []])) as Required<ClassRoles>;
  const names = classes.map((c) => c.name);
  const problem = roleProblems(roles, names)[0];
  if (problem) throw new SemsegError('INVALID_ARGUMENT', `Expected ${problem.what} for ${fromFlags ? `--${problem.role}-classes` : `roles.${problem.role} of the model card`} but received ${problem.received}`);
  if (roles.crop.length + roles.weed.length + roles.vegetation.length === 0) {
    throw expected('crop, weed or vegetation classes (the card\'s roles, or --crop-classes, --weed-classes, --vegetation-classes)', 'class roles', 'none');
  }
  // Every 16-bit label value, so that ignore indices above 255 look up as "no role" too.
  const roleOf = new Uint8Array(65536);
  for (const role of ROLE_NAMES) for (const name of roles[role]) roleOf[names.indexOf(name)] = ROLE_CODE[role];
  return { roles, roleOf };
}
