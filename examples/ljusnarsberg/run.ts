/**
 * The main job for now: five participants through the Ljusnarsberg ladder, printed as a caseworker
 * would read them — each command, what it became or why it was refused, and where the participant stands.
 */
import { type ExecuteResult, formatExplanation, formatIssue, type Lang } from '@stegvis/core';
import { ParticipantDriver, loadProgramme } from '@stegvis/testing';

const lang: Lang = process.argv.includes('--sv') ? 'sv' : 'en';
const programme = loadProgramme(new URL('./programme.yaml', import.meta.url));

const assessment = { adjustmentNeeds: '…', interestsAndExperience: '…', ownView: '…', motivation: '…', healthHabits: '…' };
const plan = { mainPlacement: 'Byggeriet', weeklySchedule: 'Mon–Thu 9–13', followUpTimes: 'every 4 weeks' };
const step1 = ['keepTimes', 'reportAbsence', 'attendAsAgreed', 'takePartInActivities'];

function show(at: string, what: string, r: ExecuteResult) {
  if (r.ok) {
    const events = r.events.map((e) => e.type).join(', ') || 'nothing changed';
    console.log(`  ${at}  ✓ ${what.padEnd(28)} → ${events}`);
  } else {
    console.log(`  ${at}  ✗ ${what.padEnd(28)} → refused: ${formatIssue(r.refusal.issues[0]!)}`);
    if (r.refusal.explanation) console.log(formatExplanation(r.refusal.explanation, lang, 5));
  }
}

function step(p: ParticipantDriver, at: string, what: string, body: Parameters<ParticipantDriver['send']>[1]) {
  show(at, what, p.send(at, body));
}

function summary(p: ParticipantDriver) {
  const view = p.engine.view(p.snapshot);
  const where = view.phase === 'exited'
    ? `exited to ${p.context.exit!.outcomeId} (${p.context.exit!.income} income)`
    : `${view.phase}, at ${programme.stepsById.get(view.stepId!)!.label[lang]}`;
  console.log(`  → ${where}`);
  for (const d of view.openDeadlines) console.log(`    ${d.status.padEnd(8)} ${d.label[lang]} (due ${d.dueOn})`);
  console.log();
}

function participant(id: string, story: string, facts: Record<string, boolean | string | number>, run: (p: ParticipantDriver) => void) {
  console.log(`${id}: ${story}`);
  const p = ParticipantDriver.for(programme, id);
  step(p, '2026-01-12T09:00', 'refer', { type: 'refer', facts });
  run(p);
  summary(p);
}

console.log(`${programme.name[lang]} — ${programme.steps.length} steps, exit to ${programme.outcomesById.size} outcomes\n`);

participant('P-001', 'on full-time sick leave: step 1 without a CV', { fullTimeSickLeave: true, gender: 'woman', referrer: 'forsakringskassan' }, (p) => {
  step(p, '2026-01-15T10:00', 'completeAssessment', { type: 'completeAssessment', contents: assessment });
  step(p, '2026-01-19T10:00', 'establishPlan', { type: 'establishPlan', contents: plan, subGoals: ['routine'], participantTookPart: true });
  for (const r of step1) step(p, '2026-02-20T10:00', `mark ${r}`, { type: 'markRequirement', stepId: 'step1', requirementId: r, status: 'met' });
  step(p, '2026-02-20T11:00', 'advance', { type: 'advance' });
});

participant('P-002', 'a plan without a weekly schedule', { fullTimeSickLeave: false, gender: 'man', referrer: 'socialServices' }, (p) => {
  step(p, '2026-01-13T10:00', 'completeAssessment', { type: 'completeAssessment', contents: assessment });
  step(p, '2026-01-14T10:00', 'establishPlan', { type: 'establishPlan', contents: { mainPlacement: 'IT', followUpTimes: '…' }, subGoals: ['cv'], participantTookPart: true });
  step(p, '2026-01-15T10:00', 'establishPlan (fixed)', { type: 'establishPlan', contents: { ...plan, mainPlacement: 'IT' }, subGoals: ['cv'], participantTookPart: true });
});

participant('P-003', 'the assessment is not done in time', { gender: 'nonBinary', referrer: 'arbetsformedlingen' }, (p) => {
  step(p, '2026-01-27T08:00', 'tick (15 days after intake)', { type: 'tick' });
});

participant('P-004', 'not through step 1 by month 3: an evaluation is owed', { fullTimeSickLeave: false, gender: 'woman', referrer: 'socialServices' }, (p) => {
  step(p, '2026-01-14T10:00', 'completeAssessment', { type: 'completeAssessment', contents: assessment });
  step(p, '2026-01-16T10:00', 'establishPlan', { type: 'establishPlan', contents: plan, subGoals: ['routine'], participantTookPart: true, followUpEveryWeeks: 4 });
  step(p, '2026-01-30T10:00', 'recordFollowUp', { type: 'recordFollowUp', participantTookPart: true });
  step(p, '2026-02-02T10:00', 'advance', { type: 'advance' });
  step(p, '2026-04-13T08:00', 'tick (3 months)', { type: 'tick' });
});

participant('P-005', 'leaves for a nystartsjobb: whole income', { fullTimeSickLeave: false, gender: 'man', referrer: 'arbetsformedlingen' }, (p) => {
  step(p, '2026-01-13T10:00', 'completeAssessment', { type: 'completeAssessment', contents: assessment });
  step(p, '2026-01-14T10:00', 'establishPlan', { type: 'establishPlan', contents: plan, subGoals: ['job'], participantTookPart: true });
  step(p, '2026-03-02T10:00', 'pause', { type: 'pause', reason: 'sickness' });
  step(p, '2026-03-16T10:00', 'resume', { type: 'resume' });
  step(p, '2026-05-04T10:00', 'exit nystartsjobb', { type: 'exit', outcomeId: 'nystartsjobb' });
});
