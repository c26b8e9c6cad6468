import { readFileSync } from 'node:fs';
import { type Issue, LabelSchema, PeriodSchema, type Result, exitStatuses, parseYaml } from '@stegvis/core';
import { z } from 'zod';

const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id is letters, digits, "_" or "-", starting with a letter');
const SmallCells = z.strictObject({ below: z.number().int().min(1) });

export const KoladaPackSchema = z.strictObject({
  id: z.literal('kolada'),
  label: LabelSchema,
  /** The KPI: its id when verified, its title to find it by otherwise. */
  kpi: z.strictObject({ id: z.string().optional(), title: z.string().min(1) }),
  gender: z.strictObject({ fact: Id, women: Id, men: Id }),
  qualifies: z.strictObject({ work: z.array(z.enum(exitStatuses)), workLastsAtLeast: PeriodSchema, studies: z.array(z.enum(exitStatuses)) }),
  smallCells: SmallCells,
});
export type KoladaPack = z.output<typeof KoladaPackSchema>;

const Output = z.strictObject({
  id: Id,
  label: LabelSchema,
  /** The fact at entry it reads; none: every participant (the total). */
  fact: Id.optional(),
  in: z.array(z.union([z.string(), z.boolean()])).optional(),
  range: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
  /** A special category of personal data: optional in the programme, "not collected" when it is not declared. */
  sensitive: z.boolean().default(false),
});
export type OutputIndicator = z.output<typeof Output>;

export const EsfPackSchema = z.strictObject({
  id: z.literal('esfPlus'),
  label: LabelSchema,
  gender: z.strictObject({ fact: Id, women: Id, men: Id, nonBinary: Id }),
  smallCells: SmallCells,
  outputs: z.array(Output),
  results: z.array(z.strictObject({ id: Id, label: LabelSchema, followUp: z.enum(['onLeaving', 'sixMonthsAfterLeaving']), statuses: z.array(z.enum(exitStatuses)) })),
  notMeasured: z.array(z.strictObject({ id: Id, label: LabelSchema })).default([]),
});
export type EsfPack = z.output<typeof EsfPackSchema>;

function parsePack<S extends z.ZodType>(schema: S, text: string, file: string): Result<z.output<S>> {
  const parsed = parseYaml(text);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const r = schema.safeParse(parsed.value.data);
  if (r.success) return { ok: true, value: r.data };
  const issues: Issue[] = r.error.issues.map((i) => ({ code: 'config.invalid_value', path: i.path as (string | number)[], message: `${file}: ${i.message}`, fix: 'correct the indicator pack' }));
  return { ok: false, issues };
}

const packFile = (name: string): string => {
  for (const dir of [new URL('../packs/', import.meta.url), new URL('../../packs/', import.meta.url)]) {
    try {
      return readFileSync(new URL(name, dir), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error(`the shipped indicator pack ${name} was not found`);
};

const shipped = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.value;
};

/** The shipped packs (`packages/exports/packs/*.yaml`): configuration, read from disk. */
export const koladaPack = (): KoladaPack => shipped(parsePack(KoladaPackSchema, packFile('kolada.yaml'), 'kolada.yaml'));
export const esfPack = (): EsfPack => shipped(parsePack(EsfPackSchema, packFile('esf-plus.yaml'), 'esf-plus.yaml'));
export const parseKoladaPack = (text: string): Result<KoladaPack> => parsePack(KoladaPackSchema, text, 'kolada pack');
export const parseEsfPack = (text: string): Result<EsfPack> => parsePack(EsfPackSchema, text, 'ESF+ pack');
