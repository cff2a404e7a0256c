/** The students' data-layer tests on a temporary SQLite file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDatabase } from '@/server/db/config';
import { studentsSuite } from './suite';

studentsSuite('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-students-'));
  const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'students.db')}` });
  return { db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});
