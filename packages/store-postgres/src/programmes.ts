import { type Engine, type Programme, createEngine } from '@stegvis/core';

/** A programme version, as events and snapshots name it. */
export interface ProgrammeRef {
  readonly id: string;
  readonly version: number;
}

/** The programmes a store can run: a list, or a function that finds one by id and version. */
export type ProgrammeSource = readonly Programme[] | ((ref: ProgrammeRef) => Programme | undefined);

/** Finds programmes and keeps one engine per version (building the machine once). */
export interface Engines {
  get(ref: ProgrammeRef): Engine | undefined;
  /** The newest version of a programme, when the source is a list. */
  latest(id: string): ProgrammeRef | undefined;
}

export function enginesFor(source: ProgrammeSource): Engines {
  const cache = new Map<string, Engine | undefined>();
  const find = typeof source === 'function' ? source : (ref: ProgrammeRef) => source.find((p) => p.id === ref.id && p.version === ref.version);
  return {
    get(ref) {
      const key = `${ref.id}@${ref.version}`;
      if (!cache.has(key)) {
        const p = find(ref);
        cache.set(key, p ? createEngine(p) : undefined);
      }
      return cache.get(key);
    },
    latest(id) {
      if (typeof source === 'function') return undefined;
      const versions = source.filter((p) => p.id === id).map((p) => p.version);
      return versions.length > 0 ? { id, version: Math.max(...versions) } : undefined;
    },
  };
}
