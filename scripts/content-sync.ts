/**
 * `npm run content:sync [course …]`: publishes the course folders of the content root
 * (CURVATURE_CONTENT_DIR, default content/) to the database DATABASE_URL names, with no
 * build and no restart — running servers serve a published version on their next request.
 * Each changed course is checked first (check-content); a course with problems is not
 * published, its problems are printed as file:line:column, and the last published version
 * keeps serving. Exit status 1 when any course was refused. See content/README.md.
 *
 *   npm run content:sync -- --from /srv/courses.git   first bring the courses of a git
 *                                                     repository on this machine (a path or
 *                                                     file:// URL) into the content root
 */
import path from 'node:path';
import { ConfigError, checkConnection, resolveDatabase } from '../server/db/config';
import { createPrisma } from '../server/db/client';
import { applyMigrations } from '../server/db/migrate';
import { contentRoot, describeResults, fetchFromGit, syncContent, syncCourseFolder, type CourseSyncResult } from '../server/publish';

async function main(): Promise<number> {
  const db = resolveDatabase();
  await checkConnection(db);
  await applyMigrations(db);
  const root = contentRoot();
  const args = process.argv.slice(2);
  const from = args.indexOf('--from');
  let only = args;
  if (from >= 0) {
    if (!args[from + 1]) throw new Error('--from needs a repository: a path or a file:// URL');
    only = await fetchFromGit(args[from + 1], root);
    console.log(`content: brought ${only.join(', ') || 'no course'} from ${args[from + 1]}`);
  }
  const prisma = createPrisma(db);
  try {
    const started = performance.now();
    let results: CourseSyncResult[];
    if (only.length > 0 || from >= 0) {
      results = [];
      for (const slug of only) results.push(await syncCourseFolder(prisma, root, path.join(root, slug)));
    } else results = await syncContent(prisma, root);
    for (const line of describeResults(results)) console.log(line);
    if (results.length === 0) console.log(`content: no course folder (with course.json) in ${root}`);
    console.log(`content: synced in ${Math.round(performance.now() - started)} ms`);
    return results.some((r) => r.status === 'refused') ? 1 : 0;
  } finally {
    await prisma.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`content:sync: ${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
