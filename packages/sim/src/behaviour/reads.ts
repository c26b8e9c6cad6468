import type { Condition } from '@stegvis/core';
import type { Behaviour } from './schema.js';

/**
 * Every condition a behaviour model writes over the programme's facts, for the linter: a fact only the
 * behaviour model reads is used (`lintProgramme(programme, { readers: [{ name, conditions }] })`).
 */
export const behaviourConditions = (behaviour: Behaviour): Condition[] => behaviour.modifiers.map((m) => m.when);
