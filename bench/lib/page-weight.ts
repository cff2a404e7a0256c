/**
 * JavaScript a page makes the browser load at start-up: the `<script src>` tags and the
 * `<link rel="preload" as="script">` / `rel="modulepreload"` hints of its HTML, each fetched
 * and gzipped (level 9). Inline scripts (the RSC payload) are not counted.
 */
import { gzipSync } from 'node:zlib';

/** The script URLs a page's HTML makes the browser load at start-up. */
export function scriptUrls(html: string, pageUrl: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(new URL(m[1].replaceAll('&amp;', '&'), pageUrl).href);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && (/rel="modulepreload"/.test(tag) || (/rel="preload"/.test(tag) && /as="script"/.test(tag)))) urls.add(new URL(href.replaceAll('&amp;', '&'), pageUrl).href);
  }
  return [...urls];
}

/** The page's HTTP status and the gzipped size in bytes of each script it loads at start-up. */
export async function pageScripts(url: string, headers: Record<string, string> = {}): Promise<{ status: number; sizes: Map<string, number> }> {
  const res = await fetch(url, { headers, redirect: 'manual' });
  const html = await res.text();
  const sizes = new Map<string, number>();
  for (const src of scriptUrls(html, url)) {
    const body = Buffer.from(await (await fetch(src)).arrayBuffer());
    sizes.set(src, gzipSync(body, { level: 9 }).length);
  }
  return { status: res.status, sizes };
}

/** Kilobytes with one decimal. */
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Sum of the sizes. */
export const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
