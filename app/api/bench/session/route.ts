/**
 * Benchmark route (b): a POST that reads its body and checks the session — the cost of
 * knowing who is asking, as every server action pays it. It exists only when
 * CURVATURE_BENCH_ROUTES=1; otherwise it answers 404 like any unknown path.
 */
import { currentUser } from '@/server/auth';
import { benchRoutesEnabled, notFound } from '../enabled';

export const dynamic = 'force-dynamic';

/** 401 without a session, else { ok: true }. */
export async function POST(request: Request) {
  if (!benchRoutesEnabled()) return notFound();
  await request.text();
  const user = await currentUser(request.headers);
  if (!user) return Response.json({ ok: false }, { status: 401 });
  return Response.json({ ok: true });
}
