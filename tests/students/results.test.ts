/** Stored results (server/results.ts): the trail of rows graded before trails, and the checks a regrade changed. */
import { describe, expect, it } from 'vitest';
import { mistakesOf, trailOf } from '@/server/results';
import { changedChecks } from '@/server/teach/regrade';

describe('the trail of a stored result', () => {
  it('is the stored trail when there is one', () => {
    const trail = [{ name: 'value', passed: false }, { name: 'mistake:descending', passed: true }];
    expect(trailOf({ trail, entries: null, correct: false, diagnosisId: 'descending' })).toEqual(trail);
    expect(mistakesOf({ trail, diagnosisId: 'descending' })).toEqual(['descending']);
  });
  it('is rebuilt for rows stored before trails: a check per entry, then the diagnosis', () => {
    const entries = [
      { index: [0, 0], correct: true },
      { index: [0, 1], correct: false },
    ];
    expect(trailOf({ trail: null, entries, correct: false, diagnosisId: 'transposed' })).toEqual([
      { name: 'entry (1, 1)', passed: true },
      { name: 'entry (1, 2)', passed: false },
      { name: 'mistake:transposed', passed: true },
    ]);
    expect(trailOf({ trail: null, entries: null, correct: true, diagnosisId: null })).toEqual([{ name: 'value', passed: true }]);
    expect(mistakesOf({ trail: null, diagnosisId: 'transposed' })).toEqual(['transposed']);
    expect(mistakesOf({ trail: null, diagnosisId: null })).toEqual([]);
  });
  it('lists the checks a regrade changed, including ones made or dropped', () => {
    const before = [{ name: 'entry 1', passed: true }, { name: 'entry 2', passed: false }, { name: 'mistake:descending', passed: true }];
    const after = [{ name: 'entry 1', passed: true }, { name: 'entry 2', passed: true }];
    expect(changedChecks(before, after)).toEqual([
      { name: 'entry 2', old: false, new: true },
      { name: 'mistake:descending', old: true, new: null },
    ]);
    expect(changedChecks(after, after)).toEqual([]);
  });
});
