import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ContentError, listCourses, loadCourse, specHash } from '@/lib/content/load';
import { exerciseSeed } from '@/lib/content';

const MINI = 'tests/fixtures/mini-course';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('loadCourse', () => {
  test('reads course.json, lessons in order, exercises with spec, hash and settings', async () => {
    const course = await loadCourse(MINI);
    const hessianSpec = {
      kind: 'hessian',
      f: '{a}*x^2*y',
      vars: ['x', 'y'],
      at: ['{p}', 1],
      params: { a: { min: 1, max: 3 }, p: [-1, 2] },
      where: ['a != p'],
      rtol: 0.01,
    };
    expect(course).toEqual({
      slug: 'mini-course',
      title: 'Mini course',
      description: 'Fixture for tests/content/load.test.ts: a small valid course.',
      assessments: [],
      lessons: [
        {
          slug: 'alpha',
          title: 'Alpha',
          summary: 'Two exercises.',
          objectives: ['Differentiate once.', 'Differentiate twice.'],
          position: 0,
          file: path.join(MINI, 'alpha.mdx'),
          exercises: [
            {
              key: 'alpha-gradient',
              kind: 'gradient',
              kindVersion: expect.any(Number),
              spec: { kind: 'gradient', f: 'x^2 + y^2', vars: ['x', 'y'], at: [1, 2] },
              // canonical JSON: keys sorted, no spaces
              specHash: sha256('{"at":[1,2],"f":"x^2 + y^2","kind":"gradient","vars":["x","y"]}'),
              position: 0,
              settings: { attempts: 3, reveal: 'after-last-attempt', hints: [] },
            },
            {
              key: 'alpha-hessian',
              kind: 'hessian',
              kindVersion: expect.any(Number),
              spec: hessianSpec,
              specHash: sha256(
                '{"at":["{p}",1],"f":"{a}*x^2*y","kind":"hessian","params":{"a":{"max":3,"min":1},"p":[-1,2]},"rtol":0.01,"vars":["x","y"],"where":["a != p"]}',
              ),
              position: 1,
              settings: { title: 'Random Hessian', attempts: 5, reveal: 'after-due', hints: ['Twice.'] },
            },
          ],
        },
        {
          slug: 'beta',
          title: 'Beta',
          summary: 'No exercises.',
          objectives: ['Read.'],
          position: 1,
          file: path.join(MINI, 'beta.mdx'),
          exercises: [],
        },
      ],
    });
    for (const ex of course.lessons[0].exercises) expect(Number.isInteger(ex.kindVersion) && ex.kindVersion >= 1).toBe(true);
  });

  test('throws a ContentError listing every problem of a broken course', async () => {
    const err = await loadCourse('tests/fixtures/broken-course').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContentError);
    const messages = (err as ContentError).problems.map((p) => `${path.basename(p.file)}:${p.line} ${p.message}`);
    expect(messages).toContain('course.json:8 lesson "missing-lesson" is listed but missing-lesson.mdx does not exist');
    expect(messages).toContain('orphan.mdx:1 orphan.mdx is not listed in course.json "lessons"');
    expect(messages).toContain('first.mdx:11 unknown kind "jacobian"');
    expect(messages.some((m) => m.startsWith('second.mdx:3 exercise id "unsolvable" is already used'))).toBe(true);
    expect((err as Error).message).toMatch(/problems in the content:\n/);
  });

  test('a folder without course.json is a ContentError, not a crash', async () => {
    const err = await loadCourse('tests/fixtures').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContentError);
    expect((err as ContentError).problems[0].message).toMatch(/^course\.json is missing/);
  });
});

describe('specHash', () => {
  test('does not depend on key order, and changes with any value', () => {
    const a = specHash({ kind: 'gradient', f: 'x^2', vars: ['x'] });
    expect(a).toBe(sha256('{"f":"x^2","kind":"gradient","vars":["x"]}'));
    expect(specHash({ vars: ['x'], f: 'x^2', kind: 'gradient' })).toBe(a);
    expect(specHash({ kind: 'gradient', f: 'x^3', vars: ['x'] })).not.toBe(a);
    expect(specHash({ kind: 'gradient', f: 'x^2', vars: ['x'], params: {} })).not.toBe(a);
  });
});

describe('listCourses', () => {
  test('lists the sub-folders that hold a course.json, sorted', async () => {
    expect(await listCourses('tests/fixtures')).toEqual(['authored-course', 'broken-course', 'mini-course'].map((c) => path.join('tests/fixtures', c)));
  });

  test('the real content folder holds the curvature course', async () => {
    expect(await listCourses('content')).toEqual([path.join('content', 'curvature')]);
  });
});

describe('exerciseSeed', () => {
  test('is the 32-bit FNV-1a hash of user and key (values computed by hand-written Python)', () => {
    expect(exerciseSeed('student-1', 'hessian-at-point')).toBe(918654947);
    expect(exerciseSeed('student-2', 'hessian-at-point')).toBe(3750554384);
  });

  test('is stable across calls and differs when the user or the exercise differs', () => {
    expect(exerciseSeed('u', 'k')).toBe(exerciseSeed('u', 'k'));
    expect(exerciseSeed('u', 'k')).not.toBe(exerciseSeed('u', 'k2'));
    // the separator keeps ("ab", "c") and ("a", "bc") apart
    expect(exerciseSeed('ab', 'c')).not.toBe(exerciseSeed('a', 'bc'));
  });
});
