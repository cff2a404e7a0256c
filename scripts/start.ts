/**
 * `npm start`: everything a newcomer needs in one command.
 *   1. check the configuration (DATABASE_URL, data directory) — one clear line if wrong;
 *   2. apply pending database migrations and seed the demo course and accounts (idempotent);
 *   3. build the app when the sources changed since the last build;
 *   4. serve it (default http://localhost:3000; PORT and BASE_URL override).
 *
 * `npm run start:prod` (this script with --production, or NODE_ENV=production) is the
 * deployment mode: AUTH_SECRET (≥ 32 characters) and BASE_URL are required, the demo
 * accounts are only created when CURVATURE_DEMO=1, and nothing is built — run
 * `npm run build` first. See docs/self-hosting.md.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listenHost, productionConfigProblems } from '@/server/auth';
import { createMailer } from '@/server/mail';
import { ConfigError } from '@/server/db/config';
import { ensureDatabase } from '@/server/db/ensure';
import { DEMO_ACCOUNTS } from '@/server/db/seed';
import { contentRoot, publishContent } from '@/server/publish';
import { buildIfNeeded, distDir, nextBin, root } from './build-app';

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  process.env.BETTER_AUTH_TELEMETRY = '0';
  const port = process.env.PORT ?? '3000';
  const log = (s: string) => console.log(`curvature: ${s}`);
  const production = process.argv.includes('--production') || process.env.NODE_ENV === 'production';
  if (production) {
    Object.assign(process.env, { NODE_ENV: 'production' }); // typed read-only by Next
    const problems = productionConfigProblems(process.env);
    if (problems.length > 0) {
      console.error(`curvature: ${problems.join('; ')}`);
      process.exit(1);
    }
  }
  const demo = production ? process.env.CURVATURE_DEMO === '1' : process.env.CURVATURE_DEMO !== '0';
  // The server reads the same content root (the Sync button and the editor write there).
  process.env.CURVATURE_CONTENT_DIR = contentRoot(process.env, root);
  try {
    await ensureDatabase({ log, demo, publish: (prisma, say) => publishContent(prisma, contentRoot(), say) });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`curvature: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  if (production) {
    if (!fs.existsSync(path.join(distDir, 'BUILD_ID'))) {
      console.error('curvature: no production build found — run npm run build first, then npm run start:prod');
      process.exit(1);
    }
  } else if (process.env.CURVATURE_SKIP_BUILD !== '1') buildIfNeeded(log);
  const url = process.env.BASE_URL ?? `http://localhost:${port}`;
  if (demo) log(`demo accounts: ${DEMO_ACCOUNTS.map((a) => `${a.role} ${a.email} / ${a.password}`).join('; ')}`);
  log(`mail: ${createMailer().describe}`);
  log(`serving on ${url}`);
  const host = listenHost(process.env, production);
  log(`listening on ${host ?? 'every interface'}, port ${port}`);
  // The client-address rule (scripts/client-address.mjs) runs inside the Next.js process.
  const guard = pathToFileURL(path.join(root, 'scripts', 'client-address.mjs')).href;
  const server = spawn(process.execPath, ['--import', guard, nextBin, 'start', '-p', port, ...(host ? ['-H', host] : [])], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CURVATURE_CLIENT_ADDRESS_GUARD: '1' },
  });
  const stop = (signal: NodeJS.Signals) => server.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err) => {
  console.error(`curvature: could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
