import type { MDXComponents } from 'mdx/types';

/** Components available to every MDX file (Next.js convention: this file sits at the root). */
export function useMDXComponents(components: MDXComponents): MDXComponents {
  return { ...components };
}
