/**
 * Content at run time (issue 19):
 *
 *   1. sync time of the demo course (11 lessons, copied to a temporary content root) into a
 *      fresh SQLite database: the first publish (check-content with its 200-seed sweep, rows,
 *      lesson texts, version), a second sync with nothing changed (hashes compared only), a
 *      sync after one lesson's prose changed (re-checked; every sweep found in SweptSpec) and
 *      one after one exercise's spec changed (that exercise swept again);
 *   2. with --url of a running server: for each lesson page, the first request after the
 *      server started (the lesson is compiled on the server, then rendered) and the median
 *      of 20 more (compiled module cached by the text's hash; rendered per request).
 *
 *   npm run bench:content [-- --url http://localhost:3000]
 *
 * For (2) the server must not have served those lessons yet (a fresh start).
 */
import fs from 'node:fs';
import os from 'node:os';
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
const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-bench-content-'));
try {
  fs.cpSync(path.join(ROOT, 'curvature'), path.join(copy, 'curvature'), { recursive: true });
  const config = resolveDatabase({ DATABASE_URL: db.url });
  await applyMigrations(config);
  const prisma = createPrisma(config);
  const rows: string[][] = [];
  const timed = async (what: string) => {
    const t = performance.now();
    const results = await syncContent(prisma, copy);
    rows.push([what, results.map((r) => `${r.slug}: ${r.status}`).join(', '), ms(performance.now() - t)]);
  };
  const edit = (lesson: string, from: string | RegExp, to: string) => {
    const file = path.join(copy, 'curvature', `${lesson}.mdx`);
    const text = fs.readFileSync(file, 'utf8');
    const next = text.replace(from, to);
    if (next === text) throw new Error(`${file}: ${String(from)} not found`);
    fs.writeFileSync(file, next);
  };
  await timed('first publish (cold: empty database)');
  await timed('nothing changed');
  edit('newton', /\n\n/, '\n\nOne more sentence of prose.\n\n');
  await timed("one lesson's prose changed");
  edit('newton', /params=\{\{/, 'where={["p == p"]} params={{');
  await timed("one exercise's spec changed");
  console.log(table(['sync of the demo course', 'result', 'time'], rows));
  await prisma.$disconnect();
} finally {
  await db.stop();
  fs.rmSync(copy, { recursive: true, force: true });
}

if (args.url) {
  const lessons = (JSON.parse(fs.readFileSync(path.join(ROOT, 'curvature', 'course.json'), 'utf8')) as { lessons: string[] }).lessons;
  const rows: (string | number)[][] = [];
  const firsts: number[] = [];
  const cached: number[] = [];
  for (const lesson of lessons) {
    const url = new URL(`/courses/curvature/${lesson}`, args.url).href;
    let bytes = 0;
    const get = async () => {
      const s = performance.now();
      const res = await fetch(url);
      const html = await res.text();
      if (!res.ok || !html.includes('class="katex"')) throw new Error(`${url}: ${res.status}, KaTeX HTML missing`);
      bytes = Buffer.byteLength(html);
      return performance.now() - s;
    };
    const firstMs = await get();
    const later: number[] = [];
    for (let i = 0; i < 20; i++) later.push(await get());
    const st = summarize(later);
    firsts.push(firstMs);
    cached.push(...later);
    rows.push([lesson, ms(firstMs), ms(st.p50), ms(st.p99), `${Math.round(bytes / 1024)} KB`]);
  }
  const f = summarize(firsts);
  const c = summarize(cached);
  rows.push(['all lessons: p50', ms(f.p50), ms(c.p50), '', '']);
  rows.push(['all lessons: p99', ms(f.p99), ms(c.p99), '', '']);
  console.log(table(['lesson page', 'first request', 'cached p50 (of 20)', 'cached p99', 'HTML'], rows));
}
