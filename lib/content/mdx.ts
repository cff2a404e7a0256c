/**
 * Compiling a lesson's MDX at run time, safely. Lessons are data an instructor writes,
 * so the compiled code must not be able to do anything but build the page: before MDX
 * turns the tree into JavaScript, `remarkLessonGuard` walks the very tree being compiled
 * and refuses every construct that could carry code — `import`, any `export` other than
 * `export const meta = {…literals…}`, `{…}` expressions (comments excepted), elements
 * other than the lesson elements (Exercise, Figure), spreads and prop values that are not
 * plain literals, arrays or objects of literals. What is left compiles to calls of the
 * JSX runtime with literal arguments. The pipeline is the one lessons always had:
 * remark-gfm, remark-math, rehype-katex (HTML and MathML) and keyboard-reachable wide
 * formulas; the prose between lesson elements is turned into HTML once, at compile time
 * (rehypeHtmlChunks). Pure (no server imports); runs in Node.
 */
import { compile } from '@mdx-js/mdx';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { toHtml } from 'hast-util-to-html';
import type { Expression, Program } from 'estree';
import { evaluateLiteral, LESSON_ELEMENTS } from './parse';
import type { Loc, Problem } from './types';

/** An mdast/hast node, as far as this file reads it. */
interface Node {
  type: string;
  name?: string | null;
  value?: unknown;
  attributes?: Attribute[];
  children?: Node[];
  properties?: Record<string, unknown>;
  position?: { start: { line: number; column: number } };
  data?: { estree?: Program | null };
}

interface Attribute {
  type: 'mdxJsxAttribute' | 'mdxJsxExpressionAttribute';
  name?: string;
  value?: string | null | { type: string; value: string; data?: { estree?: Program | null } };
  position?: { start: { line: number; column: number } };
}

/** Calls `fn` on every node of a tree, parents before children. */
function walk(node: Node, fn: (node: Node) => void): void {
  fn(node);
  for (const child of node.children ?? []) walk(child, fn);
}

/** Thrown by the guard (and so by compileLesson's compile step) with every refused construct. */
export class UnsafeLessonError extends Error {
  constructor(public readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'UnsafeLessonError';
  }
}

function at(node: { position?: { start: { line: number; column: number } } }): Loc {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

/** Whether `expr` is a plain literal (or array/object of literals); reports nothing. */
function isLiteral(expr: Expression | undefined): boolean {
  if (!expr) return false;
  let ok = true;
  evaluateLiteral(expr, 'value', {}, () => (ok = false));
  return ok;
}

function onlyExpression(program: Program | null | undefined): Expression | undefined {
  const stmt = program?.body.length === 1 ? program.body[0] : undefined;
  return stmt?.type === 'ExpressionStatement' ? stmt.expression : undefined;
}

/** Whether an ESM block is exactly `export const meta = <literal>`. */
function isMetaExport(program: Program | null | undefined): boolean {
  if (!program || program.body.length !== 1) return false;
  const stmt = program.body[0];
  if (stmt.type !== 'ExportNamedDeclaration' || !stmt.declaration || stmt.specifiers.length > 0 || stmt.source) return false;
  const decl = stmt.declaration;
  if (decl.type !== 'VariableDeclaration' || decl.kind !== 'const' || decl.declarations.length !== 1) return false;
  const d = decl.declarations[0];
  return d.id.type === 'Identifier' && d.id.name === 'meta' && !!d.init && isLiteral(d.init);
}

/**
 * Every construct of an MDX tree (as parsed by @mdx-js/mdx, before compiling) that a
 * lesson may not contain, each with its 1-based line and column in `file`.
 */
export function unsafeConstructs(tree: unknown, file: string): Problem[] {
  const problems: Problem[] = [];
  const add = (node: { position?: { start: { line: number; column: number } } }, message: string) =>
    problems.push({ file, ...at(node), message });
  const allowed = new Set<string>(LESSON_ELEMENTS);
  let metas = 0;
  walk(tree as Node, (node) => {
    switch (node.type) {
      case 'mdxjsEsm':
        if (!isMetaExport(node.data?.estree)) {
          add(node, 'refused: lessons may not import or export anything but `export const meta = {…}` with literal values');
        } else if (++metas > 1) add(node, 'refused: meta is exported twice');
        return;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        if ((node.data?.estree?.body.length ?? 0) > 0) {
          add(node, 'refused: JavaScript expressions {…} are not allowed in lessons (comments {/* … */} are fine)');
        }
        return;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        if (!node.name || !allowed.has(node.name)) {
          add(node, `refused: <${node.name ?? ''}> is not allowed; lessons hold Markdown, <Exercise … /> and <Figure … /> only`);
        }
        for (const attr of node.attributes ?? []) {
          const where = attr.position ? attr : node;
          if (attr.type !== 'mdxJsxAttribute') add(where, 'refused: a spread {...} is not allowed in props');
          else if (attr.value && typeof attr.value === 'object' && !isLiteral(onlyExpression(attr.value.data?.estree))) {
            add(where, `refused: prop ${attr.name}={${attr.value.value}} is not a plain literal (strings, numbers, booleans, null, arrays and objects of them)`);
          }
        }
        return;
      }
    }
  });
  return problems;
}

/** The remark plugin that refuses unsafe constructs (see the file comment). */
function remarkLessonGuard() {
  return (tree: unknown, vfile: { path?: string }) => {
    const problems = unsafeConstructs(tree, vfile.path ?? '<lesson>');
    if (problems.length > 0) throw new UnsafeLessonError(problems);
  };
}

/** rehype: wide display formulas scroll sideways in their own box, so the box takes keyboard focus. */
function rehypeScrollableMath() {
  return (tree: unknown) => {
    walk(tree as Node, (node) => {
      if (node.type !== 'element') return;
      const cls = node.properties?.className;
      const classes = Array.isArray(cls) ? cls : typeof cls === 'string' ? cls.split(' ') : [];
      if (classes.includes('katex-display') && node.properties) {
        node.properties.tabIndex = 0;
        node.properties.role = 'group';
        node.properties.ariaLabel = 'formula';
      }
    });
  };
}

/** The element the prose between lesson elements becomes: its finished HTML, in one prop. */
export const HTML_CHUNK = 'LessonHtml';

function hasMdx(node: Node): boolean {
  if (node.type.startsWith('mdx')) return true;
  return (node.children ?? []).some(hasMdx);
}

/**
 * rehype, last: every run of top-level prose (Markdown and its KaTeX, no lesson element in it)
 * becomes one <LessonHtml html="…" /> holding its HTML, made once here. Serving a lesson then
 * renders a handful of elements instead of the thousands of KaTeX's spans. Authors cannot
 * write this element: the guard runs earlier and allows only Exercise and Figure.
 */
function rehypeHtmlChunks() {
  return (tree: unknown) => {
    const root = tree as Node;
    const out: Node[] = [];
    let run: Node[] = [];
    const flush = () => {
      if (run.some((n) => !(n.type === 'text' && String(n.value ?? '').trim() === ''))) {
        const html = toHtml({ type: 'root', children: run } as never);
        out.push({ type: 'mdxJsxFlowElement', name: HTML_CHUNK, attributes: [{ type: 'mdxJsxAttribute', name: 'html', value: html }], children: [] });
      } else out.push(...run);
      run = [];
    };
    for (const child of root.children ?? []) {
      if (hasMdx(child)) {
        flush();
        out.push(child);
      } else run.push(child);
    }
    flush();
    root.children = out;
  };
}

/** The result of compiling a lesson: the function body for @mdx-js/mdx's `run`, or the problems. */
export type CompiledLesson = { ok: true; code: string } | { ok: false; problems: Problem[] };

/**
 * Compiles a lesson's MDX to a function body (`outputFormat: 'function-body'`) with the
 * lesson pipeline and the guard. Never throws for content: a refused construct or an MDX
 * syntax error comes back as problems with file:line:column.
 */
export async function compileLesson(source: string, file = '<lesson>'): Promise<CompiledLesson> {
  try {
    const out = await compile(
      { value: source, path: file },
      {
        outputFormat: 'function-body',
        remarkPlugins: [remarkGfm, remarkMath, remarkLessonGuard],
        rehypePlugins: [[rehypeKatex, { strict: 'ignore', output: 'htmlAndMathml' }], rehypeScrollableMath, rehypeHtmlChunks],
      },
    );
    return { ok: true, code: String(out.value) };
  } catch (err) {
    if (err instanceof UnsafeLessonError) return { ok: false, problems: err.problems };
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof UnsafeLessonError) return { ok: false, problems: cause.problems };
    const e = err as { line?: number; column?: number; reason?: string; message?: string };
    const where = typeof e.line === 'number' ? { line: e.line, column: e.column ?? 1 } : {};
    return { ok: false, problems: [{ file, ...where, message: `MDX does not compile: ${e.reason ?? e.message ?? String(err)}` }] };
  }
}
