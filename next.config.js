// Next.js configuration. Lessons are not part of the build: they are data, compiled on the
// server at run time (lib/content/mdx.ts, server/courses.ts) with remark-math + rehype-katex,
// so formulas arrive as HTML and the browser never runs KaTeX for prose.

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A second build folder (e.g. for the stress tests and benchmarks) so that a build there never
  // replaces the one a running server is using.
  distDir: process.env.CURVATURE_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and server-only packages stay out of the bundles and load from node_modules.
  // better-auth stays out too: it carries code for features we never turn on (social sign-in
  // providers, an API reference page that would load a script from a CDN), and bundling it
  // would copy those addresses into the build. The MDX compiler and its plugins run only on
  // the server, at run time.
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
    '@mdx-js/mdx',
    'remark-gfm',
    'remark-math',
    'rehype-katex',
  ],
  typescript: { ignoreBuildErrors: false },
  // forbidden() in the instructor views answers a student with a real 403 page.
  experimental: { authInterrupts: true },
};

export default nextConfig;
