/**
 * Writes prisma-pg/schema.prisma from prisma/schema.prisma (the source of truth).
 *
 *   npx tsx scripts/db-derive-pg.ts          write the derived file
 *   npx tsx scripts/db-derive-pg.ts --check  exit 1 if it is out of date
 *
 * Prisma needs a literal provider per schema, so the PostgreSQL schema is a copy with
 * two lines changed: the datasource provider and the generated client's output folder.
 * Run it after every edit of prisma/schema.prisma, then create a migration
 * (`npx tsx scripts/db-migrate.ts create <name>`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HEADER =
  '// GENERATED from prisma/schema.prisma by scripts/db-derive-pg.ts — do not edit.\n' +
  '// Edit prisma/schema.prisma, then run: npx tsx scripts/db-derive-pg.ts\n\n';

/** Replaces exactly one occurrence of `from` in `text`, or throws naming the missing line. */
function replaceOnce(text: string, from: RegExp, to: string): string {
  const matches = text.match(new RegExp(from.source, 'gm'));
  if (matches?.length !== 1) {
    throw new Error(`prisma/schema.prisma: expected exactly one line matching ${from} (found ${matches?.length ?? 0})`);
  }
  return text.replace(new RegExp(from.source, 'm'), to);
}

/** The PostgreSQL schema text for a given SQLite schema text. */
export function derivePgSchema(sqliteSchema: string): string {
  let text = replaceOnce(sqliteSchema, /^(\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
  text = replaceOnce(text, /^(\s*output\s*=\s*)"\.\.\/generated\/prisma-sqlite"/, '$1"../generated/prisma-pg"');
  return HEADER + text;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Paths of the source and derived schema under `root` (default: this repository). */
export function schemaFiles(root = REPO_ROOT) {
  return { source: path.join(root, 'prisma', 'schema.prisma'), derived: path.join(root, 'prisma-pg', 'schema.prisma') };
}

function main() {
  const { source, derived } = schemaFiles();
  const expected = derivePgSchema(fs.readFileSync(source, 'utf8'));
  const current = fs.existsSync(derived) ? fs.readFileSync(derived, 'utf8') : null;
  if (process.argv.includes('--check')) {
    if (current !== expected) {
      console.error('prisma-pg/schema.prisma is out of date: run npx tsx scripts/db-derive-pg.ts');
      process.exit(1);
    }
    console.log('prisma-pg/schema.prisma is up to date');
    return;
  }
  if (current === expected) {
    console.log('prisma-pg/schema.prisma is already up to date');
    return;
  }
  fs.mkdirSync(path.dirname(derived), { recursive: true });
  fs.writeFileSync(derived, expected);
  console.log('wrote prisma-pg/schema.prisma');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
