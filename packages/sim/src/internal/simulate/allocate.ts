import type { CompiledKernel } from '../kernel/compile.js';
import type { Trajectories } from '../../trajectories.js';
import type { Plan } from './options.js';

type ArrayKind = 'u8' | 'u16' | 'i16' | 'i32';
const bytes: Record<ArrayKind, number> = { u8: 1, u16: 2, i16: 2, i32: 4 };

/** One typed array of the trajectories: where it goes and how long it is. */
export interface Field {
  readonly path: readonly string[];
  readonly kind: ArrayKind;
  readonly length: number;
}

/** The arrays of a simulation's trajectories, in a fixed order (the order buffers cross to workers in). */
export function layout(kernel: CompiledKernel, plan: Plan): Field[] {
  const n = plan.rows;
  const f = (path: string[], kind: ArrayKind, length = n): Field => ({ path, kind, length });
  return [
    f(['replication'], 'u16'),
    f(['referredDay'], 'i32'),
    f(['admittedDay'], 'i32'),
    f(['declined'], 'u8'),
    f(['exitDay'], 'i32'),
    f(['outcome'], 'i16'),
    f(['stepCompletedDay'], 'i32', n * kernel.nSteps),
    f(['lastStep'], 'i16'),
    ...kernel.programme.config.facts.map((fact) => f(['facts', fact.id], 'i32')),
    f(['area'], 'i16'),
    f(['regressions'], 'u16'),
    f(['pausedDays'], 'i32'),
    f(['afterExitStatus'], 'i16', n * kernel.exitFollowUpIds.length),
    ...kernel.flags.map((id) => f(['flagDays', id], 'i32')),
    ...kernel.kinds.flatMap((kind) => [f(['deadlines', kind, 'metOnTime'], 'u16'), f(['deadlines', kind, 'metLate'], 'u16'), f(['deadlines', kind, 'missed'], 'u16')]),
  ];
}

function view(kind: ArrayKind, buffer: ArrayBufferLike): Uint8Array | Uint16Array | Int16Array | Int32Array {
  switch (kind) {
    case 'u8':
      return new Uint8Array(buffer);
    case 'u16':
      return new Uint16Array(buffer);
    case 'i16':
      return new Int16Array(buffer);
    case 'i32':
      return new Int32Array(buffer);
  }
}

/** New buffers for every array: shared when workers write into them, plain otherwise. */
export function allocateBuffers(fields: readonly Field[], shared: boolean): ArrayBufferLike[] {
  return fields.map((f) => (shared ? new SharedArrayBuffer(f.length * bytes[f.kind]) : new ArrayBuffer(f.length * bytes[f.kind])));
}

/** The trajectories over a set of buffers (as allocated by `allocateBuffers` for the same layout). */
export function trajectoriesOver(kernel: CompiledKernel, plan: Plan, fields: readonly Field[], buffers: readonly ArrayBufferLike[]): Trajectories {
  const out: Record<string, unknown> = {
    n: plan.rows,
    steps: kernel.nSteps,
    startDate: plan.startDate,
    horizonDays: plan.horizonDays,
    facts: {},
    deadlines: {},
    flagDays: {},
  };
  fields.forEach((f, i) => {
    let node = out;
    for (const key of f.path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[f.path[f.path.length - 1]!] = view(f.kind, buffers[i]!);
  });
  return out as unknown as Trajectories;
}
