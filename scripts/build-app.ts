/**
 * Builds the app when its sources changed since the last build (a cheap fingerprint of
 * paths, sizes and modification times, kept in the build folder). `npm start` calls it;
 * `npx tsx scripts/build-app.ts` runs it alone (the stress tests and benchmarks do, with
 * CURVATURE_DIST_DIR=.next-stress so their build never replaces one a server is using).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = path.resolve(import.meta.dirname, '..');
export const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
/** The build folder: .next, or CURVATURE_DIST_DIR (next.config.js reads the same variable). */
export const distDir = path.join(root, process.env.CURVATURE_DIST_DIR || '.next');
const stampFile = path.join(distDir, 'curvature-build.json');
// content/ is not here: lessons are data, published by a sync (server/publish.ts), never built.
const SOURCES = ['app', 'components', 'server', 'lib', 'public', 'prisma', 'generated'];
const SOURCE_FILES = ['next.config.js', 'package-lock.json', 'tsconfig.json'];

/** A cheap fingerprint of the sources (paths, sizes, modification times). */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        if (name.endsWith('.test.ts')) continue;
        visit(path.join(p, name));
      }
    } else {
      hash.update(`${path.relative(root, p)}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  for (const d of [...SOURCES, ...SOURCE_FILES]) visit(path.join(root, d));
  return hash.digest('hex');
}

/** Runs `next build` unless the build folder already holds a build of the current sources. */
export function buildIfNeeded(log: (s: string) => void) {
  const fingerprint = sourceFingerprint();
  let previous: string | undefined;
  try {
    previous = JSON.parse(fs.readFileSync(stampFile, 'utf8')).fingerprint;
  } catch {
    previous = undefined;
  }
  if (previous === fingerprint && fs.existsSync(path.join(distDir, 'BUILD_ID'))) {
    log('build: up to date');
    return;
  }
  log('build: building the app (about a minute the first time)…');
  const started = Date.now();
  const result = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error('curvature: the build failed (see the messages above).');
    process.exit(1);
  }
  fs.writeFileSync(stampFile, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
  log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}


if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  buildIfNeeded((s) => console.log(`curvature: ${s}`));
}
