import type { ComplianceCondition, ComplianceMeasure, ComplianceRule } from '../programme/participation.js';
import type { Programme } from '../programme/compiled.js';
import type { ParticipantContext } from '../state/context.js';
import type { EventOf, EventType } from '../state/events.js';
import { type Participation, type ParticipationRecord, emptyParticipation } from '../state/participation.js';
import { type IsoDate, addPeriod, subtractPeriod } from '../time/calendar.js';
import { dayNumber } from '../time/days.js';

type Ctx = ParticipantContext;

const partOf = (ctx: Ctx): Participation => ctx.participation ?? emptyParticipation();
/** Participation replaced in `ctx`, a rule's own (path/evolve.ts, `Apply`): written into it, so every context keeps `stamped`'s shape. */
const withPart = (ctx: Ctx, participation: Participation): Ctx => {
  ctx.participation = participation;
  return ctx;
};

/** Whether a rule of the programme counts expected days (then attendance and pauses are kept). */
const countsMissing = (programme: Programme): boolean => programme.config.compliance.some((r) => r.when.count === 'attendance.missing');

/** The first day of a rule's window on `today`: "within 4 weeks" is the 28 days ending today. */
export const windowStart = (today: IsoDate, within: ComplianceCondition['within']): IsoDate => addPeriod(subtractPeriod(today, within), { days: 1 });

/** Keeps a record only while some rule's window can still reach it, so the state does not grow without end. */
function logRecord(programme: Programme, ctx: Ctx, record: ParticipationRecord, today: IsoDate): Ctx {
  const rules = programme.config.compliance;
  if (rules.length === 0) return ctx;
  const horizon = rules.map((r) => windowStart(today, r.when.within)).reduce((a, b) => (b < a ? b : a));
  const p = partOf(ctx);
  const kept = p.records.filter((r) => r.date >= horizon);
  if (record.date < horizon) return kept.length === p.records.length ? ctx : withPart(ctx, { ...p, records: kept });
  return withPart(ctx, { ...p, records: [...kept, record] });
}

/**
 * What events of the path mean for participation, beside their own rule in `evolve`: the records compliance
 * rules count, and the pauses expected days leave out. Events not named leave participation as it is.
 */
const tracking: { readonly [T in EventType]?: (programme: Programme, ctx: Ctx, e: EventOf<T>, today: IsoDate) => Ctx } = {
  'attendance.recorded': (programme, ctx, e, today) => (countsMissing(programme) ? logRecord(programme, ctx, { date: e.payload.date, type: 'attended' }, today) : ctx),
  'absence.recorded': (programme, ctx, e, today) =>
    logRecord(programme, ctx, { date: e.payload.date, type: 'absent', reported: e.payload.reported, ...(e.payload.reason ? { code: e.payload.reason } : {}) }, today),
  'deviation.recorded': (programme, ctx, e, today) => logRecord(programme, ctx, { date: e.payload.date, type: 'deviation', code: e.payload.kind }, today),
  'participant.paused': (programme, ctx, _e, today) => {
    if (!countsMissing(programme)) return ctx;
    const p = partOf(ctx);
    return withPart(ctx, { ...p, pauses: [...p.pauses, { from: today, to: null }] });
  },
  'participant.resumed': (programme, ctx, _e, today) => {
    const p = ctx.participation;
    if (!p || p.pauses.length === 0) return ctx;
    return withPart(ctx, { ...p, pauses: p.pauses.map((x, i) => (i === p.pauses.length - 1 && x.to === null ? { ...x, to: today } : x)) });
  },
};

/** Participation's part of an event, after the event's own rule (one line in `evolve`). */
export function trackParticipation(programme: Programme, ctx: Ctx, e: { type: EventType }, today: IsoDate): Ctx {
  const rule = tracking[e.type] as ((p: Programme, c: Ctx, e: unknown, t: IsoDate) => Ctx) | undefined;
  return rule ? rule(programme, ctx, e, today) : ctx;
}

/** What the participation events do to the context: `evolve`'s entries for them. */
export const participationEvents = {
  'intensity.set': (_programme: Programme, ctx: Ctx, e: EventOf<'intensity.set'>, today: IsoDate): Ctx => {
    const p = partOf(ctx);
    const { percent, daysPerWeek, validFrom } = e.payload;
    return withPart(ctx, { ...p, intensity: [...p.intensity, { percent, daysPerWeek, validFrom, on: today, by: e.actor.id }] });
  },
  'compliance.flagged': (_programme: Programme, ctx: Ctx, e: EventOf<'compliance.flagged'>, today: IsoDate): Ctx => {
    const p = partOf(ctx);
    return withPart(ctx, { ...p, flags: { ...p.flags, [e.payload.ruleId]: { since: today, count: e.payload.count } } });
  },
  'compliance.cleared': (_programme: Programme, ctx: Ctx, e: EventOf<'compliance.cleared'>): Ctx => {
    const p = partOf(ctx);
    const { [e.payload.ruleId]: _cleared, ...flags } = p.flags;
    return withPart(ctx, { ...p, flags });
  },
  'eligibility.lost': (_programme: Programme, ctx: Ctx, e: EventOf<'eligibility.lost'>, today: IsoDate): Ctx =>
    withPart(ctx, { ...partOf(ctx), eligibilityLost: { on: today, ...(e.payload.ruleId ? { ruleId: e.payload.ruleId } : {}) } }),
  'eligibility.regained': (_programme: Programme, ctx: Ctx): Ctx => withPart(ctx, { ...partOf(ctx), eligibilityLost: null }),
} as const;

/** Of intensities in the order recorded, the one valid on a day: the latest `validFrom` not after it (of two with the same, the later recorded). */
const validOn = <V extends string | number, I extends { readonly validFrom: V }>(list: readonly I[], day: V): I | undefined => {
  let best: I | undefined;
  for (const i of list) if (i.validFrom <= day && (!best || i.validFrom >= best.validFrom)) best = i;
  return best;
};

/** The intensity valid on a day (`validOn`). */
export function intensityOn(ctx: Ctx, day: IsoDate): { percent: number; daysPerWeek: number } | undefined {
  const best = validOn(ctx.participation?.intensity ?? [], day);
  return best ? { percent: best.percent, daysPerWeek: best.daysPerWeek } : undefined;
}

/**
 * The days the participant was expected to attend from `from` to `to` (inclusive): the intensity's days a week
 * for each day after intake, not paused, spread over the week and rounded down (a part of a day is not expected).
 */
export function expectedDays(ctx: Ctx, from: IsoDate, to: IsoDate): number {
  if (ctx.intakeOn === null) return 0;
  // On day numbers, read once (every command re-checks the compliance rules over their windows): the same
  // comparisons as on the dates, whose order is the days' order.
  const pauses = (ctx.participation?.pauses ?? []).map((p) => ({ from: dayNumber(p.from), to: p.to === null ? Infinity : dayNumber(p.to) }));
  const intensity = (ctx.participation?.intensity ?? []).map((i) => ({ validFrom: dayNumber(i.validFrom), daysPerWeek: i.daysPerWeek }));
  let sevenths = 0;
  for (let d = dayNumber(from > ctx.intakeOn ? from : ctx.intakeOn), end = dayNumber(to); d <= end; d++) {
    if (pauses.some((p) => p.from <= d && d < p.to)) continue;
    sevenths += validOn(intensity, d)?.daysPerWeek ?? 0;
  }
  return Math.floor(sevenths / 7);
}

const inWindow = (r: ParticipationRecord, from: IsoDate, to: IsoDate) => r.date >= from && r.date <= to;
const ofKinds = (c: ComplianceCondition) => (r: ParticipationRecord) => !c.kinds || (r.code !== undefined && c.kinds.includes(r.code));
const countWhere = (ctx: Ctx, c: ComplianceCondition, from: IsoDate, to: IsoDate, keep: (r: ParticipationRecord) => boolean) =>
  (ctx.participation?.records ?? []).filter((r) => inWindow(r, from, to) && keep(r) && ofKinds(c)(r)).length;

/** How each measure is counted over a window, written once. */
const measures = {
  absence: (ctx, c, from, to) => countWhere(ctx, c, from, to, (r) => r.type === 'absent'),
  'absence.reported': (ctx, c, from, to) => countWhere(ctx, c, from, to, (r) => r.type === 'absent' && r.reported === true),
  'absence.unreported': (ctx, c, from, to) => countWhere(ctx, c, from, to, (r) => r.type === 'absent' && r.reported === false),
  deviation: (ctx, c, from, to) => countWhere(ctx, c, from, to, (r) => r.type === 'deviation'),
  'attendance.missing': (ctx, _c, from, to) => {
    const attended = new Set((ctx.participation?.records ?? []).filter((r) => r.type === 'attended' && inWindow(r, from, to)).map((r) => r.date));
    return Math.max(0, expectedDays(ctx, from, to) - attended.size);
  },
} satisfies Record<ComplianceMeasure, (ctx: Ctx, c: ComplianceCondition, from: IsoDate, to: IsoDate) => number>;

export interface ComplianceState {
  readonly rule: ComplianceRule;
  readonly holds: boolean;
  readonly count: number;
  /** The window's first day; its last is `today`. */
  readonly from: IsoDate;
}

/** Each compliance rule of the programme on `today`: its count over its window and whether it holds. */
export function complianceOn(programme: Programme, ctx: Ctx, today: IsoDate): ComplianceState[] {
  return programme.config.compliance.map((rule) => {
    const from = windowStart(today, rule.when.within);
    const count = measures[rule.when.count](ctx, rule.when, from, today);
    return { rule, holds: count >= rule.when.atLeast, count, from };
  });
}
