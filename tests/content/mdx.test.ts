/**
 * Lessons compiled at run time (lib/content/mdx.ts): the guard refuses every construct that
 * could run code on the server, each at its file:line:column, and a clean lesson compiles
 * to code whose only calls are the JSX runtime's, with KaTeX already rendered to HTML.
 */
import { readFileSync } from 'node:fs';
import * as runtime from 'react/jsx-runtime';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { run } from '@mdx-js/mdx';
import { describe, expect, it } from 'vitest';
import { compileLesson } from '@/lib/content/mdx';
import { lessonComponents } from '@/components/lesson-components';

const META = 'export const meta = { title: "T", summary: "S", objectives: ["O"] }\n\n';

async function refusals(body: string): Promise<string[]> {
  const out = await compileLesson(META + body, 'course/lesson.mdx');
  if (out.ok) return [];
  return out.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
}

describe('the lesson guard', () => {
  it('refuses a {…} expression that would run code, at its line and column', async () => {
    expect(await refusals('Text {process.exit()} more.\n')).toEqual([
      'course/lesson.mdx:3:6: refused: JavaScript expressions {…} are not allowed in lessons (comments {/* … */} are fine)',
    ]);
    expect(await refusals('{require("child_process").execSync("touch /tmp/pwned")}\n')).toHaveLength(1);
  });

  it('refuses import and every export but meta', async () => {
    expect(await refusals('import fs from "node:fs"\n\nHello.\n')).toEqual([
      'course/lesson.mdx:3:1: refused: lessons may not import or export anything but `export const meta = {…}` with literal values',
    ]);
    expect(await refusals('export const x = globalThis.process\n')).toHaveLength(1);
    expect(await refusals('export { meta as default } from "./other.mdx"\n')).toHaveLength(1);
    expect(await refusals('export const meta = { title: "Again", summary: "S", objectives: ["O"] }\n')).toEqual([
      'course/lesson.mdx:3:1: refused: meta is exported twice',
    ]);
  });

  it('refuses a meta whose values are not literals', async () => {
    const out = await compileLesson('export const meta = { title: process.env.HOME, summary: "S", objectives: ["O"] }\n', 'm.mdx');
    expect(out).toEqual({ ok: false, problems: [{ file: 'm.mdx', line: 1, column: 1, message: expect.stringContaining('refused: lessons may not import or export') }] });
  });

  it('refuses props that are not plain literals, and spreads', async () => {
    expect(await refusals('<Exercise id="a" kind="gradient" f={globalThis.f} vars={["x"]} at={[1]} />\n')).toEqual([
      'course/lesson.mdx:3:34: refused: prop f={globalThis.f} is not a plain literal (strings, numbers, booleans, null, arrays and objects of them)',
    ]);
    expect(await refusals('<Exercise id="a" kind="gradient" vars={["x", (() => 1)()]} />\n')).toHaveLength(1);
    expect(await refusals('<Exercise {...props} />\n')).toEqual(['course/lesson.mdx:3:11: refused: a spread {...} is not allowed in props']);
  });

  it('refuses elements other than Exercise and Figure (HTML included), even nested', async () => {
    expect(await refusals('<script>alert(1)</script>\n')).toEqual([
      'course/lesson.mdx:3:1: refused: <script> is not allowed; lessons hold Markdown, <Exercise … /> and <Figure … /> only',
    ]);
    expect(await refusals('- a list with <img src="x" onError="alert(1)" /> inside\n')).toHaveLength(1);
    expect(await refusals('<>fragment</>\n')).toHaveLength(1);
  });

  it('allows Markdown, math, comments and the lesson elements with literal props', async () => {
    const body = '{/* a note for authors */}\n\n# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n$x^2$\n\n<Exercise id="g" kind="gradient" f="x^2" vars={["x"]} at={[-1.5]} params={{ a: { min: 1, max: 3 } }} />\n';
    expect(await refusals(body)).toEqual([]);
  });

  it('reports an MDX syntax error with its place', async () => {
    const out = await compileLesson(META + '<Exercise id="a"\n', 'broken.mdx');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.problems[0]).toMatchObject({ file: 'broken.mdx', line: expect.any(Number), message: expect.stringContaining('MDX does not compile') });
  });
});

describe('a compiled lesson', () => {
  it('renders with KaTeX HTML and MathML, tables, and exercise cards from the app components', async () => {
    const source = META + 'The Hessian $H = \\nabla^2 f$ and\n\n$$\n\\frac{1}{2}\n$$\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<Exercise id="grad-sq" kind="gradient" f="x^2 + y^2" vars={["x", "y"]} at={[1, 2]} />\n';
    const out = await compileLesson(source, 'l.mdx');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const mod = (await run(out.code, { ...runtime, baseUrl: import.meta.url })) as unknown as {
      default: (p: { components: object }) => React.ReactNode;
      meta: object;
    };
    expect(mod.meta).toEqual({ title: 'T', summary: 'S', objectives: ['O'] });
    const html = renderToStaticMarkup(createElement(mod.default, { components: lessonComponents }));
    expect(html).toContain('<span class="katex">');
    expect(html).toContain('<annotation encoding="application/x-tex">H = \\nabla^2 f</annotation>');
    // wide display formulas are keyboard-reachable
    expect(html).toMatch(/<span class="katex-display" tabindex="0" role="group" aria-label="formula">/);
    expect(html).toContain('<table>');
    expect(html).toContain('data-exercise="grad-sq"');
  });

  it('compiles every lesson of the demo course', async () => {
    const course = JSON.parse(readFileSync('content/curvature/course.json', 'utf8')) as { lessons: string[] };
    for (const slug of course.lessons) {
      const file = `content/curvature/${slug}.mdx`;
      const out = await compileLesson(readFileSync(file, 'utf8'), file);
      expect(out.ok ? [] : out.problems).toEqual([]);
    }
  });
});
