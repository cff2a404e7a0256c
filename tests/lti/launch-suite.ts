/**
 * LTI 1.3 launches end to end over HTTP, on a real database: the admin registers the test
 * platform (tests/support/lti-platform.ts) with the admin command, and launches walk from its
 * login initiation to a Curvature session. Each refusal the Security Framework asks for is
 * tried and must show its reason, log it, and sign nobody in.
 */
import { decodeJwt, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runAdmin } from '@/scripts/admin';
import { sessionUser } from '@/server/auth';
import { type PrismaClient } from '@/server/db/client';
import { decryptSecret, rotateToolKey, toolJwks } from '@/server/lti/keys';
import { courseRoleOf } from '@/server/lti/launch';
import { loginRoute } from '@/server/lti/routes';
import { frameAncestors } from '@/server/security-headers';
import { type Harness } from '../support/database';
import { DEPLOYMENT, ROLE, TestPlatform, type LaunchSpec } from '../support/lti-platform';
import { SECRET, attr, postLaunch, refusal, walkLaunch, useLtiWorld, type ToolServer } from './harness';

export function launchSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`LTI launches (${name})`, () => {
    let harness: Harness;
    let prisma: PrismaClient;
    let tool: ToolServer;
    let platform: TestPlatform;
    const env = () => ({ DATABASE_URL: harness.db.provider === 'sqlite' ? `file:${harness.db.file}` : harness.db.url, BASE_URL: tool.url, AUTH_SECRET: SECRET });

    const world = useLtiWorld(setup, { register: false });
    beforeAll(() => void ({ harness, prisma, tool, platform } = world));

    const learner = (sub: string, extra: Partial<LaunchSpec['user']> = {}): LaunchSpec['user'] => ({ sub, name: `Learner ${sub}`, email: `${sub}@uni.example`, roles: [ROLE.learner], ...extra });
    const spec = (user: LaunchSpec['user'], over: Partial<LaunchSpec> = {}): LaunchSpec => ({
      user,
      context: { id: 'ctx-A', title: 'Optimisation 101' },
      resourceLink: { id: 'rl-hessian', title: 'Hessian exercise' },
      custom: { course: 'calc', lesson: 'hessian', exercise: 'h-point' },
      ...over,
    });

    it('registers the platform with the admin command, refusing bad input in words', async () => {
      const r = platform.registration();
      const lines: string[] = [];
      await expect(runAdmin(['lti', 'add-platform', '--name', 'X', '--issuer', 'not a url', '--client-id', 'c'], { env: env(), log: (l) => lines.push(l) })).rejects.toThrow(
        /issuer must be an http\(s\) URL.*at least one deployment id is required/,
      );
      await runAdmin(
        ['lti', 'add-platform', '--name', r.name, '--issuer', r.issuer, '--client-id', r.clientId, '--auth-url', r.authUrl, '--token-url', r.tokenUrl, '--jwks-url', r.jwksUrl, '--deployment', DEPLOYMENT],
        { env: env(), log: (l) => lines.push(l) },
      );
      expect(lines.join('\n')).toContain(`registered platform Test LMS (${r.issuer}, client id ${r.clientId})`);
      expect(lines.join('\n')).toContain(`${tool.url}/api/lti/login`);
      expect(lines.join('\n')).toContain(`${tool.url}/api/lti/jwks`);
      const row = await prisma.ltiPlatform.findUniqueOrThrow({ where: { issuer_clientId: { issuer: r.issuer, clientId: r.clientId } }, include: { deployments: true } });
      expect(row.deployments.map((d) => d.deploymentId)).toEqual([DEPLOYMENT]);
    });

    it('signs a first-time learner in: account from the claims, enrolled as a student, opening the linked exercise', async () => {
      const walk = await walkLaunch(tool, platform, spec(learner('s-1')));
      expect(walk.error).toBeUndefined();
      expect(walk.location).toBe('/courses/calc/hessian#exercise-h-point');
      const user = await sessionUser(tool.auth, new Headers({ cookie: walk.cookie! }));
      expect(user).toMatchObject({ email: 's-1@uni.example', name: 'Learner s-1', role: 'student' });
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      expect(await prisma.enrollment.findUnique({ where: { userId_courseId: { userId: user!.id, courseId: course.id } } })).toMatchObject({ role: 'student' });
      expect(await prisma.ltiUser.findUnique({ where: { issuer_sub: { issuer: platform.issuer, sub: 's-1' } } })).toMatchObject({ userId: user!.id });
      // A second launch is the same account.
      const again = await walkLaunch(tool, platform, spec(learner('s-1')));
      expect((await sessionUser(tool.auth, new Headers({ cookie: again.cookie! })))!.id).toBe(user!.id);
      expect(await prisma.user.count({ where: { email: 's-1@uni.example' } })).toBe(1);
    });

    it('starts the login by POST too, and echoes login_hint and lti_message_hint unaltered', async () => {
      const params = platform.prepareLaunch(spec(learner('s-post')));
      const res = await fetch(`${tool.url}/api/lti/login`, { method: 'POST', body: new URLSearchParams(params) });
      const next = new URL(attr(await res.text(), 'data-next')!);
      expect(next.origin + next.pathname).toBe(`${platform.url}/auth`);
      expect(Object.fromEntries(next.searchParams)).toMatchObject({
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        prompt: 'none',
        client_id: platform.clientId,
        redirect_uri: `${tool.url}/api/lti/launch`,
        login_hint: params.login_hint,
        lti_message_hint: params.lti_message_hint,
      });
      expect(next.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
      expect(next.searchParams.get('nonce')!.length).toBeGreaterThanOrEqual(32);
    });

    it("puts the request's CSP nonce on the page's script and lets the registered LMS frame the app", async () => {
      const params = platform.prepareLaunch(spec(learner('s-nonce')));
      const res = await loginRoute(new Request(`${tool.url}/api/lti/login?${new URLSearchParams(params)}`, { headers: { 'x-nonce': 'abc+/=' } }), tool.deps);
      expect(await res.text()).toContain('<script src="/lti.js" defer nonce="abc+/="></script>');
      expect(frameAncestors({})).toContain(new URL(platform.issuer).origin);
    });

    it('maps roles: Instructor and TeachingAssistant teach; Learner, Mentor and institution roles do not', async () => {
      expect(courseRoleOf([ROLE.instructor])).toBe('instructor');
      expect(courseRoleOf([ROLE.ta])).toBe('instructor');
      expect(courseRoleOf(['Instructor'])).toBe('instructor');
      expect(courseRoleOf(['http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator'])).toBe('instructor');
      expect(courseRoleOf([ROLE.learner])).toBe('student');
      expect(courseRoleOf([ROLE.mentor])).toBe('student');
      expect(courseRoleOf([ROLE.institutionFaculty, ROLE.learner])).toBe('student');
      expect(courseRoleOf([])).toBe('student');
      const walk = await walkLaunch(tool, platform, spec({ sub: 't-1', name: 'Teacher', email: 't-1@uni.example', roles: [ROLE.ta] }));
      const user = await sessionUser(tool.auth, new Headers({ cookie: walk.cookie! }));
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      expect(await prisma.enrollment.findUnique({ where: { userId_courseId: { userId: user!.id, courseId: course.id } } })).toMatchObject({ role: 'instructor' });
    });

    it('never takes over an existing account with the same email', async () => {
      await prisma.user.create({ data: { id: 'existing-1', name: 'Existing', email: 'taken@uni.example' } });
      const walk = await walkLaunch(tool, platform, spec(learner('s-taken', { email: 'taken@uni.example' })));
      const user = await sessionUser(tool.auth, new Headers({ cookie: walk.cookie! }));
      expect(user!.id).not.toBe('existing-1');
      expect(user!.email).toMatch(/^lti-[a-z0-9_-]+@lti\.invalid$/);
    });

    it('fetches the platform keys again for an unknown kid (a key rotation at the LMS)', async () => {
      await walkLaunch(tool, platform, spec(learner('s-rot')));
      await platform.rotate();
      const walk = await walkLaunch(tool, platform, spec(learner('s-rot')));
      expect(walk.error).toBeUndefined();
      expect(walk.location).toBeDefined();
    });

    it('uses a sign-in ticket once', async () => {
      const walk = await walkLaunch(tool, platform, spec(learner('s-ticket')), { noTicket: true });
      const href = attr(walk.html, 'data-href')!;
      expect((await fetch(href, { redirect: 'manual' })).status).toBe(302);
      const second = await fetch(href, { redirect: 'manual' });
      expect(second.status).toBe(400);
      expect(refusal(await second.text())).toMatch(/already used or has expired/);
      expect(second.headers.getSetCookie()).toEqual([]);
    });

    it('shows a page saying what to do when the LMS course is linked to no Curvature course', async () => {
      const walk = await walkLaunch(tool, platform, spec(learner('s-nolink'), { context: { id: 'ctx-unlinked', title: 'Unlinked' }, custom: {} }));
      expect(walk.error).toMatch(/not linked to a Curvature course yet.*lti link-context/);
      const lines: string[] = [];
      await runAdmin(['lti', 'link-context', '--issuer', platform.issuer, '--client-id', platform.clientId, '--context', 'ctx-unlinked', '--course', 'calc'], { env: env(), log: (l) => lines.push(l) });
      expect(lines).toEqual([`linked context ctx-unlinked of Test LMS to course calc`]);
      const walk2 = await walkLaunch(tool, platform, spec(learner('s-nolink'), { context: { id: 'ctx-unlinked', title: 'Unlinked' }, custom: {} }));
      expect(walk2.location).toBe('/courses/calc');
    });

    describe('refusals: a readable page, a log line, nobody signed in', () => {
      const refusals: [string, LaunchSpec, Parameters<typeof walkLaunch>[3], RegExp][] = [];
      const other = generateKeyPair('RS256');
      const resign = (change: (claims: Record<string, unknown>) => void) => async (token: string) => {
        const claims = decodeJwt(token) as Record<string, unknown>;
        change(claims);
        return platform.sign(claims);
      };
      const now = () => Math.floor(Date.now() / 1000);
      refusals.push(['a bad signature', spec(learner('r-sig')), { idToken: async (t) => platform.sign(decodeJwt(t), { key: (await other).privateKey }) }, /signature does not match/]);
      refusals.push(['a key the LMS does not publish', spec(learner('r-kid')), { idToken: async (t) => platform.sign(decodeJwt(t), { key: (await other).privateKey, kid: 'nobody' }) }, /key the LMS does not publish/]);
      refusals.push(['a wrong audience', spec(learner('r-aud')), { idToken: resign((c) => (c.aud = 'another-tool')) }, /addressed to another tool/]);
      refusals.push(['a wrong azp', spec(learner('r-azp')), { idToken: resign((c) => ((c.aud = [platform.clientId, 'x']), (c.azp = 'x'))) }, /authorised party \(azp\)/]);
      refusals.push(['an expired token', spec(learner('r-exp')), { idToken: resign((c) => ((c.iat = now() - 400), (c.exp = now() - 61 - 5))) }, /expired/]);
      refusals.push(['a token issued in the future', spec(learner('r-iat')), { idToken: resign((c) => ((c.iat = now() + 600), (c.exp = now() + 900))) }, /issued in the future|\(iat\)/]);
      refusals.push(['another issuer', spec(learner('r-iss')), { idToken: resign((c) => (c.iss = 'https://evil.example')) }, /issuer is not/]);
      refusals.push(['a nonce not sent', spec(learner('r-nonce')), { idToken: resign((c) => (c.nonce = 'made-up')) }, /nonce is not the one/]);
      refusals.push(['a state begun in another browser', spec(learner('r-state')), { bind: () => 'someone-elses-secret' }, /not begun in this browser \(state mismatch\)/]);
      refusals.push(['an unknown deployment', spec(learner('r-dep'), { claims: { 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'deploy-unknown' } }), {}, /Deployment deploy-unknown of this LMS is not registered/]);
      refusals.push(['a wrong LTI version', spec(learner('r-ver'), { claims: { 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' } }), {}, /version claim is not 1\.3\.0/]);
      refusals.push(['a wrong message type', spec(learner('r-type'), { claims: { 'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiSubmissionReviewRequest' } }), {}, /message type is not/]);
      refusals.push(['no resource link', spec(learner('r-rl'), { claims: { 'https://purl.imsglobal.org/spec/lti/claim/resource_link': undefined } }), {}, /resource_link claim is missing/]);
      refusals.push(['no sub', spec(learner('r-sub'), { claims: { sub: undefined } }), {}, /sub \(the user\) is missing/]);
      refusals.push(['no roles', spec(learner('r-roles'), { claims: { 'https://purl.imsglobal.org/spec/lti/claim/roles': undefined } }), {}, /roles claim is missing/]);
      refusals.push(['no deployment id', spec(learner('r-nodep'), { claims: { 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': undefined } }), {}, /deployment_id claim is missing/]);

      for (const [what, launchSpec, opts, message] of refusals) {
        it(`refuses ${what}`, async () => {
          const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
          const users = await prisma.user.count();
          const tickets = await prisma.ltiTicket.count();
          try {
            const walk = await walkLaunch(tool, platform, launchSpec, opts);
            expect(walk.status).toBeGreaterThanOrEqual(400);
            expect(walk.error).toMatch(message);
            expect(walk.html).toContain('Nobody was signed in');
            expect(walk.cookie).toBeUndefined();
            expect(warn.mock.calls.map((c) => String(c[0])).some((l) => /^lti: refused launch \(/.test(l) && message.test(l))).toBe(true);
          } finally {
            warn.mockRestore();
          }
          expect(await prisma.user.count()).toBe(users);
          expect(await prisma.ltiTicket.count()).toBe(tickets);
        });
      }

      it('refuses a replayed launch (the same id_token and state posted again)', async () => {
        let posted: Record<string, string> = {};
        const first = await walkLaunch(tool, platform, spec(learner('r-replay')), {
          bind: (b) => {
            posted.bind = b;
            return b;
          },
          idToken: (t) => (posted.id_token = t),
        });
        expect(first.error).toBeUndefined();
        const state = (await prisma.ltiState.findFirstOrThrow({ where: { usedAt: { not: null } }, orderBy: { usedAt: 'desc' } })).state;
        posted = { ...posted, state };
        const tickets = await prisma.ltiTicket.count();
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
        const again = await postLaunch(tool, posted).finally(() => warn.mockRestore());
        expect(again.error).toMatch(/already used \(its nonce was seen before\)/);
        expect(await prisma.ltiTicket.count()).toBe(tickets);
      });

      it('refuses a login from an unregistered issuer, and one without login_hint', async () => {
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
        try {
          const res = await fetch(`${tool.url}/api/lti/login?${new URLSearchParams({ iss: 'https://unknown.example', login_hint: 'x', target_link_uri: `${tool.url}/api/lti/launch` })}`);
          expect(res.status).toBe(403);
          expect(refusal(await res.text())).toBe('No LMS is registered with issuer https://unknown.example.');
          const res2 = await fetch(`${tool.url}/api/lti/login?${new URLSearchParams({ iss: platform.issuer, target_link_uri: `${tool.url}/api/lti/launch` })}`);
          expect(refusal(await res2.text())).toBe("The LMS's login request lacks login_hint.");
          const res3 = await fetch(`${tool.url}/api/lti/login?${new URLSearchParams({ iss: platform.issuer, login_hint: 'x', target_link_uri: 'https://elsewhere.example/launch' })}`);
          expect(refusal(await res3.text())).toMatch(/target_link_uri https:\/\/elsewhere\.example is not this Curvature site/);
          expect(warn).toHaveBeenCalledTimes(3);
        } finally {
          warn.mockRestore();
        }
      });

      it('refuses an unknown state', async () => {
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
        const walk = await postLaunch(tool, { id_token: 'x.y.z', state: 'made-up', bind: 'b' }).finally(() => warn.mockRestore());
        expect(walk.error).toMatch(/unknown state/);
      });
    });

    it('publishes its own keys, stores the private key encrypted, and keeps a rotated key published', async () => {
      const before = await toolJwks(prisma, SECRET);
      expect(before.keys.length).toBeGreaterThan(0);
      for (const k of before.keys) expect(k).not.toHaveProperty('d');
      const res = await fetch(`${tool.url}/api/lti/jwks`);
      expect(((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toEqual(before.keys.map((k) => k.kid));
      const row = await prisma.ltiKey.findFirstOrThrow({ where: { retiredAt: null } });
      expect(row.privateJwk).not.toContain('"d"');
      expect(JSON.parse(decryptSecret(SECRET, row.privateJwk))).toHaveProperty('d');
      expect(() => decryptSecret('another-secret-entirely-0123456789', row.privateJwk)).toThrow(/AUTH_SECRET changed/);
      const kid = await rotateToolKey(prisma, SECRET);
      const after = await toolJwks(prisma, SECRET);
      expect(after.keys.map((k) => k.kid)).toEqual([kid, ...before.keys.map((k) => k.kid)]);
    });
  });
}
