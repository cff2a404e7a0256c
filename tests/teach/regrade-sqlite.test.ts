/** The bulk-regrade data-layer tests on a temporary SQLite file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDatabase } from '@/server/db/config';
import { regradeSuite } from './regrade-suite';

regradeSuite('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-regrade-'));
  const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'regrade.db')}` });
  return { db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});
