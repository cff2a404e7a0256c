/** POST /api/lti/deep-link: an instructor's deep-linking choice, signed and sent to the LMS. */
import { currentUser } from '@/server/auth';
import { appDeps, deepLinkRoute } from '@/server/lti/routes';

export const dynamic = 'force-dynamic';

export async function POST(req: Request) {
  const user = await currentUser(req.headers);
  return deepLinkRoute(req, await appDeps(), user?.id ?? null);
}
