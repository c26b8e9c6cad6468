import { describe, expect, it } from 'vitest';
import { esfCsv, esfPack, esfTable, scbMonths, scbToSend, summariseAll } from '../src/index.js';
import { type Life, example, logOf } from './logs.js';

/**
 * ESF+ (Regulation (EU) 2021/1057, Annex I: "personal data broken down by gender — women, men, non-binary
 * persons"; outputs at entry, results "on leaving" and "six months after leaving") for Kungsbacka's ESF
 * pre-project, and SCB's monthly file ("a start in the month it happens, an end in the month it happens;
 * correcting a month means resending every later month"), from event logs written for the purpose.
 */

const kungsbacka = example('kungsbacka');
const pack = esfPack();
const facts = (gender: string, age: number, labourMarketStatus: string, educationLevel: string, disability = false) => ({ gender, age, labourMarketStatus, educationLevel, disability });
const left = (on: string) => ({ on, outcome: 'discontinued' });

const lives: Life[] = [
  ...Array.from({ length: 6 }, (_, i): Life => ({
    id: `K-w${i}`,
    facts: facts('woman', 20 + i, i < 5 ? 'longTermUnemployed' : 'inactive', 'isced0to2', i === 0),
    admitted: '2009-05-11',
    exit: left('2009-09-01'),
    followUps: [
      { id: 'onLeaving', on: '2009-09-16', status: i < 5 ? 'jobSeeking' : 'studiesWithoutStudentFinance' },
      ...(i < 2 ? [{ id: 'sixMonths', on: '2010-03-02', status: 'regularWork' as const, work: { since: '2009-12-01' } }] : []),
    ],
  })),
  ...Array.from({ length: 5 }, (_, i): Life => ({
    id: `K-m${i}`,
    facts: facts('man', 56 + i, 'unemployed', i < 3 ? 'isced3to4' : 'isced5to8'),
    admitted: '2009-06-01',
    exit: left('2009-10-01'),
    followUps: [{ id: 'onLeaving', on: '2009-10-16', status: 'jobSeeking' }],
  })),
  // a non-binary participant, never followed up after exit
  { id: 'K-n0', facts: facts('nonBinary', 17, 'inactive', 'isced0to2'), admitted: '2009-06-01', exit: left('2009-10-01') },
];
const streams = lives.map((l) => logOf(kungsbacka, l));
const period = { from: '2009-05-04', to: '2009-11-03' };

describe('ESF+: Kungsbacka, the project period', () => {
  const table = () => {
    const r = esfTable(kungsbacka, summariseAll(kungsbacka, streams), period, pack);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return new Map(r.value.map((x) => [x.id, x]));
  };
  const counts = (id: string) => {
    const r = table().get(id)!;
    const v = (c: typeof r.total) => (c === null ? null : c.suppressed ? '<5' : c.n);
    return [r.availability, v(r.total), v(r.women), v(r.men), v(r.nonBinary)];
  };

  it('outputs count those who entered, by their facts at entry and gender; counts of 1–4 are suppressed', () => {
    expect(counts('total')).toEqual(['counted', 12, 6, 5, '<5']);
    expect(counts('unemployed')).toEqual(['counted', 10, 5, 5, 0]);
    expect(counts('longTermUnemployed')).toEqual(['counted', 5, 5, 0, 0]);
    expect(counts('inactive')).toEqual(['counted', '<5', '<5', 0, '<5']);
    expect(counts('below18')).toEqual(['counted', '<5', 0, 0, '<5']);
    expect(counts('age18to29')).toEqual(['counted', 6, 6, 0, 0]);
    expect(counts('age55plus')).toEqual(['counted', 5, 0, 5, 0]);
    expect(counts('isced0to2')).toEqual(['counted', 7, 6, 0, '<5']);
    expect(counts('disabilities')).toEqual(['counted', '<5', '<5', 0, 0]);
  });

  it('sensitive categories the programme does not declare are "not collected", never guessed', () => {
    for (const id of ['thirdCountryNationals', 'foreignBackground', 'minorities', 'homeless']) expect(counts(id)).toEqual(['notCollected', null, null, null, null]);
  });

  it('results read the follow-up after exit marked onLeaving or sixMonthsAfterLeaving; an exit never followed up counts in none', () => {
    expect(counts('jobSearchingOnLeaving')).toEqual(['counted', 10, 5, 5, 0]);
    expect(counts('educationOnLeaving')).toEqual(['counted', '<5', '<5', 0, 0]);
    expect(counts('employedOnLeaving')).toEqual(['counted', 0, 0, 0, 0]);
    expect(counts('employedSixMonths')).toEqual(['counted', '<5', '<5', 0, 0]);
    expect(counts('qualificationOnLeaving')).toEqual(['notMeasured', null, null, null, null]);
  });

  it('the same store and period give the same bytes', () => {
    const csv = (s: typeof streams) => {
      const r = esfTable(kungsbacka, summariseAll(kungsbacka, s), period, pack);
      if (!r.ok) throw new Error('refused');
      return esfCsv(r.value, pack);
    };
    expect(csv([...streams].reverse())).toBe(csv(streams));
    expect(csv(streams).split('\n').slice(0, 2)).toEqual(['indicator,kind,label,availability,total,women,men,nonBinary', 'unemployed,output,"Unemployed, including long-term unemployed",counted,10,5,5,0']);
  });

  it('a programme without the facts the outputs need gets issues that name them', () => {
    const r = esfTable(example('timra'), [], period, pack);
    expect(!r.ok && r.issues.map((i) => i.path.join('.'))).toEqual(['facts.labourMarketStatus', 'facts.age', 'facts.educationLevel']);
  });
});

describe("SCB's monthly participant file", () => {
  const months = (s: typeof streams) => scbMonths(summariseAll(kungsbacka, s), { from: '2009-05-01', to: '2009-10-31' });

  it('a start in the month it happened, an end in the month it happened, keyed by the opaque participant id', () => {
    const m = months(streams);
    expect(m.map((x) => x.month)).toEqual(['2009-05', '2009-06', '2009-07', '2009-08', '2009-09', '2009-10']);
    expect(m[0]!.text.split('\n').slice(0, 2)).toEqual(['month,participant,event,date', '2009-05,K-w0,start,2009-05-11']);
    expect(m[2]!.text).toBe('month,participant,event,date\n');
    expect(m[4]!.text.split('\n').filter((l) => l.includes(',end,'))).toHaveLength(6);
  });

  it('the resend rule: a correction to a month resends it and every later month; nothing changed, nothing to send', () => {
    const before = Object.fromEntries(months(streams).map((m) => [m.month, m.digest]));
    expect(scbToSend(months(streams), before)).toEqual([]);
    // K-m0's exit is corrected to September: September changes, so September and October are sent again.
    const corrected = lives.map((l) => (l.id === 'K-m0' ? { ...l, exit: left('2009-09-21'), followUps: [] } : l)).map((l) => logOf(kungsbacka, l));
    expect(scbToSend(months(corrected), before).map((m) => m.month)).toEqual(['2009-09', '2009-10']);
    // Never sent: everything.
    expect(scbToSend(months(streams), {}).map((m) => m.month)).toHaveLength(6);
  });
});
