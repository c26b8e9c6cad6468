import type { Label } from '../i18n/label.js';
import type { Programme } from '../programme/compiled.js';
import { addPeriod, type IsoDate } from '../time/calendar.js';
import type { ParticipantContext } from '../state/context.js';
import { participationFlags } from './participation-flags.js';

/** Something about a participant that someone must look at: derived from the state, never stored. */
export interface Flag {
  readonly id: string;
  readonly label: Label;
  readonly since: IsoDate | null;
  readonly deadlineId?: string;
}

const noResponsible: Label = {
  sv: 'Ingen förvaltning ansvarar för deltagaren',
  en: 'No administration is responsible for the participant',
};

/**
 * The flags a participant carries: every overdue deadline that carries one (lock-in after a
 * time-limited employment), and, where the programme names responsible administrations, having none.
 */
export function flagsOf(programme: Programme, ctx: ParticipantContext): Flag[] {
  const out: Flag[] = [];
  const inProgramme = ctx.referral !== null && ctx.referral.status !== 'declined' && ctx.exit === null;
  for (const d of ctx.deadlines)
    if (d.flag && d.status === 'overdue') out.push({ id: d.flag.id, label: d.flag.label, since: addPeriod(d.dueOn, { days: 1 }), deadlineId: d.id });
  if (programme.config.responsibility && inProgramme && ctx.responsible === null) out.push({ id: 'noResponsible', label: noResponsible, since: ctx.referredOn });
  if (inProgramme) out.push(...participationFlags(programme, ctx));
  return out;
}
