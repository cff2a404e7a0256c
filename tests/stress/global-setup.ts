/**
 * Builds the app once (into .next-stress, under the machine's build lock) before the
 * hardening tests start their servers from it.
 */
import { ensureBuild } from '@/tests/support/app';

/** Vitest global set-up: make sure the stress build is current. */
export default function setup(): void {
  const started = Date.now();
  ensureBuild();
  console.log(`stress build ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
