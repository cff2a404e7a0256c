import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * `npm run test:stress`: the hardening tests of tests/stress (crash safety, fuzzing, duplicate
 * submits, start-up problems, a PostgreSQL outage, two instances behind nginx). Each runs the
 * real production build as separate processes, so the files run one at a time (this is a
 * 2-core machine) and the build is made once, before them, by the global set-up. The default
 * `vitest run` never sees these files: they end in .stress.ts, not .test.ts.
 */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['tests/stress/**/*.stress.ts'],
    globalSetup: ['tests/stress/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
