/**
 * What the input edge costs (`pnpm bench:edge`): the engine's `execute` with and without the edge (limits,
 * identity numbers, the guard on messages) over the Ljusnarsberg seed's commands, the edge's checks alone,
 * and reading the seed programme's YAML (the lexer pass, the depth walk and the limits included).
 * Interleaved rounds; the median of seven is printed.
 */
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { createEngine, inputIssues, validateProgrammeYaml } from '@stegvis/core';
import { createEngine as createRuleEngine } from '../src/engine/engine.js';

const root = new URL('../../../', import.meta.url);
const yaml = readFileSync(new URL('examples/ljusnarsberg/programme.yaml', root), 'utf8');
const parsed = validateProgrammeYaml(yaml);
if (!parsed.ok) throw new Error('the seed programme is invalid');
const programme = parsed.value;
const commands = readFileSync(new URL('examples/ljusnarsberg/commands.jsonl', root), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);

type Engine = ReturnType<typeof createRuleEngine>;
const replayAll = (engine: Engine) => {
  let s = engine.initial('P-001');
  for (const c of commands) {
    const r = engine.execute(s, c);
    if (r.ok) s = r.snapshot;
  }
};
/** Microseconds per unit of `f`, over `n` calls of `units` units each. */
const micros = (f: () => void, n: number, units: number) => {
  const t = performance.now();
  for (let i = 0; i < n; i++) f();
  return ((performance.now() - t) * 1000) / (n * units);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const edge = createEngine(programme);
const rule = createRuleEngine(programme);
const rows: Record<string, number[]> = { 'execute, rule engine alone': [], 'execute, with the edge': [], 'the edge alone (inputIssues)': [], 'validateProgrammeYaml of the seed': [] };
for (let round = 0; round < 8; round++) {
  const sample = {
    'execute, rule engine alone': micros(() => replayAll(rule), 100, commands.length),
    'execute, with the edge': micros(() => replayAll(edge), 100, commands.length),
    'the edge alone (inputIssues)': micros(() => commands.forEach((c) => inputIssues(c, 'command')), 2_000, commands.length),
    'validateProgrammeYaml of the seed': micros(() => validateProgrammeYaml(yaml), 50, 1),
  };
  // The first round warms the JIT.
  if (round > 0) for (const [k, v] of Object.entries(sample)) rows[k]!.push(v);
}

console.log(`input edge benchmark, ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}`);
console.log(`Ljusnarsberg: ${commands.length} commands (examples/ljusnarsberg/commands.jsonl), a ${(yaml.length / 1000).toFixed(1)} kB programme; median of 7 rounds`);
for (const [k, v] of Object.entries(rows)) {
  const m = median(v);
  console.log(`  ${k.padEnd(36)} ${m >= 1000 ? `${(m / 1000).toFixed(2)} ms` : `${m.toFixed(1)} µs`}${k.startsWith('validate') ? '' : ' per command'}`);
}
