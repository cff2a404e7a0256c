/**
 * Content at run time (issue 19):
 *
 *   1. sync time of the demo course (11 lessons) into a fresh SQLite database: the first
 *      publish (check-content with its 200-seed sweep, rows, lesson texts, version) and a
 *      second sync with nothing changed (hashes compared only);
 *   2. with --url of a running server: for each lesson page, the first request after the
 *      server started (the lesson is compiled on the server, then rendered) and the median
 *      of 20 more (compiled module cached by the text's hash; rendered per request).
 *
 *   npm run bench:content [-- --url http://localhost:3000]
 *
 * For (2) the server must not have served those lessons yet (a fresh start).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPrisma } from '@/server/db/client';
import { resolveDatabase } from '@/server/db/config';
import { applyMigrations } from '@/server/db/migrate';
import { syncContent } from '@/server/publish';
import { machineLine } from './lib/machine';
import { benchDatabase } from './lib/setup';
import { ms, summarize, table } from './lib/stats';

const { values: args } = parseArgs({ options: { url: { type: 'string' } } });
const ROOT = path.resolve(import.meta.dirname, '..', 'content');
console.log(machineLine());

const db = await benchDatabase('sqlite');
try {
  const config = resolveDatabase({ DATABASE_URL: db.url });
  await applyMigrations(config);
  const prisma = createPrisma(config);
  let t = performance.now();
  const first = await syncContent(prisma, ROOT);
  const firstMs = performance.now() - t;
  t = performance.now();
  const again = await syncContent(prisma, ROOT);
  const againMs = performance.now() - t;
  console.log(
    table(
      ['sync of content/', 'result', 'time'],
      [
        ['first publish', first.map((r) => `${r.slug}: ${r.status}`).join(', '), ms(firstMs)],
        ['nothing changed', again.map((r) => `${r.slug}: ${r.status}`).join(', '), ms(againMs)],
      ],
    ),
  );
  await prisma.$disconnect();
} finally {
  await db.stop();
}

if (args.url) {
  const lessons = (JSON.parse(fs.readFileSync(path.join(ROOT, 'curvature', 'course.json'), 'utf8')) as { lessons: string[] }).lessons;
  const rows: (string | number)[][] = [];
  const firsts: number[] = [];
  const cached: number[] = [];
  for (const lesson of lessons) {
    const url = new URL(`/courses/curvature/${lesson}`, args.url).href;
    const get = async () => {
      const s = performance.now();
      const res = await fetch(url);
      const html = await res.text();
      if (!res.ok || !html.includes('class="katex"')) throw new Error(`${url}: ${res.status}, KaTeX HTML missing`);
      return performance.now() - s;
    };
    const firstMs = await get();
    const later: number[] = [];
    for (let i = 0; i < 20; i++) later.push(await get());
    const med = summarize(later).p50;
    firsts.push(firstMs);
    cached.push(med);
    rows.push([lesson, ms(firstMs), ms(med)]);
  }
  rows.push(['median', ms(summarize(firsts).p50), ms(summarize(cached).p50)]);
  console.log(table(['lesson page', 'first request', 'cached (median of 20)'], rows));
}
