/**
 * One autocannon phase of a benchmark, reduced to the figures the tables print:
 * requests/s, median and p99 latency, and errors (socket errors, time-outs, non-2xx
 * answers, and answers the phase's own check refused).
 */
import autocannon, { type RequestSpec } from 'autocannon';

export interface PhaseOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** The request (method, path, headers, body) or a rotation set up per request. */
  request: RequestSpec;
  /** Returns false for a 2xx answer that is nevertheless wrong (e.g. a submission that was not graded). */
  check?: (body: string) => boolean;
}

export interface PhaseResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Why the errors happened ("503×3, timeout×1, refused×2"). */
  errorDetail: string;
}

/** Runs one phase; load stays on 127.0.0.1 and ends after `duration` seconds. */
export async function runPhase(opts: PhaseOptions): Promise<PhaseResult> {
  const host = new URL(opts.url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new Error(`refusing to load ${opts.url}: the benchmarks only run against this machine`);
  let refused = 0;
  const check = opts.check;
  const spec: RequestSpec = check
    ? {
        ...opts.request,
        onResponse: (status, body) => {
          if (status >= 200 && status < 300 && !check(body)) refused++;
        },
      }
    : opts.request;
  const result = await autocannon({ url: opts.url, connections: opts.connections, duration: opts.duration, timeout: 10, requests: [spec] });
  const codes = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, s]) => `${code}×${s.count}`);
  if (result.timeouts) codes.push(`timeout×${result.timeouts}`);
  if (result.errors - result.timeouts > 0) codes.push(`socket×${result.errors - result.timeouts}`);
  if (refused) codes.push(`refused×${refused}`);
  return {
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.non2xx + refused,
    errorDetail: codes.join(', '),
  };
}
