/**
 * Curvature's LTI routes served over HTTP on 127.0.0.1 (the same handlers app/api/lti/* and
 * app/api/auth/* call, on the test's database), and a "browser" that walks a launch from the
 * test platform (tests/support/lti-platform.ts) through them: login initiation → the
 * platform's authorisation endpoint → the launch relay page → the launch → the sign-in ticket.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { createAuth, type Auth } from '@/server/auth';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { syncCourse } from '@/server/db/seed';
import { forgetTokens } from '@/server/lti/ags';
import { registerPlatform } from '@/server/lti/platforms';
import { deepLinkRoute, jwksRoute, launchRoute, loginRoute, type LtiDeps } from '@/server/lti/routes';
import { sessionUser } from '@/server/auth';
import type { Harness } from '../support/database';
import { TestPlatform, type LaunchSpec } from '../support/lti-platform';
import { ltiCourse } from './course';

export const SECRET = 'lti-test-secret-0123456789-0123456789';

export interface ToolServer {
  url: string;
  auth: Auth;
  deps: LtiDeps;
  stop(): Promise<void>;
}

/** Serves the LTI routes and better-auth on a free port. */
export async function startTool(prisma: PrismaClient, provider: 'sqlite' | 'postgresql'): Promise<ToolServer> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = createAuth({ prisma, provider, env: { BASE_URL: url, AUTH_SECRET: SECRET, CURVATURE_RATE_LIMIT: 'off' } });
  const deps: LtiDeps = { prisma, base: url, secret: SECRET };
  server.on('request', (req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(`${url}${req.url}`, { method: req.method, headers, body: req.method === 'GET' ? undefined : Buffer.concat(chunks) });
      const path = new URL(request.url).pathname;
      let response: Response;
      try {
        if (path === '/api/lti/login') response = await loginRoute(request, deps);
        else if (path === '/api/lti/launch') response = await launchRoute(request, deps);
        else if (path === '/api/lti/jwks') response = await jwksRoute(deps);
        else if (path === '/api/lti/deep-link') response = await deepLinkRoute(request, deps, (await sessionUser(auth, request.headers))?.id ?? null);
        else if (path.startsWith('/api/auth/')) response = await auth.handler(request);
        else if (path === '/lti.js') response = new Response(fs.readFileSync('public/lti.js'), { headers: { 'content-type': 'text/javascript' } });
        else response = new Response('not found', { status: 404 });
      } catch (err) {
        response = new Response(String(err instanceof Error ? err.stack : err), { status: 500 });
      }
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((v, k) => {
        if (k !== 'set-cookie') out[k] = v;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) out['set-cookie'] = cookies;
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  return {
    url,
    auth,
    deps,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The value of `attr` on the element with id="lti" (or of an input named `name`). */
export function attr(html: string, name: string): string | undefined {
  const m = new RegExp(`${name}="([^"]*)"`).exec(html);
  return m ? unescape(m[1]) : undefined;
}

export function input(html: string, name: string): string | undefined {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return m ? unescape(m[1]) : undefined;
}

/** The message of a refusal page, or undefined. */
export function refusal(html: string): string | undefined {
  const m = /data-testid="lti-error">([^<]*)</.exec(html);
  return m ? unescape(m[1]) : undefined;
}

export interface Walk {
  /** the final page of the launch (its status and HTML) */
  status: number;
  html: string;
  error?: string;
  /** after the ticket: the session cookie header to send, and where it led */
  cookie?: string;
  location?: string;
}

export interface WalkOptions {
  /** replace the id_token the platform posted */
  idToken?: (original: string, nonce: string) => Promise<string> | string;
  /** replace the secret the browser kept */
  bind?: (original: string) => string;
  /** stop after the launch page, without using the ticket */
  noTicket?: boolean;
}

/** A browser's launch from `platform` into `tool`. */
export async function walkLaunch(tool: ToolServer, platform: TestPlatform, spec: LaunchSpec, opts: WalkOptions = {}): Promise<Walk> {
  const login = await fetch(platform.loginUrl(spec));
  const loginHtml = await login.text();
  if (refusal(loginHtml) !== undefined) return { status: login.status, html: loginHtml, error: refusal(loginHtml) };
  const bind = attr(loginHtml, 'data-bind')!;
  const next = attr(loginHtml, 'data-next')!;
  const nonce = new URL(next).searchParams.get('nonce')!;
  const authPage = await (await fetch(next)).text();
  let idToken = input(authPage, 'id_token');
  const state = input(authPage, 'state')!;
  if (!idToken) throw new Error(`the platform refused the authorisation request: ${authPage}`);
  if (opts.idToken) idToken = await opts.idToken(idToken, nonce);
  const relay = await (await fetch(`${tool.url}/api/lti/launch`, { method: 'POST', body: new URLSearchParams({ id_token: idToken, state }) })).text();
  if (attr(relay, 'data-step') !== 'relay' || input(relay, 'id_token') !== idToken) throw new Error(`not a relay page: ${relay}`);
  return postLaunch(tool, { id_token: idToken, state, bind: opts.bind ? opts.bind(bind) : bind }, opts);
}

/** The relay page's post (id_token, state and the browser's secret), then the ticket. */
export async function postLaunch(tool: ToolServer, form: Record<string, string>, opts: WalkOptions = {}): Promise<Walk> {
  const res = await fetch(`${tool.url}/api/lti/launch`, { method: 'POST', body: new URLSearchParams(form) });
  const html = await res.text();
  const error = refusal(html);
  if (error !== undefined || opts.noTicket) return { status: res.status, html, error };
  const href = attr(html, 'data-href')!;
  const cont = await fetch(href, { redirect: 'manual' });
  const cookie = cont.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { status: res.status, html, cookie, location: cont.headers.get('location') ?? undefined, error: cont.status >= 400 ? (refusal(await cont.text()) ?? `HTTP ${cont.status}`) : undefined };
}

/** What the LTI suites run on. */
export interface LtiWorld {
  harness: Harness;
  prisma: PrismaClient;
  tool: ToolServer;
  platform: TestPlatform;
}

/**
 * Inside a describe block: before its tests, a migrated database with the course of
 * tests/lti/course.ts, the tool's routes and a test platform pointing at them (registered in
 * Curvature unless `register` is false); after them, all of it stopped and thrown away.
 */
export function useLtiWorld(setup: () => Promise<Harness>, { register = true } = {}): LtiWorld {
  const world = {} as LtiWorld;
  beforeAll(async () => {
    world.harness = await setup();
    await applyMigrations(world.harness.db);
    world.prisma = createPrisma(world.harness.db);
    await syncCourse(world.prisma, ltiCourse());
    world.tool = await startTool(world.prisma, world.harness.db.provider);
    world.platform = await new TestPlatform().start();
    world.platform.registerTool(world.tool.url);
    if (register) await registerPlatform(world.prisma, world.platform.registration());
    forgetTokens();
  });
  afterAll(async () => {
    await world.tool?.stop();
    await world.platform?.stop();
    await world.prisma?.$disconnect();
    await world.harness?.cleanup();
  });
  return world;
}
