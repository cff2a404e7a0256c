import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkContent } from '@/lib/content/check';
import type { Problem } from '@/lib/content';
import type { Sweep, SweepCache } from '@/lib/content/exercise';

const BROKEN = 'tests/fixtures/broken-course';
const first = path.join(BROKEN, 'first.mdx');
const second = path.join(BROKEN, 'second.mdx');

describe('checkContent on tests/fixtures/broken-course', () => {
  let problems: Problem[];
  beforeAll(async () => {
    problems = await checkContent(BROKEN);
  });

  /** The problems reported at file:line, as messages. */
  const at = (file: string, line: number) => problems.filter((p) => p.file === file && p.line === line).map((p) => p.message);

  test('a listed lesson without its file: course.json, at the line of its slug', () => {
    expect(at(path.join(BROKEN, 'course.json'), 8)).toEqual(['lesson "missing-lesson" is listed but missing-lesson.mdx does not exist']);
  });

  test('a lesson file not listed in course.json', () => {
    expect(at(path.join(BROKEN, 'orphan.mdx'), 1)).toEqual(['orphan.mdx is not listed in course.json "lessons"']);
  });

  test('a bad inline formula, at its line and column', () => {
    const p = problems.find((q) => q.file === first && q.line === 5);
    expect(p).toMatchObject({ column: 19 });
    expect(p!.message).toMatch(/^KaTeX cannot render \$\\fraq\{1\}\{2\}\$: .*Undefined control sequence: \\fraq/);
  });

  test('a bad display formula, at the line of its opening $$', () => {
    expect(at(first, 23)).toHaveLength(1);
    expect(at(first, 23)[0]).toMatch(/KaTeX cannot render .*\\end\{bmatrx\}/);
  });

  test('an unsolvable spec names the input and points at it', () => {
    const p = problems.find((q) => q.file === first && q.line === 7);
    expect(p?.column).toBe(42); // the f="…" prop
    expect(p?.message).toMatch(/^cannot be solved: f: .*"z"/);
  });

  test('a randomised spec with no solvable variant is reported at params with the seed', () => {
    const p = problems.find((q) => q.file === first && q.line === 13);
    expect(p?.column).toBe(99); // the params={…} prop
    expect(p?.message).toMatch(/^seed 0: params: no valid variant after 100 draws: .*singular/);
  });

  test('a non-literal prop is reported once, at the expression', () => {
    expect(problems.filter((q) => q.file === first && q.line === 9)).toEqual([
      { file: first, line: 9, column: 58, message: 'props must be literals: the name variables is not allowed (in vars)' },
    ]);
  });

  test('an unknown kind, at the kind prop', () => {
    expect(problems.filter((q) => q.file === first && q.line === 11)).toEqual([
      { file: first, line: 11, column: 24, message: 'unknown kind "jacobian" (see content/README.md for the kinds)' },
    ]);
  });

  test('an unknown prop, at that prop', () => {
    const p = problems.filter((q) => q.file === first && q.line === 15);
    expect(p).toHaveLength(1);
    expect(p[0].column).toBe(58);
    expect(p[0].message).toMatch(/^unknown prop "att" for kind "gradient"/);
  });

  test('an invalid input names the prop', () => {
    const p = problems.filter((q) => q.file === first && q.line === 17);
    expect(p).toEqual([{ file: first, line: 17, column: 54, message: 'invalid spec: vars: the variables must be distinct' }]);
  });

  test('an id that is not kebab-case and a bad reveal setting', () => {
    expect(at(first, 19)).toEqual([
      'exercise id "Not_Kebab" must be kebab-case, e.g. "hessian-at-point"',
      'reveal must be one of "after-correct", "after-last-attempt", "after-due", "always", "never"',
    ]);
  });

  test('an unknown figure', () => {
    expect(at(first, 21)).toHaveLength(1);
    expect(at(first, 21)[0]).toMatch(/^unknown figure "no-such-figure"/);
  });

  test('a duplicate id: at the second use, naming the first', () => {
    expect(problems.filter((q) => q.file === second)).toEqual([
      { file: second, line: 3, column: 11, message: `exercise id "unsolvable" is already used at ${first}:7:1; ids must be unique within the course` },
    ]);
  });

  test('nothing else: the valid exercises and lines are not reported', () => {
    expect(problems).toHaveLength(14);
    for (const line of [1, 3]) expect(at(first, line)).toEqual([]);
  });

  test('problems are sorted by file, line and column', () => {
    const keys = problems.map((p) => [p.file, p.line ?? 0, p.column ?? 0] as const);
    const sorted = [...keys].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1] || a[2] - b[2]);
    expect(keys).toEqual(sorted);
  });
});

describe('checkContent on other folders', () => {
  test('a path that is not a folder', async () => {
    expect(await checkContent('tests/fixtures/no-such-folder')).toEqual([
      { file: 'tests/fixtures/no-such-folder', message: 'not a folder: give a content folder or a course folder' },
    ]);
  });

  test('a content folder checks every course in it', async () => {
    // tests/fixtures holds broken-course and mini-course: the broken course's problems come back.
    const problems = await checkContent('tests/fixtures', { seeds: 5 });
    expect(problems.some((p) => p.file === second && p.line === 3)).toBe(true);
    expect(problems.some((p) => p.file.includes('mini-course'))).toBe(false);
  });
});

describe('checkContent with a sweep cache', () => {
  test('skips the sweeps the cache has, and adds only the ones that pass', async () => {
    const seen: Sweep[] = [];
    const added: Sweep[] = [];
    // A cache that has every sweep: the always-singular exercise of first.mdx:13 is not swept, so not reported.
    const all: SweepCache = { has: (s) => (seen.push(s), true), add: (s) => added.push(s) };
    const skipped = await checkContent(BROKEN, { swept: all });
    expect(skipped.some((p) => p.file === first && p.line === 13)).toBe(false);
    expect(seen.map((s) => s.kind)).toContain('newton-step');
    expect(seen.every((s) => s.seeds === 200)).toBe(true);
    expect(added).toEqual([]);
    // An empty cache: everything is swept; the singular one is reported and not added, second.mdx's "fine" is added.
    const none: SweepCache = { has: () => false, add: (s) => added.push(s) };
    const swept = await checkContent(BROKEN, { swept: none });
    expect(swept.some((p) => p.file === first && p.line === 13 && p.message.startsWith('seed 0:'))).toBe(true);
    expect(added.map((s) => s.spec.f)).toContain('x^2 + {a}*x');
    expect(added.map((s) => s.spec.f)).not.toContain('{a}*x^2 + y^2');
  });
});

describe('checkContent on figure answers', () => {
  test('their props are checked and problems point at the prop', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'figure-course-'));
    try {
      writeFileSync(path.join(dir, 'course.json'), JSON.stringify({ slug: 'figure-course', title: 'Figures', description: 'd', lessons: ['one'] }));
      const lesson = [
        'export const meta = { title: "One", summary: "s", objectives: ["o"] }',
        '',
        '# One',
        '',
        '<Exercise id="fine" kind="figure-point" f="x^2 + 3*y^2" vars={["x", "y"]} x0={[1, 1]} target="newton" />',
        '',
        '<Exercise id="no-lr" kind="figure-point" f="x^2 + 3*y^2" vars={["x", "y"]} x0={[1, 1]} target="gd" />',
        '',
        '<Exercise id="bad-target" kind="figure-direction" f="x^2" vars={["x", "y"]} at={[1, 1]} target="uphill" />',
        '',
        '<Exercise id="typo" kind="figure-step-size" f="x^2 + y^2" vars={["x", "y"]} x0={[1, 1]} lr={[0.1, 0.9]} whitin={5} />',
        '',
        '<Exercise id="hopeless" kind="figure-step-size" f="x^2 + 3*y^2" vars={["x", "y"]} x0={[1, 1]} tol={0.01} lr={[0.01, 0.1]} />',
        '',
      ].join('\n');
      writeFileSync(path.join(dir, 'one.mdx'), lesson);
      const problems = (await checkContent(dir)).map(({ line, column, message }) => ({ line, column, message }));
      const file = (line: number) => problems.filter((p) => p.line === line);
      expect(file(5)).toEqual([]);
      expect(file(7)).toEqual([{ line: 7, column: 1, message: expect.stringMatching(/^cannot be solved: lr: a gradient step \(target "gd"\) needs a step size lr/) }]);
      expect(file(9)).toEqual([{ line: 9, column: 89, message: expect.stringMatching(/^invalid spec: target: expected one of "negative-curvature"/) }]);
      expect(file(11)).toEqual([{ line: 11, column: 105, message: expect.stringMatching(/^unknown prop "whitin" for kind "figure-step-size"/) }]);
      expect(file(13)).toEqual([{ line: 13, column: 106, message: expect.stringMatching(/^cannot be solved: lr: no step size in \[0.01, 0.1\]/) }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the real course', () => {
  test('content/ has no problems with the full sweep of 200 seeds', async () => {
    expect(await checkContent('content')).toEqual([]);
  }, 300_000);
});
