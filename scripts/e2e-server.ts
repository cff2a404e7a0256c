/**
 * The server Playwright tests run against: `npm start` on a fresh SQLite database in
 * data/e2e (deleted first), so every run starts from migrations + seed like a new install.
 * Its content root is a copy of content/ in data/e2e/content, so that the browser tests that
 * add courses and edit lessons never touch the repository's content.
 */
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve('data', 'e2e');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
fs.cpSync(path.resolve('content'), path.join(dir, 'content'), { recursive: true });
process.env.DATABASE_URL = `file:${path.join(dir, 'curvature.db')}`;
process.env.CURVATURE_CONTENT_DIR = path.join(dir, 'content');
process.env.AUTH_SECRET ??= 'e2e-secret-not-for-production-0123456789';
await import('./start');
