/**
 * postinstall (scripts/postinstall.mjs) regenerates the Prisma clients only when the schemas
 * or the Prisma version changed: a second run — what `npx curvature` in a checkout triggers —
 * leaves generated/ exactly as it was, so the build's fingerprint does not move.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Every file under generated/ with its modification time and size. */
function snapshot(): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of fs.readdirSync(path.join(root, 'generated'), { recursive: true }) as string[]) {
    const stat = fs.statSync(path.join(root, 'generated', rel));
    if (stat.isFile()) out.set(rel, `${stat.mtimeMs}:${stat.size}`);
  }
  return out;
}

const run = () => spawnSync(process.execPath, ['scripts/postinstall.mjs'], { cwd: root, encoding: 'utf8' });

describe('postinstall', () => {
  it('leaves generated/ untouched when the schemas have not changed', () => {
    expect(run().status).toBe(0); // brings the stamp up to date if it was not
    const before = snapshot();
    expect(before.size).toBeGreaterThan(10);
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('prisma clients are up to date');
    expect(snapshot()).toEqual(before);
  }, 120_000);
});
