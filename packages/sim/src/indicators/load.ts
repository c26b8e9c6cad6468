import { readFileSync } from 'node:fs';
import { type Issue, type LocatedIssue, type Result, parseYaml } from '@stegvis/core';
import type { z } from 'zod';
import { type IndicatorDefinition, type IndicatorFile, IndicatorFileSchema } from './schema.js';

/** Zod's issues as stegvis issues (config codes), a union mismatch by its closest branch. */
export function zodIssues(error: z.ZodError): Issue[] {
  const out: Issue[] = [];
  const walk = (zi: z.core.$ZodIssue, base: readonly (string | number)[]): void => {
    const path = [...base, ...(zi.path as (string | number)[])];
    if (zi.code === 'invalid_union' && zi.errors.length > 0) {
      const best = [...zi.errors].sort((a, b) => a.length - b.length)[0]!;
      for (const b of best) walk(b, path);
      return;
    }
    if (zi.code === 'unrecognized_keys') {
      for (const k of zi.keys) out.push({ code: 'config.unknown_field', path: [...path, k], message: `unknown field "${k}"`, fix: 'remove it, or check its spelling' });
      return;
    }
    if (zi.code === 'invalid_type')
      out.push({ code: (zi as { input?: unknown }).input === undefined ? 'config.missing_field' : 'config.invalid_type', path, message: zi.message });
    else {
      // A rule of ours (a refinement) carries its fix in `params`.
      const fix = zi.code === 'custom' ? (zi.params as { fix?: unknown } | undefined)?.fix : undefined;
      out.push({ code: 'config.invalid_value', path, message: zi.message, ...(typeof fix === 'string' ? { fix } : {}) });
    }
  };
  for (const zi of error.issues) walk(zi, []);
  return out;
}

/** Parses a file of indicator definitions (YAML text; pure): every issue with its line. */
export function parseIndicatorsYaml(text: string): Result<IndicatorFile, readonly LocatedIssue[]> {
  const parsed = parseYaml(text);
  if (!parsed.ok) return parsed;
  const result = IndicatorFileSchema.safeParse(parsed.value.data);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: zodIssues(result.error).map((i) => {
      const location = parsed.value.locate(i.path);
      return location ? { ...i, location } : i;
    }),
  };
}

/** Reads and parses an indicator file; throws with every issue and its line. */
export function loadIndicatorFile(file: string | URL): IndicatorDefinition[] {
  const result = parseIndicatorsYaml(readFileSync(file, 'utf8'));
  if (result.ok) return result.value.indicators;
  const lines = result.issues.map((i) => `${i.location ? `line ${i.location.line}: ` : ''}${i.path.join('.')}: ${i.message}`);
  throw new Error(`${String(file)} is not a valid indicator file:\n${lines.join('\n')}`);
}

/** The shipped definitions, in report order. */
export const shippedIndicatorFiles = ['programme-targets.yaml', 'kolada.yaml', 'esf-plus.yaml'] as const;

/**
 * The indicator definitions shipped in `packages/sim/indicators/` (read from disk: works from the
 * sources and from the built package, whose `files` must then include `indicators`).
 */
export function shippedIndicators(): IndicatorDefinition[] {
  const dirs = [new URL('../../indicators/', import.meta.url), new URL('../indicators/', import.meta.url)];
  for (const dir of dirs) {
    try {
      return shippedIndicatorFiles.flatMap((f) => loadIndicatorFile(new URL(f, dir)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error('the shipped indicator definitions (packages/sim/indicators/*.yaml) were not found');
}
