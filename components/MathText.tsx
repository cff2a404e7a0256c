import { cachedTextHtml } from '@/lib/content/math-html';

/**
 * Text with $…$ (inline) and $$…$$ (display) math, rendered to KaTeX HTML on the server.
 * Everything outside the dollars is escaped: only author-written or engine-generated text
 * goes through here, never a student's answer.
 */
export function MathText({ text, as: Tag = 'span' }: { text: string; as?: 'span' | 'p' | 'div' }) {
  return <Tag dangerouslySetInnerHTML={{ __html: cachedTextHtml(text) }} />;
}
