/**
 * Agricultural roles of a card's classes (docs/agriculture.md): which classes are crop, weed, soil, or vegetation of
 * no known kind. `semseg field` reads them (or --crop/--weed/--soil/--vegetation); a class may have one role at most.
 */
import { z } from 'zod';

export const ROLE_NAMES = ['crop', 'weed', 'soil', 'vegetation'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

const classNames = z.array(z.string().min(1)).optional();

export const classRolesSchema = z.object({ crop: classNames, weed: classNames, soil: classNames, vegetation: classNames }).strict();

export type ClassRoles = z.output<typeof classRolesSchema>;

export interface RoleProblem {
  role: RoleName;
  /** For "Expected <what> ... but received <received>". */
  what: string;
  received: string;
}

/** Problems of roles against the card's class names: unknown names and classes with two roles. */
export function roleProblems(roles: ClassRoles, classNames: readonly string[]): RoleProblem[] {
  const problems: RoleProblem[] = [];
  const seen = new Map<string, RoleName>();
  for (const role of ROLE_NAMES) {
    for (const name of roles[role] ?? []) {
      if (!classNames.includes(name)) problems.push({ role, what: `class names of the model (${classNames.join(', ')})`, received: `"${name}"` });
      const other = seen.get(name);
      if (other && other !== role) problems.push({ role, what: 'one role per class', received: `"${name}" as ${other} and ${role}` });
      seen.set(name, role);
    }
  }
  return problems;
}
