import katex from 'katex';

/**
 * Text with $…$ (inline) and $$…$$ (display) math, rendered to KaTeX HTML on the server.
 * Everything outside the dollars is React text, so it is escaped: only author-written or
 * engine-generated text goes through here, never a student's answer.
 */
export function MathText({ text, as: Tag = 'span' }: { text: string; as?: 'span' | 'p' | 'div' }) {
  const parts = text.split(/(\$\$[\s\S]+?\$\$|\$[^$\n]+?\$)/g);
  return (
    <Tag>
      {parts.map((part, i) => {
        const display = part.startsWith('$$') && part.endsWith('$$') && part.length > 4;
        const inline = !display && part.startsWith('$') && part.endsWith('$') && part.length > 2;
        if (!display && !inline) return part;
        const tex = display ? part.slice(2, -2) : part.slice(1, -1);
        const html = katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
        return <span key={i} dangerouslySetInnerHTML={{ __html: html }} />;
      })}
    </Tag>
  );
}
