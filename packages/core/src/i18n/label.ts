import { z } from 'zod';

/** The languages every label carries: Swedish for caseworkers and participants, English for everyone else. */
export const languages = ['sv', 'en'] as const;
export type Lang = (typeof languages)[number];

const bilingual = z.strictObject({
  sv: z.string().min(1, 'write the Swedish text'),
  en: z.string().min(1, 'write the English text'),
});

/**
 * A label written by a programme designer: either `{ sv, en }` or one string used for both.
 * Parsed labels are always `{ sv, en }`.
 */
export const LabelSchema = z
  .union([z.string().min(1), bilingual])
  .transform((value) => (typeof value === 'string' ? { sv: value, en: value } : value));

export type Label = z.output<typeof LabelSchema>;
export type LabelInput = z.input<typeof LabelSchema>;

/** A label from code (not from a config): both languages are always given. */
export const label = (sv: string, en: string): Label => ({ sv, en });

export const textOf = (l: Label, lang: Lang): string => l[lang];
