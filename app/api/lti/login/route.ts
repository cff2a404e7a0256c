/** GET or POST /api/lti/login: an LMS's OIDC login initiation (server/lti/routes.ts). */
import { appDeps, loginRoute } from '@/server/lti/routes';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return loginRoute(req, await appDeps());
}

export async function POST(req: Request) {
  return loginRoute(req, await appDeps());
}
