/**
 * `pnpm bench`: how fast the simulator is, against the same simulation on core's XState engine.
 *
 *   (a) one XState snapshot per participant, every command through `engine.execute` (simulateWithEngine),
 *       on a cohort sized to take about ten seconds;
 *   (b) the simulator (compiled kernel) on one thread, 1,000,000 participants × 24 months;
 *   (c) the simulator on every core, the same 1,000,000 × 24 months.
 *
 * All three run the Ljusnarsberg programme with examples/ljusnarsberg/behaviour.yaml, weekly steps, and draw
 * the same random numbers (a and b/c give identical trajectories for the same rows; see
 * simulate-reference.test.ts). Throughput is in participant-weeks: weekly steps of admitted participants,
 * counted the same way by both. Each part runs in a fresh child process, so its peak memory is its own:
 * peak RSS is the kernel's high-water mark for the whole process (main thread and workers are threads of it)
 * from `process.resourceUsage().maxRSS`, and also `process.memoryUsage().rss` sampled every 20 ms by a
 * sampling thread; the workers' own V8 heaps are reported by the workers.
 *
 *   pnpm bench                 # everything (about half a minute on 2 cores)
 *   pnpm bench --part one      # one part, as JSON (what the parent runs in each child)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { validateProgrammeYaml } from '@stegvis/core';
import { simulateSyncWithStats, simulateWithStats, validateBehaviourYaml } from '@stegvis/sim';
import { simulateWithEngine } from '../test/support/engine.js';

const here = fileURLToPath(import.meta.url);
const examples = new URL('../../../examples/ljusnarsberg/', import.meta.url);
const ROWS = 1_000_000;
const MONTHS = 24;
const SEED = 2026;
const XSTATE_SECONDS = 10;

interface PartResult {
  part: 'xstate' | 'one' | 'all';
  rows: number;
  threads: number;
  participantWeeks: number;
  ms: number;
  peakRss: number;
  sampledPeakRss: number;
  workerHeaps: number[];
  commands?: number;
}

function load() {
  const p = validateProgrammeYaml(readFileSync(new URL('programme.yaml', examples), 'utf8'));
  if (!p.ok) throw new Error('programme.yaml does not validate');
  const b = validateBehaviourYaml(p.value, readFileSync(new URL('behaviour.yaml', examples), 'utf8'));
  if (!b.ok) throw new Error('behaviour.yaml does not validate');
  return { programme: p.value, behaviour: b.value };
}

/** A thread that samples the process's RSS into shared memory every 20 ms, while the main thread is busy. */
function startSampler(): { stop: () => Promise<number> } {
  const peak = new Float64Array(new SharedArrayBuffer(16));
  const w = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const peak = new Float64Array(workerData);
     const t = setInterval(() => { const r = process.memoryUsage.rss(); if (r > peak[0]) peak[0] = r; }, 20);
     parentPort.on('message', () => { clearInterval(t); parentPort.close(); });`,
    { eval: true, workerData: peak.buffer },
  );
  return {
    stop: async () => {
      w.postMessage('stop');
      await new Promise((r) => w.once('exit', r));
      return Math.max(peak[0]!, process.memoryUsage.rss());
    },
  };
}

async function runPart(part: PartResult['part']): Promise<PartResult> {
  const { programme, behaviour } = load();
  const sampler = startSampler();
  const options = { months: MONTHS, seed: SEED };
  let result: Omit<PartResult, 'peakRss' | 'sampledPeakRss'>;
  if (part === 'xstate') {
    // Size the cohort so that the run takes about XSTATE_SECONDS, timed after a warm-up (JIT, caches).
    simulateWithEngine(programme, behaviour, { ...options, cohort: 10, seed: SEED + 1 });
    const probe = performance.now();
    simulateWithEngine(programme, behaviour, { ...options, cohort: 40, seed: SEED + 2 });
    const perRow = (performance.now() - probe) / 40;
    const rows = Math.max(20, Math.round((XSTATE_SECONDS * 1000) / perRow));
    const t0 = performance.now();
    const r = simulateWithEngine(programme, behaviour, { ...options, cohort: rows });
    result = { part, rows, threads: 1, participantWeeks: r.participantWeeks, ms: performance.now() - t0, workerHeaps: [], commands: r.commands };
  } else if (part === 'one') {
    const t0 = performance.now();
    const r = simulateSyncWithStats(programme, behaviour, { ...options, cohort: ROWS });
    result = { part, rows: ROWS, threads: 1, participantWeeks: r.participantWeeks, ms: performance.now() - t0, workerHeaps: [] };
  } else {
    const t0 = performance.now();
    const r = await simulateWithStats(programme, behaviour, { ...options, cohort: ROWS, workers: availableParallelism() });
    result = { part, rows: ROWS, threads: r.stats.workers, participantWeeks: r.stats.participantWeeks, ms: performance.now() - t0, workerHeaps: [...r.stats.workerHeapUsed] };
  }
  const sampledPeakRss = await sampler.stop();
  return { ...result, peakRss: process.resourceUsage().maxRSS * 1024, sampledPeakRss };
}

const mb = (b: number) => `${Math.round(b / 1e6)} MB`;
const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const rate = (r: PartResult) => (r.participantWeeks / r.ms) * 1000;
const rateText = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : n(x));

async function main() {
  const partArg = process.argv.indexOf('--part');
  if (partArg !== -1) {
    console.log(JSON.stringify(await runPart(process.argv[partArg + 1] as PartResult['part'])));
    return;
  }
  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown').trim();
  console.log(`stegvis simulator benchmark, ${new Date().toISOString().slice(0, 10)}: nproc ${availableParallelism()}, ${cpu}, Node ${process.version}`);
  console.log(`Ljusnarsberg with examples/ljusnarsberg/behaviour.yaml, ${MONTHS} months, weekly steps, seed ${SEED}; throughput in participant-weeks per second`);
  const results: Record<string, PartResult> = {};
  for (const part of ['xstate', 'one', 'all'] as const) {
    const child = spawnSync(process.execPath, [...process.execArgv, here, '--part', part], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`part ${part} failed:\n${child.stderr}`);
    results[part] = JSON.parse(child.stdout.trim().split('\n').pop()!) as PartResult;
  }
  const a = results.xstate!;
  const b = results.one!;
  const c = results.all!;
  console.log(
    `(a) XState engine, one snapshot per participant (engine.execute per command): ${n(a.rows)} participants, ${n(a.participantWeeks)} participant-weeks (${n(a.commands ?? 0)} commands) in ${(a.ms / 1000).toFixed(1)} s = ${rateText(rate(a))} participant-weeks/s; peak RSS ${mb(a.peakRss)} (sampled ${mb(a.sampledPeakRss)})`,
  );
  console.log(
    `(b) simulator, 1 thread: ${n(b.rows)} participants, ${n(b.participantWeeks)} participant-weeks in ${(b.ms / 1000).toFixed(1)} s = ${rateText(rate(b))} participant-weeks/s; peak RSS ${mb(b.peakRss)} (sampled ${mb(b.sampledPeakRss)})`,
  );
  console.log(
    `(c) simulator, ${c.threads} threads: ${n(c.rows)} participants, ${n(c.participantWeeks)} participant-weeks in ${(c.ms / 1000).toFixed(1)} s = ${rateText(rate(c))} participant-weeks/s; peak RSS ${mb(c.peakRss)} (sampled ${mb(c.sampledPeakRss)}), worker V8 heaps ${c.workerHeaps.map(mb).join(', ') || 'none'}`,
  );
  console.log(`b/a = ${n(rate(b) / rate(a))}×   c/a = ${n(rate(c) / rate(a))}×   (target b/a ≥ 100)`);
  const ok = c.ms < 10_000 && c.peakRss < 1e9;
  console.log(
    `1,000,000 participants × ${MONTHS} months on ${c.threads} threads: ${(c.ms / 1000).toFixed(2)} s wall, peak RSS ${mb(c.peakRss)} (targets < 10 s and < 1 GB on 2 cores: ${ok ? 'met' : 'NOT met'})`,
  );
}

await main();
