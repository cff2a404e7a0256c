/**
 * The server Playwright tests run against: `npm start` on a fresh SQLite database in
 * data/e2e (deleted first), so every run starts from migrations + seed like a new install.
 */
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve('data', 'e2e');
fs.rmSync(dir, { recursive: true, force: true });
process.env.DATABASE_URL = `file:${path.join(dir, 'curvature.db')}`;
process.env.AUTH_SECRET ??= 'e2e-secret-not-for-production-0123456789';
await import('./start');
