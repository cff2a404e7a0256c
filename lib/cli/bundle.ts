/**
 * A start-up cache for the `curvature` command. Loading the TypeScript sources through
 * tsx costs seconds (mathjs alone is ~1,000 modules, each passing through tsx's loader
 * hooks). After a run through tsx, bin/curvature.mjs calls `buildBundle`: esbuild (the
 * compiler tsx itself uses) writes the CLI and everything it imports as one tree-shaken
 * ES module into node_modules/.cache/curvature/, with a manifest of the source files it
 * was built from. The next runs import that file directly while the manifest still
 * matches (same size and modification time of every source, of tsconfig.json and of
 * package-lock.json); when anything changed they fall back to tsx and rebuild. Nothing
 * has to be run by hand: it is a cache, like tsx's own.
 */
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where bin/curvature.mjs looks for the bundle and its manifest. */
export function cacheDir(root: string): string {
  return process.env.CURVATURE_CACHE_DIR ?? path.join(root, 'node_modules', '.cache', 'curvature');
}

/** Manifest: absolute path → [mtimeMs, size] of every file the bundle depends on. */
export interface Manifest {
  inputs: Record<string, [number, number]>;
}

/**
 * Bundles lib/cli/main.ts with esbuild into `<cacheDir>/cli.mjs` and writes
 * `<cacheDir>/manifest.json`. Writes to temporary names and renames, so a concurrent
 * run never sees half a file.
 */
export async function buildBundle(root: string, dir = cacheDir(root)): Promise<void> {
  // esbuild comes with tsx (a dependency); resolve it from there.
  const requireFromTsx = createRequire(createRequire(path.join(root, 'package.json')).resolve('tsx/package.json'));
  const esbuild = requireFromTsx('esbuild') as typeof import('esbuild');
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `cli.${process.pid}.mjs`);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'lib', 'cli', 'main.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    metafile: true,
    logLevel: 'silent',
    // Some bundled CommonJS dependencies call require(); give the ES module one.
    banner: { js: "import { createRequire as __curvatureRequire } from 'node:module'; const require = __curvatureRequire(import.meta.url);" },
  });
  const manifest: Manifest = { inputs: {} };
  const own = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
  for (const rel of [...own, 'tsconfig.json', 'package-lock.json']) {
    const file = path.resolve(root, rel);
    try {
      const st = statSync(file);
      manifest.inputs[file] = [st.mtimeMs, st.size];
    } catch {
      // a missing lock file simply is not recorded
    }
  }
  renameSync(tmp, path.join(dir, 'cli.mjs'));
  const tmpManifest = path.join(dir, `manifest.${process.pid}.json`);
  writeFileSync(tmpManifest, JSON.stringify(manifest));
  renameSync(tmpManifest, path.join(dir, 'manifest.json'));
}
