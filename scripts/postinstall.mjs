/**
 * npm's postinstall: generates the two Prisma clients (generated/prisma-sqlite and
 * generated/prisma-pg) — but only when their inputs changed since the last time (the two
 * schemas and the Prisma version, hashed into generated/.inputs-sha256). npm runs postinstall
 * again on occasions that change nothing (e.g. `npx curvature` in a checkout links the repo
 * and installs it); regenerating then would rewrite generated/ and change the build's
 * fingerprint, so the next `npm start` would rebuild and every open page's server-action ids
 * would go stale. `--force` regenerates anyway.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemas = ['prisma/schema.prisma', 'prisma-pg/schema.prisma'];
const outputs = ['generated/prisma-sqlite', 'generated/prisma-pg'];
const stamp = path.join(root, 'generated', '.inputs-sha256');

const hash = createHash('sha256');
for (const s of schemas) hash.update(fs.readFileSync(path.join(root, s)));
hash.update(JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'prisma', 'package.json'), 'utf8')).version);
const inputs = hash.digest('hex');

const current = fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === inputs && outputs.every((o) => fs.existsSync(path.join(root, o)));
if (current && !process.argv.includes('--force')) {
  console.log('prisma clients are up to date (schemas unchanged): not regenerated');
} else {
  const prisma = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
  for (const s of schemas) execFileSync(process.execPath, [prisma, 'generate', '--schema', s], { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stamp, inputs + '\n');
}
