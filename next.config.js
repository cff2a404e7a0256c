// Next.js configuration. MDX (lesson pages) is compiled with remark-math + rehype-katex on the
// server, so formulas arrive as HTML and the browser never runs KaTeX for prose.
import createMDX from '@next/mdx';
import { fileURLToPath } from 'node:url';

// Our own rehype plugin, by absolute path (Turbopack resolves plugin names from node_modules).
const scrollableMath = fileURLToPath(new URL('./mdx/rehype-scrollable-math.mjs', import.meta.url));

const withMDX = createMDX({
  extension: /\.mdx?$/,
  options: {
    // Plugins are given by name: Turbopack serialises these options.
    remarkPlugins: ['remark-gfm', 'remark-math'],
    rehypePlugins: [['rehype-katex', { strict: 'ignore', output: 'htmlAndMathml' }], scrollableMath],
  },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A second build folder (e.g. for the stress tests and benchmarks) so that a build there never
  // replaces the one a running server is using.
  distDir: process.env.CURVATURE_DIST_DIR || '.next',
  pageExtensions: ['ts', 'tsx', 'md', 'mdx'],
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and server-only packages stay out of the bundles and load from node_modules.
  // better-auth stays out too: it carries code for features we never turn on (social sign-in
  // providers, an API reference page that would load a script from a CDN), and bundling it
  // would copy those addresses into the build.
  serverExternalPackages: [
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    'pg',
    '@prisma/adapter-pg',
    'mathjs',
    'nodemailer',
    'better-auth',
    'better-call',
    '@better-auth/core',
    '@better-auth/prisma-adapter',
  ],
  typescript: { ignoreBuildErrors: false },
  // forbidden() in the instructor views answers a student with a real 403 page.
  experimental: { authInterrupts: true },
};

export default withMDX(nextConfig);
