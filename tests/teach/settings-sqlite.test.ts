/** The course-settings data-layer tests on a temporary SQLite file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDatabase } from '@/server/db/config';
import { settingsSuite } from './settings-suite';

settingsSuite('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-settings-'));
  const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'settings.db')}` });
  return { db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});
