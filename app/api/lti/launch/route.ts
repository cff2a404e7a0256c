/** POST /api/lti/launch: an LMS's launch (id_token + state), verified (server/lti/routes.ts). */
import { appDeps, launchRoute } from '@/server/lti/routes';

export const dynamic = 'force-dynamic';

export async function POST(req: Request) {
  return launchRoute(req, await appDeps());
}

export async function GET(req: Request) {
  return launchRoute(req, await appDeps());
}
