import { describe, expect, it } from 'vitest';
import { type KoladaPack, koladaCsv, koladaFigures, koladaPack, summariseAll } from '../src/index.js';
import { type Life, example, logOf, month } from './logs.js';

/**
 * Kolada's KPI "Resultat vid avslut i kommunens arbetsmarknadsverksamhet, deltagare som börjat arbeta eller
 * studera, andel (%)" (issue 14: "work on the regular labour market, subsidised or not, for at least one
 * continuous month (jobs in the municipality's own labour-market activity excluded), or studies that give
 * student finance (Komvux, folkhögskola, university); by gender ... non-binary participants appear only in
 * the total"), computed from event logs written for the purpose.
 */

const pack = koladaPack();
const ljusnarsberg = example('ljusnarsberg');
const woman = { gender: 'woman' };
const man = { gender: 'man' };
const out = (on: string) => ({ on, outcome: 'discontinued' });
const oneMonth = (exit: string, status: Life['followUps'] extends readonly (infer F)[] | undefined ? F extends { status: infer S } ? S : never : never, work?: { since: string; until?: string }) => ({ id: 'oneMonth', on: month(exit), status, ...(work ? { work } : {}) });

const lives: Life[] = [
  // women: 3 of 5 qualify
  { id: 'L-w1', facts: woman, admitted: '2026-01-12', exit: out('2026-03-02'), followUps: [oneMonth('2026-03-02', 'regularWork', { since: '2026-03-02' })] },
  // a job shorter than a month: 2 March to 20 March, ended
  { id: 'L-w2', facts: woman, admitted: '2026-01-12', exit: out('2026-03-02'), followUps: [oneMonth('2026-03-02', 'regularWork', { since: '2026-03-02', until: '2026-03-20' })] },
  { id: 'L-w3', facts: woman, admitted: '2026-01-12', exit: out('2026-02-02'), followUps: [oneMonth('2026-02-02', 'subsidisedWork', { since: '2026-01-20' })] },
  { id: 'L-w4', facts: woman, admitted: '2026-02-02', exit: out('2026-05-04'), followUps: [oneMonth('2026-05-04', 'studiesWithStudentFinance')] },
  { id: 'L-w5', facts: woman, admitted: '2026-02-02', exit: out('2026-05-04'), followUps: [oneMonth('2026-05-04', 'notReached')] },
  // men: 2 of 5 qualify
  // a municipal labour-market job, however long, does not count
  { id: 'L-m1', facts: man, admitted: '2026-01-12', exit: out('2026-03-02'), followUps: [oneMonth('2026-03-02', 'municipalLabourMarketJob', { since: '2026-01-01' })] },
  // studies without student finance do not count
  { id: 'L-m2', facts: man, admitted: '2026-01-12', exit: out('2026-03-02'), followUps: [oneMonth('2026-03-02', 'studiesWithoutStudentFinance')] },
  // an exit never followed up: in the denominator, not the numerator
  { id: 'L-m3', facts: man, admitted: '2026-01-12', exit: out('2026-03-02') },
  // exactly one month, ended: 1 March to 31 March
  { id: 'L-m4', facts: man, admitted: '2026-01-12', exit: out('2026-02-27'), followUps: [{ id: 'oneMonth', on: '2026-04-02', status: 'regularWork', work: { since: '2026-03-01', until: '2026-03-31' } }] },
  // found at six months only
  { id: 'L-m5', facts: man, admitted: '2026-01-12', exit: out('2026-03-02'), followUps: [{ id: 'sixMonths', on: '2026-09-03', status: 'regularWork', work: { since: '2026-05-01' } }] },
  // a non-binary participant: in T only
  { id: 'L-n1', facts: { gender: 'nonBinary' }, admitted: '2026-01-12', exit: out('2026-03-02'), followUps: [oneMonth('2026-03-02', 'studiesWithStudentFinance')] },
  // not counted: left in 2025; still in the programme
  { id: 'L-x1', facts: woman, admitted: '2025-09-01', exit: out('2025-12-01'), followUps: [oneMonth('2025-12-01', 'regularWork', { since: '2025-12-01' })] },
  { id: 'L-x2', facts: man, admitted: '2026-06-01' },
];
const streams = lives.map((l) => logOf(ljusnarsberg, l));

describe('Kolada: Ljusnarsberg (1864), 2026', () => {
  it('counts, by gender, those who ended the measure and whose follow-up found qualifying work or studies', () => {
    const r = koladaFigures(ljusnarsberg, summariseAll(ljusnarsberg, streams), 2026, pack);
    expect(r.ok && r.value.map((f) => [f.gender, f.participants, f.qualified, f.share, f.suppressed])).toEqual([
      ['T', 11, 6, 54.5, false],
      ['K', 5, 3, 60, false],
      ['M', 5, 2, 40, false],
    ]);
    expect(r.ok && r.value[0]!.municipality).toBe('1864');
  });

  it('the same store and year give the same bytes, whatever order the streams are read in', () => {
    const csv = (s: typeof streams) => {
      const r = koladaFigures(ljusnarsberg, summariseAll(ljusnarsberg, s), 2026, pack);
      if (!r.ok) throw new Error('refused');
      return koladaCsv(r.value, pack);
    };
    expect(csv([...streams].reverse())).toBe(csv(streams));
    expect(csv(streams)).toBe(
      'kpi,kpiTitle,municipality,year,gender,participants,qualified,sharePercent,suppressed\n' +
        ',"Resultat vid avslut i kommunens arbetsmarknadsverksamhet, deltagare som börjat arbeta eller studera, andel (%)",1864,2026,T,11,6,54.5,no\n' +
        ',"Resultat vid avslut i kommunens arbetsmarknadsverksamhet, deltagare som börjat arbeta eller studera, andel (%)",1864,2026,K,5,3,60,no\n' +
        ',"Resultat vid avslut i kommunens arbetsmarknadsverksamhet, deltagare som börjat arbeta eller studera, andel (%)",1864,2026,M,5,2,40,no\n',
    );
  });

  it('a small cell is suppressed: with four men, K and M both (T − M would give K away); T stays', () => {
    const fewer = streams.filter((_, i) => lives[i]!.id !== 'L-m5');
    const r = koladaFigures(ljusnarsberg, summariseAll(ljusnarsberg, fewer), 2026, pack);
    expect(r.ok && r.value.map((f) => [f.gender, f.participants, f.suppressed])).toEqual([['T', 10, false], ['K', null, true], ['M', null, true]]);
  });

  it('voided events are a filter over the stream: leaving out a follow-up takes the participant out of the numerator', () => {
    const keep = (e: { type: string; participantId: string }) => !(e.type === 'exitFollowUp.recorded' && e.participantId === 'L-w1');
    const r = koladaFigures(ljusnarsberg, summariseAll(ljusnarsberg, streams, { keep }), 2026, pack);
    expect(r.ok && r.value[0]!.qualified).toBe(5);
  });

  it('a voided event counts nowhere: voiding L-w1\'s follow-up after exit takes her out of the numerator', () => {
    const voided = streams.map((s) => {
      if (s[0]!.participantId !== 'L-w1') return s;
      const target = s.find((e) => e.type === 'exitFollowUp.recorded')!;
      const last = s[s.length - 1]!;
      return [...s, { ...last, id: `${last.participantId}:${last.seq + 1}`, seq: last.seq + 1, type: 'event.voided' as const, payload: { eventSeq: target.seq, reason: 'enteredInError' as const } }];
    });
    const r = koladaFigures(ljusnarsberg, summariseAll(ljusnarsberg, voided), 2026, pack);
    expect(r.ok && r.value[0]!.qualified).toBe(5);
    const before = koladaFigures(ljusnarsberg, summariseAll(ljusnarsberg, streams), 2026, pack);
    expect(before.ok && before.value[0]!.qualified).toBe(6);
  });

  it('a programme without a municipality gets an issue that says where to declare it', () => {
    const { municipality: _m, ...rest } = ljusnarsberg.config;
    const r = koladaFigures({ ...ljusnarsberg, config: { ...rest } } as typeof ljusnarsberg, [], 2026, pack);
    expect(!r.ok && r.issues.map((i) => [i.code, i.path.join('.')])).toEqual([['config.missing_field', 'municipality']]);
  });

  it('the pack is configuration: a work-length rule of two months changes who counts', () => {
    const strict: KoladaPack = { ...pack, qualifies: { ...pack.qualifies, workLastsAtLeast: { months: 2 } } };
    const r = koladaFigures(ljusnarsberg, summariseAll(ljusnarsberg, streams), 2026, strict);
    // w1 (a month, ongoing) and m4 (exactly a month) drop; w3 (20 Jan to 2 March) drops too; m5 (May to September) stays
    expect(r.ok && r.value[0]!.qualified).toBe(3);
  });
});

describe('Kolada: Nacka (0182)', () => {
  const nacka = example('nacka');
  const facts = (gender: string) => ({ gender, referrer: 'aktivum', targetGroup: 'other', occupiedFullTimeElsewhere: false });
  const nackaLives: Life[] = [
    ...['woman', 'woman', 'woman', 'woman', 'woman', 'man', 'man', 'man', 'man', 'man'].map((g, i) => ({
      id: `N-${i}`,
      facts: facts(g),
      admitted: '2026-01-12',
      exit: { on: '2026-04-01', outcome: 'regularEmployment' },
      followUps: [{ id: 'oneMonth', on: '2026-05-04', status: (i % 2 === 0 ? 'regularWork' : 'jobSeeking') as 'regularWork' | 'jobSeeking', ...(i % 2 === 0 ? { work: { since: '2026-04-01' } } : {}) }],
    })),
    { id: 'N-nb', facts: facts('nonBinary'), admitted: '2026-01-12', exit: { on: '2026-04-01', outcome: 'regularEmployment' }, followUps: [{ id: 'oneMonth', on: '2026-05-04', status: 'regularWork', work: { since: '2026-04-01' } }] },
  ];
  it('its figures: the non-binary participant is in T, not in K or M', () => {
    const r = koladaFigures(nacka, summariseAll(nacka, nackaLives.map((l) => logOf(nacka, l))), 2026, pack);
    expect(r.ok && r.value.map((f) => [f.municipality, f.gender, f.participants, f.qualified])).toEqual([
      ['0182', 'T', 11, 6],
      ['0182', 'K', 5, 3],
      ['0182', 'M', 5, 2],
    ]);
  });
});
