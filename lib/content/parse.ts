/**
 * Reading one lesson's MDX source without running it: the `meta` export, each
 * <Exercise … /> and <Figure … /> element with its props, and every formula, each with
 * its line and column. Props are read by a static evaluator of JavaScript literals
 * (strings, numbers, booleans, null, arrays, objects, a minus sign); anything else is a
 * problem, never evaluated. Pure: runs in the browser, the server and the CLI.
 */
import { createProcessor } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import type { Expression, Node as EsNode, Pattern, Program, Property, SpreadElement } from 'estree';
import { splitExerciseProps } from './settings';
import type { Formula, JsonValue, LessonMeta, Loc, ParsedExercise, ParsedFigure, ParsedLesson, Problem } from './types';

/** The elements a lesson may contain besides Markdown. */
export const LESSON_ELEMENTS = ['Exercise', 'Figure'] as const;

/** An mdast node, as far as this file reads it. */
interface MdNode {
  type: string;
  name?: string | null;
  value?: unknown;
  attributes?: MdAttribute[];
  children?: MdNode[];
  position?: { start: { line: number; column: number } };
  data?: { estree?: Program | null };
}

interface MdAttribute {
  type: 'mdxJsxAttribute' | 'mdxJsxExpressionAttribute';
  name?: string;
  value?: string | null | { type: string; value: string; data?: { estree?: Program | null } };
  position?: { start: { line: number; column: number } };
}

const mdxProcessor = createProcessor({ remarkPlugins: [remarkMath] });
const markdownProcessor = createProcessor({ format: 'md', remarkPlugins: [remarkMath] });

/** A place in the source from an mdast position (already 1-based). */
function mdLoc(node: { position?: { start: { line: number; column: number } } }): Loc {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

/** A place in the source from an estree node (acorn columns are 0-based). */
function esLoc(node: EsNode, fallback: Loc): Loc {
  return node.loc ? { line: node.loc.start.line, column: node.loc.start.column + 1 } : fallback;
}

/** Collects problems for one file. */
class Reporter {
  readonly problems: Problem[] = [];
  constructor(private readonly file: string) {}
  add(loc: Loc | undefined, message: string): void {
    this.problems.push(loc ? { file: this.file, line: loc.line, column: loc.column, message } : { file: this.file, message });
  }
}

/** Readable name of a non-literal estree node, for messages. */
function describe(node: EsNode | Pattern): string {
  switch (node.type) {
    case 'Identifier':
      return `the name ${node.name}`;
    case 'CallExpression':
      return 'a function call';
    case 'SpreadElement':
    case 'RestElement':
      return 'a spread (...)';
    case 'TemplateLiteral':
      return 'a template string with ${…}';
    case 'BinaryExpression':
      return `an operation (${node.operator})`;
    default:
      return `a ${node.type}`;
  }
}

/**
 * Statically evaluates a JavaScript literal: strings, numbers, booleans, null, arrays,
 * objects with plain keys, template strings without ${…}, and a unary minus or plus
 * before a number. Anything else (names, calls, spreads, operators) is reported as
 * "props must be literals: …" at its line and column and yields undefined. Records
 * where each nested value was written in `locations`, keyed by `path` ("at.1").
 */
export function evaluateLiteral(
  node: Expression | SpreadElement | Pattern,
  path: string,
  locations: Record<string, Loc>,
  report: (loc: Loc, message: string) => void,
  fallback: Loc = { line: 1, column: 1 },
): JsonValue | undefined {
  const loc = esLoc(node, fallback);
  locations[path] = loc;
  const fail = (what: EsNode | Pattern = node): undefined => {
    report(esLoc(what, loc), `props must be literals: ${describe(what)} is not allowed (in ${path})`);
    return undefined;
  };
  switch (node.type) {
    case 'Literal': {
      const v = node.value;
      if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      return fail();
    }
    case 'TemplateLiteral':
      if (node.expressions.length > 0) return fail();
      return node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('');
    case 'UnaryExpression': {
      if (node.operator !== '-' && node.operator !== '+') return fail();
      const arg = node.argument;
      if (arg.type !== 'Literal' || typeof arg.value !== 'number') return fail();
      return node.operator === '-' ? -arg.value : arg.value;
    }
    case 'ArrayExpression': {
      const out: JsonValue[] = [];
      let ok = true;
      node.elements.forEach((el, i) => {
        if (el === null) {
          report(loc, `props must be literals: an empty slot in an array is not allowed (in ${path})`);
          ok = false;
          return;
        }
        const v = evaluateLiteral(el, `${path}.${i}`, locations, report, loc);
        if (v === undefined) ok = false;
        else out.push(v);
      });
      return ok ? out : undefined;
    }
    case 'ObjectExpression': {
      const out: { [key: string]: JsonValue } = {};
      let ok = true;
      for (const prop of node.properties) {
        const key = propertyKey(prop);
        if (key === undefined) {
          fail(prop.type === 'SpreadElement' ? prop : (prop.key as EsNode));
          ok = false;
          continue;
        }
        const p = prop as Property;
        if (p.shorthand) {
          fail(p.value);
          ok = false;
          continue;
        }
        const v = evaluateLiteral(p.value as Expression, `${path}.${key}`, locations, report, loc);
        if (v === undefined) ok = false;
        else out[key] = v;
      }
      return ok ? out : undefined;
    }
    default:
      return fail();
  }
}

/** The key of a plain `key: value` property, or undefined for spreads, methods, getters and computed keys. */
function propertyKey(prop: Property | SpreadElement): string | undefined {
  if (prop.type !== 'Property' || prop.computed || prop.method || prop.kind !== 'init') return undefined;
  if (prop.key.type === 'Identifier') return prop.key.name;
  if (prop.key.type === 'Literal' && (typeof prop.key.value === 'string' || typeof prop.key.value === 'number')) {
    return String(prop.key.value);
  }
  return undefined;
}

/** The single expression of an attribute value or ESM initialiser, or undefined when there is none. */
function onlyExpression(program: Program | null | undefined): Expression | undefined {
  const stmt = program?.body.length === 1 ? program.body[0] : undefined;
  return stmt?.type === 'ExpressionStatement' ? stmt.expression : undefined;
}

/**
 * Reads the props of a JSX element. A string prop is a string, a bare prop (`flag`) is
 * true, `{…}` is evaluated statically. Spreads and repeated props are problems; the
 * names of props that could not be read (and "..." for a spread) are added to `unread`.
 */
function readProps(el: MdNode, rep: Reporter, locations: Record<string, Loc>, unread: string[] = []): Record<string, JsonValue> {
  const props: Record<string, JsonValue> = {};
  for (const attr of el.attributes ?? []) {
    const loc = mdLoc(attr.position ? attr : el);
    if (attr.type !== 'mdxJsxAttribute' || !attr.name) {
      rep.add(loc, `props must be literals: a spread {...} is not allowed on <${el.name}>`);
      unread.push('...');
      continue;
    }
    const name = attr.name;
    if (name in props || locations[name]) {
      rep.add(loc, `prop "${name}" is given twice on <${el.name}>`);
      continue;
    }
    locations[name] = loc;
    const raw = attr.value;
    if (raw === null || raw === undefined) {
      props[name] = true;
    } else if (typeof raw === 'string') {
      props[name] = raw;
    } else {
      const expr = onlyExpression(raw.data?.estree);
      if (!expr) {
        rep.add(loc, `props must be literals: ${name}={${raw.value}} is not a single value`);
        unread.push(name);
        continue;
      }
      const v = evaluateLiteral(expr, name, locations, (l, m) => rep.add(l, m), loc);
      locations[name] = loc;
      if (v !== undefined) props[name] = v;
      else unread.push(name);
    }
  }
  return props;
}

const META_KEYS = ['title', 'summary', 'objectives'];

/** Checks the evaluated `meta` object; returns it typed, or null after reporting. */
function readMeta(value: JsonValue | undefined, loc: Loc, rep: Reporter): LessonMeta | null {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    rep.add(loc, 'meta must be an object: export const meta = { title: "…", summary: "…", objectives: ["…"] }');
    return null;
  }
  let ok = true;
  const need = (cond: boolean, message: string) => {
    if (!cond) {
      rep.add(loc, message);
      ok = false;
    }
  };
  need(typeof value.title === 'string' && value.title.trim() !== '', 'meta.title must be a non-empty string');
  need(typeof value.summary === 'string' && value.summary.trim() !== '', 'meta.summary must be a non-empty string');
  need(
    Array.isArray(value.objectives) &&
      value.objectives.length > 0 &&
      value.objectives.every((o) => typeof o === 'string' && o.trim() !== ''),
    'meta.objectives must be a non-empty list of strings',
  );
  for (const key of Object.keys(value)) {
    if (!META_KEYS.includes(key)) rep.add(loc, `meta has an unknown key "${key}" (known: ${META_KEYS.join(', ')})`);
  }
  return ok ? (value as unknown as LessonMeta) : null;
}

/** Reads the ESM of a lesson: only `export const meta = {…}` is allowed. */
function readEsm(node: MdNode, rep: Reporter): { found: boolean; meta: LessonMeta | null } {
  let found = false;
  let meta: LessonMeta | null = null;
  const fallback = mdLoc(node);
  for (const stmt of node.data?.estree?.body ?? []) {
    const loc = esLoc(stmt, fallback);
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : null;
    const d = decl?.type === 'VariableDeclaration' && decl.kind === 'const' && decl.declarations.length === 1 ? decl.declarations[0] : null;
    if (!d || d.id.type !== 'Identifier' || d.id.name !== 'meta' || !d.init) {
      rep.add(
        loc,
        'only `export const meta = {…}` is allowed here: lessons import nothing (Exercise and Figure are provided by the app)',
      );
      continue;
    }
    if (found) {
      rep.add(loc, 'meta is exported twice');
      continue;
    }
    found = true;
    const value = evaluateLiteral(d.init, 'meta', {}, (l, m) => rep.add(l, m), loc);
    meta = readMeta(value, loc, rep);
  }
  return { found, meta };
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Reads one <Exercise … /> element. */
function readExercise(el: MdNode, position: number, rep: Reporter): ParsedExercise {
  const locations: Record<string, Loc> = {};
  const unread: string[] = [];
  const props = readProps(el, rep, locations, unread);
  const loc = mdLoc(el);
  let id = '';
  if (props.id === undefined) rep.add(loc, '<Exercise> needs an id="…" (kebab-case, unique within the course, never changed)');
  else if (typeof props.id !== 'string' || !KEBAB.test(props.id)) {
    rep.add(locations.id ?? loc, `exercise id ${JSON.stringify(props.id)} must be kebab-case, e.g. "hessian-at-point"`);
    if (typeof props.id === 'string') id = props.id;
  } else id = props.id;
  if (props.kind === undefined) rep.add(loc, '<Exercise> needs a kind="…" (e.g. kind="hessian")');
  else if (typeof props.kind !== 'string') rep.add(locations.kind ?? loc, 'kind must be a string, e.g. kind="hessian"');
  const { template: spec, settings, problems } = splitExerciseProps(props);
  for (const p of problems) rep.add(locations[p.prop] ?? loc, p.message);
  return { id, spec, settings, position, line: loc.line, column: loc.column, locations, unread };
}

/** Reads one <Figure name="…" … /> element. */
function readFigure(el: MdNode, rep: Reporter): ParsedFigure {
  const props = readProps(el, rep, {});
  const loc = mdLoc(el);
  const name = typeof props.name === 'string' ? props.name : '';
  if (!name) rep.add(loc, '<Figure> needs a name="…" (see content/README.md for the figures)');
  return { name, props, line: loc.line, column: loc.column };
}

/** The position of an MDX/Markdown syntax error, if it carries one. */
function errorLoc(err: unknown): Loc | undefined {
  const e = err as { line?: number; column?: number };
  return typeof e.line === 'number' ? { line: e.line, column: typeof e.column === 'number' ? e.column : 1 } : undefined;
}

/** The message of a syntax error, without the position prefix vfile adds. */
function errorMessage(err: unknown): string {
  const e = err as { reason?: string; message?: string };
  return e.reason ?? e.message ?? String(err);
}

/**
 * Parses a lesson's MDX source (no compiling, no running): the `meta` export, the
 * exercises (spec template and settings separated), the figures and the formulas, with
 * 1-based lines and columns. Everything that breaks the lesson format is reported in
 * `problems` against `file`; parsing goes on after a problem where it can.
 */
export function parseLesson(source: string, file = '<lesson>'): ParsedLesson {
  const rep = new Reporter(file);
  const result: ParsedLesson = { meta: null, exercises: [], figures: [], formulas: [], problems: rep.problems };
  let tree: MdNode;
  try {
    tree = mdxProcessor.parse(source) as unknown as MdNode;
  } catch (err) {
    rep.add(errorLoc(err), `MDX syntax: ${errorMessage(err)}`);
    return result;
  }
  let metaFound = false;
  const visit = (node: MdNode) => {
    switch (node.type) {
      case 'mdxjsEsm': {
        const { found, meta } = readEsm(node, rep);
        if (found && metaFound) rep.add(mdLoc(node), 'meta is exported twice');
        else if (found) {
          metaFound = true;
          result.meta = meta;
        }
        return;
      }
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const loc = mdLoc(node);
        if (node.name === 'Exercise') result.exercises.push(readExercise(node, result.exercises.length, rep));
        else if (node.name === 'Figure') result.figures.push(readFigure(node, rep));
        else {
          rep.add(loc, `<${node.name ?? ''}> is not allowed: lessons hold Markdown, <Exercise … /> and <Figure … /> only`);
          break;
        }
        if ((node.children ?? []).length > 0) rep.add(loc, `<${node.name}> must be self-closing: <${node.name} … />`);
        return;
      }
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        // {/* comments */} are fine; code is not.
        if ((node.data?.estree?.body.length ?? 0) > 0) {
          rep.add(mdLoc(node), 'JavaScript expressions {…} are not allowed in lessons (write math as $…$; comments {/* … */} are fine)');
        }
        return;
      case 'math':
      case 'inlineMath': {
        const loc = mdLoc(node);
        result.formulas.push({ tex: String(node.value ?? ''), display: node.type === 'math', line: loc.line, column: loc.column });
        return;
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
  if (!metaFound) {
    rep.add({ line: 1, column: 1 }, 'the lesson must start with export const meta = { title: "…", summary: "…", objectives: ["…"] }');
  }
  return result;
}

/**
 * The formulas of a piece of Markdown (an exercise prompt, a hint), found by the same
 * parser as lessons; lines and columns are relative to `text`. A text that does not
 * parse yields no formulas.
 */
export function formulasIn(text: string): Formula[] {
  const out: Formula[] = [];
  const visit = (node: MdNode) => {
    if (node.type === 'math' || node.type === 'inlineMath') {
      const loc = mdLoc(node);
      out.push({ tex: String(node.value ?? ''), display: node.type === 'math', line: loc.line, column: loc.column });
      return;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(markdownProcessor.parse(text) as unknown as MdNode);
  return out;
}
