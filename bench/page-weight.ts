/**
 * JavaScript weight of a lesson page against an empty page of the same build: fetches both
 * pages from a running production server, collects the scripts each loads at start-up
 * (<script src> and <link rel="preload"/"modulepreload" as="script">), gzips each one and
 * prints the sums and the difference. The goal is ≤ 25 KB gzipped beyond the empty page.
 *
 *   npx tsx bench/page-weight.ts http://localhost:3000 [lesson path] [empty path]
 *
 * The default empty page is the build's 404 page (framework runtime only). `npm run
 * bench:pages` measures every route of a fresh build the same way (bench/pages.ts).
 */
import { kb, pageScripts, total } from './lib/page-weight';

const [base = 'http://localhost:3000', lessonPath = '/courses/curvature/gradient-descent', emptyPath = '/no-such-page-for-page-weight'] = process.argv.slice(2);

const { sizes: lesson } = await pageScripts(new URL(lessonPath, base).href);
const { sizes: empty } = await pageScripts(new URL(emptyPath, base).href);
const extra = [...lesson].filter(([src]) => !empty.has(src));
console.log(`empty page  ${emptyPath}: ${empty.size} scripts, ${kb(total(empty))} gzipped`);
console.log(`lesson page ${lessonPath}: ${lesson.size} scripts, ${kb(total(lesson))} gzipped`);
console.log(`difference: ${kb(total(lesson) - total(empty))} (scripts only on the lesson page: ${kb(extra.reduce((a, [, n]) => a + n, 0))}; goal ≤ 25 KB)`);
for (const [src, n] of extra.sort((a, b) => b[1] - a[1])) console.log(`  ${kb(n).padStart(9)}  ${new URL(src).pathname}`);
