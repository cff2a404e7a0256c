import { describe, expect, test } from 'vitest';
import { formulasIn, parseLesson } from './parse';

const META = 'export const meta = { title: "T", summary: "S", objectives: ["O"] }\n';

/** The problems of a parse as "line:column message" strings. */
function where(source: string): string[] {
  return parseLesson(source, 'x.mdx').problems.map((p) => `${p.line}:${p.column} ${p.message}`);
}

describe('parseLesson: meta', () => {
  test('reads a literal meta object', () => {
    const r = parseLesson('export const meta = { title: "Hessian", summary: "Second derivatives", objectives: ["a", "b"] }\n\n# Hi\n');
    expect(r.problems).toEqual([]);
    expect(r.meta).toEqual({ title: 'Hessian', summary: 'Second derivatives', objectives: ['a', 'b'] });
  });

  test('a lesson without meta is a problem at 1:1', () => {
    const r = parseLesson('# Hi\n', 'l.mdx');
    expect(r.meta).toBeNull();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: 'l.mdx', line: 1, column: 1 });
    expect(r.problems[0].message).toMatch(/export const meta/);
  });

  test('missing fields, empty objectives and unknown keys are reported', () => {
    const msgs = where('export const meta = { title: "", objectives: [], objective: ["x"] }\n');
    expect(msgs.some((m) => /meta\.title/.test(m))).toBe(true);
    expect(msgs.some((m) => /meta\.summary/.test(m))).toBe(true);
    expect(msgs.some((m) => /meta\.objectives/.test(m))).toBe(true);
    expect(msgs.some((m) => /unknown key "objective"/.test(m))).toBe(true);
  });

  test('imports and other exports are rejected with their line', () => {
    const msgs = where(`${META}\nimport x from "y"\n`);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatch(/^3:1 only `export const meta/);
  });

  test('meta must be a literal: a name inside it is reported at its column', () => {
    const msgs = where('export const meta = { title: T, summary: "s", objectives: ["o"] }\n');
    expect(msgs[0]).toBe('1:30 props must be literals: the name T is not allowed (in meta.title)');
  });
});

describe('parseLesson: exercises', () => {
  const src = `${META}
# Title

Some text $x^2$ here.

<Exercise id="hessian-at-point" kind="hessian" f="{a}*x^3 + y^3 + {b}*x*y" vars={["x","y"]}
  at={["{p}", -2]} params={{ a: { min: 1, max: 4 }, b: { min: -3, max: 3, exclude: [0] } }}
  where={["a != b"]} attempts={0} reveal="always" hints={["Differentiate twice."]} title="At a point" rtol={1e-6} />

<Exercise id="second" kind="gradient" f="x^2" vars={["x"]} />
`;

  test('splits settings from the spec template and keeps params and where in the template', () => {
    const r = parseLesson(src);
    expect(r.problems).toEqual([]);
    expect(r.exercises).toHaveLength(2);
    const [e] = r.exercises;
    expect(e.id).toBe('hessian-at-point');
    expect(e.spec).toEqual({
      kind: 'hessian',
      f: '{a}*x^3 + y^3 + {b}*x*y',
      vars: ['x', 'y'],
      at: ['{p}', -2],
      params: { a: { min: 1, max: 4 }, b: { min: -3, max: 3, exclude: [0] } },
      where: ['a != b'],
      rtol: 1e-6,
    });
    expect(e.settings).toEqual({ title: 'At a point', attempts: 0, reveal: 'always', hints: ['Differentiate twice.'] });
    expect(e.position).toBe(0);
    expect([e.line, e.column]).toEqual([7, 1]);
  });

  test('records where every prop and nested value was written', () => {
    const e = parseLesson(src).exercises[0];
    // line 7: `<Exercise id="hessian-at-point" kind=…`; `id` starts at column 11
    expect(e.locations.id).toEqual({ line: 7, column: 11 });
    expect(e.locations.at).toEqual({ line: 8, column: 3 });
    // `  at={["{p}", -2]}`: the -2 is at column 15
    expect(e.locations['at.1']).toEqual({ line: 8, column: 15 });
    expect(e.locations['params.b.exclude']).toBeDefined();
    expect(e.locations['params.b.exclude'].line).toBe(8);
  });

  test('fills default settings: 3 attempts, revealed after the last attempt, no hints', () => {
    const e = parseLesson(src).exercises[1];
    expect(e.position).toBe(1);
    expect(e.settings).toEqual({ attempts: 3, reveal: 'after-last-attempt', hints: [] });
    expect(e.spec).toEqual({ kind: 'gradient', f: 'x^2', vars: ['x'] });
  });

  test('negative numbers, booleans, null and template strings without ${} are literals', () => {
    const r = parseLesson(`${META}\n<Exercise id="a" kind="k" x={-1.5} y={+2} z={true} w={null} t={\`x^2\`} bare />\n`);
    expect(r.problems).toEqual([]);
    expect(r.exercises[0].spec).toEqual({ kind: 'k', x: -1.5, y: 2, z: true, w: null, t: 'x^2', bare: true });
  });

  test('identifiers, calls, spreads, operators and ${} are reported with line and column', () => {
    const line = '<Exercise id="a" kind="k" a={foo} b={Math.sqrt(2)} c={[1, ...xs]} d={1 + 2} e={`${x}`} f={{ g }} {...rest} />';
    const msgs = where(`${META}\n${line}\n`);
    const col = (s: string) => line.indexOf(s) + 1;
    expect(msgs).toEqual([
      `3:${col('foo')} props must be literals: the name foo is not allowed (in a)`,
      `3:${col('Math.sqrt')} props must be literals: a function call is not allowed (in b)`,
      `3:${col('...xs')} props must be literals: a spread (...) is not allowed (in c.1)`,
      `3:${col('1 + 2')} props must be literals: an operation (+) is not allowed (in d)`,
      `3:${col('`${x}`')} props must be literals: a template string with \${…} is not allowed (in e)`,
      `3:${col('g }')} props must be literals: the name g is not allowed (in f)`,
      `3:${col('{...rest}')} props must be literals: a spread {...} is not allowed on <Exercise>`,
    ]);
    // the props that failed are left out of the spec, the others kept
    expect(parseLesson(`${META}\n${line}\n`).exercises[0].spec).toEqual({ kind: 'k' });
    expect(parseLesson(`${META}\n${line}\n`).exercises[0].unread).toEqual(['a', 'b', 'c', 'd', 'e', 'f', '...']);
  });

  test('ids must be present and kebab-case', () => {
    const msgs = where(`${META}\n<Exercise kind="hessian" />\n\n<Exercise id="Bad_Id" kind="hessian" />\n`);
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toMatch(/^3:1 <Exercise> needs an id/);
    expect(msgs[1]).toMatch(/^5:11 exercise id "Bad_Id" must be kebab-case/);
  });

  test('a missing or non-string kind is reported', () => {
    expect(where(`${META}\n<Exercise id="a" />\n\n<Exercise id="b" kind={3} />\n`)).toEqual([
      '3:1 <Exercise> needs a kind="…" (e.g. kind="hessian")',
      '5:18 kind must be a string, e.g. kind="hessian"',
    ]);
  });

  test('invalid settings are reported at their prop and replaced by defaults', () => {
    const r = parseLesson(`${META}\n<Exercise id="a" kind="k" attempts={-1} reveal="later" hints={[1]} />\n`, 'x.mdx');
    expect(r.problems.map((p) => [p.line, p.column, p.message.split(' ')[0]])).toEqual([
      [3, 27, 'attempts'],
      [3, 41, 'reveal'],
      [3, 56, 'hints'],
    ]);
    expect(r.exercises[0].settings).toEqual({ attempts: 3, reveal: 'after-last-attempt', hints: [] });
  });

  test('a repeated prop and children are problems', () => {
    const msgs = where(`${META}\n<Exercise id="a" id="b" kind="k">text</Exercise>\n`);
    expect(msgs.some((m) => /^3:18 prop "id" is given twice/.test(m))).toBe(true);
    expect(msgs.some((m) => /^3:1 <Exercise> must be self-closing/.test(m))).toBe(true);
  });
});

describe('parseLesson: other content', () => {
  test('figures are read with their props; other elements and expressions are rejected', () => {
    const r = parseLesson(`${META}\n<Figure name="level-curves" f="x^2 + y^2" range={[-2, 2]} />\n\n<Chart />\n\nText {1 + 1} and {/* a comment */}.\n`, 'x.mdx');
    expect(r.figures).toEqual([{ name: 'level-curves', props: { name: 'level-curves', f: 'x^2 + y^2', range: [-2, 2] }, line: 3, column: 1 }]);
    expect(r.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['5:1', '7:6']);
    expect(r.problems[0].message).toMatch(/<Chart> is not allowed/);
    expect(r.problems[1].message).toMatch(/JavaScript expressions/);
  });

  test('collects inline and display formulas with their lines', () => {
    const r = parseLesson(`${META}\nLet $H = \\nabla^2 f$ be given.\n\n$$\n\\lambda_1 \\le \\lambda_2\n$$\n`);
    expect(r.formulas).toEqual([
      { tex: 'H = \\nabla^2 f', display: false, line: 3, column: 5 },
      { tex: '\\lambda_1 \\le \\lambda_2', display: true, line: 5, column: 1 },
    ]);
  });

  test('an MDX syntax error is one problem with its position', () => {
    const r = parseLesson(`${META}\n<Exercise id="a"\n`, 'x.mdx');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].message).toMatch(/^MDX syntax:/);
    expect(r.problems[0].line).toBeGreaterThanOrEqual(3);
  });
});

describe('formulasIn', () => {
  test('finds the math of a Markdown prompt', () => {
    expect(formulasIn('Compute $H$ of $f(x) = x^3$ at\n\n$$\n(1, 2)\n$$').map((f) => [f.tex, f.display])).toEqual([
      ['H', false],
      ['f(x) = x^3', false],
      ['(1, 2)', true],
    ]);
  });

  test('a prompt without math has no formulas', () => {
    expect(formulasIn('Classify the point.')).toEqual([]);
  });
});
