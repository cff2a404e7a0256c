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
 *
 * One more trick: importing named functions from mathjs's ES modules builds every
 * mathjs function at start-up (~0.6 s). In the bundle, `mathjs` is replaced by a module
 * that takes the same names from mathjs's own prebuilt bundle, whose default instance
 * creates each function on first use. Same library, same version, same configuration.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  const started = Date.now();
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
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'silent',
    // Some bundled CommonJS dependencies call require(); give the ES module one.
    plugins: [lazyMathjs(root)],
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
  // A source saved while esbuild was reading it: the bundle may hold the old text. Keep no cache.
  if (Object.values(manifest.inputs).some(([mtime]) => mtime >= started - 1000)) {
    rmSync(tmp, { force: true });
    return;
  }
  renameSync(tmp, path.join(dir, 'cli.mjs'));
  const tmpManifest = path.join(dir, `manifest.${process.pid}.json`);
  writeFileSync(tmpManifest, JSON.stringify(manifest));
  renameSync(tmpManifest, path.join(dir, 'manifest.json'));
}

const IMPORT_FROM_MATHJS = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]mathjs['"]/g;

/** The value names lib/ imports from mathjs (type-only imports left out). */
export function mathjsNames(root: string): string[] {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        for (const m of readFileSync(file, 'utf8').matchAll(IMPORT_FROM_MATHJS)) {
          if (m[1]) continue;
          for (const spec of m[2].split(',')) {
            const name = spec.trim().split(/\s+as\s+/)[0].trim();
            if (name && !name.startsWith('type ')) names.add(name);
          }
        }
      }
    }
  };
  visit(path.join(root, 'lib'));
  return [...names].sort();
}

/** esbuild plugin: `mathjs` → the names lib/ uses, read from mathjs's lazily built default instance. */
function lazyMathjs(root: string): import('esbuild').Plugin {
  return {
    name: 'curvature-lazy-mathjs',
    setup(build) {
      build.onResolve({ filter: /^mathjs$/ }, () => ({ path: 'mathjs', namespace: 'curvature-lazy-mathjs' }));
      build.onLoad({ filter: /.*/, namespace: 'curvature-lazy-mathjs' }, () => ({
        resolveDir: root,
        loader: 'js',
        contents: [
          "import math from 'mathjs/lib/browser/math.js';",
          ...mathjsNames(root).map((n) => `export const ${n} = math.${n};`),
        ].join('\n'),
      }));
    },
  };
}
