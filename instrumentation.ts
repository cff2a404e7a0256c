/**
 * Runs once when the Next.js server starts: the LTI score sender (server/lti/sender.ts),
 * which delivers pending grades to the LMSs. Not during `next build`.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const [{ getPrisma }, { authSecret }, { startScoreSender }] = await Promise.all([import('@/server/db/client'), import('@/server/auth'), import('@/server/lti/sender')]);
  startScoreSender(getPrisma(), authSecret());
}
