/**
 * JavaScript weight of a lesson page against an empty page of the same build: fetches both
 * pages from a running production server, collects the scripts each loads at start-up
 * (<script src> and <link rel="preload"/"modulepreload" as="script">), gzips each one and
 * prints the sums and the difference. The goal is ≤ 25 KB gzipped beyond the empty page.
 *
 *   npx tsx bench/page-weight.ts http://localhost:3000 [lesson path] [empty path]
 *
 * The default empty page is the build's 404 page (framework runtime only).
 */
import { gzipSync } from 'node:zlib';

const [base = 'http://localhost:3000', lessonPath = '/courses/curvature/gradient-descent', emptyPath = '/no-such-page-for-page-weight'] = process.argv.slice(2);

/** The script URLs a page's HTML makes the browser load at start-up. */
function scriptUrls(html: string, pageUrl: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(new URL(m[1].replaceAll('&amp;', '&'), pageUrl).href);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && (/rel="modulepreload"/.test(tag) || (/rel="preload"/.test(tag) && /as="script"/.test(tag)))) urls.add(new URL(href.replaceAll('&amp;', '&'), pageUrl).href);
  }
  return [...urls];
}

/** Gzipped size in bytes of each script of the page (the HTML's inline scripts are not counted). */
async function pageScripts(path: string): Promise<Map<string, number>> {
  const url = new URL(path, base).href;
  const res = await fetch(url);
  const html = await res.text();
  const sizes = new Map<string, number>();
  for (const src of scriptUrls(html, url)) {
    const body = Buffer.from(await (await fetch(src)).arrayBuffer());
    sizes.set(src, gzipSync(body, { level: 9 }).length);
  }
  return sizes;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

const lesson = await pageScripts(lessonPath);
const empty = await pageScripts(emptyPath);
const extra = [...lesson].filter(([src]) => !empty.has(src));
console.log(`empty page  ${emptyPath}: ${empty.size} scripts, ${kb(sum(empty))} gzipped`);
console.log(`lesson page ${lessonPath}: ${lesson.size} scripts, ${kb(sum(lesson))} gzipped`);
console.log(`difference: ${kb(sum(lesson) - sum(empty))} (scripts only on the lesson page: ${kb(extra.reduce((a, [, n]) => a + n, 0))}; goal ≤ 25 KB)`);
for (const [src, n] of extra.sort((a, b) => b[1] - a[1])) console.log(`  ${kb(n).padStart(9)}  ${new URL(src).pathname}`);
