/** Stored results (server/results.ts): the trail of rows graded before trails, and the checks a regrade changed. */
import { describe, expect, it } from 'vitest';
import { gradeText } from '@/lib/exercises';
import { diagnosisOf, gradeView, mistakesOf, storedResult, trailOf } from '@/server/results';
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

describe('mistakes the author wrote in the spec', () => {
  const spec = { kind: 'number', prompt: 'Compute $2 \\cdot 3 + 1$.', answer: 7, mistakes: [{ answer: 6, message: 'You forgot the + 1.' }, { id: 'doubled', answer: 14, message: 'You doubled the sum.' }] };
  const multi = {
    kind: 'multi-part',
    prompt: 'q',
    parts: [
      { id: 'a', kind: 'number', answer: 7, mistakes: [{ answer: 6, message: 'You forgot the + 1.' }] },
      { id: 'b', kind: 'number', from: 'a', answer: '2*a' },
    ],
  };
  it('keep their sentence when the stored result is shown again (the database keeps only the id)', () => {
    const r = gradeText(spec, '14');
    if (!r.ok) throw new Error(r.error.message);
    expect(gradeView('number', storedResult(r.grade), spec).diagnosis).toEqual({ id: 'doubled', message: 'You doubled the sum.' });
    expect(diagnosisOf('number', 'mistake-1', spec)).toEqual({ id: 'mistake-1', message: 'You forgot the + 1.' });
    expect(diagnosisOf('number', 'mistake-9', spec)?.message).toBe('This looks like a known mistake.');
  });
  it('are counted per part of a multi-part answer, as <part>.<id>', () => {
    const r = gradeText(multi, JSON.stringify({ a: '6', b: '12' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.grade.parts!.map((p) => p.grade.score)).toEqual([0, 1]); // b = 2·6 on follow-through
    expect(mistakesOf({ trail: r.grade.trail, diagnosisId: null })).toEqual(['a.mistake-1']);
    expect(diagnosisOf('multi-part', 'a.mistake-1', multi)?.message).toBe('You forgot the + 1.');
  });
});

