import type { Lang } from '@stegvis/core';
import { categoryLabel } from './i18n.js';
import type { Report } from './report-types.js';

type Outcomes = Report['outcomes'];

/** The report with every outcome category named for people (the simulator names undeclared ones by id). */
export function withCategoryLabels(report: Report, lang: Lang): Report {
  const names = (o: Outcomes): Outcomes => ({ ...o, byCategory: o.byCategory.map((c) => ({ ...c, label: categoryLabel(c.id, c.label, lang) })) });
  return {
    ...report,
    outcomes: names(report.outcomes),
    breakdowns: report.breakdowns.map((b) => ({ ...b, groups: b.groups.map((g) => ({ ...g, outcomes: names(g.outcomes) })) })),
  };
}
