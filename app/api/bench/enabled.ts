/** Whether the no-op benchmark routes under /api/bench answer (CURVATURE_BENCH_ROUTES=1). */
export function benchRoutesEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.CURVATURE_BENCH_ROUTES === '1';
}

/** The 404 the benchmark routes give when they are switched off. */
export function notFound(): Response {
  return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
}
