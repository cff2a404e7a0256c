import { getPrisma } from '@/server/db/client';
import { resolveDatabase } from '@/server/db/config';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers and admins. */
export async function GET() {
  let provider = 'unknown';
  const started = performance.now();
  try {
    provider = resolveDatabase().provider;
    await getPrisma().$queryRawUnsafe('SELECT 1');
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    return Response.json({ status: 'ok', database: { provider, reachable: true, latencyMs } });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return Response.json(
      { status: 'error', database: { provider, reachable: false, error: message } },
      { status: 503 },
    );
  }
}
