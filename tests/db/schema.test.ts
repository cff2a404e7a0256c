/**
 * The two schemas and migration folders stay in step, and the auth models carry the
 * fields better-auth 1.7 reads and writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getAuthTables } from 'better-auth/db';
import { Prisma } from '@/generated/prisma-sqlite/client';
import { Prisma as PgPrisma } from '@/generated/prisma-pg/client';
import { lockfileContent, PROJECT_ROOT, readMigrations } from '@/server/db/migrate';
import { derivePgSchema, schemaFiles } from '@/scripts/db-derive-pg';

const { source, derived } = schemaFiles(PROJECT_ROOT);
const sqliteSchema = fs.readFileSync(source, 'utf8');

describe('prisma-pg/schema.prisma', () => {
  it('is in sync with prisma/schema.prisma (run npx tsx scripts/db-derive-pg.ts if not)', () => {
    expect(fs.readFileSync(derived, 'utf8')).toBe(derivePgSchema(sqliteSchema));
  });

  it('differs from the source only in the provider and output lines (plus its header)', () => {
    const pg = derivePgSchema(sqliteSchema).split('\n');
    const header = pg.findIndex((l) => l === '') + 1;
    expect(pg.slice(0, header).every((l) => l === '' || l.startsWith('// GENERATED') || l.startsWith('// Edit'))).toBe(true);
    const body = pg.slice(header);
    const src = sqliteSchema.split('\n');
    expect(body.length).toBe(src.length);
    const changed = src.flatMap((line, i) => (line === body[i] ? [] : [[line.trim(), body[i].trim()]]));
    expect(changed).toEqual([
      ['output   = "../generated/prisma-sqlite"', 'output   = "../generated/prisma-pg"'],
      ['provider = "sqlite"', 'provider = "postgresql"'],
    ]);
  });

  it('refuses to derive from a schema without the expected provider line', () => {
    expect(() => derivePgSchema(sqliteSchema.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/expected exactly one line/);
  });

  it('generates clients with the same models', () => {
    expect(Object.keys(PgPrisma.ModelName)).toEqual(Object.keys(Prisma.ModelName));
    expect(Object.keys(Prisma.ModelName).sort()).toEqual(
      [
        ...['Account', 'Attempt', 'Course', 'Enrollment', 'Exercise', 'Extension', 'Grade', 'Invitation', 'Lesson', 'RateLimit', 'RegradeRun', 'Session', 'User', 'Verification'],
        ...['CourseVersion', 'LessonDraft', 'LessonEdit', 'LessonSource', 'SweptSpec'],
        ...['MailToken'],
        ...['Draft'],
        ...['Accommodation', 'Assessment', 'AssessmentEvent', 'Sitting'],
        ...['LtiContext', 'LtiDeepLink', 'LtiDeployment', 'LtiKey', 'LtiLineItem', 'LtiMember', 'LtiNonce', 'LtiPlatform', 'LtiResourceLink', 'LtiScore', 'LtiState', 'LtiTicket', 'LtiUser'],
      ].sort(),
    );
  });
});

describe('the wasm schema engine', () => {
  it('is the build that matches the Prisma CLI (pin both when upgrading)', () => {
    const pkg = (name: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8'));
    const wasm = pkg('@prisma/schema-engine-wasm') as { version: string };
    const cli = pkg('prisma') as { version: string };
    const engines = pkg('@prisma/engines-version') as { prisma: { enginesVersion: string } };
    expect(wasm.version).toBe(`${cli.version}-4.${engines.prisma.enginesVersion}`);
  });
});

describe('migration folders', () => {
  it('hold the same migrations for SQLite and PostgreSQL, each with its own lockfile', async () => {
    const sqlite = await readMigrations('sqlite');
    const pg = await readMigrations('postgresql');
    expect(sqlite.migrationDirectories.map((m) => m.path)).toEqual(pg.migrationDirectories.map((m) => m.path));
    expect(sqlite.lockfile.content).toBe(lockfileContent('sqlite'));
    expect(pg.lockfile.content).toBe(lockfileContent('postgresql'));
    expect(path.basename(sqlite.baseDir)).toBe('migrations');
    for (const m of [...sqlite.migrationDirectories, ...pg.migrationDirectories]) expect(m.migrationFile.content.tag).toBe('ok');
  });
});

describe('auth models', () => {
  /** Scalar field names of each auth model, from the generated client. */
  const fields: Record<string, string[]> = {
    user: Object.keys(Prisma.UserScalarFieldEnum),
    session: Object.keys(Prisma.SessionScalarFieldEnum),
    account: Object.keys(Prisma.AccountScalarFieldEnum),
    verification: Object.keys(Prisma.VerificationScalarFieldEnum),
    rateLimit: Object.keys(Prisma.RateLimitScalarFieldEnum),
  };

  it('have every field better-auth uses, with the app\'s role field and database rate limits', () => {
    const tables = getAuthTables({
      rateLimit: { storage: 'database' },
      user: { additionalFields: { role: { type: 'string', defaultValue: 'student', input: false } } },
    });
    const models = Object.values(tables).map((t) => t.modelName).sort();
    expect(models).toEqual(['account', 'rateLimit', 'session', 'user', 'verification']);
    for (const table of Object.values(tables)) {
      const wanted = ['id', ...Object.entries(table.fields).map(([key, f]) => f.fieldName ?? key)];
      expect(fields[table.modelName], table.modelName).toEqual(expect.arrayContaining(wanted));
    }
  });

  it('default the role to "student"', () => {
    expect(sqliteSchema).toMatch(/^\s*role\s+String\s+@default\("student"\)/m);
  });
});
