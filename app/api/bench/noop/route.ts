/**
 * Benchmark route (a): a POST that reads its body and answers, nothing else — what Next.js
 * itself costs per request. It exists only when CURVATURE_BENCH_ROUTES=1 (bench/submit-path.ts
 * starts the app so); otherwise it answers 404 like any unknown path.
 */
import { benchRoutesEnabled, notFound } from '../enabled';

export const dynamic = 'force-dynamic';

/** Reads the body and answers { ok: true }. */
export async function POST(request: Request) {
  if (!benchRoutesEnabled()) return notFound();
  await request.text();
  return Response.json({ ok: true });
}
