/**
 * Names and Role Provisioning Services 2.0: reads the membership of each LMS course linked to
 * a Curvature course (page by page, following the Link rel="next" header) and brings the
 * roster in: every active member gets the account linked to (issuer, user_id) — made when
 * missing, as at a first launch — is enrolled with the mapped role and recorded as a member of
 * the context, so their scores go to its line items from their first grade.
 */
import type { PrismaClient } from '@/server/db/client';
import { PlatformServiceError, SCOPE, serviceToken } from './ags';
import { courseRoleOf, joinAs, lmsUser } from './launch';

/** Members read per page. */
export const PAGE_SIZE = 100;
/** Pages read at most per context (50 000 members). */
const MAX_PAGES = 500;

interface Member {
  user_id?: string;
  status?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  roles?: string[];
}

export interface RosterSync {
  contexts: number;
  /** active members read */
  members: number;
  /** accounts made */
  created: number;
  /** enrolments made */
  enrolled: number;
  /** contexts whose roster could not be read, with the LMS's message */
  problems: string[];
}

/** The URL of a Link header's rel="next", or null. */
export function nextLink(header: string | null): string | null {
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (m && /rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/.test(m[2])) return m[1];
  }
  return null;
}

/** Brings in the roster of every LMS course linked to `courseId` that offers NRPS. */
export async function syncRoster(prisma: PrismaClient, courseId: string, deps: { secret: string; now?: Date }): Promise<RosterSync> {
  const report: RosterSync = { contexts: 0, members: 0, created: 0, enrolled: 0, problems: [] };
  const contexts = await prisma.ltiContext.findMany({ where: { courseId, membershipsUrl: { not: null } }, include: { platform: true } });
  for (const context of contexts) {
    report.contexts++;
    try {
      const token = await serviceToken(prisma, context.platform, [SCOPE.memberships], deps);
      const first = new URL(context.membershipsUrl!);
      first.searchParams.set('limit', String(PAGE_SIZE));
      let url: string | null = first.toString();
      for (let page = 0; url && page < MAX_PAGES; page++) {
        let res: Response;
        try {
          res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' }, signal: AbortSignal.timeout(15_000) });
        } catch (err) {
          throw new PlatformServiceError(`could not reach ${new URL(url).host}: ${err instanceof Error ? err.message : String(err)}`, null);
        }
        if (!res.ok) throw new PlatformServiceError(`HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`, res.status);
        const body = (await res.json()) as { members?: Member[] };
        for (const m of body.members ?? []) {
          if (!m.user_id || (m.status && m.status !== 'Active')) continue;
          report.members++;
          const { ltiUserId, userId, created } = await lmsUser(prisma, context.platform.issuer, { sub: m.user_id, name: m.name, given_name: m.given_name, family_name: m.family_name, email: m.email });
          if (created) report.created++;
          if (await joinAs(prisma, { userId, ltiUserId, courseId, contextRef: context.id, role: courseRoleOf(m.roles ?? []) })) report.enrolled++;
        }
        url = nextLink(res.headers.get('link'));
      }
    } catch (err) {
      if (!(err instanceof PlatformServiceError)) throw err;
      report.problems.push(`${context.title ?? context.contextId}: ${err.message}`);
    }
  }
  return report;
}
