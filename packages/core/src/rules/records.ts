import type { Label } from '../i18n/label.js';
import type { StepRecords } from './blueprint.js';

type RecordType = StepRecords['type'];

/**
 * What a step can record. Validation reads the order (a plan builds on the assessment), the engine which
 * step takes which record command, the simulation what "advancing" a recording step means.
 */
export const recordKinds = {
  assessment: { label: { sv: 'Kartläggning', en: 'Assessment' }, buildsOn: null },
  actionPlan: { label: { sv: 'Handlingsplan', en: 'Action plan' }, buildsOn: 'assessment' },
} as const satisfies Record<RecordType, { readonly label: Label; readonly buildsOn: RecordType | null }>;

export const recordTypes = Object.keys(recordKinds) as RecordType[];
