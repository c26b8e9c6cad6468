import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { formatFindings, formatIssues, lintProgramme, validateProgrammeYaml } from '@stegvis/core';
import { usesPlugins } from '../scripts/generate.js';

// The seeds use the built-in step kinds; examples/plugin-kind brings its own and is checked by its own test.
const examples = readdirSync(new URL('.', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && readdirSync(new URL(`./${d.name}/`, import.meta.url)).includes('programme.yaml'))
  .filter((d) => !usesPlugins(fileURLToPath(new URL(`./${d.name}/`, import.meta.url))))
  .map((d) => d.name);

describe.each(examples)('examples/%s/programme.yaml', (example) => {
  const text = readFileSync(new URL(`./${example}/programme.yaml`, import.meta.url), 'utf8');
  const result = validateProgrammeYaml(text);

  it('validates', () => {
    expect(result.ok, result.ok ? '' : formatIssues(result.issues)).toBe(true);
  });

  // Clean means no error and no warning; info notes (a fact kept for a purpose lint cannot see) may remain.
  it('lints clean', () => {
    if (!result.ok) return;
    const findings = lintProgramme(result.value).filter((f) => f.severity !== 'info');
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});

it('all five seed programmes are here', () => {
  expect(examples.sort()).toEqual(['enkoping', 'kungsbacka', 'ljusnarsberg', 'nacka', 'timra']);
});
