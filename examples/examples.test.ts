import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFindings, formatIssues, lintProgramme, validateProgrammeYaml } from '@stegvis/core';

const examples = readdirSync(new URL('.', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && readdirSync(new URL(`./${d.name}/`, import.meta.url)).includes('programme.yaml'))
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
