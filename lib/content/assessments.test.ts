/**
 * Reading assessment definitions (lib/content/assessments.ts): a good file gives its
 * definition with the defaults of its type; each mistake is reported once, in words, at the
 * line and column where it is written. And the draw: least-used pool members first.
 */
import { describe, expect, it } from 'vitest';
import { drawSlots, readAssessment } from './assessments';

const IDS = new Set(['a', 'b', 'c', 'd']);
const read = (text: string, slug = 'quiz-1') => readAssessment('course/assessments/quiz-1.json', slug, text, IDS);

describe('readAssessment', () => {
  it('reads a quiz with its defaults (one attempt, reveal on release)', () => {
    const { def, problems } = read(`{
  "title": "Quiz 1",
  "type": "quiz",
  "opensAt": "2026-03-06T17:00:00+01:00",
  "closesAt": "2026-03-06T18:00:00Z",
  "timeLimitMinutes": 10,
  "slots": [{ "exercise": "a", "points": 2 }, { "pool": ["b", "c", "d"], "pick": 2 }]
}`);
    expect(problems).toEqual([]);
    expect(def).toEqual({
      slug: 'quiz-1', title: 'Quiz 1', type: 'quiz', opensAt: '2026-03-06T16:00:00.000Z', closesAt: '2026-03-06T18:00:00.000Z',
      timeLimitMinutes: 10, attempts: 1, reveal: 'release', accessCode: null,
      slots: [{ exercise: 'a', points: 2 }, { pool: ['b', 'c', 'd'], pick: 2, points: 1 }],
    });
  });

  it('reports each mistake where it is written', () => {
    const text = `{
  "title": "Quiz 1",
  "type": "quiz",
  "opensAt": "2026-03-06T18:00:00Z",
  "closesAt": "2026-03-06T17:00:00Z",
  "slots": [
    { "exercise": "a" },
    { "pool": ["b", "zz"], "pick": 3 },
    { "exercise": "a" }
  ],
  "colour": "red"
}`;
    const { def, problems } = read(text);
    expect(def).toBeNull();
    const at = (line: number, column: number, message: RegExp) => expect.objectContaining({ line, column, message: expect.stringMatching(message) });
    expect(problems).toEqual(
      expect.arrayContaining([
        at(11, 3, /unknown key "colour"/),
        at(5, 3, /"closesAt" must be after "opensAt"/),
        at(8, 21, /no exercise "zz"/),
        at(8, 28, /"pick" is 3 but the pool has only 2 exercises/),
        at(9, 19, /exercise "a" is already used in slot 1/),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('refuses bad JSON, a bad time, a quiz that shows answers before release, and a bad file name', () => {
    expect(read('{ "title": "x", }').problems[0]).toMatchObject({ line: 1, message: expect.stringMatching(/not valid JSON/) });
    const p = read('{ "title": "E", "type": "exam", "reveal": "exercise", "closesAt": "tomorrow", "slots": [{ "exercise": "a" }] }', 'Exam').problems.map((x) => x.message);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/file name "Exam.json"/),
        expect.stringMatching(/"closesAt" must be a date and time with a zone/),
        expect.stringMatching(/"reveal" must be "release"/),
        expect.stringMatching(/needs "timeLimitMinutes" or "closesAt"/),
      ]),
    );
    expect(read('{ "title": "H", "type": "homework", "slots": [] }').problems[0].message).toMatch(/"slots" must be a non-empty list/);
  });
});

describe('drawSlots', () => {
  const slots = [{ pool: ['a', 'b', 'c'], pick: 1, points: 1 }];
  it('takes the least-used member; ties go by a seeded order that differs between students', () => {
    expect(drawSlots('q', slots, 'u1', new Map([['a', 2], ['b', 1], ['c', 2]])).map((q) => q.exercise)).toEqual(['b']);
    const firsts = new Set(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'].map((u) => drawSlots('q', slots, u, new Map())[0].exercise));
    expect(firsts.size).toBeGreaterThan(1);
    // Stable: the same student, the same counts → the same draw and seeds.
    expect(drawSlots('q', slots, 'u1', new Map())).toEqual(drawSlots('q', slots, 'u1', new Map()));
  });
});
