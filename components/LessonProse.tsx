'use client';
/**
 * A run of lesson prose: Markdown and its KaTeX, compiled to HTML once on the server
 * (lib/content/mdx.ts; author text only, never a student's). On a full page load the HTML
 * is written into the page once and not repeated in the page's React payload, which would
 * otherwise carry every KaTeX span a second time (more than half of a lesson's bytes and of
 * its server time): the server renders it from the process's store of prose
 * (components/lesson-components.tsx puts it there, by its hash `id`), and the browser, while
 * hydrating, keeps what the page already shows. A client-side navigation receives the HTML
 * in `html` instead.
 */
import { useEffect, useState } from 'react';
import { PROSE_STORE } from './lesson-prose-store';


/** In the browser: prose read from the page it was loaded with, for a later render of the same lesson (back, forward). */
const fromPages = new Map<string, string>();

function storedHtml(id: string): string | undefined {
  if (typeof window === 'undefined') return (globalThis as unknown as Record<string, Map<string, string> | undefined>)[PROSE_STORE]?.get(id);
  let html = fromPages.get(id);
  if (html === undefined) {
    html = document.querySelector(`[data-prose="${id}"]`)?.innerHTML;
    if (html !== undefined) fromPages.set(id, html);
  }
  return html;
}

/** `as="p"`: an exercise card's example question (a paragraph), rendered the same way. */
export function LessonProse({ id, html, as = 'div' }: { id: string; html?: string; as?: 'div' | 'p' }) {
  const [stored] = useState(() => (html === undefined ? storedHtml(id) : undefined));
  const missing = html === undefined && stored === undefined;
  useEffect(() => {
    // Never expected (a payload without the HTML comes only with a page that has it); a full load shows it.
    if (missing) window.location.reload();
  }, [missing]);
  const inner = { __html: html ?? stored ?? '' };
  if (as === 'p') return <p data-prose={id} dangerouslySetInnerHTML={inner} suppressHydrationWarning />;
  return <div className="lesson-prose" data-prose={id} dangerouslySetInnerHTML={inner} suppressHydrationWarning />;
}
