/**
 * Seeds the database DATABASE_URL names: applies pending migrations, syncs the courses'
 * Course/Lesson/Exercise rows and creates the demo accounts (instructor@example.com /
 * curvature-instructor, student@example.com / curvature-student), enrolled in each course.
 * Idempotent: a second run changes nothing.
 *
 *   npx tsx scripts/seed.ts                      publishes the courses of the content root
 *                                                (CURVATURE_CONTENT_DIR, default content/)
 *   npx tsx scripts/seed.ts course.json …        courses from JSON files (CourseData shape)
 *   CURVATURE_DEMO=0 npx tsx scripts/seed.ts     content only, no demo accounts
 */
import fs from 'node:fs';
import { ConfigError } from '../server/db/config';
import { ensureDatabase } from '../server/db/ensure';
import { MigrationError } from '../server/db/migrate';
import type { CourseData } from '../server/db/seed';
import { contentRoot, publishContent } from '../server/publish';


async function main(): Promise<void> {
  const files = process.argv.slice(2);
  let did = 0;
  await ensureDatabase({
    log: (line) => {
      did++;
      console.log(line);
    },
    // Course JSON files (CourseData shape) are stored as rows only; the content root is published.
    ...(files.length > 0
      ? { courses: () => Promise.resolve(files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as CourseData)) }
      : { publish: (prisma, say) => publishContent(prisma, contentRoot(), say) }),
  });
  if (did === 0) console.log('database: nothing to do');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof MigrationError;
    console.error(`seed: ${known ? (err as Error).message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
