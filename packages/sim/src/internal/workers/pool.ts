import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { type CompiledStep, type Programme, type ProgrammeConfig, assembleProgramme } from '@stegvis/core';
import type { Behaviour, BehaviourInput } from '../../behaviour/schema.js';
import { allocateBuffers, trajectoriesOver } from '../simulate/allocate.js';
import type { SimulateOptions } from '../simulate/options.js';
import { type Part, partition, prepare, runPart } from '../simulate/simulate.js';
import type { Trajectories } from '../../trajectories.js';

/** What one worker is asked to do. Everything in it is plain data or shared memory. */
interface Job {
  /** The programme as built on the main thread: its config and steps (blueprints are data), so any step kind works here. */
  readonly programme: { readonly config: ProgrammeConfig; readonly steps: readonly CompiledStep[] };
  readonly behaviour: Behaviour | BehaviourInput;
  readonly options: SimulateOptions;
  readonly part: Part;
  readonly buffers: SharedArrayBuffer[];
}

interface Done {
  readonly participantWeeks: number;
  /** The worker's V8 heap in use at the end, bytes (the trajectories live outside it, in shared memory). */
  readonly heapUsed: number;
  readonly error?: string;
}

/** How a run used the threads, for benchmarks. */
export interface RunStats {
  readonly workers: number;
  readonly participantWeeks: number;
  /** Per worker thread (not the main thread): V8 heap in use when it finished. */
  readonly workerHeapUsed: readonly number[];
}

/** Rows from which `simulate` uses every core by default. */
export const PARALLEL_FROM_ROWS = 50_000;

/**
 * This module's own URL: under vitest or tsx it is the TypeScript source, in the published package it is
 * the bundle (`dist/index.js`), which re-exports `workerMain`. A worker imports it and calls `workerMain`.
 */
const moduleUrl = import.meta.url;
const fromSource = /\.ts$/.test(new URL(moduleUrl).pathname);

/**
 * What a worker imports: this module itself, or, from the workspace's TypeScript source, the workspace's
 * cached bundle of it (scripts/source-bundle.mjs, the one the dev launcher and the tests' processes run).
 * A worker started through tsx's loader spent 1.5–2 s of CPU compiling and resolving the source first.
 */
async function workerModuleUrl(): Promise<string> {
  if (!fromSource) return moduleUrl;
  const script = new URL('../../../../../scripts/source-bundle.mjs', moduleUrl).href;
  const { sourceBundle } = (await import(/* @vite-ignore */ script)) as { sourceBundle(entry: string): Promise<string> };
  return pathToFileURL(await sourceBundle(fileURLToPath(moduleUrl))).href;
}

function spawn(url: string, job: Job): Worker {
  return new Worker(`import(${JSON.stringify(url)}).then((m) => m.workerMain()).catch((e) => require('node:worker_threads').parentPort.postMessage({ error: String((e && e.stack) || e) }));`, {
    eval: true,
    workerData: job,
    // The bundle resolves the workspace's own packages itself; their dependencies resolve as the host's do.
    execArgv: fromSource ? ['--conditions=@stegvis/source'] : [],
  });
}

/** The worker side: simulates its part straight into the shared buffers. */
export function workerMain(): void {
  if (isMainThread || !parentPort) throw new Error('workerMain runs in a worker thread');
  const job = workerData as Job;
  try {
    const programme = assembleProgramme(job.programme.config, job.programme.steps);
    const p = prepare(programme, job.behaviour, job.options);
    const out = trajectoriesOver(p.kernel, p.plan, p.fields, job.buffers);
    const participantWeeks = runPart(p, out, job.part);
    const done: Done = { participantWeeks, heapUsed: getHeapStatistics().used_heap_size };
    parentPort.postMessage(done);
  } catch (e) {
    parentPort.postMessage({ participantWeeks: 0, heapUsed: 0, error: String((e as Error)?.stack ?? e) } satisfies Done);
  }
}

/**
 * Simulates a cohort through a programme, on every core for large cohorts: rows (or, for a programme
 * with limited places, whole replications) are split between worker threads, each simulating its share
 * with the rows' own random streams straight into shared memory, and the main thread takes a share too.
 * The result is identical, byte for byte, to `simulateSync` and to any other number of workers.
 * Arrays of a parallel run are backed by `SharedArrayBuffer`.
 *
 * Workers get the programme as it was built here — its steps are data — so a programme with step kinds from
 * any registry runs on them unchanged. A programme the kernel cannot model throws a `StegvisError` with the
 * issues before any worker starts.
 *
 * @example
 * const t = await simulate(programme, behaviour, { cohort: 1_000_000, months: 24, seed: 7 });
 */
export async function simulate(programme: Programme, behaviour: Behaviour | BehaviourInput, options: SimulateOptions): Promise<Trajectories> {
  return (await simulateWithStats(programme, behaviour, options)).trajectories;
}

export async function simulateWithStats(
  programme: Programme,
  behaviour: Behaviour | BehaviourInput,
  options: SimulateOptions,
): Promise<{ trajectories: Trajectories; stats: RunStats }> {
  const p = prepare(programme, behaviour, options);
  const wanted = options.workers ?? (p.plan.rows >= PARALLEL_FROM_ROWS ? availableParallelism() : 1);
  const parts = partition(programme, p.plan, Math.max(1, Math.floor(wanted)));
  const shared = parts.length > 1;
  const buffers = allocateBuffers(p.fields, shared);
  const out = trajectoriesOver(p.kernel, p.plan, p.fields, buffers);
  if (!shared) {
    const participantWeeks = parts[0] ? runPart(p, out, parts[0]) : 0;
    return { trajectories: out, stats: { workers: 1, participantWeeks, workerHeapUsed: [] } };
  }
  // Parts 1… go to workers; the main thread simulates part 0 meanwhile.
  const url = await workerModuleUrl();
  const results = parts.slice(1).map(
    (part) =>
      new Promise<Done>((resolve, reject) => {
        const w = spawn(url, { programme: { config: programme.config, steps: [...programme.steps, programme.exitStep] }, behaviour, options, part, buffers: buffers as SharedArrayBuffer[] });
        let settled = false;
        w.once('message', (m: Done) => {
          settled = true;
          if (m.error) reject(new Error(`simulation worker failed: ${m.error}`));
          else resolve(m);
          void w.terminate();
        });
        w.once('error', (e) => {
          if (!settled) reject(e);
        });
        w.once('exit', (code) => {
          if (!settled) reject(new Error(`simulation worker exited with code ${code} before finishing`));
        });
      }),
  );
  const all = Promise.allSettled(results);
  let own: number;
  try {
    own = runPart(p, out, parts[0]!);
  } finally {
    // Even if this thread's share failed, wait for the workers so none is left running.
    await all;
  }
  const settled = await all;
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const done = settled.map((r) => (r as PromiseFulfilledResult<Done>).value);
  return {
    trajectories: out,
    stats: { workers: parts.length, participantWeeks: own + done.reduce((n, d) => n + d.participantWeeks, 0), workerHeapUsed: done.map((d) => d.heapUsed) },
  };
}
