/** Passwords and sign-in limits on a temporary SQLite file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDatabase } from '@/server/db/config';
import { authSuite } from './suite';

authSuite('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-auth-'));
  const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'auth.db')}` });
  return { db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});
