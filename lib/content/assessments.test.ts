/**
 * Reading assessment definitions (lib/content/assessments.ts): a good file gives its
 * definition with the defaults of its type; each mistake is reported once, in words, at the
 * line and column where it is written. And the draw: least-used pool members first.
 */
import { describe, expect, it } from 'vitest';
import { assessmentPoints, countUses, drawSlots, groupByZone, readAssessment, weightedTotal, weightText } from './assessments';

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
      timeLimitMinutes: 10, attempts: 1, reveal: 'release', accessCode: null, sessions: 'log',
      slots: [{ exercise: 'a', points: 2 }, { pool: ['b', 'c', 'd'], pick: 2, points: 1 }],
      zones: null,
      weight: 1,
    });
  });

  it('reads a weight (0 = not counted) and refuses a negative or non-number one where it is written', () => {
    const quiz = (weight: string) => `{
  "title": "Quiz 1",
  "type": "quiz",
  "timeLimitMinutes": 10,
  "weight": ${weight},
  "slots": [{ "exercise": "a" }]
}`;
    expect(read(quiz('2.5')).def?.weight).toBe(2.5);
    expect(read(quiz('0')).def?.weight).toBe(0);
    for (const bad of ['-1', '"2"', 'null', '1001']) {
      const { def, problems } = read(quiz(bad));
      expect(def).toBeNull();
      expect(problems).toEqual([expect.objectContaining({ line: 5, column: 3, message: expect.stringMatching(/"weight" must be a number from 0/) })]);
    }
  });

  it('reads "sessions" (one session per student, quiz or exam only) and refuses anything else where it is written', () => {
    const file = (type: string, sessions: string) => `{
  "title": "Quiz 1",
  "type": "${type}",
  "timeLimitMinutes": 10,
  "sessions": ${sessions},
  "slots": [{ "exercise": "a" }]
}`;
    expect(read(file('quiz', '"one"')).def?.sessions).toBe('one');
    expect(read(file('exam', '"log"')).def?.sessions).toBe('log');
    expect(read(file('homework', '"log"')).def?.sessions).toBe('log');
    for (const [type, bad, message] of [
      ['exam', '"two"', /"sessions" must be one of one, log/],
      ['exam', 'true', /"sessions" must be one of one, log/],
      ['homework', '"one"', /a homework has no sitting to guard/],
    ] as const) {
      const { def, problems } = read(file(type, bad));
      expect(def).toBeNull();
      expect(problems).toEqual([expect.objectContaining({ line: 5, column: 3, message: expect.stringMatching(message) })]);
    }
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

const NONE = { exercises: new Map(), slots: new Map() };

describe('drawSlots', () => {
  const slots = [{ pool: ['a', 'b', 'c'], pick: 1, points: 1 }];
  it('takes the least-used member; ties go by a seeded order that differs between students', () => {
    expect(drawSlots('q', slots, 'u1', { exercises: new Map([['a', 2], ['b', 1], ['c', 2]]), slots: new Map() }).map((q) => q.exercise)).toEqual(['b']);
    const firsts = new Set(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'].map((u) => drawSlots('q', slots, u, NONE)[0].exercise));
    expect(firsts.size).toBeGreaterThan(1);
    // Stable: the same student, the same counts → the same draw and seeds.
    expect(drawSlots('q', slots, 'u1', NONE)).toEqual(drawSlots('q', slots, 'u1', NONE));
  });
});

describe('zones', () => {
  const IDS7 = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  const text = `{
  "title": "Quiz 2",
  "type": "quiz",
  "timeLimitMinutes": 20,
  "zones": [
    { "title": "Part A", "pick": 1, "points": 2, "slots": [{ "exercise": "a" }, { "exercise": "b" }, { "exercise": "c", "points": 3 }] },
    { "title": "Part B", "pick": 2, "slots": [{ "pool": ["d", "e"], "pick": 1 }, { "exercise": "f" }, { "exercise": "g" }] }
  ]
}`;

  it('reads zones: the slots zone after zone, a zone\'s points as its slots\' default, pick defaulting to every slot', () => {
    const { def, problems } = readAssessment('c/assessments/quiz-2.json', 'quiz-2', text, IDS7);
    expect(problems).toEqual([]);
    expect(def?.slots).toEqual([
      { exercise: 'a', points: 2 },
      { exercise: 'b', points: 2 },
      { exercise: 'c', points: 3 },
      { pool: ['d', 'e'], pick: 1, points: 1 },
      { exercise: 'f', points: 1 },
      { exercise: 'g', points: 1 },
    ]);
    expect(def?.zones).toEqual([
      { title: 'Part A', pick: 1, slots: [0, 1, 2] },
      { title: 'Part B', pick: 2, slots: [3, 4, 5] },
    ]);
    const all = readAssessment('f.json', 'f', '{ "title": "H", "type": "homework", "zones": [{ "title": "Only", "slots": [{ "exercise": "a" }, { "exercise": "b" }] }] }', IDS7);
    expect(all.def?.zones).toEqual([{ title: 'Only', pick: 2, slots: [0, 1] }]);
  });

  it('reports a zone\'s mistakes where they are written', () => {
    const bad = `{
  "title": "Quiz 2",
  "type": "quiz",
  "timeLimitMinutes": 20,
  "slots": [{ "exercise": "g" }],
  "zones": [
    { "title": "Part A", "pick": 4, "slots": [{ "exercise": "a" }, { "exercise": "zz" }] },
    { "pick": 1, "colour": 1, "slots": [{ "pool": ["b", "a"] }] },
    { "title": "Part C", "slots": [] }
  ]
}`;
    const { def, problems } = readAssessment('c/assessments/quiz-2.json', 'quiz-2', bad, IDS7);
    expect(def).toBeNull();
    const at = (line: number, column: number, message: RegExp) => expect.objectContaining({ file: 'c/assessments/quiz-2.json', line, column, message: expect.stringMatching(message) });
    // Columns are 1-based, at the opening quote of the key or id: line 7 is `    { "title": "Part A", "pick": 4, …`, so "pick" is at column 26 and "zz" at 82.
    expect(problems).toEqual([
      at(6, 3, /either "slots" or "zones"/),
      at(7, 82, /zone 1, slot 2: no exercise "zz"/),
      at(7, 26, /zone 1: "pick" is 4 but the zone has only 2 slots/),
      at(8, 18, /zone 2: unknown key "colour"/),
      at(8, 5, /zone 2: "title" must be a non-empty string/),
      at(8, 57, /zone 2, slot 1: exercise "a" is already used in zone 1, slot 1/),
      at(9, 26, /zone 3: "slots" must be a non-empty list/),
    ]);
  });

  const zones = readAssessment('q.json', 'quiz-2', text, IDS7).def!;

  it('takes the zone\'s least-used slots, then the pool\'s least-used member, and records the zone', () => {
    // Zone A: slot 1 (b) is the only one used less than the others → b. Zone B picks 2 of
    // slots 3, 4, 5 used 0, 1, 1 times: slot 3 (the pool) and then one of 4, 5 by the seeded
    // tie-break; the pool takes e, used 0 times against d's 1.
    const uses = { exercises: new Map([['d', 1]]), slots: new Map([[0, 1], [1, 0], [2, 1], [4, 1], [5, 1]]) };
    const draw = drawSlots('quiz-2', zones.slots, 'u1', uses, zones.zones);
    expect(draw.map((q) => [q.zone, q.slot, q.exercise, q.points])).toEqual(
      expect.arrayContaining([
        [0, 1, 'b', 2],
        [1, 3, 'e', 1],
      ]),
    );
    expect(draw).toHaveLength(3);
    expect(draw.filter((q) => q.zone === 1).map((q) => q.slot)).toEqual(expect.arrayContaining([3]));
    expect(drawSlots('quiz-2', zones.slots, 'u1', uses, zones.zones)).toEqual(draw);
  });

  it('is fair across a class: 6 students one after another use each zone slot and pool member evenly', () => {
    const draws: ReturnType<typeof drawSlots>[] = [];
    for (let i = 0; i < 6; i++) draws.push(drawSlots('quiz-2', zones.slots, `student-${i}`, countUses(draws), zones.zones));
    const times = (exercise: string) => draws.filter((d) => d.some((q) => q.exercise === exercise)).length;
    // Zone A: 6 students × pick 1 over 3 slots → 2 each. Zone B: 6 × 2 = 12 picks over 3
    // slots → 4 each; the pool slot's 4 draws split 2 : 2 between d and e.
    expect(['a', 'b', 'c', 'f', 'g', 'd', 'e'].map(times)).toEqual([2, 2, 2, 4, 4, 2, 2]);
    for (const d of draws) {
      expect(d.filter((q) => q.zone === 0)).toHaveLength(1);
      expect(d.filter((q) => q.zone === 1)).toHaveLength(2);
      // Written order: slots ascending.
      expect(d.map((q) => q.slot)).toEqual([...d.map((q) => q.slot)].sort((x, y) => x - y));
    }
    expect(new Set(draws.map((d) => d.map((q) => q.exercise).join())).size).toBeGreaterThan(1);
    expect(countUses(draws).slots).toEqual(new Map([[0, 2], [1, 2], [2, 2], [3, 4], [4, 4], [5, 4]]));
  });
});

describe('groupByZone', () => {
  it('puts runs of questions under their zone titles, numbered on across zones; no zone or an unknown one under "Other questions"', () => {
    const qs = [{ id: 'a', zone: 0 }, { id: 'b', zone: 0 }, { id: 'c', zone: 1 }, { id: 'd', zone: 7 }, { id: 'e', zone: null }];
    const groups = groupByZone(qs, ['Part A', 'Part B']);
    expect(groups.map((g) => [g.zone, g.title, g.start, g.questions.map((q) => q.id)])).toEqual([
      [0, 'Part A', 1, ['a', 'b']],
      [1, 'Part B', 3, ['c']],
      [null, 'Other questions', 4, ['d', 'e']],
    ]);
    expect(groupByZone([], ['Part A'])).toEqual([]);
  });
});

describe('assessmentPoints and weightedTotal', () => {
  it('adds each slot times its pick; a zone its pick of slots worth most', () => {
    // 2 + 2 × 1 = 4.
    expect(assessmentPoints([{ exercise: 'a', points: 2 }, { pool: ['b', 'c', 'd'], pick: 2, points: 1 }], null)).toBe(4);
    // Zone 1 picks 1 of slots worth 1 and 3 → 3; zone 2 the pool slot, 2 × 1 → 2: 5.
    const slots = [{ exercise: 'a', points: 1 }, { exercise: 'b', points: 3 }, { pool: ['c', 'd'], pick: 2, points: 1 }];
    expect(assessmentPoints(slots, [{ title: 'A', pick: 1, slots: [0, 1] }, { title: 'B', pick: 1, slots: [2] }])).toBe(5);
  });

  it('is Σ w·(earned/out of) / Σ w over what counts; weight 0 and parts that do not count are left out', () => {
    // (2 × 3/4 + 1 × 1/2) / 3 = 2 / 3; the weight-3 part that does not count and the weight-0 one change nothing.
    const parts = [
      { weight: 2, earned: 3, outOf: 4, counts: true },
      { weight: 1, earned: 1, outOf: 2, counts: true },
      { weight: 3, earned: 0, outOf: 5, counts: false },
      { weight: 0, earned: 5, outOf: 5, counts: true },
    ];
    expect(weightedTotal(parts)).toBeCloseTo(2 / 3, 12);
    expect(weightedTotal(parts.slice(2))).toBeNull();
    expect(weightedTotal([])).toBeNull();
  });
});

describe('weightText', () => {
  it('says how many times an assessment counts, and that weight 0 does not', () => {
    expect([weightText(1), weightText(2), weightText(0.5), weightText(0)]).toEqual([
      'Counts 1× toward the total',
      'Counts 2× toward the total',
      'Counts 0.5× toward the total',
      'Does not count toward the total',
    ]);
  });
});
