/**
 * Loading courses from the content folder (Node only: reads files). A course is a
 * folder `content/<slug>/` with `course.json` (slug, title, description, lesson order)
 * and one `<lesson>.mdx` per lesson. `loadCourse` returns what the database seed stores
 * and throws a ContentError listing every problem; `readCourse` returns the problems
 * instead (check-content builds on it).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson, getKind } from '@/lib/exercises';
import { readAssessment, type AssessmentDef } from './assessments';
import { parseLesson } from './parse';
import { formatProblem } from './problems';
import type { CourseData, ParsedLesson, Problem } from './types';

/** The content of course.json. */
export interface CourseJson {
  slug: string;
  title: string;
  description: string;
  /** Lesson slugs in course order; each names `<slug>.mdx` beside course.json. */
  lessons: string[];
}

/** One listed lesson that exists, read and parsed. */
export interface ReadLesson {
  slug: string;
  file: string;
  source: string;
  parsed: ParsedLesson;
}

/** A course folder read without stopping at the first problem. */
export interface ReadCourse {
  dir: string;
  /** null when course.json is missing or unusable. */
  course: CourseJson | null;
  lessons: ReadLesson[];
  /** The assessments of `assessments/<slug>.json` that have no problem, in file-name order (synced in compareAssessments order). */
  assessments: AssessmentDef[];
  problems: Problem[];
}

/** Thrown by loadCourse when the content has problems; `problems` lists them all. */
export class ContentError extends Error {
  constructor(public readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the content:\n` +
        problems.map(formatProblem).join('\n'),
    );
    this.name = 'ContentError';
  }
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** sha256 (hex) of the canonical JSON of an exercise's spec template (params and where included). */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

/** 1-based line and column of a character offset in a text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Where a JSON string value (e.g. a lesson slug) is written in course.json, if found. */
function locateString(text: string, value: string): { line: number; column: number } | undefined {
  const i = text.indexOf(JSON.stringify(value));
  return i >= 0 ? lineColumn(text, i) : undefined;
}

/** Reads and checks course.json (or `draft`, a text in its place), reporting each problem; null when it has no usable lesson list. */
async function readCourseJson(dir: string, problems: Problem[], draft?: string): Promise<{ course: CourseJson; text: string } | null> {
  const file = path.join(dir, 'course.json');
  let text: string;
  try {
    text = draft ?? (await readFile(file, 'utf8'));
  } catch {
    problems.push({ file, message: 'course.json is missing: a course folder needs { "slug", "title", "description", "lessons" }' });
    return null;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    problems.push({ file, ...(m ? lineColumn(text, Number(m[1])) : {}), message: `course.json is not valid JSON: ${(err as Error).message}` });
    return null;
  }
  const c = raw as Partial<CourseJson> | null;
  const bad = (message: string) => problems.push({ file, line: 1, column: 1, message });
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    bad('course.json must be an object { "slug", "title", "description", "lessons" }');
    return null;
  }
  const errors: string[] = [];
  const folder = path.basename(path.resolve(dir));
  if (typeof c.slug !== 'string' || !SLUG.test(c.slug)) errors.push('"slug" must be a kebab-case string');
  else if (c.slug !== folder) errors.push(`"slug" is "${c.slug}" but the folder is "${folder}": they must be equal`);
  if (typeof c.title !== 'string' || c.title.trim() === '') errors.push('"title" must be a non-empty string');
  if (typeof c.description !== 'string') errors.push('"description" must be a string');
  if (!Array.isArray(c.lessons) || !c.lessons.every((l) => typeof l === 'string')) {
    errors.push('"lessons" must be a list of lesson slugs (file names without .mdx), in course order');
  }
  for (const key of Object.keys(c)) {
    if (!['slug', 'title', 'description', 'lessons'].includes(key)) bad(`unknown key "${key}" in course.json`);
  }
  errors.forEach(bad);
  // With a usable lesson list the lessons are still read, so one run reports everything.
  return Array.isArray(c.lessons) && c.lessons.every((l) => typeof l === 'string') ? { course: c as CourseJson, text } : null;
}

/**
 * Reads a course folder: course.json, then every listed lesson (parsed, not compiled).
 * Reports a bad course.json, listed lessons that are missing, .mdx files not listed,
 * lesson parse problems and exercise ids used twice in the course. Never throws for
 * content problems. `courseJson` is read in place of the folder's course.json (the
 * browser editor checks a draft of it).
 */
export async function readCourse(dir: string, options: { courseJson?: string } = {}): Promise<ReadCourse> {
  const problems: Problem[] = [];
  const json = await readCourseJson(dir, problems, options.courseJson);
  const result: ReadCourse = { dir, course: json?.course ?? null, lessons: [], assessments: [], problems };
  if (!json) return result;
  const { course, text } = json;
  const seen = new Set<string>();
  for (const slug of course.lessons) {
    const where = { file: path.join(dir, 'course.json'), ...locateString(text, slug) };
    if (!SLUG.test(slug)) {
      problems.push({ ...where, message: `lesson "${slug}" must be a kebab-case slug (the file name without .mdx)` });
      continue;
    }
    if (slug === ASSESSMENTS_DIR) {
      problems.push({ ...where, message: `"${ASSESSMENTS_DIR}" cannot be a lesson slug: /courses/<course>/${ASSESSMENTS_DIR} lists the course's assessments` });
      continue;
    }
    if (seen.has(slug)) {
      problems.push({ ...where, message: `lesson "${slug}" is listed twice` });
      continue;
    }
    seen.add(slug);
    const file = path.join(dir, `${slug}.mdx`);
    if (!(await isFile(file))) {
      problems.push({ ...where, message: `lesson "${slug}" is listed but ${slug}.mdx does not exist` });
      continue;
    }
    const source = await readFile(file, 'utf8');
    const parsed = parseLesson(source, file);
    problems.push(...parsed.problems);
    result.lessons.push({ slug, file, source, parsed });
  }
  for (const name of (await readdir(dir)).sort()) {
    if (name.endsWith('.mdx') && !seen.has(name.slice(0, -4))) {
      problems.push({ file: path.join(dir, name), line: 1, column: 1, message: `${name} is not listed in course.json "lessons"` });
    }
  }
  const firstUse = new Map<string, string>();
  for (const lesson of result.lessons) {
    for (const ex of lesson.parsed.exercises) {
      if (!ex.id) continue;
      const here = `${lesson.file}:${ex.line}:${ex.column}`;
      const first = firstUse.get(ex.id);
      if (first) {
        const loc = ex.locations.id ?? { line: ex.line, column: ex.column };
        problems.push({ file: lesson.file, ...loc, message: `exercise id "${ex.id}" is already used at ${first}; ids must be unique within the course` });
      } else firstUse.set(ex.id, here);
    }
  }
  const read = await readAssessments(dir, new Set(firstUse.keys()));
  result.assessments = read.assessments;
  problems.push(...read.problems);
  return result;
}

/** The folder of a course's assessment definitions. */
export const ASSESSMENTS_DIR = 'assessments';

/** Reads `assessments/*.json` of a course folder (none when the folder is absent), checked against the course's exercise ids. */
export async function readAssessments(dir: string, exerciseIds: ReadonlySet<string>): Promise<{ assessments: AssessmentDef[]; problems: Problem[] }> {
  const folder = path.join(dir, ASSESSMENTS_DIR);
  const names = await readdir(folder).catch(() => [] as string[]);
  const assessments: AssessmentDef[] = [];
  const problems: Problem[] = [];
  for (const name of names.sort()) {
    const file = path.join(folder, name);
    if (!name.endsWith('.json')) {
      if (await isFile(file)) problems.push({ file, line: 1, column: 1, message: `${name}: the assessments folder holds only <slug>.json files` });
      continue;
    }
    const read = readAssessment(file, name.slice(0, -5), await readFile(file, 'utf8'), exerciseIds);
    problems.push(...read.problems);
    if (read.def) assessments.push(read.def);
  }
  return { assessments, problems };
}

/**
 * Loads a course folder into the shape the database seed stores: lessons in course
 * order with their metadata, and each exercise with its kind, grader version, spec
 * template, spec hash, position and settings. Throws ContentError listing every
 * problem found (a bad course.json, a missing or unlisted lesson, a lesson that does
 * not parse, a duplicate id, an unknown kind). Does not solve the exercises; run
 * check-content for that.
 */
export async function loadCourse(dir: string): Promise<CourseData> {
  const read = await readCourse(dir);
  const problems = [...read.problems];
  for (const lesson of read.lessons) {
    for (const ex of lesson.parsed.exercises) {
      const kind = ex.spec.kind;
      if (typeof kind === 'string' && !getKind(kind)) {
        problems.push({ file: lesson.file, ...(ex.locations.kind ?? { line: ex.line, column: ex.column }), message: `unknown kind "${kind}"` });
      }
    }
  }
  if (problems.length > 0 || !read.course) throw new ContentError(problems);
  const { course } = read;
  return {
    slug: course.slug,
    title: course.title,
    description: course.description,
    assessments: read.assessments,
    lessons: read.lessons.map((lesson, position) => {
      const meta = lesson.parsed.meta!;
      return {
        slug: lesson.slug,
        title: meta.title,
        summary: meta.summary,
        objectives: meta.objectives,
        position,
        file: lesson.file,
        exercises: lesson.parsed.exercises.map((ex) => ({
          key: ex.id,
          kind: ex.spec.kind as string,
          kindVersion: getKind(ex.spec.kind as string)!.version,
          spec: ex.spec,
          specHash: specHash(ex.spec),
          position: ex.position,
          settings: ex.settings,
        })),
      };
    }),
  };
}

/**
 * The course folders in a content folder (sub-folders holding a course.json), sorted
 * by name, as paths joined to `contentDir`.
 */
export async function listCourses(contentDir: string): Promise<string[]> {
  const entries = await readdir(contentDir, { withFileTypes: true });
  const dirs: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory() && (await isFile(path.join(contentDir, e.name, 'course.json')))) dirs.push(path.join(contentDir, e.name));
  }
  return dirs;
}
