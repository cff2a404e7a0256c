#!/usr/bin/env node
// The `curvature` command. Its logic is TypeScript in lib/cli/, loaded through tsx, so it
// works right after `npm ci` with no build step. For a fast start, `solve` and `grade`
// use a single-file bundle that the previous run left in node_modules/.cache/curvature/
// while it is still up to date (see lib/cli/bundle.ts); set CURVATURE_NO_BUNDLE=1 to
// always go through tsx.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = process.env.CURVATURE_CACHE_DIR ?? path.join(root, 'node_modules', '.cache', 'curvature');
const cached = ['solve', 'grade'].includes(process.argv[2]) && process.env.CURVATURE_NO_BUNDLE !== '1';
const loadTs = (file) => tsImport(file, { parentURL: import.meta.url, tsconfig: path.join(root, 'tsconfig.json') });

function upToDate() {
  try {
    const { inputs } = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    return Object.entries(inputs).every(([file, [mtime, size]]) => {
      const st = statSync(file);
      return st.mtimeMs === mtime && st.size === size;
    });
  } catch {
    return false;
  }
}

// A reader that stops early (`curvature grade --jsonl < in | head`) is not an error.
process.stdout.on('error', (err) => (err.code === 'EPIPE' ? process.exit(0) : Promise.reject(err)));

const fast = cached && upToDate();
const { main } = fast ? await import(pathToFileURL(path.join(dir, 'cli.mjs')).href) : await loadTs('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
if (cached && !fast) {
  // Refresh the start-up cache for the next run; a failure only means the next run is slower.
  await (await loadTs('../lib/cli/bundle.ts')).buildBundle(root, dir).catch(() => {});
}
