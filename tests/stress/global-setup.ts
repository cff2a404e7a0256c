/**
 * Builds the app once (into .next-stress, under the machine's build lock) before the
 * hardening tests start their servers from it. CURVATURE_STRESS_BUILD=reuse keeps an
 * existing build even if sources changed since (for iterating on the tests themselves).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuild, ROOT, STRESS_DIST_DIR } from '@/tests/support/app';

/** Vitest global set-up: make sure the stress build is current. */
export default function setup(): void {
  if (process.env.CURVATURE_STRESS_BUILD === 'reuse' && fs.existsSync(path.join(ROOT, STRESS_DIST_DIR, 'BUILD_ID'))) return;
  const started = Date.now();
  ensureBuild();
  console.log(`stress build ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
