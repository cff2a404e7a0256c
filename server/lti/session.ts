/**
 * Signing in from an LTI launch through better-auth itself: a plugin endpoint,
 * GET /api/auth/lti/continue?ticket=…, uses up a one-time ticket (server/lti/launch.ts
 * issueTicket) and creates the session with better-auth's own session creation and cookies
 * (so everything better-auth does on a new session applies), then opens the ticket's page.
 * An unknown, used or expired ticket gets a readable page and signs nobody in.
 */
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthEndpoint } from 'better-auth/api';
import { setSessionCookie } from 'better-auth/cookies';
import { z } from 'zod';
import type { PrismaClient } from '@/server/db/client';
import { nonceOf, refusalPage } from './html';
import { redeemTicket } from './launch';

export function ltiSignIn(prisma: PrismaClient): BetterAuthPlugin {
  return {
    id: 'curvature-lti',
    endpoints: {
      ltiContinue: createAuthEndpoint('/lti/continue', { method: 'GET', query: z.object({ ticket: z.string().max(200) }) }, async (ctx) => {
        const redeemed = await redeemTicket(prisma, ctx.query.ticket);
        if (!redeemed) {
          console.warn('lti: refused sign-in: unknown, used or expired ticket');
          return refusalPage('This sign-in link was already used or has expired (links from the LMS are valid for two minutes, once).', 400, nonceOf(ctx.headers));
        }
        const user = await ctx.context.internalAdapter.findUserById(redeemed.userId);
        if (!user) return refusalPage('The account of this launch no longer exists.', 400, nonceOf(ctx.headers));
        const session = await ctx.context.internalAdapter.createSession(user.id);
        await setSessionCookie(ctx, { session, user });
        throw ctx.redirect(redeemed.target);
      }),
    },
  };
}
