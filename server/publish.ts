/**
 * Publishing course folders (issue 19). A sync reads each course folder of the content
 * root, and when its text changed since the last published version runs check-content on
 * it: a course with problems is refused (a `refused` CourseVersion lists them with
 * file:line:column, and the last published version keeps serving); a clean course gets
 * its Course/Lesson/Exercise rows synced (spec hashes change with the spec, attempts are
 * never touched) and a `published` CourseVersion that every instance then serves. Lesson
 * texts are stored once per distinct text in LessonSource. Node only.
 *
 * Used by `npm run content:sync`, the server's start-up, the instructor's Sync button and
 * the browser editor's save.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkContent } from '@/lib/content/check';
import type { Sweep, SweepCache } from '@/lib/content/exercise';
import { ASSESSMENTS_DIR, listCourses, loadCourse, specHash } from '@/lib/content/load';
import { formatProblem, type CourseData as LoadedCourse, type LessonMeta, type Problem } from '@/lib/content';
import type { Prisma, PrismaClient } from '@/server/db/client';
import { describeSync, syncCourse, type CourseData, type SyncReport } from '@/server/db/seed';

/** The content root: CURVATURE_CONTENT_DIR (relative to `base`), or content/ under `base` (default: the working folder). */
export function contentRoot(env: NodeJS.ProcessEnv = process.env, base = process.cwd()): string {
  return path.resolve(base, env.CURVATURE_CONTENT_DIR || 'content');
}

/** sha256 (hex) of a text. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One lesson of a published version. */
export interface VersionLesson extends LessonMeta {
  slug: string;
  /** LessonSource hash of its text. */
  hash: string;
}

/** What a CourseVersion's `course` column holds. */
export interface VersionCourse {
  title: string;
  description: string;
  lessons: VersionLesson[];
}

/** The outcome of syncing one course folder. */
export interface CourseSyncResult {
  slug: string;
  /** published: a new version serves; unchanged: the text is the published one; refused: problems, the last good version serves. */
  status: 'published' | 'unchanged' | 'refused';
  /** Problems with files relative to the content root (refused only). */
  problems: Problem[];
  /** One line about the rows written (published only), or null. */
  rows: string | null;
  /** What the rows' sync did (published only). */
  report?: SyncReport;
  /** The course as loaded (published only): what the demo seed enrols in. */
  course?: CourseData;
  ms: number;
}

/** The text of a course folder that a version is made of: course.json and every .mdx file, by name. */
async function folderTexts(dir: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) {
    if (name === 'course.json' || name.endsWith('.mdx')) texts.set(name, await readFile(path.join(dir, name), 'utf8'));
  }
  // Assessment definitions are part of the version too: a changed quiz is published like a changed lesson.
  const assessments = (await readdir(path.join(dir, ASSESSMENTS_DIR)).catch(() => [] as string[])).sort();
  for (const name of assessments) {
    const rel = `${ASSESSMENTS_DIR}/${name}`;
    if (name.endsWith('.json')) texts.set(rel, await readFile(path.join(dir, rel), 'utf8'));
  }
  return texts;
}

function folderHash(texts: Map<string, string>): string {
  const h = createHash('sha256');
  for (const [name, text] of texts) h.update(`${name}\0${textHash(text)}\0`);
  return h.digest('hex');
}

/** A problem's file relative to the content root, so messages read `curvature/newton.mdx:12:3`. */
function relativeProblem(root: string, p: Problem): Problem {
  const rel = path.relative(root, path.resolve(p.file));
  return { ...p, file: rel && !rel.startsWith('..') ? rel : p.file };
}


/** Stores the texts not stored yet (LessonSource rows are immutable, keyed by hash). */
export async function storeSources(prisma: PrismaClient, sources: string[]): Promise<void> {
  const byHash = new Map(sources.map((s) => [textHash(s), s]));
  const have = new Set(
    (await prisma.lessonSource.findMany({ where: { hash: { in: [...byHash.keys()] } }, select: { hash: true } })).map((r) => r.hash),
  );
  for (const [hash, source] of byHash) {
    if (have.has(hash)) continue;
    // Another instance may store the same text at the same moment: the text is the same, so a duplicate is fine.
    await prisma.lessonSource.create({ data: { hash, source } }).catch(async (err: unknown) => {
      if (!(await prisma.lessonSource.findUnique({ where: { hash }, select: { hash: true } }))) throw err;
    });
  }
}

/** A sweep's SweptSpec key: kind, grader version, seeds and the template's spec hash. */
export function sweepKey(s: Sweep): string {
  return `${s.kind}:${s.version}:${s.seeds}:${specHash(s.spec)}`;
}

/**
 * check-content's sweeps that passed, kept in SweptSpec: an exercise whose template, kind
 * version and seed count were swept clean before is not swept again (that is nearly all of
 * a first sync's time). A template that fails is never stored, so it is tried at every sync.
 */
export async function sweptSpecs(prisma: PrismaClient): Promise<SweepCache & { save(): Promise<void> }> {
  const known = new Set((await prisma.sweptSpec.findMany({ select: { key: true } })).map((r) => r.key));
  const added = new Set<string>();
  return {
    has: (s) => known.has(sweepKey(s)),
    add: (s) => {
      const key = sweepKey(s);
      if (!known.has(key)) added.add(key);
    },
    async save() {
      for (const key of added) {
        // Another instance may store the same sweep at the same moment: a duplicate is fine.
        await prisma.sweptSpec.create({ data: { key } }).catch(async (err: unknown) => {
          if (!(await prisma.sweptSpec.findUnique({ where: { key }, select: { key: true } }))) throw err;
        });
        known.add(key);
      }
      added.clear();
    },
  };
}

export interface SyncOptions {
  /** The instructor who asked (Sync button, save); null for the command line and start-up. */
  by?: string | null;
  /** Seeds swept per randomised exercise by check-content (default: its own default). */
  seeds?: number;
}

/**
 * Syncs one course folder `dir` (under `root`): see the file comment. Never throws for
 * content problems; they come back in the result (and in a refused CourseVersion).
 */
export async function syncCourseFolder(prisma: PrismaClient, root: string, dir: string, options: SyncOptions = {}): Promise<CourseSyncResult> {
  const started = performance.now();
  const slug = path.basename(dir);
  const done = (r: Omit<CourseSyncResult, 'ms' | 'slug'>): CourseSyncResult => ({ slug, ...r, ms: Math.round(performance.now() - started) });
  const texts = await folderTexts(dir);
  const hash = folderHash(texts);
  const latest = await prisma.courseVersion.findFirst({ where: { courseSlug: slug }, orderBy: { createdAt: 'desc' }, select: { hash: true, status: true } });
  if (latest?.status === 'published' && latest.hash === hash) return done({ status: 'unchanged', problems: [], rows: null });

  const swept = await sweptSpecs(prisma);
  const problems = (await checkContent(dir, { seeds: options.seeds, swept })).map((p) => relativeProblem(root, p));
  // A sweep that passed passed, whatever else is wrong with the course.
  await swept.save();
  let course: LoadedCourse | undefined;
  if (problems.length === 0) {
    try {
      course = await loadCourse(dir);
    } catch (err) {
      const listed = (err as { problems?: Problem[] }).problems;
      problems.push(...(listed ?? [{ file: dir, message: String(err) }]).map((p) => relativeProblem(root, p)));
    }
  }
  if (!course || problems.length > 0) {
    await prisma.courseVersion.create({
      data: {
        courseSlug: slug,
        hash,
        status: 'refused',
        course: {} as Prisma.InputJsonValue,
        problems: problems as unknown as Prisma.InputJsonValue,
        createdById: options.by ?? null,
      },
    });
    await ensureCourseRow(prisma, dir, slug);
    return done({ status: 'refused', problems, rows: null });
  }

  const lessons: VersionLesson[] = [];
  const sources: string[] = [];
  for (const lesson of course.lessons) {
    const source = texts.get(`${lesson.slug}.mdx`)!;
    sources.push(source);
    lessons.push({ slug: lesson.slug, hash: textHash(source), title: lesson.title, summary: lesson.summary, objectives: lesson.objectives });
  }
  await storeSources(prisma, sources);
  const report = await syncCourse(prisma, course);
  const version: VersionCourse = { title: course.title, description: course.description, lessons };
  const row = await prisma.courseVersion.create({
    data: { courseSlug: slug, hash, status: 'published', course: version as unknown as Prisma.InputJsonValue, createdById: options.by ?? null },
  });
  await prisma.course.update({ where: { slug }, data: { publishedVersionId: row.id } });
  return done({ status: 'published', problems: [], rows: describeSync(slug, report), report, course });
}

/**
 * A refused course that was never published still gets its Course row (unpublished: no
 * students see it), so that an admin can open its editor at /teach/<slug>/edit, add its
 * instructors on the roster, and fix the problems in the browser. The title is course.json's
 * when it can be read, else the folder name. Nothing is changed when the row exists.
 */
async function ensureCourseRow(prisma: PrismaClient, dir: string, slug: string): Promise<void> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) return;
  if (await prisma.course.findUnique({ where: { slug }, select: { id: true } })) return;
  let title = slug;
  try {
    const json = JSON.parse(await readFile(path.join(dir, 'course.json'), 'utf8')) as { title?: unknown };
    if (typeof json.title === 'string' && json.title.trim() !== '') title = json.title.trim().slice(0, 200);
  } catch {
    // A course.json that cannot be read is one of the problems listed; the folder name will do.
  }
  await prisma.course.create({ data: { slug, title } }).catch(async (err: unknown) => {
    // Another instance may create it at the same moment.
    if (!(await prisma.course.findUnique({ where: { slug }, select: { id: true } }))) throw err;
  });
}

/** Syncs every course folder of the content root, in name order. */
export async function syncContent(prisma: PrismaClient, root = contentRoot(), options: SyncOptions = {}): Promise<CourseSyncResult[]> {
  const results: CourseSyncResult[] = [];
  for (const dir of await listCourses(root)) results.push(await syncCourseFolder(prisma, root, dir, options));
  return results;
}

/** One line per course for logs and the command line, then each problem indented. */
export function describeResults(results: CourseSyncResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.status === 'published') lines.push(`content ${r.slug}: published (${r.ms} ms)${r.rows ? `; ${r.rows.replace(/^content \S+: /, '')}` : ''}`);
    else if (r.status === 'unchanged') lines.push(`content ${r.slug}: unchanged`);
    else {
      lines.push(`content ${r.slug}: NOT published, ${r.problems.length} problem(s); the last published version keeps serving; fix them at /teach/${r.slug}/edit`);
      for (const p of r.problems) lines.push(`  ${formatProblem(p)}`);
    }
  }
  return lines;
}

/**
 * The start-up's and the seed's sync: publishes the content root, logs what changed (and
 * every problem of a refused course), and returns the slugs of the courses being served.
 */
export async function publishContent(prisma: PrismaClient, root: string, log: (line: string) => void): Promise<string[]> {
  const results = await syncContent(prisma, root);
  for (const line of describeResults(results)) if (!line.endsWith(': unchanged')) log(line);
  const served: string[] = [];
  for (const r of results) {
    const row = await prisma.course.findUnique({ where: { slug: r.slug }, select: { publishedVersionId: true } });
    if (row?.publishedVersionId) served.push(r.slug);
  }
  return served;
}

/**
 * Brings the courses of a git repository on this machine (a path or a file:// URL; the
 * repository is one course folder, or holds course folders) into the content root: each
 * course's course.json, lesson files and assessments/ replace the ones in `<root>/<slug>/`. Returns the
 * slugs brought in; sync them next. Other addresses are refused: nothing is fetched over a
 * network. Throws with git's message when the clone fails.
 */
export async function fetchFromGit(source: string, root: string): Promise<string[]> {
  const local = source.startsWith('file://') ? fileURLToPath(source) : /^[a-z][a-z0-9+.-]*:/i.test(source) ? null : path.resolve(source);
  if (!local) throw new Error(`only a repository on this machine can be synced from (a path or a file:// URL), not ${source}`);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'curvature-git-'));
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(
        'git',
        ['-c', 'protocol.file.allow=always', 'clone', '--quiet', '--depth', '1', '--', local, tmp],
        { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, timeout: 60_000 },
        (err, _out, stderr) => (err ? reject(new Error(`git clone ${source} failed: ${stderr.trim() || err.message}`)) : resolve()),
      ),
    );
    const single = await stat(path.join(tmp, 'course.json')).then(() => true, () => false);
    const dirs = single ? [tmp] : await listCourses(tmp);
    const slugs: string[] = [];
    for (const dir of dirs) {
      const json = JSON.parse(await readFile(path.join(dir, 'course.json'), 'utf8')) as { slug?: unknown };
      const slug = typeof json.slug === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(json.slug) ? json.slug : single ? null : path.basename(dir);
      if (!slug) throw new Error(`${source}: course.json has no kebab-case "slug"`);
      const target = path.join(root, slug);
      await mkdir(target, { recursive: true });
      for (const name of await readdir(target)) if (name === 'course.json' || name.endsWith('.mdx')) await rm(path.join(target, name));
      for (const name of await readdir(dir)) if (name === 'course.json' || name.endsWith('.mdx')) await copyFile(path.join(dir, name), path.join(target, name));
      // The course's assessments folder comes along whole (or goes, when the repository has none).
      await rm(path.join(target, ASSESSMENTS_DIR), { recursive: true, force: true });
      await cp(path.join(dir, ASSESSMENTS_DIR), path.join(target, ASSESSMENTS_DIR), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      slugs.push(slug);
    }
    return slugs;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
