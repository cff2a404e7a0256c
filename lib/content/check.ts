/**
 * `curvature check-content [dir]` (contract §5), Node only. For every course under
 * `dir` (or `dir` itself when it holds a course.json): course.json is valid and lists
 * exactly the lessons present; every lesson compiles as MDX with the app's plugins and its
 * guard (no code: lib/content/mdx.ts) and
 * has its meta; every formula renders in KaTeX; figures are known; exercise ids are
 * kebab-case and unique within the course; every exercise has a known kind, no unknown
 * props and a valid spec; every randomised exercise solves for a sweep of seeds, with
 * prompts KaTeX can render. Problems carry file:line:column.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkExercise, katexError, markdownMathProblems, type CheckExerciseOptions, type SweepCache } from './exercise';
import { FIGURES, figureNames } from './figures';
import { listCourses, readCourse, type ReadLesson } from './load';
import { compileLesson } from './mdx';
import type { Problem } from './types';

/** Problems of one lesson beyond parsing: compiling, formulas, figures and exercises. */
async function checkLesson(lesson: ReadLesson, opts: CheckExerciseOptions): Promise<Problem[]> {
  const { file, parsed } = lesson;
  // A lesson that does not parse as MDX has its syntax error reported already.
  if (parsed.problems.some((p) => p.message.startsWith('MDX syntax'))) return [];
  const problems: Problem[] = [];
  // Compiled exactly as the server compiles it, guard included (a line the parser reported
  // already is not reported twice).
  const compiled = await compileLesson(lesson.source, file);
  if (!compiled.ok) {
    const known = new Set(parsed.problems.map((p) => p.line));
    problems.push(...compiled.problems.filter((p) => !known.has(p.line)));
  }
  for (const f of parsed.formulas) {
    const err = katexError(f.tex, f.display);
    if (err) problems.push({ file, line: f.line, column: f.column, message: `KaTeX cannot render $${f.tex}$: ${err}` });
  }
  for (const fig of parsed.figures) {
    const info = FIGURES[fig.name];
    if (!fig.name) continue; // reported by the parser
    if (!info) {
      problems.push({ file, line: fig.line, column: fig.column, message: `unknown figure "${fig.name}" (known: ${figureNames().join(', ')})` });
      continue;
    }
    for (const prop of Object.keys(fig.props)) {
      if (prop !== 'name' && !info.props.includes(prop)) {
        problems.push({ file, line: fig.line, column: fig.column, message: `figure "${fig.name}" has no prop "${prop}" (it takes ${info.props.join(', ')})` });
      }
    }
    const caption = fig.props.caption;
    if (typeof caption === 'string') problems.push(...markdownMathProblems(caption, 'the caption', file, { line: fig.line, column: fig.column }));
  }
  for (const ex of parsed.exercises) problems.push(...checkExercise(ex, file, opts));
  return problems;
}

/** Checks one course folder. */
async function checkCourse(dir: string, opts: CheckExerciseOptions): Promise<Problem[]> {
  const read = await readCourse(dir);
  const problems = [...read.problems];
  for (const lesson of read.lessons) problems.push(...(await checkLesson(lesson, opts)));
  return problems;
}

/** Sub-folders of a content folder that hold .mdx files but no course.json. */
async function strayFolders(dir: string): Promise<Problem[]> {
  const out: Problem[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const sub = path.join(dir, e.name);
    const names = await readdir(sub);
    if (names.some((n) => n.endsWith('.mdx')) && !names.includes('course.json')) {
      out.push({ file: sub, message: 'this folder holds lessons but no course.json' });
    }
  }
  return out;
}

/** Options of checkContent. */
export interface CheckContentOptions {
  /** Seeds swept per randomised exercise (default 200, the contract's minimum). */
  seeds?: number;
  /** Sweeps that passed before, not run again (a sync's; the command line sweeps everything). */
  swept?: SweepCache;
}

/**
 * Checks a content folder (every course folder in it) or a single course folder and
 * returns every problem found, sorted by file, line and column; an empty list means
 * the content is ready to serve.
 */
export async function checkContent(dir: string, options: CheckContentOptions = {}): Promise<Problem[]> {
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) return [{ file: dir, message: 'not a folder: give a content folder or a course folder' }];
  const single = await stat(path.join(dir, 'course.json')).then(() => true, () => false);
  const courses = single ? [dir] : await listCourses(dir);
  const problems: Problem[] = single ? [] : await strayFolders(dir);
  if (courses.length === 0 && problems.length === 0) {
    problems.push({ file: dir, message: 'no course found: a course is a folder with course.json and its lessons' });
  }
  for (const course of courses) problems.push(...(await checkCourse(course, options)));
  return problems.sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
