import type { Path } from '../errors/issue.js';
import type { CompiledStep, Programme } from '../programme/compiled.js';
import type { DeadlineRule } from '../rules/blueprint.js';
import type { Period } from '../time/calendar.js';
import { type Finding, finding } from './finding.js';

/**
 * Deadlines compared as configured. A period's length in days depends on where it starts (a month is 28–31
 * days; months are added first, clamped to the month's end, then weeks and days, as `addPeriod` does), so
 * each period has a shortest and a longest length over every start date of a four-year cycle, and a deadline
 * is reported only when it is sure to fall on the wrong side whatever the date.
 */
const DAY = 86_400_000;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

const lengths = new Map<string, { min: number; max: number }>();

export function periodDays(p: Period): { min: number; max: number } {
  const key = `${p.months ?? 0}:${p.weeks ?? 0}:${p.days ?? 0}`;
  const known = lengths.get(key);
  if (known) return known;
  let min = Infinity;
  let max = -Infinity;
  for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2004, 0, 1); t += DAY) {
    const d = new Date(t);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + (p.months ?? 0);
    const ty = y + Math.floor(m / 12);
    const tm = ((m % 12) + 12) % 12;
    const end = Date.UTC(ty, tm, Math.min(d.getUTCDate(), daysIn(ty, tm))) + ((p.weeks ?? 0) * 7 + (p.days ?? 0)) * DAY;
    const n = Math.round((end - t) / DAY);
    min = Math.min(min, n);
    max = Math.max(max, n);
  }
  const out = { min, max };
  lengths.set(key, out);
  return out;
}

const plus = (a: Period, b: Period): Period => ({ months: (a.months ?? 0) + (b.months ?? 0), weeks: (a.weeks ?? 0) + (b.weeks ?? 0), days: (a.days ?? 0) + (b.days ?? 0) });
/** Whatever the start date, `a` ends strictly before `b`. */
const surelyBefore = (a: Period, b: Period) => periodDays(a).max < periodDays(b).min;

export function periodText(p: Period): string {
  const units: [number | undefined, string][] = [
    [p.months, 'month'],
    [p.weeks, 'week'],
    [p.days, 'day'],
  ];
  const parts = units.flatMap(([n, unit]) => (n ? [`${n} ${unit}${n === 1 ? '' : 's'}`] : []));
  return parts.length > 0 ? parts.join(' ') : '0 days';
}

/** Where a deadline is written in the config: where its kind says, or the step itself. */
function deadlinePath(step: CompiledStep, rule: DeadlineRule): Path {
  return rule.path ? ['steps', step.index, 'params', ...rule.path] : ['steps', step.index];
}

const intakeRules = (s: CompiledStep) => s.blueprint.deadlines.filter((d) => d.from === 'intake');

/**
 * A deadline counted from intake that falls before a deadline of a step earlier in the path: the plan due
 * before the assessment it builds on, a step's target before the plan is due. A warning, not an error: a
 * participant may still be quick enough. Targets against targets are lint.target_not_monotone's.
 */
export const lintDeadlineOrder = (programme: Programme): Finding[] =>
  programme.steps.flatMap((later, j) =>
    intakeRules(later).flatMap((rule) => {
      const blocking = programme.steps
        .slice(0, j)
        .flatMap((earlier) => intakeRules(earlier).filter((e) => !(e.kind === 'stepTarget' && rule.kind === 'stepTarget') && surelyBefore(rule.after, e.after)).map((e) => ({ earlier, e })));
      if (blocking.length === 0) return [];
      const names = blocking.map(({ earlier, e }) => `"${earlier.id}" (${e.label.en}, ${periodText(e.after)} after intake)`).join(', ');
      return [
        finding('lint.deadline_before_dependency', 'warning', deadlinePath(later, rule),
          `"${later.id}" is due ${periodText(rule.after)} after intake (${rule.label.en}), before ${names}, which comes earlier in the path; a participant who uses all the time allowed for the earlier step misses this deadline.`,
          `give "${later.id}" at least as long as the step before it, or shorten the earlier deadline`),
      ];
    }),
  );

/** Follow-ups count from the action plan: with no plan step they never start; the first should come before the first target. */
export const lintFollowUps = (programme: Programme): Finding[] => {
  const cadence = programme.config.followUps;
  if (!cadence) return [];
  const plan = programme.steps.find((s) => s.blueprint.records?.type === 'actionPlan');
  if (!plan)
    return [
      finding('lint.follow_ups_without_plan', 'warning', ['followUps'], 'follow-ups are scheduled from the action plan, but the programme has no actionPlan step, so no follow-up is ever scheduled.',
        'add an actionPlan step, or remove followUps'),
    ];
  const planDue = intakeRules(plan).find((r) => r.metWhen.type === 'planEstablished')?.after;
  const first: Period = planDue ? plus(planDue, { weeks: cadence.firstAfterWeeks }) : { weeks: cadence.firstAfterWeeks };
  const targets = programme.steps
    .slice(plan.index + 1)
    .flatMap((s) => intakeRules(s).filter((r) => r.forTarget).map((r) => ({ s, r })))
    .sort((a, b) => periodDays(a.r.after).min - periodDays(b.r.after).min);
  const earliest = targets[0];
  if (!earliest || !surelyBefore(earliest.r.after, first)) return [];
  const when = planDue
    ? `${cadence.firstAfterWeeks} week(s) after the plan, which is due ${periodText(planDue)} after intake`
    : `${cadence.firstAfterWeeks} week(s) after the plan, even if the plan is made on the day of intake`;
  return [
    finding('lint.follow_up_after_target', 'warning', ['followUps', 'firstAfterWeeks'],
      `the first follow-up comes ${when}, after the first step target ("${earliest.s.id}", ${periodText(earliest.r.after)} after intake), so a participant may reach the target without having been followed up once.`,
      'shorten firstAfterWeeks (or the plan\'s deadline), or move the first target later'),
  ];
};

/** The evaluation owed after a missed target should be done before the next target falls due. */
export const lintEvaluations = (programme: Programme): Finding[] => {
  const targets = programme.steps.flatMap((s) => intakeRules(s).filter((r) => r.forTarget).map((r) => ({ s, r })));
  return targets.flatMap(({ s, r }) => {
    if (!r.onMissed) return [];
    const due = plus(r.after, r.onMissed.within);
    const next = targets
      .filter((t) => t.s.index > s.index && surelyBefore(r.after, t.r.after))
      .sort((a, b) => periodDays(a.r.after).min - periodDays(b.r.after).min)[0];
    if (!next || !surelyBefore(next.r.after, due)) return [];
    return [
      finding('lint.evaluation_after_next_target', 'warning', ['steps', s.index, 'params', 'evaluation', 'within'],
        `the evaluation after a missed target for "${s.id}" is due ${periodText(r.onMissed.within)} after that target (${periodText(due)} after intake), after the next target ("${next.s.id}", ${periodText(next.r.after)} after intake), so it cannot help the participant towards it.`,
        `shorten the evaluation's within to less than the gap between the two targets`),
    ];
  });
};

/** A requirement's own deadline (from entering its step) that falls after the step's target or after the step ends. */
export const lintRequirementDeadlines = (programme: Programme): Finding[] =>
  programme.steps.flatMap((s) => {
    const target = intakeRules(s).find((r) => r.kind === 'stepTarget');
    const end = s.blueprint.deadlines.find((r) => r.from === 'entry' && r.metWhen.type === 'stepLeft');
    return s.blueprint.requirements.flatMap((req, j) => {
      if (!req.dueWithin) return [];
      const path: Path = ['steps', s.index, 'params', 'requirements', j, 'dueWithin'];
      if (target && surelyBefore(target.after, req.dueWithin))
        return [
          finding('lint.requirement_due_too_late', 'warning', path,
            `requirement "${req.id}" is due ${periodText(req.dueWithin)} after entering "${s.id}", later than the step's own target (${periodText(target.after)} after intake), so meeting it on time can still miss the target.`,
            `make dueWithin shorter than ${periodText(target.after)}`),
        ];
      if (end && surelyBefore(end.after, req.dueWithin))
        return [
          finding('lint.requirement_due_too_late', 'warning', path,
            `requirement "${req.id}" is due ${periodText(req.dueWithin)} after entering "${s.id}", after the step ends (${periodText(end.after)} after entering it).`,
            `make dueWithin shorter than ${periodText(end.after)}`),
        ];
      return [];
    });
  });

/** A time-limited employment, with its extensions, that outlasts the whole funding period. */
export const lintEmploymentFunding = (programme: Programme): Finding[] => {
  const period = programme.config.funding?.period;
  if (!period) return [];
  const days = Math.round((Date.parse(period.to) - Date.parse(period.from)) / DAY) + 1;
  const span = `the funding period (${period.from} to ${period.to}, ${days} days)`;
  return programme.steps.flatMap((s) =>
    s.blueprint.deadlines
      .filter((r) => r.from === 'entry' && r.metWhen.type === 'stepLeft')
      .flatMap((r) => {
        const base: Path = ['steps', s.index, 'params'];
        if (periodDays(r.after).min > days)
          return [
            finding('lint.employment_exceeds_funding', 'warning', deadlinePath(s, r), `"${s.id}" lasts ${periodText(r.after)}, longer than ${span}, so no participant's employment can be funded to its end.`,
              'shorten the employment, or extend the funding period'),
          ];
        const max = r.extendable?.maxTotal;
        if (max && periodDays(plus(r.after, max)).min > days)
          return [
            finding('lint.employment_exceeds_funding', 'warning', [...base, 'extension', 'maxMonths'],
              `"${s.id}" lasts ${periodText(r.after)} and may be extended by ${periodText(max)}, ${periodText(plus(r.after, max))} in all, longer than ${span}.`,
              'lower extension.maxMonths, or extend the funding period'),
          ];
        if (r.extendable && !max)
          return [
            finding('lint.employment_exceeds_funding', 'info', [...base, 'extension'], `"${s.id}" may be extended with no maximum, so an employment can outlast ${span}.`,
              'set extension.maxMonths if the funding sets a limit'),
          ];
        return [];
      }),
  );
};
