/** The misconceptions report's tests on a temporary SQLite file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDatabase } from '@/server/db/config';
import { misconceptionsSuite } from './misconceptions-suite';

misconceptionsSuite('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-misconceptions-'));
  const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'misconceptions.db')}` });
  return { db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});
