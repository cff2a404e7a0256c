/**
 * Deep Linking 2.0 and Names and Role Provisioning 2.0 against the test platform, on a real
 * database: an instructor chooses content and the platform receives a signed
 * LtiDeepLinkingResponse (verified there against the tool's JWKS) with `data` echoed; a
 * roster sync reads every page of the membership and enrols each member with the mapped role.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getKind } from '@/lib/exercises';
import { type PrismaClient } from '@/server/db/client';
import { nextLink, syncRoster } from '@/server/lti/nrps';
import { type Harness } from '../support/database';
import { DEPLOYMENT, ROLE, TestPlatform, type LaunchSpec } from '../support/lti-platform';
import { SECRET, attr, input, refusal, useLtiWorld, walkLaunch, type ToolServer } from './harness';

export function servicesSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`LTI deep linking and roster (${name})`, () => {
    let prisma: PrismaClient;
    let tool: ToolServer;
    let platform: TestPlatform;

    const world = useLtiWorld(setup);
    beforeAll(() => void ({ prisma, tool, platform } = world));

    const teacher = { sub: 'dl-teacher', name: 'Dee Linker', email: 'dee@uni.example', roles: [ROLE.instructor] };
    const deepLink = (user: LaunchSpec['user'], data?: string): LaunchSpec => ({ user, context: { id: 'ctx-DL', title: 'Deep linked' }, custom: { course: 'calc' }, messageType: 'LtiDeepLinkingRequest', data });
    const choose = (cookie: string, request: string, items: string[]) => {
      const form = new URLSearchParams({ request });
      for (const i of items) form.append('item', i);
      return fetch(`${tool.url}/api/lti/deep-link`, { method: 'POST', headers: { cookie }, body: form });
    };

    it('returns the chosen lesson and exercise as signed resource links with line items, echoing data', async () => {
      const walk = await walkLaunch(tool, platform, deepLink(teacher, 'opaque "data" & more'));
      expect(walk.error).toBeUndefined();
      const id = /^\/lti\/deep-link\/(\w+)$/.exec(walk.location ?? '')?.[1];
      expect(id).toBeDefined();
      const res = await choose(walk.cookie!, id!, ['exercise:h-point', 'lesson:gradients']);
      const page = await res.text();
      expect(attr(page, 'data-step')).toBe('autopost');
      expect(attr(page, 'action')).toBe(`${platform.url}/deep-link-return`);
      const back = await fetch(`${platform.url}/deep-link-return`, { method: 'POST', body: new URLSearchParams({ JWT: input(page, 'JWT')! }) });
      expect(back.status).toBe(200);
      const msg = platform.deepLinkResponses.at(-1)!;
      expect(msg).toMatchObject({
        iss: platform.clientId,
        aud: platform.issuer,
        'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
        'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
        'https://purl.imsglobal.org/spec/lti/claim/deployment_id': DEPLOYMENT,
        'https://purl.imsglobal.org/spec/lti-dl/claim/data': 'opaque "data" & more',
      });
      expect(typeof msg.nonce).toBe('string');
      expect(msg['https://purl.imsglobal.org/spec/lti-dl/claim/content_items']).toEqual([
        {
          type: 'ltiResourceLink',
          title: `${getKind('hessian')!.title} (The Hessian)`,
          url: `${tool.url}/api/lti/launch`,
          custom: { course: 'calc', lesson: 'hessian', exercise: 'h-point' },
          lineItem: { scoreMaximum: 1, label: `${getKind('hessian')!.title} (The Hessian)`, resourceId: 'exercise:h-point', tag: 'curvature' },
        },
        {
          type: 'ltiResourceLink',
          title: 'Gradients',
          url: `${tool.url}/api/lti/launch`,
          custom: { course: 'calc', lesson: 'gradients' },
          lineItem: { scoreMaximum: 1, label: 'Gradients', resourceId: 'lesson:gradients', tag: 'curvature' },
        },
      ]);
      // A choice is sent once.
      const again = await choose(walk.cookie!, id!, ['lesson:gradients']);
      expect(refusal(await again.text())).toMatch(/no longer open/);
    });

    it('leaves out data the LMS did not send, refuses items outside the course, and lets only instructors choose', async () => {
      const walk = await walkLaunch(tool, platform, deepLink(teacher));
      const id = /^\/lti\/deep-link\/(\w+)$/.exec(walk.location!)![1];
      expect(refusal(await (await choose(walk.cookie!, id, ['exercise:not-there'])).text())).toMatch(/names content that is not in the course/);
      // (a choice naming an unknown item is refused and leaves the request open)
      const ok = await (await choose(walk.cookie!, id, ['lesson:hessian'])).text();
      await fetch(`${platform.url}/deep-link-return`, { method: 'POST', body: new URLSearchParams({ JWT: input(ok, 'JWT')! }) });
      expect(platform.deepLinkResponses.at(-1)).not.toHaveProperty(['https://purl.imsglobal.org/spec/lti-dl/claim/data']);

      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const student = await walkLaunch(tool, platform, deepLink({ sub: 'dl-student', name: 'S', email: 'dls@uni.example', roles: [ROLE.learner] }));
      warn.mockRestore();
      expect(student.error).toBe('Only an instructor can choose Curvature content for the LMS.');
      expect(student.cookie).toBeUndefined();
    });

    it('reads the roster page by page and enrols each active member with the mapped role', async () => {
      // 250 members: pages of 100, 100 and 50. Every 10th teaches; one is inactive.
      const members = Array.from({ length: 250 }, (_, i) => ({
        sub: `nrps-${i}`,
        name: `Member ${i}`,
        email: `nrps-${i}@uni.example`,
        roles: i % 10 === 0 ? [ROLE.instructor] : [ROLE.learner],
      }));
      platform.members.set('ctx-DL', [...members, { sub: 'nrps-gone', name: 'Gone', email: 'gone@uni.example', roles: [ROLE.learner], status: 'Inactive' }]);
      const tokens = platform.tokenRequests.length;
      const report = await syncRoster(prisma, (await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } })).id, { secret: SECRET });
      expect(report).toEqual({ contexts: 1, members: 250, created: 250, enrolled: 250, problems: [] });
      expect(platform.tokenRequests.slice(tokens)).toEqual([['https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly']]);
      expect(await prisma.ltiUser.count({ where: { sub: 'nrps-gone' } })).toBe(0);
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      const roles = await prisma.enrollment.groupBy({ by: ['role'], where: { courseId: course.id, user: { ltiUsers: { some: { sub: { startsWith: 'nrps-' } } } } }, _count: { _all: true } });
      expect(Object.fromEntries(roles.map((r) => [r.role, r._count._all]))).toEqual({ instructor: 25, student: 225 });
      expect(await prisma.user.findFirst({ where: { email: 'nrps-7@uni.example' }, select: { name: true } })).toEqual({ name: 'Member 7' });
      // Again: nothing new.
      const again = await syncRoster(prisma, course.id, { secret: SECRET });
      expect(again).toEqual({ contexts: 1, members: 250, created: 0, enrolled: 0, problems: [] });
      // The LMS down: the problem is reported in words.
      platform.down = true;
      const down = await syncRoster(prisma, course.id, { secret: SECRET });
      platform.down = false;
      expect(down.problems).toEqual([expect.stringMatching(/^Deep linked: HTTP 503/)]);
    });

    it('reads the next page from a Link header', () => {
      expect(nextLink('<https://lms.example/m?page=2>; rel="next", <https://lms.example/m?page=9>; rel="last"')).toBe('https://lms.example/m?page=2');
      expect(nextLink('<https://lms.example/m?page=9>; rel="last"')).toBeNull();
      expect(nextLink(null)).toBeNull();
    });
  });
}
