/**
 * Everything the database needs before the app serves: run at every start, so it must
 * cost little when there is nothing to do (about 50 ms on SQLite, most of it the engine).
 *
 *   1. resolve DATABASE_URL (ConfigError with one line to fix if wrong) and check that
 *      PostgreSQL is reachable;
 *   2. apply pending migrations;
 *   3. sync the courses' content rows and, unless CURVATURE_DEMO=0, the demo accounts.
 *
 * It prints one line per thing it did and nothing when nothing was needed.
 */
import { checkConnection, resolveDatabase, type DatabaseConfig, type Env } from './config';
import { createPrisma } from './client';
import { applyMigrations } from './migrate';
import { describeSync, seedDemo, syncCourse, type CourseData } from './seed';
import type { PrismaClient } from './client';

export interface EnsureOptions {
  /** Receives one line per thing done. */
  log?: (line: string) => void;
  /** Where DATABASE_URL and CURVATURE_DEMO are read (default: process.env). */
  env?: Env;
  /** Project root holding prisma/ and prisma-pg/ (default: cwd). */
  root?: string;
  /**
   * The courses to sync, or a function that loads them (e.g. with lib/content's
   * loadCourse for each folder of content/). Without it only migrations (and demo
   * accounts, without enrolments) are done.
   */
  courses?: CourseData[] | (() => Promise<CourseData[]>);
  /**
   * Publishes the content (e.g. server/publish.ts publishContent: check-content, then the
   * rows and a published version per course) and returns the slugs of the courses served,
   * which the demo accounts are enrolled in. Used instead of `courses` by the start-up and
   * the seed script.
   */
  publish?: (prisma: PrismaClient, log: (line: string) => void) => Promise<string[]>;
  /** Create the demo accounts (default: unless env CURVATURE_DEMO is "0"). */
  demo?: boolean;
}

/** Resolves, migrates and seeds the configured database. Returns the resolved configuration. */
export async function ensureDatabase(options: EnsureOptions = {}): Promise<DatabaseConfig> {
  const log = options.log ?? (() => {});
  const env = options.env ?? process.env;
  const db = resolveDatabase(env);
  await checkConnection(db);

  const applied = await applyMigrations(db, { root: options.root });
  for (const name of applied) log(`database: applied migration ${name}`);

  const demo = options.demo ?? env.CURVATURE_DEMO !== '0';
  const courses: (CourseData | { slug: string })[] = typeof options.courses === 'function' ? await options.courses() : (options.courses ?? []);
  if (courses.length === 0 && !demo && !options.publish) return db;

  const prisma = createPrisma(db);
  try {
    if (options.publish) for (const slug of await options.publish(prisma, log)) courses.push({ slug });
    for (const course of courses) {
      if (demo) {
        for (const line of await seedDemo(prisma, course)) log(`database: ${line}`);
      } else if ('lessons' in course) {
        const line = describeSync(course.slug, await syncCourse(prisma, course));
        if (line) log(`database: ${line}`);
      }
    }
    // Without courses (none passed), the demo accounts exist but are enrolled nowhere.
    if (demo && courses.length === 0) for (const line of await seedDemo(prisma)) log(`database: ${line}`);
  } finally {
    await prisma.$disconnect();
  }
  return db;
}
