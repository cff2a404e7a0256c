/**
 * Runs once when the Next.js server starts: the LTI score sender (server/lti/sender.ts),
 * which delivers pending grades to the LMSs, and the registered LMSs allowed to frame the app
 * (read again every 15 s). Not during `next build`.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const [{ getPrisma }, { authSecret }, { startScoreSender }, { refreshFramingOrigins }] = await Promise.all([
    import('@/server/db/client'),
    import('@/server/auth'),
    import('@/server/lti/sender'),
    import('@/server/lti/platforms'),
  ]);
  const prisma = getPrisma();
  startScoreSender(prisma, authSecret());
  const refresh = () => refreshFramingOrigins(prisma).catch((err: unknown) => console.error('lti: could not read the LMS origins for frame-ancestors:', err instanceof Error ? err.message : err));
  await refresh();
  setInterval(refresh, 15_000).unref();
}
