/**
 * Author and engine text with $…$ (inline) and $$…$$ (display) math, turned into HTML with
 * KaTeX on the server. The text between formulas is HTML-escaped, so the result is safe to
 * insert as HTML. Only author-written or engine-generated text goes through here, never a
 * student's answer. Used by <MathText> in server components and by the routes that send a
 * student's own variant to the browser (which then needs no KaTeX for it).
 */
import katex from 'katex';

/** One piece of a text: plain text, or a formula in inline or display mode. */
export type MathPart = { text: string } | { tex: string; display: boolean };

/** Splits `text` into plain pieces and $…$ / $$…$$ formulas, in order. */
export function splitMath(text: string): MathPart[] {
  return text
    .split(/(\$\$[\s\S]+?\$\$|\$[^$\n]+?\$)/g)
    .filter((part) => part !== '')
    .map((part) => {
      if (part.length > 4 && part.startsWith('$$') && part.endsWith('$$')) return { tex: part.slice(2, -2), display: true };
      if (part.length > 2 && part.startsWith('$') && part.endsWith('$')) return { tex: part.slice(1, -1), display: false };
      return { text: part };
    });
}

/** Escapes the five HTML special characters. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}

/** KaTeX HTML (with MathML for screen readers) of one formula; a formula KaTeX rejects is shown as its source in red. */
export function texHtml(tex: string, display = false): string {
  return katex.renderToString(tex, { displayMode: display, throwOnError: false, strict: 'ignore', output: 'htmlAndMathml' });
}

/** The HTML of a text with $…$ math: escaped text, formulas rendered by KaTeX. */
export function mathTextHtml(text: string): string {
  return splitMath(text)
    .map((part) => ('text' in part ? escapeHtml(part.text) : texHtml(part.tex, part.display)))
    .join('');
}

/**
 * HTML of prompts, hints, answers and steps by their source text: KaTeX takes about a
 * millisecond a formula, and the same texts come back on every request of every student.
 */
const htmlCache = new Map<string, string>();

function cachedHtml(key: string, render: () => string): string {
  let html = htmlCache.get(key);
  if (html === undefined) {
    html = render();
    if (htmlCache.size >= 5000) htmlCache.delete(htmlCache.keys().next().value as string);
    htmlCache.set(key, html);
  }
  return html;
}

/** mathTextHtml, remembered (prompts and hints). */
export function cachedTextHtml(text: string): string {
  return cachedHtml(`t:${text}`, () => mathTextHtml(text));
}

/** A display formula's HTML, remembered (answers and steps). */
export function cachedDisplayHtml(latex: string): string {
  return cachedHtml(`d:${latex}`, () => texHtml(latex, true));
}
