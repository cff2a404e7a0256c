/**
 * The score sender of a running app: delivers the outbox (server/lti/ags.ts deliverScores)
 * at once when scores are queued and every 15 s for retries, one round at a time. Started
 * by instrumentation.ts when the server starts, so pending scores left by a restart (or by
 * an LMS that was down) go out when the server and the LMS are back. Each round first queues
 * the scores of assessment sittings that timed out (server/lti/outbox.ts queueTimedOutSittings).
 */
import type { PrismaClient } from '@/server/db/client';
import { deliverScores } from './ags';
import { onScoresQueued, queueTimedOutSittings } from './outbox';

export interface Sender {
  /** Runs a round now (or right after the one running). */
  poke(): void;
  stop(): void;
}

export function startScoreSender(prisma: PrismaClient, secret: string, everyMs = 15_000): Sender {
  let running = false;
  let again = false;
  const round = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      // Sittings that ended by their deadline since the last round: their scores join the outbox.
      await queueTimedOutSittings(prisma);
      do {
        again = false;
        const report = await deliverScores(prisma, { secret });
        if (report.sent === 100) again = true; // a full batch: more may be due
      } while (again);
    } catch (err) {
      console.error('lti: the score sender failed a round:', err instanceof Error ? err.message : err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), everyMs);
  timer.unref();
  const off = onScoresQueued(() => void round());
  void round();
  return {
    poke: () => void round(),
    stop: () => {
      clearInterval(timer);
      off();
    },
  };
}
