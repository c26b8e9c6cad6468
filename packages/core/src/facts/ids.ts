import { z } from 'zod';

/** Ids are what configs use to refer to each other: short, stable, no spaces. */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id is letters, digits, "_" or "-", starting with a letter (no spaces)');
