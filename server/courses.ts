/**
 * The courses this deployment serves: the published CourseVersion of each course (see
 * server/publish.ts), read from the database on each request so that every instance
 * serves the same version, and lesson MDX compiled at run time (lib/content/mdx.ts, the
 * guard refuses anything but Markdown and the lesson elements) and cached by the hash of
 * its text. Publishing a course needs no code: put its folder under the content root and
 * sync.
 */
import 'server-only';
import { cache, type ComponentType } from 'react';
import * as runtime from 'react/jsx-runtime';
import { run } from '@mdx-js/mdx';
import { compileLesson } from '@/lib/content/mdx';
import type { LessonMeta, Problem } from '@/lib/content';
import { getPrisma } from '@/server/db/client';
import type { VersionCourse, VersionLesson } from '@/server/publish';
import { draftText } from '@/server/drafts';

export interface CourseInfo {
  slug: string;
  title: string;
  description: string;
  /** Lesson slugs in course order. */
  lessons: string[];
  /** Each lesson's metadata and text hash, in course order. */
  lessonInfo: VersionLesson[];
  /** The CourseVersion served. */
  versionId: string;
}

export type LessonBody = ComponentType<{ components?: Record<string, unknown> }>;

export interface LessonModule {
  default: LessonBody;
  meta: LessonMeta;
}

/** Published versions never change, so each is read from the database once per process. */
const versions = new Map<string, CourseInfo>();

async function versionInfo(slug: string, versionId: string): Promise<CourseInfo | undefined> {
  const known = versions.get(versionId);
  if (known) return known;
  const row = await getPrisma().courseVersion.findUnique({ where: { id: versionId } });
  if (!row || row.status !== 'published') return undefined;
  const course = row.course as unknown as VersionCourse;
  const info: CourseInfo = {
    slug,
    title: course.title,
    description: course.description,
    lessons: course.lessons.map((l) => l.slug),
    lessonInfo: course.lessons,
    versionId,
  };
  versions.set(versionId, info);
  return info;
}

/** Every published course, by slug. */
export const publishedCourses = cache(async (): Promise<CourseInfo[]> => {
  const rows = await getPrisma().course.findMany({
    where: { publishedVersionId: { not: null } },
    select: { slug: true, publishedVersionId: true },
    orderBy: { slug: 'asc' },
  });
  const infos = await Promise.all(rows.map((r) => versionInfo(r.slug, r.publishedVersionId!)));
  return infos.filter((c): c is CourseInfo => c !== undefined);
});

/** The published version of one course, or undefined when there is none. */
export const findCourse = cache(async (slug: string): Promise<CourseInfo | undefined> => {
  const row = await getPrisma().course.findUnique({ where: { slug }, select: { publishedVersionId: true } });
  return row?.publishedVersionId ? versionInfo(slug, row.publishedVersionId) : undefined;
});

/** Compiled lessons by text hash (a bounded cache: the oldest entry goes first). */
const compiled = new Map<string, Promise<CompiledModule>>();
const COMPILED_LIMIT = 200;

type CompiledModule = { ok: true; module: LessonModule } | { ok: false; problems: Problem[] };

/**
 * Compiles and runs a lesson's text (cached by `hash`). The guard in compileLesson refuses
 * every construct that could run code, so `run` only evaluates JSX calls with literals.
 */
export function compileAndRun(hash: string, source: string, file: string): Promise<CompiledModule> {
  let entry = compiled.get(hash);
  if (!entry) {
    entry = (async (): Promise<CompiledModule> => {
      const out = await compileLesson(source, file);
      if (!out.ok) return out;
      const mod = (await run(out.code, { ...runtime, baseUrl: import.meta.url })) as unknown as LessonModule;
      return { ok: true, module: mod };
    })();
    entry.catch(() => compiled.delete(hash));
    compiled.set(hash, entry);
    if (compiled.size > COMPILED_LIMIT) compiled.delete(compiled.keys().next().value!);
  }
  return entry;
}

/** The text of a stored lesson version. */
export async function lessonSource(hash: string): Promise<string | undefined> {
  return (await getPrisma().lessonSource.findUnique({ where: { hash } }))?.source;
}

/** A lesson of a published course, compiled; undefined when the course has no such lesson. */
export async function loadLesson(course: CourseInfo, lesson: string): Promise<LessonModule | undefined> {
  const info = course.lessonInfo.find((l) => l.slug === lesson);
  if (!info) return undefined;
  let entry = compiled.get(info.hash);
  if (!entry) {
    const source = await lessonSource(info.hash);
    if (source === undefined) return undefined;
    entry = compileAndRun(info.hash, source, `${course.slug}/${lesson}.mdx`);
  }
  const out = await entry;
  // A published text passed check-content, so this only fails if the guard changed since.
  if (!out.ok) throw new Error(`lesson ${course.slug}/${lesson} no longer compiles: ${out.problems[0]?.message}`);
  return out.module;
}

/** A course's preview draft (server/drafts.ts), compiled; undefined when it is unknown, expired or does not compile. */
export async function compiledDraft(course: string, hash: string): Promise<LessonModule | undefined> {
  const source = await draftText(getPrisma(), course, hash);
  if (source === undefined) return undefined;
  const out = await compileAndRun(hash, source, `${course}/draft.mdx`);
  return out.ok ? out.module : undefined;
}
