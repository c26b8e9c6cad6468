import type { Programme } from '../programme/compiled.js';
import { type Finding, finding } from './finding.js';

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * Result targets along the ladder. A participant reaches a step only after the steps before it, so the share
 * through a later step can never exceed the share through an earlier one at the same time: a later step's
 * target must not come at an earlier month, nor promise a larger share by an earlier or equal month.
 * (75% by month 3, 60% by 6, 35% by 9, 10% by 12 and 10% by 12 is fine.)
 */
export const lintTargets = (programme: Programme): Finding[] => {
  const withTargets = programme.steps.filter((s) => s.blueprint.target);
  const out: Finding[] = [];
  withTargets.forEach((later, j) => {
    const t = later.blueprint.target!;
    const base = ['steps', later.index, 'params', 'target'];
    const earlier = withTargets.slice(0, j);
    const sooner = earlier.filter((e) => e.blueprint.target!.byMonth > t.byMonth);
    if (sooner.length > 0) {
      const e = sooner.reduce((a, b) => (b.blueprint.target!.byMonth > a.blueprint.target!.byMonth ? b : a));
      out.push(
        finding('lint.target_not_monotone', 'warning', [...base, 'byMonth'],
          `step "${later.id}" has its target by month ${t.byMonth}, before the target of "${e.id}" (month ${e.blueprint.target!.byMonth}), though participants reach "${later.id}" only after "${e.id}".`,
          `set "${later.id}"'s byMonth to at least ${e.blueprint.target!.byMonth}`),
      );
    }
    const smaller = earlier.find((e) => e.blueprint.target!.byMonth >= t.byMonth && e.blueprint.target!.share < t.share);
    if (smaller) {
      const e = smaller.blueprint.target!;
      out.push(
        finding('lint.target_not_monotone', 'warning', [...base, 'share'],
          `step "${later.id}" promises ${pct(t.share)} of participants by month ${t.byMonth}, more than the ${pct(e.share)} that "${smaller.id}" before it promises by month ${e.byMonth}; everyone through "${later.id}" has been through "${smaller.id}", so the two targets disagree.`,
          `lower "${later.id}"'s share to at most ${pct(e.share)}, or raise "${smaller.id}"'s`),
      );
    }
  });
  return out;
};
