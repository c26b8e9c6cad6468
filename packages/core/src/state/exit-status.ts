import type { Label } from '../i18n/label.js';

/**
 * What a follow-up after exit can find, written once: the command and the event name one of these, the
 * exports read them (Kolada counts work outside the municipality's own labour-market jobs and studies
 * with student finance; ESF+ counts employment and education), and the behaviour model draws them.
 */
export const exitStatuses = [
  'regularWork', 'subsidisedWork', 'municipalLabourMarketJob', 'studiesWithStudentFinance', 'studiesWithoutStudentFinance', 'jobSeeking', 'other', 'notReached',
] as const;
export type ExitStatus = (typeof exitStatuses)[number];

interface ExitStatusRule {
  readonly label: Label;
  /** Whether the status is work, so that the follow-up records how long the work has lasted. */
  readonly work: boolean;
}

export const exitStatusRules = {
  regularWork: { label: { sv: 'Arbete på den reguljära arbetsmarknaden', en: 'Work on the regular labour market' }, work: true },
  subsidisedWork: { label: { sv: 'Subventionerat arbete', en: 'Subsidised work' }, work: true },
  municipalLabourMarketJob: { label: { sv: 'Anställning i kommunens arbetsmarknadsverksamhet', en: "Job in the municipality's labour-market activity" }, work: true },
  studiesWithStudentFinance: { label: { sv: 'Studier med studiemedel (Komvux, folkhögskola, högskola)', en: 'Studies with student finance (Komvux, folk high school, university)' }, work: false },
  studiesWithoutStudentFinance: { label: { sv: 'Studier utan studiemedel', en: 'Studies without student finance' }, work: false },
  jobSeeking: { label: { sv: 'Arbetssökande', en: 'Job-seeking' }, work: false },
  other: { label: { sv: 'Annat', en: 'Other' }, work: false },
  notReached: { label: { sv: 'Ej nådd', en: 'Not reached' }, work: false },
} as const satisfies Record<ExitStatus, ExitStatusRule>;
