import { type Explanation, explain } from '../conditions/explanation.js';
import { type Issue, type Path, issue } from '../errors/issue.js';
import type { Label } from '../i18n/label.js';
import type { Content } from '../rules/blueprint.js';

type Values = Readonly<Record<string, string | number | boolean>>;

export interface ContentCheck {
  /** Unknown items and values of the wrong type: the command itself is malformed. */
  readonly issues: Issue[];
  /** Whether every required item is there, item by item. */
  readonly explanation: Explanation;
}

const present = (v: unknown) => v !== undefined && v !== '' && v !== null;

/** Checks recorded contents (of an assessment or a plan) against what the programme asks them to hold. */
export function checkContents(defs: readonly Content[], values: Values, path: Path, title: Label): ContentCheck {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(values)) {
    const def = byId.get(key);
    if (!def) {
      issues.push(issue('command.unknown_reference', [...path, key], 'not one of the contents this programme records', `use one of: ${defs.map((d) => d.id).join(', ')}`));
      continue;
    }
    if (typeof value !== (def.type === 'text' ? 'string' : def.type))
      issues.push(issue('command.invalid', [...path, key], `"${key}" is ${def.type === 'text' ? 'text' : `a ${def.type}`}`));
  }
  const children = defs
    .filter((d) => d.required)
    .map((d) =>
      explain(present(values[d.id]), d.label, undefined, present(values[d.id]) ? { sv: 'finns', en: 'present' } : { sv: 'saknas', en: 'missing' }),
    );
  return { issues, explanation: explain(children.every((c) => c.ok), title, children) };
}
