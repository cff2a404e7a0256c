/** The roster data-layer tests on a temporary SQLite file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDatabase } from '@/server/db/config';
import { rosterSuite } from './roster-suite';

rosterSuite('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-roster-'));
  const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'roster.db')}` });
  return { db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});
