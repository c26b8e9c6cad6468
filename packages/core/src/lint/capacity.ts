import type { Condition } from '../conditions/schema.js';
import { type Path, toDotPath } from '../errors/issue.js';
import type { Programme } from '../programme/compiled.js';
import { holdsFor, satisfiable, search } from './domain.js';
import { type Finding, finding } from './finding.js';
import { admittedWhere } from './referral.js';

interface Group {
  readonly path: Path;
  readonly condition: Condition;
  readonly what: string;
  readonly consequence: string;
}

/**
 * Reservations, waiting-list priorities and per-day payments for a group the referral rules always decline:
 * the group can match (that is checked where the condition is written) but nobody in it is ever admitted.
 */
export const lintGroupsNeverAdmitted = (programme: Programme): Finding[] => {
  const c = programme.config;
  if (!c.referral) return [];
  const groups: Group[] = [
    ...(c.capacity?.reserved ?? []).map((r, i) => ({
      path: ['capacity', 'reserved', i, 'for'],
      condition: r.for,
      what: `reservation "${r.id}" keeps ${r.places} place(s) for a group`,
      consequence: 'so the places are held for people who never come',
    })),
    ...(c.capacity?.priority ?? []).map((r, i) => ({
      path: ['capacity', 'priority', i, 'when'],
      condition: r.when,
      what: `waiting-list priority "${r.id}" is for a group`,
      consequence: 'so it never orders anyone on the waiting list',
    })),
    ...(c.funding?.perParticipantDay ?? []).map((r, i) => ({
      path: ['funding', 'perParticipantDay', i, 'when'],
      condition: r.when,
      what: `payment "${r.id}" is for a group`,
      consequence: 'so, unless their facts change after admission, the payment is never earned',
    })),
  ];
  return groups.flatMap((g) => {
    if (satisfiable(programme, g.condition).kind !== 'found') return [];
    const admitted = admittedWhere(programme, [g.condition], (f) => holdsFor(programme, g.condition, f));
    if (admitted.kind !== 'none') return [];
    return [
      finding('lint.group_never_admitted', 'warning', g.path, `${g.what} that the referral rules always decline, ${g.consequence}.`,
        'accept (or waitlist) that group under "referral", or correct the group\'s condition'),
    ];
  });
};

/** A waiting-list priority whose whole group is already ranked by earlier priorities never changes the order. */
export const lintPriorities = (programme: Programme): Finding[] => {
  const priority = programme.config.capacity?.priority ?? [];
  return priority.flatMap((p, j) => {
    if (j === 0 || satisfiable(programme, p.when).kind !== 'found') return [];
    const earlier = priority.slice(0, j);
    const own = search(programme, [p.when, ...earlier.map((e) => e.when)], 'any', (f) => holdsFor(programme, p.when, f) && !earlier.some((e) => holdsFor(programme, e.when, f)));
    if (own.kind !== 'none') return [];
    return [
      finding('lint.priority_shadowed', 'warning', ['capacity', 'priority', j], `waiting-list priority "${p.id}" never ranks anyone: everyone it matches already matches an earlier priority (${earlier.map((e, i) => `"${e.id}" at ${toDotPath(['capacity', 'priority', i])}`).join(', ')}).`,
        'move it before the priority that covers it, or remove it'),
    ];
  });
};

/** Area limits the programme cannot use: without capacity nobody asks the roster, and a limit above all places never binds. */
export const lintAreas = (programme: Programme): Finding[] => {
  const { areas, capacity } = programme.config;
  const out: Finding[] = [];
  areas.forEach((a, i) => {
    if (a.places === undefined) return;
    if (!capacity)
      out.push(
        finding('lint.area_places_without_capacity', 'warning', ['areas', i, 'places'],
          `area "${a.id}" is limited to ${a.places} place(s), but the programme declares no capacity, so referrals are admitted without asking the roster and the limit is never applied.`,
          'add capacity: { places: … } for the programme, or remove the area\'s places'),
      );
    else if (a.places > capacity.places)
      out.push(
        finding('lint.area_exceeds_capacity', 'warning', ['areas', i, 'places'], `area "${a.id}" has ${a.places} places but the whole programme has ${capacity.places}, so the area's limit can never be reached.`,
          `lower the area's places to at most ${capacity.places}`),
      );
  });
  const total = areas.reduce((n, a) => n + (a.places ?? 0), 0);
  if (capacity && areas.filter((a) => a.places !== undefined).length > 1 && total > capacity.places)
    out.push(
      finding('lint.areas_exceed_capacity', 'warning', ['areas'], `the areas' places add up to ${total}, more than the programme's ${capacity.places} places, so the areas can never all be full at once.`,
        'fine if places move between areas as needed; otherwise lower the areas\' places or raise capacity.places'),
    );
  return out;
};
