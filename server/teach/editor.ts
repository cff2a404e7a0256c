/**
 * The browser editor of a course's files (/teach/<course>/edit): its lessons (`<slug>.mdx`)
 * and its assessment definitions (`assessments/<slug>.json`), both handled by the same
 * functions with a `type`. Reading a file's text
 * from the content root, checking a draft as check-content would (with fewer seeds, for
 * speed), saving it — never over someone else's newer save: the editor sends the hash of
 * the text it started from, and a different text on disk is a conflict — and the history of
 * saves (who, when, the text before and after; reverting is saving an old text). Every save
 * is followed by a sync of the course (server/publish.ts): a course with problems is not
 * published and the last good version keeps serving. Callers check who is asking.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkExercise, kindProps, parseLesson, type Problem } from '@/lib/content';
import { readAssessment } from '@/lib/content/assessments';
import { KINDS } from '@/lib/exercises';
import { compileLesson } from '@/lib/content/mdx';
import { ASSESSMENTS_DIR, readCourse } from '@/lib/content/load';
import type { PrismaClient } from '@/server/db/client';
import { storeSources, syncCourseFolder, textHash, type CourseSyncResult } from '@/server/publish';

export { MAX_LESSON_CHARS } from '@/server/drafts';
import { MAX_LESSON_CHARS } from '@/server/drafts';
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A lesson as the editor lists it. */
export interface EditorLesson {
  slug: string;
  title: string | null;
  /** Hash of the text on disk (null when the file is missing). */
  hash: string | null;
}

/**
 * What a file of the editor is: a lesson (`<slug>.mdx`), an assessment
 * (`assessments/<slug>.json`) or the course's outline (`course.json`; its slug is ignored).
 */
export type FileType = 'lesson' | 'assessment' | 'course';

/** The name the course outline goes by in the editor's URL (/teach/<course>/edit/course.json). */
export const COURSE_JSON = 'course.json';

/** A file's path inside its course folder: `newton.mdx`, `assessments/quiz-1.json`, `course.json`. */
export function fileName(type: FileType, slug: string): string {
  return type === 'course' ? COURSE_JSON : type === 'assessment' ? `${ASSESSMENTS_DIR}/${slug}.json` : `${slug}.mdx`;
}

/**
 * The key a file's saves are recorded under (LessonEdit.lessonSlug): the lesson's slug,
 * `assessments/<slug>` or `course.json` (a lesson slug holds neither a slash nor a dot, so
 * they never meet).
 */
export function historyKey(type: FileType, slug: string): string {
  return type === 'course' ? COURSE_JSON : type === 'assessment' ? `${ASSESSMENTS_DIR}/${slug}` : slug;
}

function courseDir(root: string, course: string): string {
  if (!SLUG.test(course)) throw new Error(`not a course slug: ${course}`);
  return path.join(root, course);
}

async function readText(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
}

/**
 * The lessons of a course folder in course.json order, with their titles and text hashes;
 * when course.json has no usable lesson list, the folder's .mdx files by name, so that
 * they can still be opened while course.json is being fixed.
 */
export async function editorLessons(root: string, course: string): Promise<{ lessons: EditorLesson[]; problems: Problem[] }> {
  const dir = courseDir(root, course);
  const read = await readCourse(dir);
  const onDisk = async () =>
    (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.mdx') && SLUG.test(n.slice(0, -4))).sort().map((n) => n.slice(0, -4));
  const lessons = (read.course?.lessons ?? (await onDisk())).map((slug) => {
    const found = read.lessons.find((l) => l.slug === slug);
    return { slug, title: found?.parsed.meta?.title ?? null, hash: found ? textHash(found.source) : null };
  });
  return { lessons, problems: read.problems };
}

/** A lesson's (or an assessment's, or course.json's) text on disk and its hash (both null when there is no such file). */
export async function lessonText(root: string, course: string, lesson: string, type: FileType = 'lesson'): Promise<{ source: string | null; hash: string | null }> {
  if (type !== 'course' && !SLUG.test(lesson)) return { source: null, hash: null };
  const source = await readText(path.join(courseDir(root, course), fileName(type, lesson)));
  return { source, hash: source === null ? null : textHash(source) };
}

/** An assessment as the editor lists it. */
export interface EditorAssessment {
  slug: string;
  /** Its "title" when the file reads as JSON with one. */
  title: string | null;
  type: string | null;
}

/** The assessment files of a course folder (assessments/*.json), by file name. */
export async function editorAssessments(root: string, course: string): Promise<EditorAssessment[]> {
  const folder = path.join(courseDir(root, course), ASSESSMENTS_DIR);
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && SLUG.test(n.slice(0, -5))).sort();
  return Promise.all(
    names.map(async (name) => {
      let json: { title?: unknown; type?: unknown } = {};
      try {
        json = JSON.parse((await readText(path.join(folder, name))) ?? '{}') ?? {};
      } catch {
        // Not valid JSON yet: listed by its file name; the editor shows where it breaks.
      }
      return { slug: name.slice(0, -5), title: typeof json.title === 'string' ? json.title : null, type: typeof json.type === 'string' ? json.type : null };
    }),
  );
}

/** The exercise ids of a course folder's lessons as they are on disk, in course order. */
export async function courseExerciseIds(root: string, course: string): Promise<string[]> {
  const read = await readCourse(courseDir(root, course));
  return read.lessons.flatMap((l) => l.parsed.exercises.map((e) => e.id).filter((id): id is string => !!id));
}

/**
 * What check-content would report about an assessment's text: JSON syntax, keys, times,
 * and slots naming exercises of the course's lessons as they are on disk. Files are named
 * `<course>/assessments/<slug>.json`.
 */
export async function checkAssessmentDraft(root: string, course: string, slug: string, source: string): Promise<Problem[]> {
  const ids = new Set(await courseExerciseIds(root, course));
  return readAssessment(`${course}/${fileName('assessment', slug)}`, slug, source, ids).problems;
}

/**
 * What check-content would report about a draft of course.json, read in place of the one on
 * disk with the folder's lessons: its own problems at their line, and lessons it lists that
 * do not exist or leaves out (those without a line: they are about other files). Problems
 * inside the lessons are left to the lessons' editors.
 */
export async function checkCourseJsonDraft(root: string, course: string, source: string): Promise<Problem[]> {
  const dir = courseDir(root, course);
  const own = path.join(dir, COURSE_JSON);
  const read = await readCourse(dir, { courseJson: source });
  const file = `${course}/${COURSE_JSON}`;
  return read.problems.flatMap((p) => {
    if (path.resolve(p.file) === own) return [{ ...p, file }];
    if (p.message.includes('is not listed in course.json')) return [{ file, message: p.message }];
    return [];
  });
}

/** The text a new assessment starts with: a valid definition of the type, over the course's first exercises. */
export function assessmentTemplate(type: 'homework' | 'quiz' | 'exam', slug: string, exerciseIds: string[]): string {
  const title = slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  const ids = exerciseIds.length > 0 ? exerciseIds : ['an-exercise-id'];
  const def: Record<string, unknown> = { title, type };
  const now = new Date();
  const week = new Date(now.getTime() + 7 * 24 * 3600_000);
  def.opensAt = `${now.toISOString().slice(0, 16)}Z`;
  def.closesAt = `${week.toISOString().slice(0, 16)}Z`;
  if (type === 'homework') def.attempts = 3;
  else {
    def.timeLimitMinutes = type === 'quiz' ? 10 : 60;
    def.attempts = 1;
    def.reveal = 'release';
  }
  const slots: unknown[] = [{ exercise: ids[0], points: 1 }];
  if (ids.length >= 3) slots.push({ pool: ids.slice(1, 3), pick: 1, points: 1 });
  else if (ids.length === 2) slots.push({ exercise: ids[1], points: 1 });
  def.slots = slots;
  // One slot a line, as content/README.md writes them.
  const inline = (v: unknown) => JSON.stringify(v).replace(/":/g, '": ').replace(/,"/g, ', "').replace(/^\{/, '{ ').replace(/\}$/, ' }').replace(/","/g, '", "');
  const lines = Object.entries(def).map(([k, v]) =>
    k === 'slots' ? `  "slots": [\n${slots.map((x) => `    ${inline(x)}`).join(',\n')}\n  ]` : `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
  );
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** The seeds a draft's randomised exercises are tried at while typing (a sync sweeps 200). */
const DRAFT_SEEDS = 20;

/**
 * Everything check-content would report about one lesson's text, seeds aside: parse
 * problems, refused constructs, formulas KaTeX rejects, and each exercise's spec (solved for
 * a few seeds). Files are named `<course>/<lesson>.mdx`. Course-wide checks (unique ids)
 * run at save.
 */
export async function checkDraft(course: string, lesson: string, source: string): Promise<Problem[]> {
  const file = `${course}/${lesson}.mdx`;
  const parsed = parseLesson(source, file);
  const problems = [...parsed.problems];
  if (!parsed.problems.some((p) => p.message.startsWith('MDX syntax'))) {
    const compiled = await compileLesson(source, file);
    const known = new Set(problems.map((p) => p.line));
    if (!compiled.ok) problems.push(...compiled.problems.filter((p) => !known.has(p.line)));
    for (const ex of parsed.exercises) problems.push(...checkExercise(ex, file, { seeds: DRAFT_SEEDS }));
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** What saving answers. */
export type SaveOutcome =
  | { status: 'saved'; hash: string; sync: Pick<CourseSyncResult, 'status' | 'problems'> }
  | { status: 'conflict'; message: string; current: string | null; hash: string | null }
  | { status: 'invalid'; message: string };

/** Saves of one file run one after another in this process, so two can never interleave. */
const queues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, job: () => Promise<T>): Promise<T> {
  const next = (queues.get(key) ?? Promise.resolve()).then(job, job);
  queues.set(key, next.catch(() => undefined));
  return next;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

export interface SaveInput {
  course: string;
  /** The lesson's slug, or the assessment's when `type` is "assessment". */
  lesson: string;
  /** lesson (default): `<lesson>.mdx`, added to course.json when new; assessment: `assessments/<lesson>.json`. */
  type?: FileType;
  source: string;
  /** Hash of the text the editor started from; null for a new lesson. */
  baseHash: string | null;
  userId: string;
  /** save | create | revert (recorded in the history). */
  action?: 'save' | 'create' | 'revert';
}

/**
 * Writes a lesson's text when the file still holds the text the editor started from (or,
 * for a new lesson, does not exist yet; a new lesson is added to the end of course.json),
 * records the save, then syncs the course. Nothing is written on a conflict.
 */
export async function saveLesson(prisma: PrismaClient, root: string, input: SaveInput): Promise<SaveOutcome> {
  const { course, lesson, source, baseHash, userId } = input;
  const type = input.type ?? 'lesson';
  const what = type === 'lesson' ? 'lesson' : type === 'assessment' ? 'assessment' : 'course.json';
  if (type !== 'course' && !SLUG.test(lesson)) return { status: 'invalid', message: `The ${what} name "${lesson}" must be kebab-case, e.g. "${type === 'assessment' ? 'homework-2' : 'line-search'}".` };
  if (source.length > MAX_LESSON_CHARS) return { status: 'invalid', message: `A ${what} is at most ${MAX_LESSON_CHARS} characters.` };
  const dir = courseDir(root, course);
  const file = path.join(dir, fileName(type, lesson));
  return oneAtATime(file, async () => {
    const current = await readText(file);
    const currentHash = current === null ? null : textHash(current);
    if (currentHash !== baseHash) {
      return {
        status: 'conflict',
        message:
          current === null
            ? `This ${what} no longer exists on the server. Copy your text, reload and create it again.`
            : baseHash === null
              ? `A${what === 'assessment' ? 'n' : ''} ${what} called "${fileName(type, lesson)}" exists already. Choose another name, or open it to edit it.`
              : `Someone else saved this ${what} after you opened it. Your text is not saved: copy it, reload to see theirs, and merge.`,
        current,
        hash: currentHash,
      } as const;
    }
    const hash = textHash(source);
    await mkdir(path.dirname(file), { recursive: true });
    await storeSources(prisma, current === null ? [source] : [current, source]);
    await writeAtomically(file, source);
    if (current === null && type === 'lesson') await addToCourseJson(dir, lesson);
    await prisma.lessonEdit.create({
      data: { courseSlug: course, lessonSlug: historyKey(type, lesson), userId, baseHash, hash, action: input.action ?? (current === null ? 'create' : 'save') },
    });
    const sync = await syncCourseFolder(prisma, root, dir, { by: userId });
    return { status: 'saved', hash, sync: { status: sync.status, problems: sync.problems } } as const;
  });
}

/** Appends a lesson to course.json's "lessons" (other keys and their order are kept). */
async function addToCourseJson(dir: string, lesson: string): Promise<void> {
  const file = path.join(dir, 'course.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as { lessons?: unknown };
  const lessons = Array.isArray(json.lessons) ? json.lessons : [];
  if (!lessons.includes(lesson)) json.lessons = [...lessons, lesson];
  await writeAtomically(file, `${JSON.stringify(json, null, 2)}\n`);
}

/** One save in a lesson's history. */
export interface HistoryEntry {
  id: string;
  action: string;
  who: string;
  at: Date;
  hash: string;
  /** The change against the text before, as lines starting with "+ ", "- " or "  " (context). */
  diff: string[];
}

/** The saves of a lesson (or of the file under historyKey `lesson`), newest first, each with its diff (at most `limit`). */
export async function lessonHistory(prisma: PrismaClient, course: string, lesson: string, limit = 30): Promise<HistoryEntry[]> {
  const edits = await prisma.lessonEdit.findMany({ where: { courseSlug: course, lessonSlug: lesson }, orderBy: { createdAt: 'desc' }, take: limit });
  const hashes = [...new Set(edits.flatMap((e) => [e.hash, e.baseHash]).filter((h): h is string => !!h))];
  const texts = new Map((await prisma.lessonSource.findMany({ where: { hash: { in: hashes } } })).map((s) => [s.hash, s.source]));
  const users = new Map(
    (await prisma.user.findMany({ where: { id: { in: [...new Set(edits.map((e) => e.userId))] } }, select: { id: true, name: true, email: true } })).map((u) => [
      u.id,
      `${u.name} <${u.email}>`,
    ]),
  );
  return edits.map((e) => ({
    id: e.id,
    action: e.action,
    who: users.get(e.userId) ?? 'a deleted user',
    at: e.createdAt,
    hash: e.hash,
    diff: lineDiff(e.baseHash ? (texts.get(e.baseHash) ?? '') : '', texts.get(e.hash) ?? ''),
  }));
}

/** The text a history entry of the file under historyKey `lesson` saved (for a revert), or null. */
export async function savedText(prisma: PrismaClient, course: string, lesson: string, editId: string): Promise<string | null> {
  const edit = await prisma.lessonEdit.findUnique({ where: { id: editId } });
  if (!edit || edit.courseSlug !== course || edit.lessonSlug !== lesson) return null;
  return (await prisma.lessonSource.findUnique({ where: { hash: edit.hash } }))?.source ?? null;
}

/**
 * A line diff of two texts: the changed lines with up to `context` unchanged lines around
 * each change ("…" between distant changes). Longest common subsequence of lines, after the
 * common start and end are set aside.
 */
export function lineDiff(before: string, after: string, context = 2): string[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  // lcs[i][j]: length of the longest common subsequence of midA[i..] and midB[j..]
  const lcs = Array.from({ length: midA.length + 1 }, () => new Array<number>(midB.length + 1).fill(0));
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: string[] = a.slice(0, start).map((l) => `  ${l}`);
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      ops.push(`  ${midA[i++]}`);
      j++;
    } else if (j < midB.length && (i === midA.length || lcs[i][j + 1] >= lcs[i + 1][j])) ops.push(`+ ${midB[j++]}`);
    else ops.push(`- ${midA[i++]}`);
  }
  ops.push(...a.slice(endA).map((l) => `  ${l}`));
  // Keep the changes and their context.
  const keep = ops.map(() => false);
  ops.forEach((op, k) => {
    if (!op.startsWith('  ')) for (let d = -context; d <= context; d++) if (ops[k + d] !== undefined) keep[k + d] = true;
  });
  const out: string[] = [];
  ops.forEach((op, k) => {
    if (keep[k]) out.push(op);
    else if (out.length > 0 && out[out.length - 1] !== '…' && keep.slice(k).some(Boolean)) out.push('…');
  });
  return out;
}

/** What checking a draft answers: its problems, and the hash its preview is rendered under. */
export type DraftOutcome = { status: 'ok'; problems: Problem[]; previewHash: string | null } | { status: 'error'; message: string };

/** What the Sync button answers. */
export type SyncOutcome = { status: 'ok'; sync: Pick<CourseSyncResult, 'status' | 'problems' | 'ms'> } | { status: 'error'; message: string };

/** The kinds the new-exercise form offers: the registry's, with the props each reads. */
export interface KindChoice {
  kind: string;
  title: string;
  /** The spec props, each with whether the kind reads it as a string. */
  props: { name: string; text: boolean; optional: boolean }[];
}

interface ZodDef {
  type?: string;
  innerType?: { _zod?: { def?: ZodDef } };
  in?: { _zod?: { def?: ZodDef } };
}

/** The zod type name under optional/default/pipe wrappers. */
function baseType(def: ZodDef | undefined): string | undefined {
  if (!def) return undefined;
  if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) return baseType(def.innerType._zod?.def);
  if (def.type === 'pipe' && def.in) return baseType(def.in._zod?.def);
  return def.type;
}

/** Every kind of the registry with its spec props (kind itself left out), for the new-exercise form. */
export function kindChoices(): KindChoice[] {
  return KINDS.map((k) => {
    const shape = ((k.schema as unknown as { shape?: Record<string, { _zod?: { def?: ZodDef }; isOptional?: () => boolean }> }).shape ?? {}) as Record<
      string,
      { _zod?: { def?: ZodDef }; isOptional?: () => boolean }
    >;
    const props = (kindProps(k) ?? [])
      .filter((name) => name !== 'kind')
      .map((name) => ({ name, text: baseType(shape[name]?._zod?.def) === 'string', optional: shape[name]?.isOptional?.() ?? false }))
      .sort((a, b) => Number(a.optional) - Number(b.optional));
    return { kind: k.kind, title: k.title, props };
  });
}
