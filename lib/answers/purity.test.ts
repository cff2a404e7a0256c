/**
 * The reading code stays pure and out of reach of mathjs's evaluator: its modules import
 * nothing but each other and the shared exercise types (no mathjs, React, Next, Prisma
 * or I/O), so student text can only ever reach our own parser.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { version } from 'mathjs';

const DIR = fileURLToPath(new URL('.', import.meta.url));
/** The exact-arithmetic modules of lib/math, which import nothing but each other. */
const PURE_MATH = ['@/lib/math/exact', '@/lib/math/rational'];

describe('lib/answers', () => {
  it('imports only its own modules and the shared types', () => {
    const sources = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources).toContain('syntax.ts');
    for (const file of sources) {
      const text = readFileSync(`${DIR}/${file}`, 'utf8');
      const imports = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'([^']+)'/g)].map((m) => m[1]);
      for (const source of imports) {
        expect(source.startsWith('./') || source === '@/lib/exercises/types' || PURE_MATH.includes(source), `${file} imports ${source}`).toBe(true);
      }
      expect(text).not.toMatch(/\beval\s*\(|new Function\b|\brequire\s*\(/);
    }
  });

  it('uses from lib/math only the exact-arithmetic modules, which import nothing else', () => {
    for (const source of PURE_MATH) {
      const file = fileURLToPath(new URL(`../math/${source.split('/').pop()}.ts`, import.meta.url));
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'([^']+)'/g)].map((m) => m[1]);
      for (const s of imports) expect(['./rational', './exact'].includes(s), `${source} imports ${s}`).toBe(true);
      expect(text).not.toMatch(/\beval\s*\(|new Function\b|\brequire\s*\(/);
    }
  });

  it('runs next to a mathjs with the 2026 parser fixes (≥ 15.2.0)', () => {
    const [major, minor] = version.split('.').map(Number);
    expect(major > 15 || (major === 15 && minor >= 2), `mathjs ${version}`).toBe(true);
  });
});
