/** The gradebook data-layer tests on a temporary SQLite file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDatabase } from '@/server/db/config';
import { gradebookSuite } from './gradebook-suite';

gradebookSuite('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-gradebook-'));
  const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'gradebook.db')}` });
  return { db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});
